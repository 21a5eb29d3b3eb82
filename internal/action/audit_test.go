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

// auditSHA is GITHUB_SHA of the scheduled audits.
const auditSHA = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"

var issuesPath = fmt.Sprintf("/repos/%s/%s/issues", owner, repo)

// newAudit prepares a scheduled run (event "schedule", the real payload shape) with the
// tracking issue on.
func newAudit(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	h.vars["GITHUB_EVENT_NAME"] = "schedule"
	h.vars["GITHUB_REF"] = "refs/heads/main"
	h.vars["GITHUB_RUN_ID"] = "4242"
	h.payload = map[string]any{"schedule": "17 3 * * 1"}
	h.at(auditSHA)
	h.input("issue", "true")
	return h
}

// at makes sha the commit the next run audits, and known to the server.
func (h *harness) at(sha string) {
	h.vars["GITHUB_SHA"] = sha
	h.srv.SetContent(owner, repo, sha, "README.md", []byte("# Hello\n"))
}

// again runs the action once more in the same workspace against the same server, with a
// fresh job log, job summary and outputs, and returns the exit code and the requests this
// run made.
func (h *harness) again() (int, []githubtest.Request) {
	h.t.Helper()
	before := len(h.srv.Requests())
	h.stdout.Reset()
	for _, p := range []string{h.vars["GITHUB_STEP_SUMMARY"], h.vars["GITHUB_OUTPUT"]} {
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			h.t.Fatal(err)
		}
	}
	code := h.run()
	return code, h.srv.Requests()[before:]
}

// issueWrites returns "METHOD path" of the requests that change issues or their comments.
func issueWrites(reqs []githubtest.Request) []string {
	var out []string
	for _, r := range reqs {
		if r.Method != "GET" && strings.HasPrefix(r.Path, issuesPath) {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}

// onlyIssue returns the only issue of the repository.
func (h *harness) onlyIssue() githubtest.Issue {
	h.t.Helper()
	issues := h.srv.Issues(owner, repo)
	if len(issues) != 1 {
		h.t.Fatalf("the repository has %d issues, want exactly 1: %+v", len(issues), issues)
	}
	return issues[0]
}

// withAnthropicData gives ai-provider.md's Anthropic row data categories: its two errors go,
// its warning stays.
func withAnthropicData(t *testing.T) string {
	t.Helper()
	page := fixture(t, "ai-provider.md")
	fixed := strings.Replace(page, "| Anthropic | AI Service Provider | |", "| Anthropic | AI Service Provider | Prompts, chat transcripts |", 1)
	if fixed == page {
		t.Fatal("ai-provider.md no longer has the Anthropic row this test edits")
	}
	return fixed
}

// movedRows moves ai-provider.md's Anthropic row to the top of the table and adds lines
// above it: every finding moves to another line, none changes.
func movedRows(t *testing.T) string {
	t.Helper()
	page := fixture(t, "ai-provider.md")
	lines := strings.SplitAfter(page, "\n")
	anthropic := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "| Anthropic ") })
	stripe := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "| Stripe") })
	if anthropic < 0 || stripe < 0 {
		t.Fatal("ai-provider.md no longer has the rows this test moves")
	}
	row := lines[anthropic]
	lines = slices.Insert(slices.Delete(lines, anthropic, anthropic+1), stripe, row)
	return strings.Replace(strings.Join(lines, ""), "# Subprocessors\n", "# Subprocessors\n\nThe companies below process personal data for us.\nWe review them every year.\n", 1)
}

