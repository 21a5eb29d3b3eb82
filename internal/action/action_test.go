package action_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/subpolicy/subpolicy/internal/action"
	"github.com/subpolicy/subpolicy/internal/github/githubtest"
)

const page = "docs/subprocessors.md"

// The SP003 annotation of testdata/action/ai-provider.md's Anthropic row (line 19).
const anthropicSP003 = "::error file=docs/subprocessors.md,line=19,col=36,title=SP003%3A AI providers list specific data categories::" +
	`AI provider "Anthropic" lists no specific data categories (found: none); name what is sent to the model, e.g. "prompts, chat transcripts, end-user names"`

var (
	filesPath     = fmt.Sprintf("/repos/%s/%s/pulls/%d/files", owner, repo, prNumber)
	checkRunsPath = fmt.Sprintf("/repos/%s/%s/check-runs", owner, repo)
	contentsPath  = fmt.Sprintf("/repos/%s/%s/contents/", owner, repo)
)

func TestCleanPullRequest(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.pullRequest(githubtest.File{Path: page, Status: "modified"}, githubtest.File{Path: "src/app.go", Status: "modified"})
	h.write(page, fixture(t, "clean.md"))

	if code := h.run(); code != action.ExitOK {
		t.Fatalf("exit %d, want %d", code, action.ExitOK)
	}
	if a := h.annotations(); len(a) != 0 {
		t.Errorf("annotations on a clean page: %q", a)
	}
	cr := h.checkRun()
	if cr.Name != "subpolicy" || cr.HeadSHA != headSHA || cr.Status != "completed" || cr.Conclusion != "success" || cr.Title != "No findings in 1 file" {
		t.Errorf("check run = %q on %s, %s/%s, title %q; want \"subpolicy\" on the head commit, completed/success, \"No findings in 1 file\"",
			cr.Name, cr.HeadSHA, cr.Status, cr.Conclusion, cr.Title)
	}
	files := h.srv.RequestsTo("GET", filesPath)
	if len(files) != 1 || files[0].Query.Get("per_page") != "100" {
		t.Errorf("file listings = %v, want one with per_page=100", h.requests())
	}
	for _, r := range h.under("GET", contentsPath) {
		if r.Query.Get("ref") != baseSHA {
			t.Errorf("the workspace has the file, yet the contents API was asked for it: %v", h.requests())
		}
	}
	if s := h.summary(); !strings.HasPrefix(s, "## subpolicy: no findings\n") || !strings.Contains(s, "Stripe, Inc. · Zendesk, Inc.") {
		t.Errorf("summary:\n%s", s)
	}
	want := map[string]string{
		"errors": "0", "warnings": "0", "notices": "0", "files": "1", "subprocessors": "2", "report": "", "feed-entries": "",
		"added": "0", "removed": "0", "modified": "0", "changed": "false",
	}
	if diff := cmp.Diff(want, h.outputs()); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
}

func TestAIProviderWithoutData(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.pullRequest(githubtest.File{Path: page, Status: "modified", Additions: 1})
	h.write(page, fixture(t, "ai-provider.md"))

	if code := h.run(); code != action.ExitFindings {
		t.Fatalf("exit %d, want %d", code, action.ExitFindings)
	}
	ann := h.annotations()
	if !slices.Contains(ann, anthropicSP003) {
		t.Errorf("no SP003 annotation on the Anthropic row; annotations:\n%s", strings.Join(ann, "\n"))
	}
	if len(ann) != 3 {
		t.Errorf("%d annotations, want all 3 findings (the AI row's empty data cell is SP003's alone)", len(ann))
	}
	cr := h.checkRun()
	if cr.Conclusion != "failure" || cr.Title != "1 error, 1 warning, 1 notice" || cr.HeadSHA != headSHA {
		t.Errorf("check run: %s, %q on %s", cr.Conclusion, cr.Title, cr.HeadSHA)
	}
	var sp003 []githubtest.Annotation
	for _, a := range cr.Annotations {
		if strings.HasPrefix(a.Title, "SP003:") {
			sp003 = append(sp003, a)
		}
	}
	if len(sp003) != 1 || sp003[0].Path != page || sp003[0].StartLine != 19 || sp003[0].EndLine != 19 || sp003[0].StartColumn != 36 || sp003[0].Level != "failure" {
		t.Errorf("check-run SP003 annotations = %+v, want one failure at %s:19:36", sp003, page)
	}
	out := h.outputs()
	if out["errors"] != "1" || out["warnings"] != "1" || out["notices"] != "1" || out["subprocessors"] != "3" {
		t.Errorf("outputs = %v", out)
	}
	if !strings.Contains(h.summary(), "[docs/subprocessors.md:19](https://github.com/Codertocat/Hello-World/blob/"+headSHA+"/docs/subprocessors.md#L19)") {
		t.Errorf("the summary does not link the row at the head commit:\n%s", h.summary())
	}
}

