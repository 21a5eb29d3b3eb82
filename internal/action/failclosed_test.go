package action_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/subpolicy/subpolicy/internal/action"
	"github.com/subpolicy/subpolicy/internal/github/githubtest"
	"github.com/subpolicy/subpolicy/internal/policy/policytest"
	"github.com/subpolicy/subpolicy/internal/report/injectiontest"
)

// The panicking built-in is registered before any test runs: registering it adds to OPA's
// global table, which engines being loaded in parallel tests read.
func init() { policytest.RegisterPanic() }

// lastCheckRun returns the check run created last.
func (h *harness) lastCheckRun() githubtest.CheckRunState {
	h.t.Helper()
	runs := h.srv.CheckRuns()
	if len(runs) == 0 {
		h.t.Fatal("no check run was created")
	}
	return runs[len(runs)-1]
}

// runWithin runs the action like run, and fails the test if it does not end within d: a
// file that cannot be read must never make the action wait.
func (h *harness) runWithin(d time.Duration) int {
	h.t.Helper()
	b, err := json.MarshalIndent(h.payload, "", "  ")
	if err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(h.vars["GITHUB_EVENT_PATH"], b, 0o644); err != nil {
		h.t.Fatal(err)
	}
	done := make(chan int, 1)
	go func() { done <- action.Run(h.t.Context(), h.env) }()
	select {
	case code := <-done:
		h.t.Logf("exit %d; job log:\n%s", code, h.stdout.String())
		return code
	case <-time.After(d):
		h.t.Fatalf("the action did not end within %s", d)
		return -1
	}
}

// assertFailedClosed checks what a run without a result leaves: a non-zero exit code, the
// error in the log, a completed failed check run that says why, the reason in the job
// summary, and no outputs or reports that could pass for a result.
func assertFailedClosed(t *testing.T, h *harness, code, wantCode int, wantMsg string) {
	t.Helper()
	if code != wantCode {
		t.Fatalf("exit %d, want %d", code, wantCode)
	}
	injectiontest.CheckLog(t, "job log", h.stdout.String())
	if !slices.ContainsFunc(h.commands("error"), func(c string) bool { return strings.Contains(injectiontest.CommandData(c), wantMsg) }) {
		t.Errorf("no error command saying %q: %q", wantMsg, h.commands("error"))
	}
	cr := h.lastCheckRun()
	if cr.Status != "completed" || cr.Conclusion != "failure" {
		t.Errorf("check run %s/%s, want completed/failure", cr.Status, cr.Conclusion)
	}
	if !strings.Contains(cr.Title, "Failed without a result") || !strings.Contains(injectiontest.Rendered(cr.Summary), wantMsg) {
		t.Errorf("the check run does not say why it failed: %q\n%s", cr.Title, cr.Summary)
	}
	injectiontest.CheckMarkdown(t, "check-run summary", cr.Summary)
	if len(cr.Annotations) != 1 || cr.Annotations[0].Path != page || cr.Annotations[0].Level != "failure" {
		t.Errorf("check-run annotations %+v, want one failure on %s", cr.Annotations, page)
	}
	if s := h.summary(); !strings.Contains(s, "failed without a result") || !strings.Contains(injectiontest.Rendered(s), wantMsg) {
		t.Errorf("the job summary does not say why the run failed:\n%s", s)
	}
	if out := h.outputs(); len(out) != 0 {
		t.Errorf("outputs %v set without a result", out)
	}
	for _, p := range []string{"out/report.json", "out/report.sarif"} {
		if _, err := os.Stat(filepath.Join(h.workspace, p)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s written without a result (%v)", p, err)
		}
	}
}