// TestAuditTrackingIssue walks the tracking issue through its life in scheduled audits:
// created with the findings, untouched when they are the same (even when rows moved),
// rewritten when they change, closed when the audit is clean, left alone while it stays
// clean, and reopened (never a second issue) when findings return.
func TestAuditTrackingIssue(t *testing.T) {
	t.Parallel()
	h := newAudit(t)
	h.write(page, fixture(t, "ai-provider.md"))
	h.write("README.md", "# Hello\n\nNo tables here.\n")
	h.write("docs/guide/setup.md", "# Setup\n\n| Plan | Price |\n|---|---|\n| Pro | $10 |\n")

	// 1. Findings: the issue is created, the run fails on the errors.
	code, reqs := h.again()
	if code != action.ExitFindings {
		t.Fatalf("first audit: exit %d, want %d", code, action.ExitFindings)
	}
	if w := issueWrites(reqs); !slices.Equal(w, []string{"POST " + issuesPath}) {
		t.Errorf("first audit: issue writes %q, want one POST", w)
	}
	is := h.onlyIssue()
	body := is.Body
	for _, want := range []string{
		"<!-- subpolicy:audit-issue -->",
		"## subpolicy audit: 1 error, 1 warning",
		"The audit of [`a1b2c3d`](https://github.com/Codertocat/Hello-World/commit/" + auditSHA + ") on 2026-11-28 ([workflow run](https://github.com/Codertocat/Hello-World/actions/runs/4242))",
		"in 1 file",
		"### [docs/subprocessors.md](https://github.com/Codertocat/Hello-World/blob/" + auditSHA + "/docs/subprocessors.md)",
		"| ❌ error | [SP003](https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp003) | Anthropic | AI provider \"Anthropic\" lists no specific data categories",
		"[19](https://github.com/Codertocat/Hello-World/blob/" + auditSHA + "/docs/subprocessors.md#L19) |",
		"| ⚠️ warning | [SP004]",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the issue body lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "SP020") {
		t.Errorf("the issue lists a notice:\n%s", body)
	}
	if is.Title != "subpolicy audit: 1 error, 1 warning" || is.State != "open" || !slices.Equal(is.Labels, []string{"subpolicy"}) {
		t.Errorf("issue %q, %s, labels %q; want the counts, open, labelled subpolicy", is.Title, is.State, is.Labels)
	}
	if s := h.summary(); !strings.Contains(s, "Tracking issue [#1]("+h.srv.URL+"/Codertocat/Hello-World/issues/1): created.") {
		t.Errorf("the job summary does not link the new issue:\n%s", s)
	}
	if cr := h.srv.CheckRuns(); len(cr) != 1 || cr[0].HeadSHA != auditSHA || cr[0].Conclusion != "failure" {
		t.Errorf("check runs = %+v, want one on GITHUB_SHA, failure", cr)
	}

	// 2. The same findings at a later commit, rows moved: the issue is not touched.
	h.at("b1b2c3d4e5f60718293a4b5c6d7e8f9012345678")
	h.write(page, movedRows(t))
	code, reqs = h.again()
	if code != action.ExitFindings {
		t.Fatalf("second audit: exit %d, want %d", code, action.ExitFindings)
	}
	if w := issueWrites(reqs); len(w) != 0 {
		t.Errorf("second audit, same findings: issue writes %q, want none", w)
	}
	if got := h.onlyIssue(); got.Body != body {
		t.Errorf("second audit changed the issue body")
	}
	if !strings.Contains(h.stdout.String(), "subpolicy: tracking issue #1 unchanged: it already lists these 2 error and warning findings") {
		t.Errorf("the log does not say the issue is unchanged")
	}

	// 3. A changed finding set: the issue is rewritten in place.
	h.write(page, withAnthropicData(t))
	code, reqs = h.again()
	if code != action.ExitOK {
		t.Fatalf("third audit (warnings only): exit %d, want %d", code, action.ExitOK)
	}
	if w := issueWrites(reqs); !slices.Equal(w, []string{"PATCH " + issuesPath + "/1"}) {
		t.Errorf("third audit: issue writes %q, want one PATCH of #1", w)
	}
	is = h.onlyIssue()
	if is.State != "open" || is.Title != "subpolicy audit: 0 errors, 1 warning" || strings.Contains(is.Body, "SP003") || !strings.Contains(is.Body, "SP004") {
		t.Errorf("third audit: issue %q (%s):\n%s", is.Title, is.State, is.Body)
	}

	// 4. A clean audit: the issue is closed with a comment.
	h.write(page, fixture(t, "clean.md"))
	code, reqs = h.again()
	if code != action.ExitOK {
		t.Fatalf("clean audit: exit %d, want %d", code, action.ExitOK)
	}
	if w := issueWrites(reqs); !slices.Equal(w, []string{"POST " + issuesPath + "/1/comments", "PATCH " + issuesPath + "/1"}) {
		t.Errorf("clean audit: issue writes %q, want a comment then a PATCH of #1", w)
	}
	is = h.onlyIssue()
	comments := h.srv.Comments(owner, repo, 1)
	if is.State != "closed" || len(comments) != 1 || !strings.Contains(comments[0].Body, "found no error or warning findings, so this issue is closed") {
		t.Errorf("clean audit: issue %s, comments %+v", is.State, comments)
	}

	// 5. Still clean: nothing to do.
	code, reqs = h.again()
	if w := issueWrites(reqs); code != action.ExitOK || len(w) != 0 {
		t.Errorf("second clean audit: exit %d, issue writes %q; want 0 and none", code, w)
	}

	// 6. The findings return: the same issue is reopened, no second one.
	h.write(page, fixture(t, "ai-provider.md"))
	code, reqs = h.again()
	if code != action.ExitFindings {
		t.Fatalf("findings back: exit %d, want %d", code, action.ExitFindings)
	}
	if w := issueWrites(reqs); !slices.Equal(w, []string{"PATCH " + issuesPath + "/1"}) {
		t.Errorf("findings back: issue writes %q, want one PATCH of #1", w)
	}
	if is = h.onlyIssue(); is.State != "open" || is.Title != "subpolicy audit: 1 error, 1 warning" {
		t.Errorf("findings back: issue %q is %s, want reopened", is.Title, is.State)
	}
	if s := h.summary(); !strings.Contains(s, "Tracking issue [#1]("+h.srv.URL+"/Codertocat/Hello-World/issues/1): reopened.") {
		t.Errorf("the job summary does not say the issue was reopened:\n%s", s)
	}
}

