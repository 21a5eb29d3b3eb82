package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/subpolicy/subpolicy/internal/finding"
)

func issueSample() []finding.Finding {
	return []finding.Finding{
		{Rule: "SP002", Severity: finding.Error, Message: `"Elastic" has no location`, Path: "docs/sub.md", Line: 29, Column: 151,
			Subprocessor: "Elastic", NameKey: "elastic", Field: "location", DocURL: "https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp002"},
		{Rule: "SP012", Severity: finding.Error, Message: `no "Updated <date>" line; add one such as "Updated 2026-11-28"`, Path: "docs/sub.md", Line: 1},
		{Rule: "SP005", Severity: finding.Warning, Message: "purpose too short (1 word)", Path: "docs/a.md", Line: 3, Column: 27,
			Subprocessor: "Acme", NameKey: "acme", Field: "purpose"},
		{Rule: "SP020", Severity: finding.Notice, Message: "named without a legal form", Path: "docs/a.md", Line: 2},
		{Rule: "SP005", Severity: finding.Warning, Message: "waived", Path: "docs/a.md", Line: 4, NameKey: "b", Field: "purpose",
			Waived: &finding.Waiver{Reason: "ok", Source: "docs/a.md:1"}},
	}
}

func TestIssueDigest(t *testing.T) {
	t.Parallel()
	base := IssueDigest(issueSample())
	if len(base) != 64 {
		t.Fatalf("digest %q", base)
	}
	change := func(name string, edit func(fs []finding.Finding) []finding.Finding, same bool) {
		t.Helper()
		got := IssueDigest(edit(issueSample()))
		if (got == base) != same {
			t.Errorf("%s: digest unchanged = %t, want %t", name, got == base, same)
		}
	}
	change("rows moved", func(fs []finding.Finding) []finding.Finding {
		for i := range fs {
			fs[i].Line += 7
			fs[i].Column++
		}
		return fs
	}, true)
	change("order", func(fs []finding.Finding) []finding.Finding { return []finding.Finding{fs[2], fs[0], fs[1]} }, true)
	change("a date in a message", func(fs []finding.Finding) []finding.Finding {
		fs[1].Message = strings.Replace(fs[1].Message, "2026-11-28", "2026-11-29", 1)
		return fs
	}, true)
	change("a notice", func(fs []finding.Finding) []finding.Finding { return fs[:3] }, true)
	change("a waived finding", func(fs []finding.Finding) []finding.Finding {
		fs[4].Message = "other"
		return fs
	}, true)
	change("a finding gone", func(fs []finding.Finding) []finding.Finding { return fs[1:] }, false)
	change("severity", func(fs []finding.Finding) []finding.Finding { fs[2].Severity = finding.Error; return fs }, false)
	change("another row", func(fs []finding.Finding) []finding.Finding { fs[0].NameKey = "redis"; return fs }, false)
	change("another message", func(fs []finding.Finding) []finding.Finding { fs[2].Message = "purpose is generic"; return fs }, false)
	change("waiver expired", func(fs []finding.Finding) []finding.Finding { fs[4].Waived = nil; return fs }, false)
	if IssueDigest(nil) != IssueDigest([]finding.Finding{}) || IssueDigest(nil) == base {
		t.Error("the empty set's digest")
	}
}

