package report

import (
	"strings"
	"testing"
)

// TestWriteMarkdownPagesOnly is the audit's job summary: only the files with a subprocessor
// table are listed, the others are counted.
func TestWriteMarkdownPagesOnly(t *testing.T) {
	t.Parallel()
	r := &Report{
		Summary: Summary{Files: 4, Subprocessors: 2},
		Files: []File{
			{Path: "README.md", Subprocessors: []string{}},
			{Path: "docs/subprocessors.md", Tables: 1, Subprocessors: []string{"Stripe, Inc.", "Zendesk, Inc."}},
			{Path: "docs/guide.md", Subprocessors: []string{}},
			{Path: "docs/broken.md", Error: "invalid UTF-8", Subprocessors: []string{}},
		},
	}
	var b strings.Builder
	if err := WriteMarkdown(&b, r, MarkdownOptions{PagesOnly: true}); err != nil {
		t.Fatal(err)
	}
	want := "### Subprocessors checked\n\n| File | Count | Subprocessors |\n| --- | --- | --- |\n" +
		"| docs/subprocessors.md | 2 | Stripe, Inc. · Zendesk, Inc. |\n\n2 other files have no subprocessor table.\n\n"
	if s := b.String(); !strings.HasSuffix(s, want) || strings.Contains(s, "README.md") {
		t.Errorf("summary:\n%s\nwant it to end with:\n%s", s, want)
	}

	r.Files = []File{{Path: "README.md", Subprocessors: []string{}}}
	r.Summary = Summary{Files: 1}
	b.Reset()
	if err := WriteMarkdown(&b, r, MarkdownOptions{PagesOnly: true}); err != nil {
		t.Fatal(err)
	}
	if s := b.String(); !strings.HasSuffix(s, "### Subprocessors checked\n\nThe file checked has no subprocessor table.\n\n") {
		t.Errorf("summary without pages:\n%s", s)
	}
}
