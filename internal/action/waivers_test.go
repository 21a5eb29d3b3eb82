package action_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/subpolicy/subpolicy/internal/action"
	"github.com/subpolicy/subpolicy/internal/github/githubtest"
)

// TestWaivers: waived findings reach the JSON report and the summary's count, never an
// annotation or the check run's annotations; a data-file waiver without a reason is an error
// annotated at its line in the data file.
func TestWaivers(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.input("json-file", "report.json")
	h.input("data", "waivers.yaml")
	h.write("waivers.yaml", "waivers:\n  - rule: SP004\n    subprocessor: Anthropic\n")
	row := "| Anthropic | AI Service Provider | | United States | [Privacy](https://www.anthropic.com/legal/privacy) |"
	h.write(page, strings.Replace(fixture(t, "ai-provider.md"), row,
		row+" <!-- subpolicy-ignore SP003: prompts only, listed in the DPA owner=@acme/privacy expires=2027-06-30 -->", 1))
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})

	if code := h.run(); code != action.ExitFindings {
		t.Fatalf("exit %d, want %d (the waiver without a reason is an error)", code, action.ExitFindings)
	}
	for _, a := range h.annotations() {
		if strings.Contains(a, "title=SP002") || strings.Contains(a, "title=SP003") {
			t.Errorf("a waived finding is annotated: %s", a)
		}
	}
	want := "::error file=waivers.yaml,line=2,col=1,title=waiver%3A Waivers::the waiver for SP004 has no reason"
	if !slices.ContainsFunc(h.annotations(), func(a string) bool { return strings.HasPrefix(a, want) }) {
		t.Errorf("no annotation %q in %q", want, h.annotations())
	}
	for _, a := range h.checkRun().Annotations {
		if strings.HasPrefix(a.Title, "SP002") || strings.HasPrefix(a.Title, "SP003") {
			t.Errorf("a waived finding is a check-run annotation: %+v", a)
		}
	}
	summary := h.summary()
	for _, s := range []string{"1 finding waived", "### Waived findings", "prompts only, listed in the DPA", "@\u200dacme/privacy", "2027-06-30"} {
		if !strings.Contains(summary, s) {
			t.Errorf("the summary lacks %q:\n%s", s, summary)
		}
	}
	b, err := os.ReadFile(filepath.Join(h.workspace, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Findings []struct {
			Rule   string
			Waived *struct{ Reason, Owner, Expires, Source string }
		}
		Summary struct{ Errors, Waived int }
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	var waived []string
	for _, f := range rep.Findings {
		if f.Waived != nil {
			waived = append(waived, f.Rule)
			if f.Waived.Reason != "prompts only, listed in the DPA" || f.Waived.Owner != "@acme/privacy" ||
				f.Waived.Expires != "2027-06-30" || f.Waived.Source != page+":19" {
				t.Errorf("waiver of %s = %+v", f.Rule, *f.Waived)
			}
		}
	}
	if !slices.Equal(waived, []string{"SP003"}) || rep.Summary.Waived != 1 || rep.Summary.Errors != 1 {
		t.Errorf("waived %q, summary %+v; want SP003 waived (the AI row's one error) and the waiver's own error", waived, rep.Summary)
	}
}

// TestNoTokenNoticeCountsActiveFindings: without a token, the notice counts the findings the
// log annotates; waived ones are not annotated, so they are not counted either.
func TestNoTokenNoticeCountsActiveFindings(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.input("github-token", "")
	h.srv.SetToken("")
	row := "| Anthropic | AI Service Provider | | United States | [Privacy](https://www.anthropic.com/legal/privacy) |"
	h.write(page, strings.Replace(fixture(t, "ai-provider.md"), row,
		row+" <!-- subpolicy-ignore SP002, SP003: prompts only, listed in the DPA -->", 1))
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})
	h.run()
	want := fmt.Sprintf("all %d findings are annotated", len(h.annotations()))
	if notices := h.commands("notice"); !slices.ContainsFunc(notices, func(n string) bool { return strings.Contains(n, want) }) {
		t.Errorf("no notice saying %q: %q", want, notices)
	}
}