// TestGolden keeps the job log and the job summary of one representative run.
func TestGolden(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})
	h.write(page, fixture(t, "ai-provider.md"))
	h.run()
	normalize := strings.NewReplacer(h.srv.URL, "https://api.github.test").Replace
	golden(t, "ai-provider.log", normalize(h.stdout.String()))
	golden(t, "ai-provider.summary.md", normalize(h.summary()))
}

func TestNoMarkdownChanged(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.pullRequest(
		githubtest.File{Path: "src/main.go", Status: "modified"},
		githubtest.File{Path: "docs/old.txt", Status: "removed"}, // a removed page would be read at the base (TestRemovedPage)
		githubtest.File{Path: "go.mod", Status: "added"},
	)
	if code := h.run(); code != action.ExitOK {
		t.Fatalf("exit %d, want %d", code, action.ExitOK)
	}
	if r := h.under("GET", contentsPath); len(r) != 0 {
		t.Errorf("contents requested for a pull request without Markdown: %v", h.requests())
	}
	s := h.summary()
	if !strings.HasPrefix(s, "## subpolicy: nothing to check\n") || !strings.Contains(s, "changes 3 files and none of them") || len(s) > 600 {
		t.Errorf("want a short \"nothing to check\" summary, got %d bytes:\n%s", len(s), s)
	}
	if cr := h.checkRun(); cr.Conclusion != "success" || cr.Title != "Nothing to check" {
		t.Errorf("check run: %s %q, want success \"Nothing to check\"", cr.Conclusion, cr.Title)
	}
	if out := h.outputs(); out["files"] != "0" || out["errors"] != "0" {
		t.Errorf("outputs = %v", out)
	}
}

func TestManyFindings(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	// Modified, with no base version on the server: checked without comparison, so only
	// the page's own findings count (an added page would have every row added).
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})
	h.write(page, fixture(t, "many-findings.md"))

	if code := h.run(); code != action.ExitFindings {
		t.Fatalf("exit %d, want %d", code, action.ExitFindings)
	}
	count := map[string]int{}
	for _, a := range h.annotations() {
		level, _, _ := strings.Cut(strings.TrimPrefix(a, "::"), " ")
		count[level]++
	}
	if want := map[string]int{"error": 10, "warning": 10, "notice": 1}; !cmp.Equal(count, want) {
		t.Errorf("workflow-command annotations per level = %v, want %v", count, want)
	}
	if !strings.Contains(h.stdout.String(), `subpolicy: 100 annotations more in the check run "subpolicy"`) {
		t.Errorf("the log does not say how many more annotations the check run holds")
	}
	cr := h.checkRun()
	if len(cr.Annotations) != 121 || cr.AnnotationBatches != 3 {
		t.Errorf("check run has %d annotations in %d batches, want 121 in 3", len(cr.Annotations), cr.AnnotationBatches)
	}
	var batches []int
	for _, r := range h.under("", checkRunsPath) {
		out, _ := r.Body["output"].(map[string]any)
		if n := len(asSlice(out["annotations"])); n > 0 {
			batches = append(batches, n)
		}
	}
	if want := []int{50, 50, 21}; !cmp.Equal(batches, want) {
		t.Errorf("annotations per request = %v, want %v", batches, want)
	}
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

func TestForkFallsBack(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})
	h.write(page, fixture(t, "many-findings.md"))
	head := h.pull()["head"].(map[string]any)
	head["repo"].(map[string]any)["full_name"] = "someone/Hello-World"
	head["repo"].(map[string]any)["fork"] = true
	h.srv.DenyWrites(checkRunsPath)

	if code := h.run(); code != action.ExitFindings {
		t.Fatalf("exit %d, want %d", code, action.ExitFindings)
	}
	var notices []string
	for _, c := range h.commands("notice") {
		if !strings.Contains(c, " file=") {
			notices = append(notices, c)
		}
	}
	if len(notices) != 1 || !strings.Contains(notices[0], "checks: write") || !strings.Contains(notices[0], "fork") || !strings.Contains(notices[0], "403") {
		t.Errorf("want one notice naming the 403, the fork and checks: write, got %q", notices)
	}
	if n := len(h.annotations()); n != 121 {
		t.Errorf("%d workflow-command annotations, want all 121", n)
	}
	if runs := h.srv.CheckRuns(); len(runs) != 0 {
		t.Errorf("check runs created despite the 403: %+v", runs)
	}
	if s := h.summary(); !strings.Contains(s, "No subpolicy check run: this pull request comes from a fork") {
		t.Errorf("the summary does not explain the missing check run:\n%s", s)
	}
}