// TestAuditIssueClosedByHand leaves an issue closed by a person while it lists the very
// findings the audit still finds, and reopens it once they change.
func TestAuditIssueClosedByHand(t *testing.T) {
	t.Parallel()
	h := newAudit(t)
	h.write(page, fixture(t, "ai-provider.md"))
	if code, _ := h.again(); code != action.ExitFindings {
		t.Fatalf("exit %d", code)
	}
	is := h.onlyIssue()
	is.State = "closed"
	h.srv.AddIssue(owner, repo, is)

	code, reqs := h.again()
	if w := issueWrites(reqs); code != action.ExitFindings || len(w) != 0 {
		t.Errorf("same findings after a person closed the issue: exit %d, writes %q; want %d and none", code, w, action.ExitFindings)
	}
	if !strings.Contains(h.stdout.String(), "was closed while it listed these same findings; it stays closed until they change") {
		t.Errorf("the log does not say why the issue stays closed")
	}

	h.write(page, withAnthropicData(t))
	_, reqs = h.again()
	if w := issueWrites(reqs); !slices.Equal(w, []string{"PATCH " + issuesPath + "/1"}) || h.onlyIssue().State != "open" {
		t.Errorf("changed findings: writes %q, issue %s; want it reopened", w, h.onlyIssue().State)
	}
}

