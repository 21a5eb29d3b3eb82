package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	cleanPage = "../../testdata/action/clean.md"    // Stripe and Zendesk, Updated 2026-11-02
	addedPage = "../../testdata/action/ai-added.md" // the same with OpenAI added
)

// writeTemp writes content to name in a fresh folder and returns its path.
func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func readFixture(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDiffText(t *testing.T) {
	t.Parallel()
	head := strings.Replace(readFixture(t, addedPage), "| Zendesk, Inc. | Customer support ticketing | Support tickets, names, email addresses | United States |",
		"| Zendesk, Inc. | Customer support ticketing | Support tickets, names, email addresses | United States, Ireland |", 1)
	headPath := writeTemp(t, "subprocessors.md", head)
	code, out, errOut := run(t, "diff", cleanPage, headPath)
	if code != ExitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	want := filepath.ToSlash(headPath) + ": 1 added, 1 modified\n" +
		"  + OpenAI, L.L.C. (line 19): AI drafting of support replies; no training on customer data · data: Support tickets; chat transcripts · location: United States\n" +
		`  ~ Zendesk, Inc. (line 18): location: "United States" -> "United States, Ireland" (added "Ireland")` + "\n" +
		"\n1 file: 1 added, 0 removed, 1 modified\n"
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}

func TestDiffFormats(t *testing.T) {
	t.Parallel()
	code, out, errOut := run(t, "diff", "--format", "json", cleanPage, addedPage)
	if code != ExitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	var got struct {
		Files []struct {
			Path   string `json:"path"`
			Status string `json:"status"`
			Added  []struct {
				Name string   `json:"name"`
				Data []string `json:"data"`
				Line int      `json:"line"`
			} `json:"added"`
		} `json:"files"`
		Summary map[string]any `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if len(got.Files) != 1 || got.Files[0].Status != "modified" || len(got.Files[0].Added) != 1 ||
		got.Files[0].Added[0].Name != "OpenAI, L.L.C." || got.Files[0].Added[0].Line != 19 ||
		got.Summary["added"] != 1.0 || got.Summary["changed"] != true {
		t.Errorf("json = %+v", got)
	}

	code, out, _ = run(t, "diff", cleanPage, addedPage, "-f", "markdown")
	if code != ExitOK || !strings.HasPrefix(out, "### Subprocessor changes\n") ||
		!strings.Contains(out, "| OpenAI, L.L.C. | AI drafting of support replies; no training on customer data | Support tickets; chat transcripts | United States |") {
		t.Errorf("markdown (exit %d):\n%s", code, out)
	}

	// The same page twice: no change.
	code, out, _ = run(t, "diff", cleanPage, cleanPage)
	if code != ExitOK || !strings.Contains(out, "no subprocessor added, removed or changed") {
		t.Errorf("same page (exit %d):\n%s", code, out)
	}
}

func TestDiffErrors(t *testing.T) {
	t.Parallel()
	bad := writeTemp(t, "bad.md", "| Name | Purpose |\n|---|---|\n| Acme\xff | Email |\n")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"diff", cleanPage}, "want two files, the base version and the head version (got 1)"},
		{[]string{"diff", cleanPage, "missing.md"}, `reading "missing.md"`},
		{[]string{"diff", cleanPage, bad}, "invalid UTF-8"},
		{[]string{"diff", "--format", "html", cleanPage, addedPage}, `unknown value "html" (valid: text, json, markdown)`},
		{[]string{"diff", "../../testdata", addedPage}, "is a folder"},
	}
	for _, tt := range tests {
		code, _, errOut := run(t, tt.args...)
		if code != ExitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", tt.args, code, errOut, ExitUsage, tt.want)
		}
	}
}

func TestCheckBase(t *testing.T) {
	t.Parallel()
	code, out, errOut := run(t, "check", "--now", now, "--base", cleanPage, addedPage)
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitFindings, errOut)
	}
	if !strings.HasPrefix(out, addedPage+": 1 added\n  + OpenAI, L.L.C. (line 19)") {
		t.Errorf("the output does not open with the changes:\n%s", out)
	}
	for _, w := range []string{
		addedPage + ":8:1: error: 1 row added, but the Updated date is still 2026-11-02, as in the base version",
		addedPage + `:19:3: error: new subprocessor "OpenAI, L.L.C." has no Effective date`,
		addedPage + `:19:3: error: "OpenAI, L.L.C." is added without privacy approval`,
	} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}

	// Approved, announced and dated: it passes. Labels simulate the pull request's.
	bumped := writeTemp(t, "subprocessors.md", strings.ReplaceAll(readFixture(t, addedPage), "2026-11-02", "2026-11-20"))
	code, out, errOut = run(t, "check", "--now", now, "--base", cleanPage, bumped,
		"--label", "privacy-approved", "--label", "subprocessor-notice-sent:2026-10-20")
	if code != ExitOK || strings.Contains(out, "error:") {
		t.Errorf("exit %d, want %d:\n%s%s", code, ExitOK, out, errOut)
	}

	// JSON carries the changes.
	code, out, _ = run(t, "check", "--now", now, "--format", "json", "--base", cleanPage, addedPage)
	var rep struct {
		Changes struct {
			Summary struct{ Added int } `json:"summary"`
		} `json:"changes"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != ExitFindings || rep.Changes.Summary.Added != 1 {
		t.Errorf("json (exit %d, %v): %s", code, err, out)
	}
}

// A head whose table lost its delimiter row has no subprocessor table left: check --base
// fails on it (SP021), naming the table and its rows, unless --label approves the removal;
// diff lists the rows as removed. A page compared with itself has no such finding.
func TestCheckBaseTableNoLongerRead(t *testing.T) {
	t.Parallel()
	broken := writeTemp(t, "subprocessors.md", strings.Replace(strings.ReplaceAll(readFixture(t, cleanPage), "2026-11-02", "2026-11-20"), "|---|---|---|---|---|\n", "", 1))
	p := filepath.ToSlash(broken)
	code, out, errOut := run(t, "check", "--now", now, "--base", cleanPage, broken)
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitFindings, errOut)
	}
	want := p + `:1:1: error: the table under "Third-party subprocessors" (line 15 of the base version, header "Name | Purpose | Data categories | Location | Link") ` +
		`is no longer read as a subprocessor table, so its rows "Stripe, Inc.", "Zendesk, Inc." go unchecked; ` +
		`restore it (a header row with a name column and a purpose, data or location column, then a delimiter row such as "| --- | --- | --- | --- | --- |"), ` +
		`or, if the removal is intended, apply the label "privacy-approved" [SP021]`
	if !strings.Contains(out, want+"\n") {
		t.Errorf("output lacks\n%s\n%s", want, out)
	}
	if !strings.Contains(errOut, p+": no subprocessor table") {
		t.Errorf("stderr does not say the page has no subprocessor table: %q", errOut)
	}

	if strings.Contains(out, "SP023") {
		t.Errorf("the rows the deleted delimiter row shows as text are SP021's one finding, not SP023's too:\n%s", out)
	}

	// Approved, the rows shown as text are still a broken page; a table removed whole is not.
	code, out, errOut = run(t, "check", "--now", now, "--base", cleanPage, broken, "--label", "privacy-approved")
	if code != ExitFindings || strings.Contains(out, "SP021") || !strings.Contains(out, p+":15:1: error: this line looks like a table row but is not part of any table") {
		t.Errorf("approved, table broken: exit %d, want %d and SP023 at the rows:\n%s%s", code, ExitFindings, out, errOut)
	}
	var kept strings.Builder
	for l := range strings.Lines(readFixture(t, cleanPage)) {
		if !strings.HasPrefix(l, "|") {
			kept.WriteString(strings.ReplaceAll(l, "2026-11-02", "2026-11-20"))
		}
	}
	removed := writeTemp(t, "subprocessors.md", kept.String())
	code, out, errOut = run(t, "check", "--now", now, "--base", cleanPage, removed, "--label", "privacy-approved")
	if code != ExitOK || strings.Contains(out, "SP021") || !strings.Contains(out, `"Zendesk, Inc." (Customer support ticketing, United States) is removed from the list`) {
		t.Errorf("approved, table removed: exit %d, want %d and the removals called out:\n%s%s", code, ExitOK, out, errOut)
	}

	code, out, errOut = run(t, "check", "--now", now, "--base", cleanPage, cleanPage)
	if code != ExitOK || strings.Contains(out, "SP021") {
		t.Errorf("unchanged: exit %d, want %d:\n%s%s", code, ExitOK, out, errOut)
	}

	code, out, errOut = run(t, "diff", cleanPage, broken)
	if code != ExitOK || !strings.HasPrefix(out, p+": 2 removed\n") || !strings.Contains(out, "  - Zendesk, Inc. (base line 18)") {
		t.Errorf("diff: exit %d:\n%s%s", code, out, errOut)
	}
}