// commandLine is a workflow command as the action writes them: known names, known
// properties whose values hold no separators, one line.
var commandLine = regexp.MustCompile(`^::(add-mask|error|warning|notice)( (file|line|col|endColumn|title)=[^,:\n]*(,(file|line|col|endColumn|title)=[^,:\n]*)*)?::[^\n]*$`)

func TestUntrustedTextIsEscaped(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})
	h.write(page, fixture(t, "escaping.md"))
	h.input("json-file", "subpolicy.json")

	if code := h.run(); code != action.ExitFindings {
		t.Fatalf("exit %d, want %d", code, action.ExitFindings)
	}
	for l := range strings.Lines(h.stdout.String()) {
		l = strings.TrimSuffix(l, "\n")
		if strings.HasPrefix(strings.TrimSpace(l), "::") && !commandLine.MatchString(l) {
			t.Errorf("unexpected workflow command in the log: %q", l)
		}
		if strings.HasPrefix(l, "::error::x") || strings.Contains(l, "%0A::") {
			t.Errorf("page text smuggled a command: %q", l)
		}
	}
	if !strings.Contains(h.stdout.String(), `AI provider "Evil %250A::error::x %25s | <img src=x> @org/team #12 OpenAI" lists no specific data categories`) {
		t.Errorf("the SP003 message is not in the log, escaped")
	}
	cr := h.checkRun()
	for name, md := range map[string]string{"job summary": h.summary(), "check-run summary": cr.Summary, "check-run title": cr.Title} {
		for _, bad := range []string{"<img", "@org/team", "#12", "| <"} {
			if strings.Contains(md, bad) {
				t.Errorf("the %s contains %q:\n%s", name, bad, md)
			}
		}
	}
	if !strings.Contains(h.summary(), `Evil %0A::error::x %s \| &lt;img src=x&gt; @`+"\u200d"+`org/team \#`) {
		t.Errorf("the summary does not show the name escaped:\n%s", h.summary())
	}
	var rep struct {
		Findings []struct{ Subprocessor string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(h.readFile(h.workspace+"/subpolicy.json")), &rep); err != nil {
		t.Fatalf("JSON report: %v", err)
	}
	if !slices.ContainsFunc(rep.Findings, func(f struct{ Subprocessor string }) bool {
		return f.Subprocessor == "Evil %0A::error::x %s | <img src=x> @org/team #12 OpenAI"
	}) {
		t.Errorf("the JSON report must keep the text as it is: %+v", rep.Findings)
	}
	if out := h.outputs(); out["errors"] != "1" || out["report"] != "subpolicy.json" {
		t.Errorf("outputs = %v", out)
	}
}

func TestFileMissingFromWorkspace(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.input("paths", "docs/**/*.md\n")
	h.pullRequest(githubtest.File{Path: page, Status: "modified"}, githubtest.File{Path: "notes/other.md", Status: "modified"})
	h.srv.SetContent(owner, repo, headSHA, page, []byte(fixture(t, "ai-provider.md")))
	h.srv.SetContent(owner, repo, headSHA, "notes/other.md", []byte(fixture(t, "escaping.md")))

	if code := h.run(); code != action.ExitFindings {
		t.Fatalf("exit %d, want %d", code, action.ExitFindings)
	}
	var got []string
	for _, r := range h.under("GET", contentsPath) {
		got = append(got, r.Path+"?ref="+r.Query.Get("ref"))
	}
	want := []string{
		fmt.Sprintf("/repos/%s/%s/contents/%s?ref=%s", owner, repo, page, headSHA),
		fmt.Sprintf("/repos/%s/%s/contents/%s?ref=%s", owner, repo, page, baseSHA),
	}
	if !cmp.Equal(got, want) {
		t.Errorf("contents requests = %q, want only %q (the page at the head and base commits, nothing for files outside paths)", got, want)
	}
	if !slices.Contains(h.annotations(), anthropicSP003) {
		t.Errorf("no SP003 annotation on the fetched page")
	}
	if !strings.Contains(h.stdout.String(), "through the contents API at the head commit 4f0c1a8") {
		t.Errorf("the log does not say the file came from the API")
	}
}

func TestRetriedFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		fail     func(s *githubtest.Server)
		requests string // the endpoint that failed first
		method   string
		log      string
	}{
		{"502 then success", func(s *githubtest.Server) {
			s.FailNext("GET", filesPath, githubtest.Response{Status: http.StatusBadGateway})
		}, filesPath, "GET", "502, retrying"},
		{"secondary rate limit", func(s *githubtest.Server) {
			s.FailNext("POST", checkRunsPath, githubtest.SecondaryRateLimit(1))
		}, checkRunsPath, "POST", "403 secondary rate limit (retry-after 1s), retrying in 1s"},
		{"dropped connection", func(s *githubtest.Server) {
			s.FailNext("GET", contentsPath+page, githubtest.Response{Disconnect: true})
			// net/http itself retries an idempotent request whose reused connection
			// dropped, so the log may not show it.
		}, contentsPath + page, "GET", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			h.pullRequest(githubtest.File{Path: page, Status: "modified"})
			h.srv.SetContent(owner, repo, headSHA, page, []byte(fixture(t, "clean.md")))
			tt.fail(h.srv)

			start := time.Now()
			if code := h.run(); code != action.ExitOK {
				t.Fatalf("exit %d, want %d", code, action.ExitOK)
			}
			// The base version is read once more, at the base commit.
			n := len(slices.DeleteFunc(h.srv.RequestsTo(tt.method, tt.requests), func(r githubtest.Request) bool { return r.Query.Get("ref") == baseSHA }))
			if n != 2 {
				t.Errorf("%d requests to %s %s, want 2 (one failure, one retry)", n, tt.method, tt.requests)
			}
			if !strings.Contains(h.stdout.String(), tt.log) {
				t.Errorf("the log does not mention the retry (%q)", tt.log)
			}
			if cr := h.checkRun(); cr.Conclusion != "success" {
				t.Errorf("conclusion %q, want success", cr.Conclusion)
			}
			if tt.name == "secondary rate limit" && time.Since(start) < time.Second {
				t.Errorf("the retry did not wait for Retry-After")
			}
		})
	}
}

func TestPersistentFailures(t *testing.T) {
	t.Parallel()
	failing := make([]githubtest.Response, 30)
	for i := range failing {
		failing[i] = githubtest.Response{Status: http.StatusInternalServerError}
	}
	tests := []struct {
		name    string
		method  string
		path    string
		message string
		// sinks: the findings still reach the log and the job summary.
		sinks bool
	}{
		{"listing files", "GET", filesPath, "listing the files of pull request #7 failed: github: list files of pull request Codertocat/Hello-World#7: 500", false},
		{"reading a file", "GET", contentsPath + page, `reading "docs/subprocessors.md" at the head commit 4f0c1a8 failed`, false},
		{"creating the check run", "POST", checkRunsPath, `publishing the check run "subpolicy" failed: github: create check run "subpolicy" on Codertocat/Hello-World: 500`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			h.env.MaxRetryWait = time.Millisecond
			h.pullRequest(githubtest.File{Path: page, Status: "modified"})
			h.srv.SetContent(owner, repo, headSHA, page, []byte(fixture(t, "ai-provider.md")))
			h.srv.FailNext(tt.method, tt.path, failing...)

			if code := h.run(); code != action.ExitRuntime {
				t.Fatalf("exit %d, want %d", code, action.ExitRuntime)
			}
			errs := h.commands("error")
			if !slices.ContainsFunc(errs, func(c string) bool { return strings.Contains(c, tt.message) }) {
				t.Errorf("no error command containing %q: %q", tt.message, errs)
			}
			if tt.sinks {
				if n := len(h.annotations()); n != 3 {
					t.Errorf("%d annotations, want all 3 when the check run failed", n)
				}
				if !strings.Contains(h.summary(), "## subpolicy: 1 error") {
					t.Errorf("the job summary was not written:\n%s", h.summary())
				}
			}
		})
	}
}