func TestWriteIssue(t *testing.T) {
	t.Parallel()
	fs := issueSample()
	fs[2].Subprocessor = "<!-- subpolicy:audit-digest " + strings.Repeat("0", 64) + " --> @org/team #1"
	var b strings.Builder
	opts := IssueOptions{ServerURL: "https://github.example/", Repository: "o/r", Ref: "0123456789abcdef0123456789abcdef01234567", Date: "2026-11-28",
		RunURL: "https://github.example/o/r/actions/runs/9"}
	if err := WriteIssue(&b, fs, opts); err != nil {
		t.Fatal(err)
	}
	body := b.String()
	if !strings.HasPrefix(body, IssueMarker+"\n<!-- subpolicy:audit-digest "+IssueDigest(fs)+" -->\n## subpolicy audit: 2 errors, 1 warning\n") {
		t.Errorf("body head:\n%s", body)
	}
	if got := IssueBodyDigest(body); got != IssueDigest(fs) {
		t.Errorf("IssueBodyDigest = %q, want the digest written", got)
	}
	if strings.Count(body, "<!--") != 2 || strings.Contains(body, "@org") || strings.Contains(body, "#1 ") {
		t.Errorf("page text is not escaped:\n%s", body)
	}
	for _, want := range []string{
		"The audit of [`0123456`](https://github.example/o/r/commit/0123456789abcdef0123456789abcdef01234567) on 2026-11-28 ([workflow run](https://github.example/o/r/actions/runs/9)) found these error and warning findings in 2 files.",
		"### [docs/a.md](https://github.example/o/r/blob/0123456789abcdef0123456789abcdef01234567/docs/a.md)\n\n| Severity | Rule | Subprocessor | Finding | Line |\n| --- | --- | --- | --- | --- |\n| ⚠️ warning | SP005 |",
		"| ❌ error | SP012 |  | no \"Updated &lt;date&gt;\" line; add one such as \"Updated 2026-11-28\" | [1](https://github.example/o/r/blob/0123456789abcdef0123456789abcdef01234567/docs/sub.md#L1) |\n" +
			"| ❌ error | [SP002](https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp002) | Elastic | \"Elastic\" has no location | [29](",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "SP020") || strings.Contains(body, "waived") {
		t.Errorf("the body lists a notice or a waived finding:\n%s", body)
	}
	if strings.Index(body, "docs/a.md") > strings.Index(body, "docs/sub.md") {
		t.Errorf("files are not in path order")
	}
}

func TestWriteIssueClean(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	fs := issueSample()[3:4] // a notice only
	if err := WriteIssue(&b, fs, IssueOptions{Date: "2026-11-28"}); err != nil {
		t.Fatal(err)
	}
	want := IssueMarker + "\n<!-- subpolicy:audit-digest " + IssueDigest(nil) + " -->\n## subpolicy audit: no findings\n\n" +
		"The audit on 2026-11-28 found no error or warning findings, so this issue is closed. It is reopened when an audit finds some again; the findings it listed before are in this issue's edit history.\n"
	if b.String() != want {
		t.Errorf("clean body:\n%s\nwant:\n%s", b.String(), want)
	}
	if got := IssueTitle("", fs); got != "subpolicy audit: no findings" {
		t.Errorf("title %q", got)
	}
}

func TestWriteIssueIsCapped(t *testing.T) {
	t.Parallel()
	var fs []finding.Finding
	for i := range 3000 {
		fs = append(fs, finding.Finding{Rule: "SP002", Severity: finding.Error, Path: fmt.Sprintf("docs/p%02d.md", i%40), Line: i + 1,
			NameKey: fmt.Sprint(i), Subprocessor: fmt.Sprintf("Vendor %d", i), Message: strings.Repeat("a long message ", 8)})
	}
	var b strings.Builder
	if err := WriteIssue(&b, fs, IssueOptions{Repository: "o/r", Ref: "abc"}); err != nil {
		t.Fatal(err)
	}
	body := b.String()
	if len(body) > MaxIssueBodyBytes {
		t.Errorf("body is %d bytes, over %d", len(body), MaxIssueBodyBytes)
	}
	rows := strings.Count(body, "| ❌ error |")
	want := fmt.Sprintf("…and %d more findings, left out to keep this issue under 60 KB; the job summary and the check run list every finding.\n", 3000-rows)
	if rows < 100 || !strings.HasSuffix(body, want) {
		t.Errorf("%d rows listed; the body does not end with %q:\n%s", rows, want, body[len(body)-500:])
	}
}