// TestFailClosedPanic: a Go panic inside a built-in function while the policies evaluate a
// pull request's page ends the step with exit code 3, the error in the log and the check run
// completed as a failure, replacing the success an earlier run left on the same commit.
func TestFailClosedPanic(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.input("json-file", "out/report.json")
	h.input("sarif-file", "out/report.sarif")
	h.write(page, fixture(t, "clean.md"))
	h.write("policies/panics.rego", policytest.PanicPolicy)
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})
	if code := h.run(); code != action.ExitOK || h.lastCheckRun().Conclusion != "success" {
		t.Fatalf("first run: exit %d, check run %s; want a pass", code, h.lastCheckRun().Conclusion)
	}
	for _, p := range []string{"out/report.json", "out/report.sarif"} {
		if err := os.Remove(filepath.Join(h.workspace, p)); err != nil {
			t.Fatal(err)
		}
	}
	comments := len(h.srv.Comments(owner, repo, prNumber))

	h.input("policy", "policies/panics.rego")
	code, _ := h.again()
	assertFailedClosed(t, h, code, action.ExitRuntime, "policy evaluation failed: internal error (panic: "+policytest.PanicValue)
	if runs := h.srv.CheckRuns(); len(runs) != 2 {
		t.Errorf("%d check runs, want the first run's and this one's", len(runs))
	}
	if !strings.Contains(h.stdout.String(), "\nsubpolicy: internal error: "+policytest.PanicValue) {
		t.Errorf("the log does not show the panic and its stack")
	}
	if n := len(h.srv.Comments(owner, repo, prNumber)); n != comments {
		t.Errorf("the run without a result changed the pull-request comments (%d, was %d)", n, comments)
	}
}

// TestFailClosedTimeout: a policy that outlasts policy-timeout fails the check run, exit 2.
func TestFailClosedTimeout(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.input("policy", "policies/slow.rego")
	h.input("policy-timeout", "200ms")
	h.input("json-file", "out/report.json")
	h.input("sarif-file", "out/report.sarif")
	h.write("policies/slow.rego", policytest.SlowPolicy)
	h.write(page, fixture(t, "clean.md"))
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})
	assertFailedClosed(t, h, h.run(), action.ExitUsage, "policy evaluation timed out after 200ms")
}

// TestFailClosedAuditKeepsIssue: an audit that cannot evaluate the policies fails its check
// run and leaves the tracking issue as it is: it is neither closed as clean nor rewritten.
func TestFailClosedAuditKeepsIssue(t *testing.T) {
	t.Parallel()
	h := newAudit(t)
	h.input("json-file", "out/report.json")
	h.write(page, fixture(t, "ai-provider.md"))
	if code, _ := h.again(); code != action.ExitFindings {
		t.Fatalf("first audit: exit %d, want %d", code, action.ExitFindings)
	}
	before := h.onlyIssue()
	if err := os.Remove(filepath.Join(h.workspace, "out/report.json")); err != nil {
		t.Fatal(err)
	}

	h.input("policy", "policies/panics.rego")
	h.write("policies/panics.rego", policytest.PanicPolicy)
	code, reqs := h.again()
	assertFailedClosed(t, h, code, action.ExitRuntime, "internal error (panic: "+policytest.PanicValue)
	if w := issueWrites(reqs); len(w) != 0 {
		t.Errorf("the audit without a result wrote to the issue: %q", w)
	}
	if after := h.onlyIssue(); after.State != "open" || after.Body != before.Body {
		t.Errorf("the tracking issue changed: %s", after.State)
	}
}

// unreadable makes path in the workspace something that cannot be read as a page.
var unreadable = []struct {
	name, want string
	make       func(t *testing.T, path string)
}{
	{"directory", "it is a directory, not a regular file", func(t *testing.T, path string) {
		if err := os.MkdirAll(filepath.Join(path, "inside"), 0o755); err != nil {
			t.Fatal(err)
		}
	}},
	{"dangling symbolic link", "it is a symbolic link to a file that does not exist", func(t *testing.T, path string) {
		if err := os.Symlink("gone.md", path); err != nil {
			t.Skipf("cannot create a symbolic link: %v", err)
		}
	}},
	{"named pipe", "it is a named pipe, not a regular file", func(t *testing.T, path string) {
		if err := mkfifo(path); err != nil {
			t.Skipf("cannot create a named pipe: %v", err)
		}
	}},
}