// TestAuditIssueFindsItsOwn ignores issues without the marker and issues without the label,
// and finds the tracking issue among many.
func TestAuditIssueFindsItsOwn(t *testing.T) {
	t.Parallel()
	h := newAudit(t)
	h.input("issue-label", "privacy")
	h.srv.AddIssue(owner, repo, githubtest.Issue{Title: "Unrelated", Body: "a bug", Labels: []string{"privacy"}})
	h.srv.AddIssue(owner, repo, githubtest.Issue{Title: "Quoted", Body: "<!-- subpolicy:audit-issue --> in an issue without the label"})
	for i := range 120 { // more than one page of labelled issues
		h.srv.AddIssue(owner, repo, githubtest.Issue{Title: fmt.Sprintf("Other %d", i), Body: "x", Labels: []string{"privacy"}})
	}
	h.write(page, fixture(t, "ai-provider.md"))
	if code, reqs := h.again(); code != action.ExitFindings || len(issueWrites(reqs)) != 1 {
		t.Fatalf("exit %d, writes %q", code, issueWrites(reqs))
	}
	issues := h.srv.Issues(owner, repo)
	created := issues[len(issues)-1]
	if !slices.Equal(created.Labels, []string{"privacy"}) || !strings.Contains(created.Body, "<!-- subpolicy:audit-issue -->") {
		t.Fatalf("created issue %+v", created)
	}
	// More labelled issues after it: it is still found, not created again.
	for i := range 30 {
		h.srv.AddIssue(owner, repo, githubtest.Issue{Title: fmt.Sprintf("Later %d", i), Body: "x", Labels: []string{"privacy"}})
	}
	if code, reqs := h.again(); code != action.ExitFindings || len(issueWrites(reqs)) != 0 {
		t.Errorf("second run: exit %d, writes %q; want the issue found and untouched", code, issueWrites(reqs))
	}
	if got := h.srv.Issues(owner, repo); len(got) != len(issues)+30 {
		t.Errorf("%d issues, want %d: a second tracking issue was created", len(got), len(issues)+30)
	}
}

// TestAuditIssueWithoutPermission gets 403 from every issue write: one notice, no crash, and
// the exit code is the findings'.
func TestAuditIssueWithoutPermission(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		setup func(h *harness)
	}{
		{"create", func(h *harness) { h.srv.DenyWrites(issuesPath) }},
		{"list", func(h *harness) {
			h.srv.FailNext("GET", issuesPath, githubtest.Response{Status: 403, Body: `{"message":"Resource not accessible by integration"}`})
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newAudit(t)
			h.write(page, fixture(t, "ai-provider.md"))
			tt.setup(h)
			if code, _ := h.again(); code != action.ExitFindings {
				t.Fatalf("exit %d, want %d (the findings')", code, action.ExitFindings)
			}
			notices := slices.DeleteFunc(h.commands("notice"), func(c string) bool { return !strings.Contains(c, "no tracking issue") })
			if len(notices) != 1 || !strings.Contains(notices[0], "the token lacks the `issues: write` permission") {
				t.Errorf("notices = %q, want one about issues: write", notices)
			}
			if errs := h.commands("error"); slices.ContainsFunc(errs, func(c string) bool { return !strings.Contains(c, "file=") }) {
				t.Errorf("errors besides the findings: %q", errs)
			}
			if len(h.srv.Issues(owner, repo)) != 0 {
				t.Errorf("an issue was created")
			}
			if s := h.summary(); !strings.Contains(s, "No tracking issue: the token lacks the `issues: write` permission.") {
				t.Errorf("the job summary does not say why there is no issue:\n%s", s)
			}
			if cr := h.checkRun(); cr.Conclusion != "failure" {
				t.Errorf("check run %s, want failure", cr.Conclusion)
			}
		})
	}
}

func TestAuditIssueServerError(t *testing.T) {
	t.Parallel()
	h := newAudit(t)
	h.env.MaxRetryWait = -1 // no retries
	h.write(page, fixture(t, "clean.md"))
	h.srv.AddIssue(owner, repo, githubtest.Issue{Title: "old", Body: "<!-- subpolicy:audit-issue -->\nold findings", Labels: []string{"subpolicy"}})
	h.srv.FailNext("POST", issuesPath+"/1/comments", githubtest.Response{Status: 502})
	if code, _ := h.again(); code != action.ExitRuntime {
		t.Fatalf("exit %d, want %d: an API failure must show", code, action.ExitRuntime)
	}
	if h.onlyIssue().State != "open" {
		t.Errorf("the issue was closed although its comment failed")
	}
}

