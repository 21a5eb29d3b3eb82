package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Hostile pages through the CLI: each is checked correctly, or is an input error (exit 2)
// with the file, line and column and a message that says what to do. None is slow and none
// is read whole when it is too large. The large ones are evaluated with one small custom
// rule rather than the default pack.

// chinaRule reports every row located in China, at its location cell, without the default
// pack's library.
const chinaRule = `# METADATA
# title: Vendors in China need counsel sign-off
# description: Any subprocessor located in China must carry a "Counsel" note.
# custom:
#   id: ACME001
#   severity: warning
package subpolicy.rules.acme_china

warn contains {"msg": sprintf("%q is located in China and needs counsel sign-off", [sp.name]), "subprocessor": sp.name, "field": "location"} if {
	some sp in input.subprocessors
	"CN" in sp.countries
}
`

// chinaArgs returns the arguments of a check with chinaRule alone.
func chinaArgs(t *testing.T) []string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "china.rego")
	writeFile(t, p, chinaRule)
	return []string{"check", "--now", now, "--no-default-policies", "--policy", p}
}

// chinaRow is a row of the table under hostileHeader that the custom rule reports at line
// 7, column 43 (its location cell), in a file starting with hostileHeader.
const (
	hostileHeader = "# Subprocessors\n\nUpdated 2026-11-01\n\n| Name | Purpose | Location |\n|---|---|---|\n"
	chinaRow      = "| Acme Inc. | Sends transactional email | China |\n"
)

func TestHostilePages(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	china := chinaArgs(t)
	page := func(name, content string) string {
		p := filepath.Join(dir, name)
		writeFile(t, p, content)
		return p
	}
	const finding = `:7:43: warning: "Acme Inc." is located in China and needs counsel sign-off [ACME001]`
	var manyTables strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&manyTables, "## Region %d\n\n| Name | Purpose | Location |\n|---|---|---|\n| Vendor %d | Hosting | China |\n\n", i, i)
	}
	var manyRows strings.Builder
	manyRows.WriteString(hostileHeader)
	for i := range 100_001 {
		fmt.Fprintf(&manyRows, "| V%d | x | y |\n", i)
	}
	tests := []struct {
		name    string
		args    []string
		code    int
		stdout  []string // lines the output contains
		stderr  []string
		summary string // the total line, when checked
	}{
		{"CRLF", append(china, page("crlf.md", strings.ReplaceAll(hostileHeader+chinaRow, "\n", "\r\n"))), ExitOK, []string{"crlf.md" + finding}, nil, "1 file, 1 subprocessor: 0 errors, 1 warning, 0 notices"},
		{"CR", append(china, page("cr.md", strings.ReplaceAll(hostileHeader+chinaRow, "\n", "\r"))), ExitOK, []string{"cr.md" + finding}, nil, ""},
		{"BOM", append(china, page("bom.md", "\uFEFF"+hostileHeader+chinaRow)), ExitOK, []string{"bom.md" + finding}, nil, ""},
		{"tabs", append(china, page("tabs.md", hostileHeader+"| Acme Inc. | Sends\ttransactional\temail | China |\n")), ExitOK, []string{"tabs.md" + finding}, nil, ""},
		{
			"a 1 MB line", append(china, page("long.md", hostileHeader+"| Acme Inc. | "+strings.Repeat("transactional email ", 50_000)+"| China |\n| Beta Ltd | Email | China |\n")),
			ExitOK, []string{"long.md:7:1000017: warning: \"Acme Inc.\"", "long.md:8:22: warning: \"Beta Ltd\""}, nil, "",
		},
		{
			"invalid UTF-8", append(china, page("utf8.md", hostileHeader+"| Acme\xff Inc. | Email | China |\n")),
			ExitUsage, []string{"utf8.md:7:7: error: invalid UTF-8"}, nil, "",
		},
		{
			"NUL byte", append(china, page("nul.md", hostileHeader+"| Acme\x00 Inc. | Email | China |\n")),
			ExitUsage, []string{"nul.md:7:7: error: NUL byte; this does not look like a text file"}, nil, "",
		},
		{
			"UTF-16", append(china, page("utf16.md", "\xff\xfe#\x00 \x00S\x00")),
			ExitUsage, []string{"utf16.md:1:4: error: NUL byte; this does not look like a text file"}, nil, "",
		},
		{"1000 tables", append(china, page("tables.md", manyTables.String())), ExitOK, []string{"tables.md:5:24: warning: \"Vendor 0\"", "tables.md:5999:26: warning: \"Vendor 999\""}, nil, "1 file, 1000 subprocessors: 0 errors, 1000 warnings, 0 notices"},
		{
			"more rows than the limit", append(china, page("rows.md", manyRows.String())),
			ExitUsage, []string{"rows.md:5:1: error: table has more than 100000 rows (counting the lines up to the next blank line); split it into smaller tables"}, nil, "",
		},
		{
			"more columns than the limit", append(china, page("cols.md", strings.Repeat("| a ", 201)+"|\n"+strings.Repeat("|---", 201)+"|\n")),
			ExitUsage, []string{"cols.md:1:1: error: table has 201 columns, more than the limit of 200; split it into narrower tables"}, nil, "",
		},
		{
			"deeply nested lists", append(china, page("nested.md", "# T\n\n"+strings.Repeat("- ", 20_000)+"x\n")),
			ExitUsage, []string{"nested.md:3:201: error: block quotes and lists nested deeper than 100 levels; flatten them"}, nil, "",
		},
		{
			"deeply nested block quotes", append(china, page("quotes.md", strings.Repeat(">", 20_000)+" x\n")),
			ExitUsage, []string{"quotes.md:1:101: error: block quotes and lists nested deeper than 100 levels; flatten them"}, nil, "",
		},
		{
			"deeply nested HTML", append(china, page("html.md", strings.Repeat("<div>", 20_000)+"\n")),
			ExitUsage, []string{"html.md:1:501: error: html nesting deeper than 100 levels"}, nil, "",
		},
		{
			"emphasis markers", append(china, page("emphasis.md", "# T\n\n"+strings.Repeat("*a_", 20_000)+"\n")),
			ExitUsage, []string{"emphasis.md:3:15001: error: more than 10000 emphasis markers (*, _ or ~) in one paragraph or table cell"}, nil, "",
		},
		{
			"a bad page among good ones", append(china, page("good.md", hostileHeader+chinaRow), page("bad.md", "a\x00")),
			ExitUsage, []string{"good.md" + finding, "bad.md:1:2: error: NUL byte"}, nil, "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit code = %d, want %d\nstdout:\n%.2000s\nstderr:\n%.2000s", code, tt.code, out, errOut)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(out, s) {
					t.Errorf("stdout lacks %q:\n%.2000s", s, out)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(errOut, s) {
					t.Errorf("stderr lacks %q:\n%.2000s", s, errOut)
				}
			}
			if tt.summary != "" && !strings.Contains(out, "\n"+tt.summary+"\n") {
				t.Errorf("stdout lacks the total %q:\n%.2000s", tt.summary, out)
			}
		})
	}
}