// TestFailClosedUnreadablePage: a changed page that is a directory, a dangling symbolic link
// or a named pipe in the workspace is a file not checked: exit 2, an annotation saying why,
// a failed check run, and never a wait on the pipe. (Tests run as root, for whom a file with
// permissions 000 is readable.)
func TestFailClosedUnreadablePage(t *testing.T) {
	t.Parallel()
	for _, u := range unreadable {
		t.Run(u.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			if err := os.MkdirAll(filepath.Join(h.workspace, "docs"), 0o755); err != nil {
				t.Fatal(err)
			}
			u.make(t, filepath.Join(h.workspace, filepath.FromSlash(page)))
			h.pullRequest(githubtest.File{Path: page, Status: "modified"})

			if code := h.runWithin(time.Minute); code != action.ExitUsage {
				t.Fatalf("exit %d, want %d", code, action.ExitUsage)
			}
			want := "::error file=docs/subprocessors.md,line=1,title=subpolicy%3A file not checked::reading it from the workspace: " + u.want
			if !slices.Contains(h.annotations(), want) {
				t.Errorf("no annotation %q in %q", want, h.annotations())
			}
			cr := h.checkRun()
			if cr.Status != "completed" || cr.Conclusion != "failure" || len(cr.Annotations) != 1 || !strings.Contains(cr.Annotations[0].Message, u.want) {
				t.Errorf("check run %s/%s with annotations %+v, want a failure saying %q", cr.Status, cr.Conclusion, cr.Annotations, u.want)
			}
			if s := h.summary(); !strings.Contains(s, "### Files not checked") || !strings.Contains(s, u.want) {
				t.Errorf("the job summary does not list the file as not checked:\n%s", s)
			}
		})
	}
}

// TestFailClosedUnreadableInAudit: an audit walks into the same three next to a good page:
// each is a file not checked (never skipped), the run fails, and the tracking issue is left
// as it is rather than closed on an incomplete audit.
func TestFailClosedUnreadableInAudit(t *testing.T) {
	t.Parallel()
	h := newAudit(t)
	h.write(page, fixture(t, "ai-provider.md"))
	if code, _ := h.again(); code != action.ExitFindings {
		t.Fatalf("first audit: exit %d, want %d", code, action.ExitFindings)
	}
	before := h.onlyIssue()
	h.write(page, fixture(t, "clean.md")) // the findings are gone, but the audit is incomplete
	var want []string
	for i, u := range unreadable {
		if u.name == "directory" {
			continue // a folder named like a page is a folder to walk
		}
		p := "docs/bad" + string(rune('a'+i)) + ".md"
		u.make(t, filepath.Join(h.workspace, filepath.FromSlash(p)))
		want = append(want, "::error file="+p+",line=1,title=subpolicy%3A file not checked::reading it from the workspace: "+u.want)
	}
	before2 := len(h.srv.Requests())
	h.stdout.Reset()
	for _, p := range []string{h.vars["GITHUB_STEP_SUMMARY"], h.vars["GITHUB_OUTPUT"]} {
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code := h.runWithin(time.Minute)
	reqs := h.srv.Requests()[before2:]
	if code != action.ExitUsage {
		t.Fatalf("exit %d, want %d", code, action.ExitUsage)
	}
	for _, w := range want {
		if !slices.Contains(h.annotations(), w) {
			t.Errorf("no annotation %q in %q", w, h.annotations())
		}
	}
	if cr := h.lastCheckRun(); cr.Conclusion != "failure" {
		t.Errorf("check run %s, want failure", cr.Conclusion)
	}
	if w := issueWrites(reqs); len(w) != 0 {
		t.Errorf("the incomplete audit wrote to the issue: %q", w)
	}
	if after := h.onlyIssue(); after.State != "open" || after.Body != before.Body {
		t.Errorf("the tracking issue changed: %s", after.State)
	}
	if !strings.Contains(h.summary(), "The tracking issue is left as it is") {
		t.Errorf("the job summary does not say why the issue was left alone")
	}
}
