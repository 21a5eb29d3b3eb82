package report

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/subpolicy/subpolicy/internal/finding"
)

func TestMarkdownText(t *testing.T) {
	t.Parallel()
	const z = "\u200d"
	tests := []struct{ in, want string }{
		{"Stripe, Inc.", "Stripe, Inc."},
		{"", ""},
		{"a | b", `a \| b`},
		{"<img src=x onerror=alert(1)>", `&lt;img src=x onerror=alert\(1\)&gt;`},
		{"Tom & Jerry &amp;", "Tom &amp; Jerry &amp;amp;"},
		{"@org/team and @someone", "@" + z + "org/team and @" + z + "someone"},
		{"fixes #123", `fixes \#` + z + "123"},
		{"*bold* _it_ `code` ~~del~~", `\*bold\* \_it\_ \` + "`" + `code\` + "`" + ` \~\~del\~\~`},
		{"[link](https://x.example) ![img](y)", `\[link\]\(https:` + z + `//x.example\) \!\[img\]\(y\)`},
		{`back\slash`, `back\\slash`},
		{"$x^2$", `\$x\^2\$`},
		{"line\nbreak\r\ttab", "line break  tab"},
		{"- item", `\- item`},
		{"+ item", `\+ item`},
		{"1. first", `1\. first`},
		{"12) first", `12\) first`},
		{"2024.05", `2024\.05`},
		{"v1.2", "v1.2"},
		{"> quote", "&gt; quote"},
		{"# heading", `\#` + z + " heading"},
		{"a\u202eb", "a\ufffdb"},
		{"bad \xff byte", "bad \ufffd byte"},
		{"%0A::error::x %s", "%0A::error::x %s"},
		{"see https://evil.example/a and HTTP://x", "see https:" + z + "//evil.example/a and HTTP:" + z + "//x"},
		{"www.evil.example and WWW.x, awww.y", "www" + z + ".evil.example and WWW" + z + ".x, awww.y"},
		{"javascript:alert(1)", `javascript:alert\(1\)`},
		{"GH-123, gh-7, GH-x, AGH-1", "GH-" + z + "123, gh-" + z + "7, GH-x, AGH-1"},
		{"time 10:30, a: b", "time 10:30, a: b"},
	}
	for _, tt := range tests {
		if got := MarkdownText(tt.in); got != tt.want {
			t.Errorf("MarkdownText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestWriteMarkdownGolden(t *testing.T) {
	t.Parallel()
	opts := MarkdownOptions{
		ServerURL:  "https://github.example/",
		Repository: "octo-org/site",
		Ref:        "4f0c1a8e3b7d9c2e6a5f1b0d8c7e3a2f9b6d4c10",
		Notes:      []string{"Pull request [#7](https://github.example/octo-org/site/pull/7): the 4 files it changes."},
	}
	tests := []struct {
		name string
		r    *Report
		opts MarkdownOptions
	}{
		{"sample", sampleReport(), opts},
		{"nolinks", sampleReport(), MarkdownOptions{Title: "privacy"}},
		{"clean", &Report{
			Findings: []finding.Finding{},
			Summary:  Summary{Files: 1, Subprocessors: 2},
			Files:    []File{{Path: "docs/subprocessors.md", Tables: 1, Subprocessors: []string{"Stripe, Inc.", "Zendesk, Inc."}}},
		}, opts},
		{"nothing", &Report{Findings: []finding.Finding{}, Files: []File{}}, MarkdownOptions{
			Notes: []string{"Pull request #7 changes 3 files and none of them matches \"\\*\\*/\\*.md\"."},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var b strings.Builder
			if err := WriteMarkdown(&b, tt.r, tt.opts); err != nil {
				t.Fatal(err)
			}
			golden(t, "markdown/"+tt.name+".golden", b.String())
		})
	}
}

// cellBreak is an unescaped pipe: one that ends a table cell.
var cellBreak = regexp.MustCompile(`(^|[^\\])\|`)

func TestWriteMarkdownUntrusted(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	if err := WriteMarkdown(&b, sampleReport(), MarkdownOptions{Repository: "o/r", Ref: "abc"}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"<img", "@org/team", "#12", "\nnext line"} {
		if strings.Contains(out, bad) {
			t.Errorf("the report contains %q:\n%s", bad, out)
		}
	}
	if strings.Contains(out, "javascript:") {
		t.Errorf("a non-http documentation URL became a link:\n%s", out)
	}
	// Every row of a table has as many cells as its header.
	var want int
	for l := range strings.Lines(out) {
		if !strings.HasPrefix(l, "|") {
			want = 0
			continue
		}
		n := len(cellBreak.FindAllString(l, -1))
		if want == 0 {
			want = n
		} else if n != want {
			t.Errorf("row has %d cell breaks, its header %d: %q", n, want, l)
		}
	}
	if !strings.Contains(out, "(https://github.com/o/r/blob/abc/docs/sub%20processors%20%28EU%29.md#L1)") {
		t.Errorf("a path with spaces and parentheses is not a working link:\n%s", out)
	}
}

func TestWriteMarkdownLimit(t *testing.T) {
	t.Parallel()
	r := &Report{Summary: Summary{Files: 1}}
	for i := range 5000 {
		r.Findings = append(r.Findings, finding.Finding{
			Rule: "SP002", Title: "Rows fill the required fields", Severity: finding.Error, Path: "docs/subprocessors.md",
			Line: i + 1, Column: 3, Subprocessor: fmt.Sprintf("Vendor %d", i), Message: strings.Repeat("long message ", 10),
		})
	}
	names := make([]string, 3000)
	for i := range names {
		names[i] = fmt.Sprintf("Vendor %d", i)
	}
	r.Files = []File{{Path: "docs/subprocessors.md", Tables: 1, Subprocessors: names}}
	r.Summary.Errors = len(r.Findings)

	for _, limit := range []int{MaxStepSummaryBytes, 65535 - 1024, 4096} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			t.Parallel()
			var b strings.Builder
			if err := WriteMarkdown(&b, r, MarkdownOptions{Repository: "o/r", Ref: "abc", MaxBytes: limit}); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if len(out) > limit {
				t.Errorf("report is %d bytes, over the %d limit", len(out), limit)
			}
			if !regexp.MustCompile(`…and \d+ more findings`).MatchString(out) {
				t.Errorf("report does not say findings were left out:\n%s", out[max(0, len(out)-2000):])
			}
			for _, section := range []string{"### Findings", "### Rules", "### Subprocessors checked"} {
				if !strings.Contains(out, section) {
					t.Errorf("section %q is missing", section)
				}
			}
		})
	}
}
