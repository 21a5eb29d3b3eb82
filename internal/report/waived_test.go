package report

import (
	"strings"
	"testing"

	"github.com/subpolicy/subpolicy/internal/check"
	"github.com/subpolicy/subpolicy/internal/finding"
)

// waivedReport has an active error, a waived warning and a finding about a data file.
func waivedReport() *Report {
	res := &check.Result{
		Findings: []finding.Finding{
			{Rule: "SP002", Title: "Rows fill the required fields", Severity: finding.Error, Path: "docs/p.md", Line: 9, Column: 3,
				Message: `"Elastic" has no location`, Subprocessor: "Elastic"},
			{Rule: "SP004", Title: "AI posture", Severity: finding.Warning, Path: "docs/p.md", Line: 10, Column: 3,
				Message: `AI provider "OpenAI" does not say`, Subprocessor: "OpenAI",
				Waived: &finding.Waiver{Reason: "DPA | section 4", Owner: "@acme/privacy", Expires: "2027-06-30", Source: "docs/p.md:10"}},
			{Rule: "waiver", Title: "Waivers", Severity: finding.Notice, Path: "waivers.yaml", Line: 4, Column: 1,
				Message: "waiver for SP011 matches no finding; remove it"},
		},
		Files: []check.FileResult{{Path: "docs/p.md"}},
	}
	return New(res)
}

func TestWaivedFindings(t *testing.T) {
	t.Parallel()
	r := waivedReport()
	if r.Summary.Errors != 1 || r.Summary.Warnings != 0 || r.Summary.Notices != 1 || r.Summary.Waived != 1 {
		t.Errorf("summary %+v: a waived finding counts as waived only", r.Summary)
	}

	var gh strings.Builder
	if _, err := WriteGitHub(&gh, r, GitHubOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(gh.String(), "SP004") || strings.Count(gh.String(), "\n") != 2 {
		t.Errorf("workflow commands annotate a waived finding, or miss another:\n%s", gh.String())
	}

	var text strings.Builder
	if err := WriteText(&text, r, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"docs/p.md:9:3: error: \"Elastic\" has no location [SP002]\n",
		"docs/p.md:10:3: waived warning: AI provider \"OpenAI\" does not say [SP004] (waived: DPA | section 4; owner @acme/privacy; until 2027-06-30; docs/p.md:10)\n",
		"\nwaivers.yaml:4:1: notice: waiver for SP011 matches no finding; remove it [waiver]\n", // a file the report does not list
		"1 file, 0 subprocessors: 1 error, 0 warnings, 1 notice, 1 waived\n",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}

	var md strings.Builder
	if err := WriteMarkdown(&md, r, MarkdownOptions{}); err != nil {
		t.Fatal(err)
	}
	out := md.String()
	for _, want := range []string{
		"## subpolicy: 1 error, 0 warnings, 1 notice\n",
		"1 finding waived: listed under \"Waived findings\"",
		"### Waived findings\n\n| Rule | Subprocessor | Finding | Reason | Owner | Expires | Where |\n",
		`| SP004 | OpenAI | AI provider "OpenAI" does not say | DPA \| section 4 | @` + "\u200d" + `acme/privacy | 2027-06-30 | docs/p.md:10 |`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, out)
		}
	}
	findings, _, _ := strings.Cut(out, "### Waived findings")
	if strings.Contains(findings, "SP004") {
		t.Errorf("the waived finding is listed with the findings to fix:\n%s", out)
	}

	// Only waived findings: nothing to fix.
	only := New(&check.Result{Findings: r.Findings[1:2], Files: []check.FileResult{{Path: "docs/p.md"}}})
	md.Reset()
	if err := WriteMarkdown(&md, only, MarkdownOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(md.String(), "## subpolicy: no findings") || !strings.Contains(md.String(), "### Waived findings") {
		t.Errorf("a report with only waived findings:\n%s", md.String())
	}
}
