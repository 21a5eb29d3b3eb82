package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/subpolicy/subpolicy/internal/finding"
	"github.com/subpolicy/subpolicy/internal/report/injectiontest"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// injectionPage is the page the hostile report is about.
const injectionPage = "docs/subprocessors.md"

// hostilePath is a file name a pull request could add: it is page text too.
const hostilePath = "docs/<img src=x> @org [x](javascript:alert(1)) #1.md"

// hostileReport carries every hostile value in every place page text reaches a report: the
// subprocessor and message of findings, waiver reasons and owners, pre-existing findings, the
// rows of the changes (names, purposes, data, locations, links), a rule title and
// documentation URL from a custom policy, file names and input errors.
func hostileReport() *Report {
	var fs, pre []finding.Finding
	var names []string
	var added, removed []ChangedRow
	var modified []ModifiedRow
	var replaced []ReplacementRow
	for i, v := range injectiontest.Values {
		names = append(names, v.Text)
		fs = append(fs,
			finding.Finding{Rule: "SP002", Title: "Rows fill the required fields", Severity: finding.Error, Path: injectionPage,
				Line: 10 + i, Column: 3, EndColumn: 8, Subprocessor: v.Text, NameKey: fmt.Sprint("k", i), Field: "name",
				Message: "row " + v.Text, DocURL: "https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp002"},
			finding.Finding{Rule: "ACME001", Title: "Custom <img src=x onerror=alert(1)> @org/team #1", Severity: finding.Warning,
				Path: injectionPage, Line: 10 + i, Column: 1, Subprocessor: v.Text, NameKey: fmt.Sprint("k", i),
				Message: v.Text, DocURL: "javascript:alert(1)"},
			finding.Finding{Rule: "SP004", Title: "AI providers", Severity: finding.Warning, Path: injectionPage, Line: 10 + i, Column: 1,
				Subprocessor: v.Text, NameKey: fmt.Sprint("k", i), Message: "waived " + v.Text,
				Waived: &finding.Waiver{Reason: v.Text, Owner: v.Text, Expires: "2027-06-30", Source: injectionPage + ":3"}},
		)
		pre = append(pre, finding.Finding{Rule: "SP005", Title: "Specific purposes", Severity: finding.Warning, Path: injectionPage,
			Line: 10 + i, Column: 20, Subprocessor: v.Text, Message: "purpose " + v.Text})
		row := ChangedRow{Name: v.Text, Purpose: v.Text, Data: []string{v.Text, "names"}, Location: v.Text, Effective: v.Text, Line: 10 + i}
		added = append(added, row)
		removed = append(removed, row)
		modified = append(modified, ModifiedRow{ChangedRow: row, BaseLine: 10 + i, Fields: []subprocessor.FieldChange{
			{Field: "links", Before: "javascript:alert(1)", After: v.Text, Added: []string{v.Text}, Removed: []string{"javascript:alert(1)"}},
			{Field: "extra." + v.Text, Before: v.Text, After: v.Text + "!"},
		}})
		replaced = append(replaced, ReplacementRow{Removed: row, Added: row})
	}
	finding.Sort(fs)
	c := finding.Count(fs)
	return &Report{
		Findings: fs,
		Summary:  Summary{Files: 3, Subprocessors: len(names), Errors: c.Errors, Warnings: c.Warnings, Notices: c.Notices, Waived: c.Waived},
		Files: []File{
			{Path: injectionPage, Tables: 1, Subprocessors: names},
			{Path: "docs/broken.md", Subprocessors: []string{}, Error: "front matter: " + injectiontest.Values[0].Text + " " + injectiontest.Values[9].Text, Line: 2, Column: 1},
			{Path: hostilePath, Subprocessors: []string{}, Error: "invalid UTF-8"},
		},
		Changes: &Changes{
			Files: []FileChanges{{Path: injectionPage, Status: "modified", Added: added, Removed: removed, Modified: modified, SuspectedReplacements: replaced}},
			Summary: ChangeSummary{Added: len(added), Removed: len(removed), Modified: len(modified),
				SuspectedReplacements: len(replaced), Changed: true},
		},
		Preexisting: pre,
	}
}