func TestInvalidInputs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		set  func(h *harness)
		want string
	}{
		{"fail-on", func(h *harness) { h.input("fail-on", "fatal") },
			`input "fail-on": unknown fail-on value "fatal" (valid: error, warning, notice, never)`},
		{"boolean", func(h *harness) { h.input("annotations", "yes") },
			`input "annotations" is "yes" (valid: true, false)`},
		{"glob", func(h *harness) { h.input("paths", "docs/[.md") },
			`input "paths": pattern "docs/[.md" is not a valid glob`},
		{"negated glob", func(h *harness) { h.input("paths", "**/*.md\n!vendor/**") },
			`pattern "!vendor/**" starts with "!"`},
		{"no policies", func(h *harness) { h.input("default-policies", "false") },
			`input "default-policies" is false and input "policy" names no policies`},
		{"no workspace", func(h *harness) { delete(h.vars, "GITHUB_WORKSPACE") },
			`GITHUB_WORKSPACE is not set: "subpolicy action" runs as a step of a GitHub Actions job`},
		{"repository", func(h *harness) { h.vars["GITHUB_REPOSITORY"] = "nope" },
			`GITHUB_REPOSITORY is "nope", not "owner/repo"`},
		{"event payload", func(h *harness) { h.payload = map[string]any{"action": "opened"} },
			`has no "pull_request"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			h.pullRequest(githubtest.File{Path: page})
			tt.set(h)
			if code := h.run(); code != action.ExitUsage {
				t.Fatalf("exit %d, want %d", code, action.ExitUsage)
			}
			errs := h.commands("error")
			if !slices.ContainsFunc(errs, func(c string) bool { return strings.Contains(c, tt.want) }) {
				t.Errorf("no error command containing %q: %q", tt.want, errs)
			}
			if r := h.srv.Requests(); len(r) != 0 {
				t.Errorf("invalid input still reached the API: %v", h.requests())
			}
		})
	}
}

func TestTokenMaskedAndNeverPrinted(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})
	h.write(page, fixture(t, "ai-provider.md"))
	h.input("json-file", "r.json")
	h.run()

	log := h.stdout.String()
	if first, _, _ := strings.Cut(log, "\n"); first != "::add-mask::"+githubtest.Token {
		t.Errorf("the first line is %q, want the token masked", first)
	}
	if n := strings.Count(log, githubtest.Token); n != 1 {
		t.Errorf("the token appears %d times in the log, want only in add-mask", n)
	}
	for name, s := range map[string]string{"summary": h.summary(), "outputs": h.readFile(h.vars["GITHUB_OUTPUT"]), "report": h.readFile(h.workspace + "/r.json")} {
		if strings.Contains(s, githubtest.Token) {
			t.Errorf("the token is in the %s", name)
		}
	}
	for _, r := range h.srv.Requests() {
		if r.Header.Get("Authorization") != "Bearer "+githubtest.Token {
			t.Errorf("%s %s sent Authorization %q", r.Method, r.Path, r.Header.Get("Authorization"))
		}
	}
}

func TestNoTokenFallsBack(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.input("github-token", "")
	h.srv.SetToken("") // a public repository answers anonymous reads
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})
	h.write(page, fixture(t, "ai-provider.md"))

	if code := h.run(); code != action.ExitFindings {
		t.Fatalf("exit %d, want %d", code, action.ExitFindings)
	}
	if strings.Contains(h.stdout.String(), "::add-mask::") {
		t.Errorf("nothing to mask, yet add-mask was written")
	}
	notices := h.commands("notice")
	if len(notices) != 2 || !strings.Contains(notices[0], "has no github-token") || !strings.Contains(notices[0], "checks: write") {
		t.Errorf("want the no-token notice and the SP020 notice, got %q", notices)
	}
	if r := h.under("", checkRunsPath); len(r) != 0 {
		t.Errorf("check-run requests without a token: %v", h.requests())
	}
	if n := len(h.annotations()); n != 3 {
		t.Errorf("%d annotations, want all 3", n)
	}
}

func TestCheckRunDisabledAndAnnotationsOff(t *testing.T) {
	t.Parallel()
	t.Run("no check run", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.input("check-name", "")
		h.pullRequest(githubtest.File{Path: page, Status: "modified"})
		h.write(page, fixture(t, "many-findings.md"))
		if code := h.run(); code != action.ExitFindings {
			t.Fatalf("exit %d, want %d", code, action.ExitFindings)
		}
		if r := h.under("", checkRunsPath); len(r) != 0 {
			t.Errorf("check-run requests with check-name empty: %v", h.requests())
		}
		if n := len(h.annotations()); n != 121 {
			t.Errorf("%d annotations, want all 121 without a check run", n)
		}
		if !strings.Contains(h.stdout.String(), "GitHub shows at most 10 errors and 10 warnings of a step on the pull request") {
			t.Errorf("the log does not warn about GitHub's display limit")
		}
	})
	t.Run("annotations off", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.input("annotations", "false")
		h.input("summary", "false")
		h.pullRequest(githubtest.File{Path: page, Status: "modified"})
		h.write(page, fixture(t, "ai-provider.md"))
		if code := h.run(); code != action.ExitFindings {
			t.Fatalf("exit %d, want %d", code, action.ExitFindings)
		}
		if a := h.annotations(); len(a) != 0 {
			t.Errorf("annotations written with annotations: false: %q", a)
		}
		if s := h.summary(); s != "" {
			t.Errorf("summary written with summary: false:\n%s", s)
		}
		if cr := h.checkRun(); len(cr.Annotations) != 3 {
			t.Errorf("the check run holds %d annotations, want 3", len(cr.Annotations))
		}
	})
}

func TestFailOn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		failOn     string
		code       int
		conclusion string
	}{
		{"error", action.ExitFindings, "failure"},
		{"notice", action.ExitFindings, "failure"},
		{"never", action.ExitOK, "neutral"},
	}
	for _, tt := range tests {
		t.Run(tt.failOn, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			h.input("fail-on", tt.failOn)
			h.pullRequest(githubtest.File{Path: page, Status: "modified"})
			h.write(page, fixture(t, "ai-provider.md"))
			if code := h.run(); code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
			if cr := h.checkRun(); cr.Conclusion != tt.conclusion {
				t.Errorf("conclusion %q, want %q", cr.Conclusion, tt.conclusion)
			}
		})
	}
}

func TestUnreadablePage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.pullRequest(githubtest.File{Path: "docs/bad.md", Status: "added"}, githubtest.File{Path: page, Status: "modified"})
	h.write("docs/bad.md", "| Name | Purpose |\n|---|---|\n| Acme\xff | Email |\n")
	h.write(page, fixture(t, "clean.md"))

	if code := h.run(); code != action.ExitUsage {
		t.Fatalf("exit %d, want %d", code, action.ExitUsage)
	}
	want := "::error file=docs/bad.md,line=1,title=subpolicy%3A file not checked::invalid UTF-8"
	if !slices.Contains(h.annotations(), want) {
		t.Errorf("no annotation %q in %q", want, h.annotations())
	}
	cr := h.checkRun()
	if cr.Conclusion != "failure" || cr.Title != "0 errors, 0 warnings, 0 notices; 1 file not checked" || len(cr.Annotations) != 1 {
		t.Errorf("check run: %s %q with %d annotations", cr.Conclusion, cr.Title, len(cr.Annotations))
	}
	if s := h.summary(); !strings.Contains(s, "### Files not checked") || !strings.Contains(s, "Stripe, Inc.") {
		t.Errorf("summary:\n%s", s)
	}
}

const customPolicy = `# METADATA
# title: Stripe needs a review
# description: Flags Stripe rows for a test.
# custom:
#   id: CU001
#   severity: warning
package subpolicy.rules.custom

warn contains {"msg": sprintf("%s needs a review by %s", [sp.name, data.subpolicy.config.reviewer]), "subprocessor": sp.name} if {
	some sp in input.subprocessors
	startswith(sp.name, "Stripe")
	print(concat("\n", ["checking", "::error::injected"]))
}

info contains {"msg": sprintf("context: %s %s #%d by %s, labels %s, head %s, base %s, now %s", [
	c.mode, c.event, c.pull_request.number, c.pull_request.author,
	concat(",", c.pull_request.labels), c.head_sha, c.base_sha, c.now,
])} if {
	c := input.context
}
`

func TestCustomPolicy(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.input("default-policies", "false")
	h.input("policy", "policies\n")
	h.input("data", "policies/config.yaml")
	h.input("policy-source", "head") // the pull request adds the rule: evaluate it as the pull request leaves it
	h.write("policies/custom.rego", customPolicy)
	h.write("policies/config.yaml", "reviewer: privacy@example.com\n")
	h.write(page, fixture(t, "clean.md"))
	h.pullRequest(githubtest.File{Path: page, Status: "modified"}, githubtest.File{Path: "policies/custom.rego", Status: "added"})

	if code := h.run(); code != action.ExitOK {
		t.Fatalf("exit %d, want %d (a warning is below fail-on error)", code, action.ExitOK)
	}
	want := "::warning file=docs/subprocessors.md,line=17,col=1,title=CU001%3A Stripe needs a review::Stripe, Inc. needs a review by privacy@example.com"
	if !slices.Contains(h.annotations(), want) {
		t.Errorf("no annotation %q in %q", want, h.annotations())
	}
	if cr := h.checkRun(); cr.Conclusion != "neutral" {
		t.Errorf("conclusion %q, want neutral", cr.Conclusion)
	}
	context := "::notice file=docs/subprocessors.md,line=1,col=1,title=CU001%3A Stripe needs a review::context: pull_request pull_request #7 by Codertocat, labels privacy-review, head " +
		headSHA + ", base " + baseSHA + ", now 2026-11-28T00:00:00Z"
	if !slices.Contains(h.annotations(), context) {
		t.Errorf("the policies did not see the pull request's context %q in %q", context, h.annotations())
	}
	warnings := h.commands("warning")
	if !slices.ContainsFunc(warnings, func(c string) bool {
		return strings.Contains(c, `changes policy or data files the action loads ("policies/custom.rego")`)
	}) {
		t.Errorf("no warning that the pull request changes the policies: %q", warnings)
	}
	if !strings.Contains(h.stdout.String(), "\npolicy print: ::error::injected\n") {
		t.Errorf("print() output is not in the log as a plain line")
	}
	for l := range strings.Lines(h.stdout.String()) {
		if strings.HasPrefix(l, "::error::injected") {
			t.Errorf("print() output started a workflow command")
		}
	}
}

func TestPolicyErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.input("default-policies", "false")
	h.input("policy", "policies")
	h.write("policies/bad.rego", "package subpolicy.rules.bad\n\ndeny contains msg if {\n    msg := \"x\" +\n}\n")
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})

	if code := h.run(); code != action.ExitUsage {
		t.Fatalf("exit %d, want %d", code, action.ExitUsage)
	}
	errs := h.commands("error")
	if len(errs) == 0 || !strings.HasPrefix(errs[0], "::error file=policies/bad.rego,line=") || strings.Contains(errs[0], h.workspace) {
		t.Errorf("want an error annotation on policies/bad.rego with a repository-relative path, got %q", errs)
	}
	// With policy-source base, the pull request's file list tells whether the policies are
	// its own; nothing more reaches the API.
	if r := h.requests(); len(r) != 1 || !strings.HasPrefix(r[0], "GET /repos/Codertocat/Hello-World/pulls/7/files") {
		t.Errorf("a policy error still reached the API: %v", r)
	}
}

func TestAuditMode(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.vars["GITHUB_EVENT_NAME"] = "push"
	h.vars["GITHUB_REF"] = "refs/heads/main"
	h.payload = map[string]any{"ref": "refs/heads/main", "after": mergeSHA}
	h.srv.SetContent(owner, repo, mergeSHA, "README.md", []byte("# Hello\n")) // makes the commit known
	h.write(page, fixture(t, "ai-provider.md"))
	h.write("README.md", "# Hello\n")
	for _, skipped := range []string{"node_modules/pkg/README.md", "vendor/mod/sub.md", ".git/notes.md"} {
		h.write(skipped, fixture(t, "escaping.md"))
	}
	h.write("docs/notes.txt", fixture(t, "escaping.md"))

	if code := h.run(); code != action.ExitFindings {
		t.Fatalf("exit %d, want %d", code, action.ExitFindings)
	}
	if !strings.Contains(h.stdout.String(), `subpolicy: audit mode (event "push" has no pull request)`) {
		t.Errorf("the log does not say which mode ran")
	}
	for _, a := range h.annotations() {
		if !strings.Contains(a, "file="+page+",") {
			t.Errorf("annotation outside %s: %q", page, a)
		}
	}
	cr := h.checkRun()
	if cr.HeadSHA != mergeSHA || cr.Conclusion != "failure" {
		t.Errorf("check run on %s: %s; want on GITHUB_SHA, failure", cr.HeadSHA, cr.Conclusion)
	}
	if r := h.srv.RequestsTo("GET", "/repos/*/*/pulls/*/files"); len(r) != 0 {
		t.Errorf("audit mode listed pull request files")
	}
	if out := h.outputs(); out["files"] != "2" {
		t.Errorf("files = %s, want 2 (the page and README.md)", out["files"])
	}
}

func TestRunnerFilesUnset(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	delete(h.vars, "GITHUB_STEP_SUMMARY")
	delete(h.vars, "GITHUB_OUTPUT")
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})
	h.write(page, fixture(t, "ai-provider.md"))
	if code := h.run(); code != action.ExitFindings {
		t.Fatalf("exit %d, want %d", code, action.ExitFindings)
	}
}

func TestLargePullRequestIsCapped(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	files := []githubtest.File{{Path: page, Status: "modified"}}
	for i := range 3000 {
		files = append(files, githubtest.File{Path: fmt.Sprintf("src/file%04d.go", i), Status: "added"})
	}
	h.pullRequest(files...)
	h.write(page, fixture(t, "clean.md"))

	if code := h.run(); code != action.ExitOK {
		t.Fatalf("exit %d, want %d", code, action.ExitOK)
	}
	if n := len(h.srv.RequestsTo("GET", filesPath)); n != 30 {
		t.Errorf("%d pages listed, want 30 of 100", n)
	}
	if !slices.ContainsFunc(h.commands("warning"), func(c string) bool { return strings.Contains(c, "GitHub lists at most 3000 files") }) {
		t.Errorf("no warning about the 3,000-file cap")
	}
	if !strings.Contains(h.summary(), "files past the first 3000 were not checked") {
		t.Errorf("the summary does not mention the cap:\n%s", h.summary())
	}
}

func TestActionMetadata(t *testing.T) {
	t.Parallel()
	md := readMetadata(t)
	var inputs, outputs []string
	for name, in := range md.Inputs {
		inputs = append(inputs, name)
		if in.Description == "" || in.Default == nil {
			t.Errorf("input %q needs a description and a default", name)
		}
	}
	for name, out := range md.Outputs {
		outputs = append(outputs, name)
		if out.Description == "" {
			t.Errorf("output %q needs a description", name)
		}
	}
	sorted := func(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }
	if diff := cmp.Diff(sorted(action.Inputs), sorted(inputs)); diff != "" {
		t.Errorf("action.yml inputs differ from what the action reads (-action +action.yml):\n%s", diff)
	}
	if diff := cmp.Diff(sorted(action.Outputs), sorted(outputs)); diff != "" {
		t.Errorf("action.yml outputs differ from what the action sets (-action +action.yml):\n%s", diff)
	}
	if md.Runs.Using != "docker" || md.Runs.Image != "Dockerfile" || !cmp.Equal(md.Runs.Args, []string{"action"}) {
		t.Errorf("runs = %+v, want docker, Dockerfile, [action]", md.Runs)
	}
	if def := md.Inputs["paths"].Default; def == nil || !cmp.Equal(strings.Fields(*def), action.DefaultPaths) {
		t.Errorf("the paths default in action.yml differs from DefaultPaths %q", action.DefaultPaths)
	}
}

// TestPullRequestTarget reads the pull request's files at the head commit: the workspace
// of a pull_request_target run holds the base branch.
func TestPullRequestTarget(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.vars["GITHUB_EVENT_NAME"] = "pull_request_target"
	h.vars["GITHUB_SHA"] = baseSHA
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})
	h.write(page, fixture(t, "clean.md")) // the base branch's version
	h.srv.SetContent(owner, repo, headSHA, page, []byte(fixture(t, "ai-provider.md")))

	if code := h.run(); code != action.ExitFindings {
		t.Fatalf("exit %d, want %d", code, action.ExitFindings)
	}
	if r := h.srv.RequestsTo("GET", contentsPath+page); len(r) != 2 || r[0].Query.Get("ref") != headSHA || r[1].Query.Get("ref") != baseSHA {
		t.Errorf("want one contents request at the head commit, then one at the base commit, got %v", h.requests())
	}
	if !slices.Contains(h.annotations(), anthropicSP003) {
		t.Errorf("the head commit's page was not checked")
	}
	if cr := h.checkRun(); cr.HeadSHA != headSHA {
		t.Errorf("check run on %s, want the head commit", cr.HeadSHA)
	}
}

// TestSymlinkOutOfWorkspace: a pull request cannot make the action read, and publish, a
// file outside the workspace through a symbolic link.
func TestSymlinkOutOfWorkspace(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	secret := filepath.Join(h.dir, "secret.md")
	if err := os.WriteFile(secret, []byte("| Name | Purpose |\n|---|---|\n| TOPSECRET | x |\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(h.workspace, "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(h.workspace, filepath.FromSlash(page))); err != nil {
		t.Skipf("cannot create a symbolic link: %v", err)
	}
	h.pullRequest(githubtest.File{Path: page, Status: "added"})

	if code := h.run(); code != action.ExitUsage {
		t.Fatalf("exit %d, want %d", code, action.ExitUsage)
	}
	for name, s := range map[string]string{"log": h.stdout.String(), "summary": h.summary(), "check run": h.checkRun().Summary} {
		if strings.Contains(s, "TOPSECRET") {
			t.Errorf("the %s shows the content of a file outside the workspace", name)
		}
	}
	if !slices.ContainsFunc(h.annotations(), func(c string) bool {
		return strings.HasPrefix(c, "::error file=docs/subprocessors.md,line=1,title=subpolicy%3A file not checked::reading it from the workspace")
	}) {
		t.Errorf("the link is not reported as a file not checked: %q", h.annotations())
	}
}

// TestEnterpriseServer talks to the API below GITHUB_API_URL's path, as on GitHub
// Enterprise Server (https://HOST/api/v3).
func TestEnterpriseServer(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.vars["GITHUB_API_URL"] = h.srv.URL + "/api/v3"
	h.vars["GITHUB_SERVER_URL"] = "https://ghe.example"
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})
	h.write(page, fixture(t, "ai-provider.md"))
	if code := h.run(); code != action.ExitFindings {
		t.Fatalf("exit %d, want %d", code, action.ExitFindings)
	}
	for _, r := range h.srv.Requests() {
		if !strings.HasPrefix(r.Path, "/api/v3/") {
			t.Errorf("%s %s is not below /api/v3", r.Method, r.Path)
		}
	}
	if !strings.Contains(h.summary(), "(https://ghe.example/Codertocat/Hello-World/blob/"+headSHA+"/docs/subprocessors.md#L19)") {
		t.Errorf("links do not use GITHUB_SERVER_URL:\n%s", h.summary())
	}
}
