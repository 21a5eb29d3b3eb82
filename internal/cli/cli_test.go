package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

const now = "2026-11-28T00:00:00Z"

// run runs Main like a user would and returns the exit code and both streams.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestCheckSeedPage(t *testing.T) {
	t.Parallel()
	code, out, errOut := run(t, "check", "--now", now, "../../testdata/subprocessors.md")
	if code != ExitFindings {
		t.Fatalf("exit code = %d, want %d; stderr:\n%s", code, ExitFindings, errOut)
	}
	want := `../../testdata/subprocessors.md:29:151: error: "Elastic" has no location`
	if !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	if got := strings.Count(out, ": error: "); got != 1 {
		t.Errorf("%d errors on the seed page, want exactly 1:\n%s", got, out)
	}
	if !strings.Contains(out, "\n1 file, 11 subprocessors: 1 error, ") {
		t.Errorf("output lacks the total line:\n%s", out)
	}
}

func TestCheckFlagsAfterPaths(t *testing.T) {
	t.Parallel()
	code, out, errOut := run(t, "check", "../../testdata/subprocessors.md", "-f", "json", "--now", now, "--fail-on", "never")
	if code != ExitOK {
		t.Fatalf("exit code = %d, want 0; stderr:\n%s", code, errOut)
	}
	var rep struct {
		Findings []map[string]any `json:"findings"`
		Summary  map[string]int   `json:"summary"`
		Files    []map[string]any `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if rep.Summary["files"] != 1 || rep.Summary["subprocessors"] != 11 || rep.Summary["errors"] != 1 {
		t.Errorf("summary = %v", rep.Summary)
	}
	var elastic map[string]any
	for _, f := range rep.Findings {
		if f["subprocessor"] == "Elastic" && f["rule"] == "SP002" {
			elastic = f
		}
	}
	want := map[string]any{
		"rule": "SP002", "severity": "error", "path": "../../testdata/subprocessors.md",
		"line": 29.0, "column": 151.0, "subprocessor": "Elastic", "name_key": "elastic", "field": "location",
	}
	for k, v := range want {
		if elastic[k] != v {
			t.Errorf("Elastic finding %s = %v, want %v (finding %v)", k, elastic[k], v, elastic)
		}
	}
	for _, k := range []string{"title", "message", "doc_url"} {
		if s, _ := elastic[k].(string); s == "" {
			t.Errorf("Elastic finding has no %s: %v", k, elastic)
		}
	}
}

func TestCheckFailOn(t *testing.T) {
	t.Parallel()
	page := filepath.Join(t.TempDir(), "ok.md")
	writeFile(t, page, "# Subprocessors\n\nUpdated 2026-11-01\n\n| Name | Purpose | Data | Location | Link |\n|---|---|---|---|---|\n| Acme Inc. | Sends transactional email | Email addresses | Germany | [DPA](https://acme.example/dpa) |\n")
	tests := []struct {
		failOn string
		want   int
	}{
		{"error", ExitOK},
		{"warning", ExitFindings},
		{"notice", ExitFindings},
		{"never", ExitOK},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, "check", "--now", now, "--fail-on", tt.failOn, page)
		if code != tt.want {
			t.Errorf("--fail-on %s: exit %d, want %d\n%s%s", tt.failOn, code, tt.want, out, errOut)
		}
	}
}

func TestCheckErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	badUTF8 := filepath.Join(dir, "bad.md")
	writeFile(t, badUTF8, "# Subprocessors\n\n| Name | Location |\n|---|---|\n| Acme\xff | US |\n")
	tests := []struct {
		name     string
		args     []string
		code     int
		inStderr []string
		inStdout []string
	}{
		{"no args", nil, ExitUsage, []string{"usage: subpolicy <command>"}, nil},
		{"unknown command", []string{"chek"}, ExitUsage, []string{`unknown command "chek" (valid: check, parse, `}, nil},
		{"no paths", []string{"check"}, ExitUsage, []string{"no paths given"}, nil},
		{"missing file", []string{"check", "nope.md"}, ExitUsage, []string{`"nope.md" does not exist`}, nil},
		{"unknown format", []string{"check", "--format", "xml", "x.md"}, ExitUsage, []string{`unknown value "xml" (valid: text, json, sarif)`}, nil},
		{"unknown fail-on", []string{"check", "--fail-on", "critical", "x.md"}, ExitUsage, []string{`unknown value "critical" (valid: error, warning, notice, never)`}, nil},
		{"unknown flag", []string{"check", "--colour", "x.md"}, ExitUsage, []string{"flag provided but not defined: -colour"}, nil},
		{"bad now", []string{"check", "--now", "yesterday", "x.md"}, ExitUsage, []string{`--now "yesterday" is not an RFC 3339 time`}, nil},
		{"broken rego", []string{"check", "--policy", "testdata/policies/broken.rego", "../../testdata/subprocessors.md"}, ExitUsage, []string{"testdata/policies/broken.rego:4:"}, nil},
		{"http.send", []string{"check", "--policy", "testdata/policies/network.rego", "../../testdata/subprocessors.md"}, ExitUsage, []string{"testdata/policies/network.rego:10:", `"http.send" is not allowed`}, nil},
		{"missing policy", []string{"check", "--policy", "nowhere", "../../testdata/subprocessors.md"}, ExitUsage, []string{`"nowhere" does not exist`}, nil},
		{"no rules", []string{"check", "--no-default-policies", "../../testdata/subprocessors.md"}, ExitUsage, []string{"no rules"}, nil},
		{"invalid utf-8", []string{"check", badUTF8}, ExitUsage, nil, []string{"bad.md:5:7: error: invalid UTF-8"}},
		{"no table", []string{"check", "../../testdata/pages/no-table.md"}, ExitOK, []string{"no-table.md: no subprocessor table"}, nil},
		{"help", []string{"check", "-h"}, ExitOK, []string{"usage: subpolicy check"}, nil},
		{"policy timeout not positive", []string{"check", "--policy-timeout", "0", "../../testdata/subprocessors.md"}, ExitUsage,
			[]string{"--policy-timeout 0s is not a positive duration; write e.g. 30s or 2m (the default is 10s)"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			for _, s := range tt.inStderr {
				if !strings.Contains(errOut, s) {
					t.Errorf("stderr lacks %q:\n%s", s, errOut)
				}
			}
			for _, s := range tt.inStdout {
				if !strings.Contains(out, s) {
					t.Errorf("stdout lacks %q:\n%s", s, out)
				}
			}
		})
	}
}

func TestCheckCustomPolicyAndData(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	page := filepath.Join(dir, "list.md")
	writeFile(t, page, "# Subprocessors\n\nUpdated 2026-11-01\n\n| Name | Purpose | Data | Location | Link |\n|---|---|---|---|---|\n| Acme Inc. | Sends transactional email | Email addresses | China | [DPA](https://acme.example/dpa) |\n")
	data := filepath.Join(dir, "config.yaml")
	writeFile(t, data, "notice_days: 10\n")
	code, out, errOut := run(t, "check", "--now", now, "--policy", "testdata/policies/custom", "--data", data, page)
	if code != ExitOK {
		t.Fatalf("exit code = %d, want 0\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, `list.md:7:`) || !strings.Contains(out, `warning: "Acme Inc." is located in China and needs counsel sign-off [ACME001]`) {
		t.Errorf("custom rule finding missing:\n%s", out)
	}
}

func TestCheckDirectoryWalk(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	table := "# Subprocessors\n\n| Name | Purpose | Data | Location | Link |\n|---|---|---|---|---|\n| Acme Inc. | Email | | | |\n"
	writeFile(t, filepath.Join(dir, "docs", "a.md"), table)
	writeFile(t, filepath.Join(dir, "docs", "b.mdx"), table)
	writeFile(t, filepath.Join(dir, "docs", "c.txt"), table)
	writeFile(t, filepath.Join(dir, "node_modules", "x", "d.md"), table)
	writeFile(t, filepath.Join(dir, ".git", "e.md"), table)
	writeFile(t, filepath.Join(dir, "vendor", "f.md"), table)
	writeFile(t, filepath.Join(dir, "README.md"), "# nothing here\n")
	code, out, errOut := run(t, "check", "--format", "json", "--now", now, dir)
	if code != ExitFindings {
		t.Fatalf("exit code = %d, want 1\n%s", code, errOut)
	}
	var rep struct {
		Files []struct{ Path string } `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Files {
		got = append(got, strings.TrimPrefix(f.Path, filepath.ToSlash(dir)+"/"))
	}
	want := []string{"README.md", "docs/a.md", "docs/b.mdx"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("files checked (-want +got):\n%s", diff)
	}
	if strings.Contains(errOut, "no subprocessor table") {
		t.Errorf("a walked file without a table was reported:\n%s", errOut)
	}
}

func TestCheckOutputFile(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "report.json")
	code, stdout, errOut := run(t, "check", "-o", out, "-f", "json", "--now", now, "../../testdata/subprocessors.md")
	if code != ExitFindings {
		t.Fatalf("exit code = %d\n%s", code, errOut)
	}
	if stdout != "" {
		t.Errorf("stdout not empty with -o:\n%s", stdout)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(b) {
		t.Errorf("report file is not JSON:\n%s", b)
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	code, out, errOut := run(t, "parse", "--now", now, "../../testdata/subprocessors.md")
	if code != ExitOK {
		t.Fatalf("exit code = %d\n%s", code, errOut)
	}
	var doc struct {
		Updated struct {
			Date string `json:"date"`
			Line int    `json:"line"`
		} `json:"updated"`
		Subprocessors []struct {
			Name     string   `json:"name"`
			Data     []string `json:"data"`
			Location string   `json:"location"`
			Cells    map[string]struct {
				Line int `json:"line"`
			} `json:"cells"`
		} `json:"subprocessors"`
		Context struct {
			Mode, Now string
		} `json:"context"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	if len(doc.Subprocessors) != 11 {
		t.Fatalf("%d subprocessors, want 11", len(doc.Subprocessors))
	}
	if diff := cmp.Diff([]string{"Real-time application", "Storage of data and"}, doc.Subprocessors[0].Data); diff != "" {
		t.Errorf("Google Cloud Platform data (-want +got):\n%s", diff)
	}
	elastic := doc.Subprocessors[10]
	if elastic.Name != "Elastic" || elastic.Location != "" || elastic.Cells["location"].Line != 29 {
		t.Errorf("Elastic = %+v", elastic)
	}
	if doc.Updated.Date != "2024-05-16" || doc.Updated.Line != 10 {
		t.Errorf("updated = %+v", doc.Updated)
	}
	if doc.Context.Mode != "local" || doc.Context.Now != now {
		t.Errorf("context = %+v", doc.Context)
	}

	code, out, _ = run(t, "parse", "../../testdata/subprocessors.md", "../../testdata/pages/no-table.md")
	if code != ExitOK {
		t.Fatalf("exit code = %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !json.Valid([]byte(lines[0])) || !json.Valid([]byte(lines[1])) {
		t.Errorf("two files should give two JSON lines, got:\n%s", out)
	}
}

func TestRules(t *testing.T) {
	t.Parallel()
	code, out, _ := run(t, "rules")
	if code != ExitOK {
		t.Fatalf("exit code = %d", code)
	}
	for _, id := range []string{"SP001", "SP002", "SP003", "SP010", "SP012", "SP020"} {
		if !strings.Contains(out, id) {
			t.Errorf("rules output lacks %s:\n%s", id, out)
		}
	}
	code, out, _ = run(t, "rules", "--format", "json", "--policy", "testdata/policies/custom")
	if code != ExitOK {
		t.Fatalf("exit code = %d", code)
	}
	var rules []struct {
		ID, Severity, Title string
		DocURL              string `json:"doc_url"`
	}
	if err := json.Unmarshal([]byte(out), &rules); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rules {
		if r.ID == "ACME001" && r.Severity == "warning" && r.DocURL == "https://example.com/policies/china" {
			found = true
		}
	}
	if !found {
		t.Errorf("custom rule ACME001 not listed: %+v", rules)
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	code, out, _ := run(t, "version")
	if code != ExitOK || !strings.HasPrefix(out, "subpolicy ") {
		t.Errorf("version: exit %d, %q", code, out)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
