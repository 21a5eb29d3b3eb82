package report

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/subpolicy/subpolicy/internal/finding"
)

func init() {
	// Another test file of this package may define -update too; define it only once.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

// golden compares got with testdata/name, rewriting the file under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got; go test -update rewrites it):\n%s", path, diff)
	}
}

// evil is page text that tries to break out of every sink.
const evil = "Evil %0A::error::x %s | <img src=x> @org/team #12\nnext line"

// sampleReport has findings of every severity, untrusted text, a file that could not be
// read and a file without a subprocessor table.
func sampleReport() *Report {
	fs := []finding.Finding{
		{Rule: "SP002", Title: "Rows fill the required fields", Severity: finding.Error, Path: "docs/subprocessors.md", Line: 19, Column: 36,
			Message: `"Anthropic" has no data categories; name the categories of personal data it receives`, Subprocessor: "Anthropic", Field: "data",
			DocURL: "https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp002"},
		{Rule: "SP003", Title: "AI providers list specific data categories", Severity: finding.Error, Path: "docs/subprocessors.md", Line: 20, Column: 3,
			Message: "AI provider \"" + evil + "\" lists no specific data categories", Subprocessor: evil, Field: "data",
			DocURL: "https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp003"},
		{Rule: "SP004", Title: "AI providers state their processing region and training/retention posture", Severity: finding.Warning,
			Path: "docs/subprocessors.md", Line: 19, Column: 1, Message: `AI provider "Anthropic" does not say whether customer data is used for model training`,
			Subprocessor: "Anthropic", DocURL: "https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp004"},
		{Rule: "SP020", Title: "Subprocessors are named as legal entities; affiliates are listed apart", Severity: finding.Notice,
			Path: "docs/subprocessors.md", Line: 19, Column: 1, EndColumn: 11, Message: `1 subprocessor is named without a legal form: "Anthropic"`,
			DocURL: "javascript:alert(1)"},
		{Rule: "SP012", Title: "The \"Updated\" date is present, valid, current and consistent", Severity: finding.Notice,
			Path: "docs/sub processors (EU).md", Line: 0, Message: "the list was last updated 400 days ago, more than 365"},
	}
	finding.Sort(fs)
	return &Report{
		Findings: fs,
		Summary:  Summary{Files: 4, Subprocessors: 5, Errors: 2, Warnings: 1, Notices: 2},
		Files: []File{
			{Path: "docs/broken.md", Subprocessors: []string{}, Error: "1:2: invalid UTF-8"},
			{Path: "docs/empty.md", Subprocessors: []string{}},
			{Path: "docs/sub processors (EU).md", Tables: 1, Subprocessors: []string{"Example GmbH"}},
			{Path: "docs/subprocessors.md", Tables: 2, Subprocessors: []string{"Stripe, Inc.", "Anthropic", evil, "OpenAI, L.L.C."}},
		},
	}
}

func TestWriteGitHubGolden(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	omitted, err := WriteGitHub(&b, sampleReport(), GitHubOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if omitted != 0 {
		t.Errorf("omitted = %d, want 0 without a limit", omitted)
	}
	golden(t, "github/sample.golden", b.String())
}

func TestWriteGitHubEscapes(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	if _, err := WriteGitHub(&b, sampleReport(), GitHubOptions{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 6 {
		t.Fatalf("got %d lines, want 6 (5 findings and 1 file error):\n%s", len(lines), out)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "::error file=") && !strings.HasPrefix(l, "::warning file=") && !strings.HasPrefix(l, "::notice file=") {
			t.Errorf("line is not an annotation: %q", l)
		}
	}
	if strings.Contains(out, "\n::error::x") || strings.Contains(out, "%0A::error") {
		t.Errorf("page text started or smuggled a command:\n%s", out)
	}
	if !strings.Contains(out, "Evil %250A::error::x %25s | <img src=x> @org/team #12%0Anext line") {
		t.Errorf("message data not escaped as the toolkit does:\n%s", out)
	}
	if !strings.Contains(out, "file=docs/sub processors (EU).md,line=1,title=SP012%3A The \"Updated\" date") {
		t.Errorf("line 0 must become line 1 and the title's colon must be escaped:\n%s", out)
	}
}

func TestWorkflowCommand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		props []Property
		msg   string
		want  string
	}{
		{"plain", nil, "hello", "::notice::hello"},
		{"data", nil, "100% done\r\nnext", "::notice::100%25 done%0D%0Anext"},
		{"properties", []Property{{"file", "a,b:c.md"}, {"title", "x%\ny"}}, "m", "::notice file=a%2Cb%3Ac.md,title=x%25%0Ay::m"},
		{"format verbs stay literal", nil, "%s %d %v", "::notice::%25s %25d %25v"},
		{"command in data", nil, "x\n::error::boom", "::notice::x%0A::error::boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := WorkflowCommand("notice", tt.props, tt.msg); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestWriteGitHubBudget(t *testing.T) {
	t.Parallel()
	r := &Report{}
	add := func(n int, s finding.Severity) {
		for i := range n {
			r.Findings = append(r.Findings, finding.Finding{Rule: "SP001", Severity: s, Path: "a.md", Line: i + 1, Column: 1, Message: "m"})
		}
	}
	add(30, finding.Notice)
	add(25, finding.Warning)
	add(12, finding.Error)
	finding.Sort(r.Findings)
	r.Files = []File{{Path: "b.md", Error: "bad"}}

	var b strings.Builder
	omitted, err := WriteGitHub(&b, r, GitHubOptions{PerSeverity: StepAnnotationLimit})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	var order []string
	for l := range strings.Lines(b.String()) {
		level, _, _ := strings.Cut(strings.TrimPrefix(l, "::"), " ")
		count[level]++
		if len(order) == 0 || order[len(order)-1] != level {
			order = append(order, level)
		}
	}
	if want := map[string]int{"error": 10, "warning": 10, "notice": 10}; !cmp.Equal(count, want) {
		t.Errorf("annotations per level = %v, want %v", count, want)
	}
	if want := []string{"error", "warning", "notice"}; !cmp.Equal(order, want) {
		t.Errorf("levels come in order %v, want most severe first %v", order, want)
	}
	if want := (12 + 1 - 10) + (25 - 10) + (30 - 10); omitted != want {
		t.Errorf("omitted = %d, want %d", omitted, want)
	}
	if !strings.HasPrefix(b.String(), "::error file=b.md,line=1,title=subpolicy%3A file not checked::bad\n") {
		t.Errorf("the unreadable file must come first:\n%s", b.String())
	}
}