// TestAuditEvents runs audits from the events and modes that pick them.
func TestAuditEvents(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, event, payload, mode string
	}{
		{"workflow_dispatch", "workflow_dispatch", "workflow_dispatch.json", ""},
		{"push", "push", "push.json", "auto"},
		{"pull_request with mode audit", "pull_request", "pull_request.opened.json", "audit"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			h.vars["GITHUB_EVENT_NAME"] = tt.event
			h.input("mode", tt.mode)
			if err := json.Unmarshal([]byte(fixture(t, tt.payload)), &h.payload); err != nil {
				t.Fatal(err)
			}
			h.at(auditSHA)
			h.write(page, fixture(t, "ai-provider.md"))
			h.write("docs/clean.md", fixture(t, "clean.md"))
			for i := range 5 {
				h.write(fmt.Sprintf("docs/guide/page%d.md", i), "# Guide\n\nText.\n")
			}
			if code := h.run(); code != action.ExitFindings {
				t.Fatalf("exit %d, want %d", code, action.ExitFindings)
			}
			if !strings.Contains(h.stdout.String(), "subpolicy: audit mode (") {
				t.Errorf("not an audit")
			}
			if r := h.srv.RequestsTo("GET", "/repos/*/*/pulls/*/files"); len(r) != 0 {
				t.Errorf("an audit listed pull request files")
			}
			if cr := h.checkRun(); cr.HeadSHA != auditSHA {
				t.Errorf("check run on %s, want GITHUB_SHA", cr.HeadSHA)
			}
			if out := h.outputs(); out["files"] != "7" || out["errors"] != "1" || out["subprocessors"] != "5" {
				t.Errorf("outputs %v", out)
			}
			s := h.summary()
			if strings.Contains(s, "page0.md") || !strings.Contains(s, "5 other files have no subprocessor table.") ||
				!strings.Contains(s, "| [docs/clean.md](") {
				t.Errorf("the audit's summary should list the pages and count the other files:\n%s", s)
			}
			if len(h.srv.Issues(owner, repo)) != 0 {
				t.Errorf("an issue was created though input issue is false")
			}
		})
	}
}

func TestModeInput(t *testing.T) {
	t.Parallel()
	t.Run("pull-request on schedule", func(t *testing.T) {
		t.Parallel()
		h := newAudit(t)
		h.input("mode", "pull-request")
		if code := h.run(); code != action.ExitUsage {
			t.Fatalf("exit %d, want %d", code, action.ExitUsage)
		}
		if errs := h.commands("error"); len(errs) != 1 || !strings.Contains(errs[0], `input "mode" is "pull-request" but the event "schedule" has no pull request`) {
			t.Errorf("errors %q", errs)
		}
	})
	t.Run("unknown", func(t *testing.T) {
		t.Parallel()
		h := newAudit(t)
		h.input("mode", "weekly")
		if code := h.run(); code != action.ExitUsage {
			t.Fatalf("exit %d, want %d", code, action.ExitUsage)
		}
		if errs := h.commands("error"); len(errs) != 1 || !strings.Contains(errs[0], `input "mode" is "weekly" (valid: auto, audit, pull-request)`) {
			t.Errorf("errors %q", errs)
		}
		if len(h.srv.Requests()) != 0 {
			t.Errorf("an invalid input reached the API")
		}
	})
	t.Run("issue in pull-request mode", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.input("issue", "true")
		h.pullRequest(githubtest.File{Path: page, Status: "modified"})
		h.write(page, fixture(t, "ai-provider.md"))
		if code := h.run(); code != action.ExitFindings {
			t.Fatalf("exit %d", code)
		}
		if r := h.srv.RequestsTo("", "/repos/*/*/issues"); len(r) != 0 {
			t.Errorf("a pull-request run touched issues: %v", h.requests())
		}
		if !strings.Contains(h.stdout.String(), "the tracking issue is kept by audits only") {
			t.Errorf("the log does not say why there is no issue")
		}
	})
}