func TestHostileTwentyThousandRows(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(hostileHeader)
	for i := range 20_000 {
		loc := "Ireland"
		if i%1000 == 999 {
			loc = "China"
		}
		fmt.Fprintf(&b, "| Vendor %d | Hosting | %s |\n", i, loc)
	}
	p := filepath.Join(t.TempDir(), "rows.md")
	writeFile(t, p, b.String())
	code, out, errOut := run(t, append(chinaArgs(t), "--format", "json", p)...)
	if code != ExitOK {
		t.Fatalf("exit %d, want %d\n%s", code, ExitOK, errOut)
	}
	var rep struct {
		Findings []struct {
			Line         int    `json:"line"`
			Subprocessor string `json:"subprocessor"`
		} `json:"findings"`
		Summary map[string]int `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Summary["subprocessors"] != 20_000 || len(rep.Findings) != 20 {
		t.Fatalf("summary %v with %d findings, want 20000 subprocessors and 20 findings", rep.Summary, len(rep.Findings))
	}
	if last := rep.Findings[19]; last.Line != 20_006 || last.Subprocessor != "Vendor 19999" {
		t.Errorf("last finding %+v, want Vendor 19999 on line 20006", last)
	}
}

func TestHostileFileSize(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	china := chinaArgs(t)
	small := filepath.Join(dir, "small.md")
	writeFile(t, small, hostileHeader+chinaRow) // 131 bytes
	// 20 GiB, sparse: reading it whole would exhaust the memory; it is never read at all.
	huge := filepath.Join(dir, "huge.md")
	f, err := os.Create(huge)
	if err == nil {
		err = f.Truncate(20 << 30)
	}
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		t.Skipf("cannot make a sparse file here: %v", err)
	}
	const raise = "; raise the maximum file size (--max-file-size, or the action's max-file-size input) if this page is really that large"
	tests := []struct {
		name string
		args []string
		code int
		want string // in the output
	}{
		{"over a lower limit", append(china, "--max-file-size", "100", small), ExitUsage, "small.md: error: file is 131 bytes, over the 100 bytes limit" + raise},
		{"at the limit", append(china, "--max-file-size", "131", small), ExitOK, "small.md:7:43: warning:"},
		{"a huge file", append(china, huge), ExitUsage, "huge.md: error: file is 20480.0 MiB, over the 10.0 MiB limit" + raise},
		{"a huge file in a folder", append(china, dir), ExitUsage, "huge.md: error: file is 20480.0 MiB, over the 10.0 MiB limit"},
		{"parse", []string{"parse", huge}, ExitUsage, "huge.md: error: file is 20480.0 MiB, over the 10.0 MiB limit" + raise},
		{"parse with a limit", []string{"parse", "--max-file-size", "100", small}, ExitUsage, "small.md: error: file is 131 bytes, over the 100 bytes limit"},
		{"diff", []string{"diff", small, huge}, ExitUsage, "is larger than 10485760 bytes; raise --max-file-size if this page is really that large"},
		{"check --base", append(china, "--base", huge, small), ExitUsage, "--base: "},
		{"zero", append(china, "--max-file-size", "0", small), ExitUsage, "--max-file-size 0 is not a positive number of bytes; the default is 10485760 (10 MiB)"},
		{"negative", []string{"parse", "--max-file-size", "-5", small}, ExitUsage, "--max-file-size -5 is not a positive number of bytes"},
		{"diff zero", []string{"diff", "--max-file-size", "0", small, small}, ExitUsage, "--max-file-size 0 is not a positive number of bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			if !strings.Contains(out+errOut, tt.want) {
				t.Errorf("output lacks %q:\nstdout:\n%s\nstderr:\n%s", tt.want, out, errOut)
			}
		})
	}
}
