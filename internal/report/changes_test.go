package report

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/subpolicy/subpolicy/internal/check"
	"github.com/subpolicy/subpolicy/internal/finding"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

func parsePage(t *testing.T, path string, rows ...string) *subprocessor.Document {
	t.Helper()
	src := "# Subprocessors\n\nUpdated 2026-11-02\n\n| Name | Purpose | Data | Location | Link |\n|---|---|---|---|---|\n" + strings.Join(rows, "\n") + "\n"
	doc, err := subprocessor.Parse(path, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// sampleChanges: one addition with hostile text, one removal with a replacement, one
// modification.
func sampleChanges(t *testing.T) *Changes {
	t.Helper()
	base := parsePage(t, "old.md",
		"| Zendesk, Inc. | Customer support ticketing | Tickets | United States | [p](https://z.example/privacy) |",
		"| AWS | Cloud hosting | Customer content | Ireland | [p](https://aws.example/privacy) |",
	)
	head := parsePage(t, "docs/s.md",
		"| Intercom, Inc. | Customer support ticketing | Tickets, chats | United States | [p](https://i.example/privacy) |",
		"| AWS | Cloud hosting | Customer content | Ireland, United States | [p](https://aws.example/privacy) |",
		"| Evil `<img src=x>` @org/team #12 \\| x | LLM inference | Prompts | United States | [p](https://e.example/privacy) |",
	)
	c := subprocessor.Diff(base, head)
	return NewChanges([]check.FileChange{{Path: head.Path, Change: c, Head: head}, {Path: "skipped.md"}})
}

func TestNewChanges(t *testing.T) {
	t.Parallel()
	c := sampleChanges(t)
	want := ChangeSummary{Added: 2, Removed: 1, Modified: 1, SuspectedReplacements: 1, Changed: true}
	if diff := cmp.Diff(want, c.Summary); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	if len(c.Files) != 1 {
		t.Fatalf("files = %+v, want the one with a change", c.Files)
	}
	f := c.Files[0]
	if f.Status != "renamed" || f.BasePath != "old.md" || f.Removed[0].Name != "Zendesk, Inc." || f.Removed[0].Line != 7 ||
		f.Modified[0].Name != "AWS" || f.Modified[0].BaseLine != 8 || f.SuspectedReplacements[0].Added.Name != "Intercom, Inc." {
		t.Errorf("file changes = %+v", f)
	}
}

func TestWriteChangesMarkdown(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	if err := WriteChangesMarkdown(&b, sampleChanges(t), "### Subprocessor changes", 0); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		"**docs/s.md** (renamed from old.md): 2 added, 1 removed, 1 modified, 1 suspected replacement.",
		"| Intercom, Inc. | Customer support ticketing | Tickets; chats | United States |",
		"| AWS | location | Ireland | Ireland, United States |",
		"| Zendesk, Inc. | Intercom, Inc. | Customer support ticketing | Tickets; chats | United States |",
		"| Evil &lt;img src=x&gt; @\u200dorg/team \\#\u200d12 \\| x | LLM inference |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("markdown lacks %q:\n%s", want, got)
		}
	}
	for _, bad := range []string{"<img", "@org"} {
		if strings.Contains(got, bad) {
			t.Errorf("markdown holds %q unescaped:\n%s", bad, got)
		}
	}

	// A tight budget cuts tables and says so.
	b.Reset()
	if err := WriteChangesMarkdown(&b, sampleChanges(t), "### Subprocessor changes", 600); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "left out") || b.Len() > 1200 {
		t.Errorf("with 600 bytes (%d written):\n%s", b.Len(), b.String())
	}

	for _, tt := range []struct {
		c    *Changes
		want string
	}{
		{&Changes{}, "No page that lists subprocessors was compared with its base version."},
		{&Changes{Files: []FileChanges{{Path: "a.md", Status: "unchanged"}}}, "No subprocessor was added, removed or changed."},
	} {
		b.Reset()
		if err := WriteChangesMarkdown(&b, tt.c, "### Changes", 0); err != nil || !strings.Contains(b.String(), tt.want) {
			t.Errorf("got %q, want %q (%v)", b.String(), tt.want, err)
		}
	}
}