// TestAuditSARIF writes the SARIF report of an audit for upload-sarif.
func TestAuditSARIF(t *testing.T) {
	t.Parallel()
	h := newAudit(t)
	h.env.Version = "v9.9.9"
	h.input("issue", "false")
	h.input("sarif-file", "results/subpolicy.sarif")
	h.write(page, fixture(t, "ai-provider.md"))
	if code := h.run(); code != action.ExitFindings {
		t.Fatalf("exit %d", code)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Name, Version string
					Rules         []struct{ ID string }
				}
			}
			VersionControlProvenance []struct{ RepositoryURI, RevisionID string }
			Results                  []struct {
				RuleID    string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string }
						Region           struct{ StartLine int }
					}
				}
				PartialFingerprints map[string]string
			}
		}
	}
	b, err := os.ReadFile(filepath.Join(h.workspace, "results", "subpolicy.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs", len(log.Runs))
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "subpolicy" || run.Tool.Driver.Version != "v9.9.9" || len(run.Tool.Driver.Rules) == 0 {
		t.Errorf("tool %+v", run.Tool.Driver)
	}
	if vc := run.VersionControlProvenance; len(vc) != 1 || vc[0].RepositoryURI != "https://github.com/Codertocat/Hello-World" || vc[0].RevisionID != auditSHA {
		t.Errorf("versionControlProvenance %+v", vc)
	}
	if len(run.Results) != 3 {
		t.Fatalf("%d results, want the 3 findings", len(run.Results))
	}
	for _, r := range run.Results {
		loc := r.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URI != page || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" || loc.Region.StartLine != 19 || r.PartialFingerprints["subpolicy/v1"] == "" {
			t.Errorf("result %+v", r)
		}
	}
	if !strings.Contains(h.stdout.String(), `subpolicy: SARIF report written to "results/subpolicy.sarif" (3 results;`) {
		t.Errorf("the log does not mention the SARIF report")
	}
}

// TestAuditIssueLabelDropped warns when GitHub creates the issue without its label (it drops
// labels the token may not set): the next audit could not find the issue.
func TestAuditIssueLabelDropped(t *testing.T) {
	t.Parallel()
	h := newAudit(t)
	h.write(page, fixture(t, "ai-provider.md"))
	h.srv.FailNext("POST", issuesPath, githubtest.Response{Status: 201,
		Body: `{"number": 9, "title": "subpolicy audit: 1 error, 1 warning", "state": "open", "labels": [], "html_url": "https://github.com/Codertocat/Hello-World/issues/9"}`})
	if code, _ := h.again(); code != action.ExitFindings {
		t.Fatalf("exit %d, want %d", code, action.ExitFindings)
	}
	warnings := h.commands("warning")
	if !slices.ContainsFunc(warnings, func(c string) bool {
		return strings.Contains(c, `created the tracking issue #9 without the label "subpolicy"`)
	}) {
		t.Errorf("no warning about the dropped label: %q", warnings)
	}
}

// TestAuditIssuesDisabled gets 410 Gone, GitHub's answer when a repository has issues turned
// off: a notice, and the exit code is the findings'.
func TestAuditIssuesDisabled(t *testing.T) {
	t.Parallel()
	h := newAudit(t)
	h.write(page, fixture(t, "ai-provider.md"))
	h.srv.FailNext("GET", issuesPath, githubtest.Response{Status: 410, Body: `{"message":"Issues are disabled for this repo"}`})
	if code, _ := h.again(); code != action.ExitFindings {
		t.Fatalf("exit %d, want %d", code, action.ExitFindings)
	}
	notices := h.commands("notice")
	if !slices.ContainsFunc(notices, func(c string) bool { return strings.Contains(c, "issues are disabled in this repository") }) {
		t.Errorf("no notice about disabled issues: %q", notices)
	}
}