// TestInjectionText: the terminal report and the change list show hostile text with every
// control and bidirectional character escaped, one finding a line.
func TestInjectionText(t *testing.T) {
	t.Parallel()
	r := hostileReport()
	for _, colour := range []bool{false, true} {
		var b strings.Builder
		if err := WriteText(&b, r, TextOptions{Color: colour}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		sink := fmt.Sprintf("text (colour %t)", colour)
		injectiontest.CheckTerminal(t, sink, out, colour)
		lines := 0
		for l := range strings.Lines(out) {
			if strings.HasPrefix(l, injectionPage+":") {
				lines++
			}
		}
		if lines != len(r.Findings) {
			t.Errorf("%s: %d finding lines, want %d", sink, lines, len(r.Findings))
		}
		for _, v := range injectiontest.Values {
			if !strings.Contains(out, Terminal(v.Text)) {
				t.Errorf("%s: %s is not shown escaped as %q", sink, v.Name, Terminal(v.Text))
			}
		}
		if !strings.Contains(out, Terminal(hostilePath)) {
			t.Errorf("%s: the hostile file name is not shown", sink)
		}
	}
	var b strings.Builder
	if err := WriteChangesText(&b, r.Changes); err != nil {
		t.Fatal(err)
	}
	injectiontest.CheckTerminal(t, "changes text", b.String(), false)
	if n := strings.Count(b.String(), "\n  + "); n != len(injectiontest.Values) {
		t.Errorf("changes text: %d added lines, want %d", n, len(injectiontest.Values))
	}
}

// TestInjectionJSON: the JSON report is valid and keeps every value exactly.
func TestInjectionJSON(t *testing.T) {
	t.Parallel()
	r := hostileReport()
	var b bytes.Buffer
	if err := WriteJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsAny(b.Bytes(), "<>\x1b") {
		t.Errorf("the JSON holds a raw <, > or control character; encoding/json escapes them")
	}
	var back Report
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatalf("the JSON report does not parse: %v", err)
	}
	if diff := cmp.Diff(r, &back); diff != "" {
		t.Errorf("the JSON report does not keep the values (-want +got):\n%s", diff)
	}
}

// TestInjectionSARIF: the SARIF log is valid, and each message shows its text with
// control characters escaped and square brackets escaped, so no text becomes an embedded link.
func TestInjectionSARIF(t *testing.T) {
	t.Parallel()
	r := hostileReport()
	log := writeSARIF(t, r, SARIFOptions{Version: "1.0.0"})
	results := log.Runs[0].Results
	if len(results) != len(r.Findings) {
		t.Fatalf("%d results for %d findings", len(results), len(r.Findings))
	}
	for i, res := range results {
		text := res.Message.Text
		injectiontest.CheckPlain(t, "SARIF message", text)
		for j := 0; j < len(text); j++ {
			if (text[j] == '[' || text[j] == ']') && (j == 0 || text[j-1] != '\\') {
				t.Errorf("SARIF message %d has an unescaped square bracket: %.200q", i, text)
				break
			}
		}
		if got, want := unescapeSARIF(text), PlainText(r.Findings[i].Message); got != want {
			t.Errorf("SARIF message %d reads %.200q, want %.200q", i, got, want)
		}
	}
}

// unescapeSARIF reads a SARIF plain-text message: \[ and \] are literal brackets.
func unescapeSARIF(s string) string {
	return strings.NewReplacer(`\[`, "[", `\]`, "]").Replace(s)
}

// TestInjectionWorkflowCommands: each annotation is one workflow command of its own, whose
// message reads back as the finding's message, and nothing else reaches the log.
func TestInjectionWorkflowCommands(t *testing.T) {
	t.Parallel()
	r := hostileReport()
	var b strings.Builder
	if _, err := WriteGitHub(&b, r, GitHubOptions{}); err != nil {
		t.Fatal(err)
	}
	cmds := injectiontest.CheckLog(t, "workflow commands", b.String())
	active := finding.Active(r.Findings)
	if want := len(active) + 2; len(cmds) != want || strings.Count(b.String(), "\n") != want {
		t.Fatalf("%d commands on %d lines, want %d: one per finding and file not checked", len(cmds), strings.Count(b.String(), "\n"), want)
	}
	want := map[string]bool{}
	for _, f := range active {
		want[PlainText(f.Message)] = true
	}
	for _, c := range cmds[2:] {
		if msg := injectiontest.CommandData(c); !want[msg] {
			t.Errorf("a command's message reads %.200q, which is no finding's message", msg)
		}
	}
}