func TestWriteChangesText(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	if err := WriteChangesText(&b, sampleChanges(t)); err != nil {
		t.Fatal(err)
	}
	want := "docs/s.md (renamed from old.md): 2 added, 1 removed, 1 modified, 1 suspected replacement\n" +
		"  + Intercom, Inc. (line 7): Customer support ticketing · data: Tickets; chats · location: United States\n" +
		"  + Evil <img src=x> @org/team #12 | x (line 9): LLM inference · data: Prompts · location: United States\n" +
		"  - Zendesk, Inc. (base line 7): Customer support ticketing · data: Tickets · location: United States\n" +
		`  ~ AWS (line 8): location: "Ireland" -> "Ireland, United States" (added "United States")` + "\n" +
		"  ? suspected replacement: Intercom, Inc. replaces Zendesk, Inc. (Customer support ticketing)\n" +
		"\n1 file: 2 added, 1 removed, 1 modified\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
	b.Reset()
	if err := WriteChangesText(&b, &Changes{}); err != nil || b.String() != "no file to compare\n" {
		t.Errorf("no files: %q", b.String())
	}
}

func TestWriteComment(t *testing.T) {
	t.Parallel()
	r := &Report{
		Changes: sampleChanges(t),
		Findings: []finding.Finding{
			{Rule: "SP015", Severity: finding.Error, Message: "needs approval", Path: "docs/s.md", Line: 9, Subprocessor: "@org/team"},
			{Rule: "SP016", Severity: finding.Warning, Message: "removed", Path: "docs/s.md", Line: 6},
			{Rule: "SP014", Severity: finding.Error, Message: "waived", Path: "docs/s.md", Line: 9, Waived: &finding.Waiver{Reason: "x"}},
		},
	}
	opts := CommentOptions{Marker: "<!-- m -->", FailOn: finding.FailOn(finding.Error), Repository: "o/r", Ref: "4f0c1a8e3b7d9c2e6a5f1b0d8c7e3a2f9b6d4c10"}
	var b strings.Builder
	if err := WriteComment(&b, r, opts); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		"<!-- m -->\n## subpolicy: subprocessor changes\n",
		"1 finding at or above error blocks this pull request:",
		"| ❌ error | SP015 | @\u200dorg/team | needs approval | [docs/s.md:9](https://github.com/o/r/blob/4f0c1a8e3b7d9c2e6a5f1b0d8c7e3a2f9b6d4c10/docs/s.md#L9) |",
		"as of commit 4f0c1a8",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("comment lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "waived") || strings.Contains(got, "| removed |") {
		t.Errorf("the comment lists findings that do not block:\n%s", got)
	}

	b.Reset()
	opts.FailOn = finding.Never
	if err := WriteComment(&b, &Report{}, opts); err != nil || !strings.Contains(b.String(), "fail-on is never") ||
		!strings.Contains(b.String(), "No page that lists subprocessors was compared") {
		t.Errorf("fail-on never:\n%s", b.String())
	}
	b.Reset()
	if err := WriteResolvedComment(&b, CommentOptions{Marker: "<!-- m -->", Title: "privacy"}); err != nil ||
		!strings.HasPrefix(b.String(), "<!-- m -->\n## privacy: subprocessor changes\n\n✅ Resolved") {
		t.Errorf("resolved:\n%s", b.String())
	}
}

func TestWritePreexisting(t *testing.T) {
	t.Parallel()
	r := &Report{Preexisting: []finding.Finding{{Rule: "SP002", Severity: finding.Error, Message: "no <b>location</b>", Path: "a.md", Line: 3}}}
	var b strings.Builder
	if err := WritePreexistingMarkdown(&b, r, MarkdownOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "### Pre-existing findings\n\nThe base version already had 1 finding, so this change did not introduce it") ||
		!strings.Contains(b.String(), "no &lt;b&gt;location&lt;/b&gt;") {
		t.Errorf("pre-existing:\n%s", b.String())
	}
	b.Reset()
	if err := WritePreexistingMarkdown(&b, &Report{}, MarkdownOptions{}); err != nil || b.Len() != 0 {
		t.Errorf("without pre-existing findings: %q", b.String())
	}
	// In the full report they follow the findings, and the heading says none is new.
	b.Reset()
	r.Summary.Files = 1
	r.Files = []File{{Path: "a.md", Tables: 1, Subprocessors: []string{"X"}}}
	if err := WriteMarkdown(&b, r, MarkdownOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "## subpolicy: no new findings\n") || !strings.Contains(b.String(), "### Pre-existing findings") {
		t.Errorf("report:\n%s", b.String())
	}
}