func TestCheckBaseFilter(t *testing.T) {
	t.Parallel()
	// Elastic has no location at the base already; the change only bumps the date and adds
	// a data item to Stripe (approved).
	base := readFixture(t, cleanPage) + "| Elastic N.V. | Analytics data storage | Reporting data | | [Privacy](https://www.elastic.co/legal/privacy-statement) |\n"
	head := strings.Replace(strings.ReplaceAll(base, "2026-11-02", "2026-11-20"), "Billing email, payment method tokens", "Billing email, payment method tokens, IP addresses", 1)
	basePath, headPath := writeTemp(t, "base.md", base), writeTemp(t, "subprocessors.md", head)
	args := []string{"check", "--now", now, "--base", basePath, headPath, "--label", "privacy-approved"}

	code, out, _ := run(t, args...)
	if code != ExitFindings || !strings.Contains(out, `"Elastic N.V." has no location`) {
		t.Errorf("--filter all (the default): exit %d, want the pre-existing error:\n%s", code, out)
	}
	code, out, _ = run(t, append(args, "--filter", "changed")...)
	if code != ExitOK {
		t.Errorf("--filter changed: exit %d, want %d:\n%s", code, ExitOK, out)
	}
	before, after, _ := strings.Cut(out, "the base version already has 1 finding")
	if strings.Contains(before, "Elastic") || !strings.Contains(after, `"Elastic N.V." has no location`) ||
		!strings.Contains(before, `"Stripe, Inc." now also receives "IP addresses"`) {
		t.Errorf("--filter changed: the pre-existing finding is not listed apart:\n%s", out)
	}
}

func TestCheckBaseErrors(t *testing.T) {
	t.Parallel()
	bad := writeTemp(t, "bad.md", "| Name | Purpose |\n|---|---|\n| Acme\xff | Email |\n")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"check", "--base", cleanPage, addedPage, cleanPage}, "--base compares one page: name exactly one file to check (got 2 paths)"},
		{[]string{"check", "--base", cleanPage, "../../testdata/pages"}, "is a folder"},
		{[]string{"check", "--filter", "changed", addedPage}, "--filter changed needs --base"},
		{[]string{"check", "--base", "missing.md", addedPage}, `--base: reading "missing.md"`},
		{[]string{"check", "--base", bad, addedPage}, "invalid UTF-8"},
	}
	for _, tt := range tests {
		code, _, errOut := run(t, tt.args...)
		if code != ExitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", tt.args, code, errOut, ExitUsage, tt.want)
		}
	}
}