// TestInjectionMarkdown: every Markdown sink (job summary and check-run summary, the
// pull-request comment, the tracking issue, the change notice, the pre-existing findings)
// shows each value literally and cannot be driven by it, also when cut to a size limit.
func TestInjectionMarkdown(t *testing.T) {
	t.Parallel()
	r := hostileReport()
	links := MarkdownOptions{ServerURL: "https://github.com", Repository: "o/r", Ref: "4f0c1a8e3b7d9c2e6a5f1b0d8c7e3a2f9b6d4c10",
		Notes: []string{"Audit of " + MarkdownText(hostilePath) + "."}}
	tests := []struct {
		name  string
		write func(*strings.Builder) error
		shows bool // every value must be shown
	}{
		{"summary", func(b *strings.Builder) error { return WriteMarkdown(b, r, links) }, true},
		{"summary without links", func(b *strings.Builder) error { return WriteMarkdown(b, r, MarkdownOptions{}) }, true},
		{"summary, pages only", func(b *strings.Builder) error {
			o := links
			o.PagesOnly = true
			return WriteMarkdown(b, r, o)
		}, true},
		{"summary cut to 6000 bytes", func(b *strings.Builder) error {
			o := links
			o.MaxBytes = 6000
			return WriteMarkdown(b, r, o)
		}, false},
		{"check-run summary", func(b *strings.Builder) error {
			o := links
			o.MaxBytes = 65535 - 1024
			return WriteMarkdown(b, r, o)
		}, false},
		{"comment", func(b *strings.Builder) error {
			return WriteComment(b, r, CommentOptions{Marker: "<!-- subpolicy:change-notice subpolicy -->", FailOn: finding.FailOn(finding.Warning),
				Repository: "o/r", Ref: links.Ref, MaxBytes: 400000})
		}, true},
		{"comment at its limit", func(b *strings.Builder) error {
			return WriteComment(b, r, CommentOptions{Marker: "<!-- subpolicy:change-notice subpolicy -->", FailOn: finding.FailOn(finding.Error),
				Repository: "o/r", Ref: links.Ref})
		}, false},
		{"resolved comment", func(b *strings.Builder) error {
			return WriteResolvedComment(b, CommentOptions{Marker: "<!-- subpolicy:change-notice subpolicy -->", Title: "@org/team <b>", Ref: links.Ref})
		}, false},
		{"issue", func(b *strings.Builder) error {
			return WriteIssue(b, r.Findings, IssueOptions{Repository: "o/r", Ref: links.Ref, Date: "2026-11-28",
				RunURL: "https://github.com/o/r/actions/runs/1", MaxBytes: 400000})
		}, true},
		{"issue at its limit", func(b *strings.Builder) error {
			return WriteIssue(b, r.Findings, IssueOptions{Repository: "o/r", Ref: links.Ref, Date: "2026-11-28"})
		}, false},
		{"changes", func(b *strings.Builder) error {
			return WriteChangesMarkdown(b, r.Changes, "### Subprocessor changes", 0)
		}, true},
		{"changes cut to 5000 bytes", func(b *strings.Builder) error {
			return WriteChangesMarkdown(b, r.Changes, "### Subprocessor changes", 5000)
		}, false},
		{"pre-existing", func(b *strings.Builder) error { return WritePreexistingMarkdown(b, r, links) }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var b strings.Builder
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			md := b.String()
			injectiontest.CheckMarkdown(t, tt.name, md)
			if !tt.shows {
				return
			}
			for _, v := range injectiontest.Values {
				injectiontest.CheckShown(t, tt.name+": "+v.Name, md, v.Text)
			}
		})
	}
}

// TestPlainText: annotations and SARIF messages show control and bidirectional characters
// as escapes, keep line ends and tabs, and replace invalid UTF-8.
func TestPlainText(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Stripe, Inc.", "Stripe, Inc."},
		{"a\nb\r\n\tc", "a\nb\r\n\tc"},
		{"\x1b[31mred\x1b[0m", `\u001b[31mred\u001b[0m`},
		{"a\u202eb\u2066c", `a\u202eb\u2066c`},
		{"\u009b2J", `\u009b2J`},
		{"bad \xff byte", "bad \ufffd byte"},
	}
	for _, tt := range tests {
		if got := PlainText(tt.in); got != tt.want {
			t.Errorf("PlainText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTerminalInvalidUTF8: a byte that is not UTF-8 (0x9b is CSI on an 8-bit terminal)
// never reaches the terminal as it is.
func TestTerminalInvalidUTF8(t *testing.T) {
	t.Parallel()
	if got := Terminal("docs/\x9b2J.md"); got != "docs/\ufffd2J.md" {
		t.Errorf("Terminal = %q", got)
	}
}

// TestMarkdownCode: a code span shows a file name exactly, whatever backticks it holds.
func TestMarkdownCode(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"policy/a_b.rego", "`policy/a_b.rego`"},
		{"a`b", "``a`b``"},
		{"`x`", "`` `x` ``"},
		{"a``b<img src=x>@org/team #1", "```a``b<img src=x>@org/team #1```"},
		{"a\nb\u202ec", "`a b\ufffdc`"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := MarkdownCode(tt.in); got != tt.want {
			t.Errorf("MarkdownCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
