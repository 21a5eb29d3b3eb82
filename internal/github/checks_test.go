package github_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/subpolicy/subpolicy/internal/github"
	"github.com/subpolicy/subpolicy/internal/github/githubtest"
)

func annotations(n int) []github.Annotation {
	out := make([]github.Annotation, n)
	for i := range out {
		out[i] = github.Annotation{
			Path: "docs/subprocessors.md", StartLine: i + 1, EndLine: i + 1, StartColumn: 3, EndColumn: 9,
			Level: "warning", Title: "SP001", Message: fmt.Sprintf("finding %d", i+1),
		}
	}
	return out
}

// output returns a request body's output object.
func output(r githubtest.Request) map[string]any {
	o, _ := r.Body["output"].(map[string]any)
	return o
}

func annotationCount(r githubtest.Request) int {
	a, _ := output(r)["annotations"].([]any)
	return len(a)
}

func newCheckServer(t *testing.T) *githubtest.Server {
	s := githubtest.NewServer(t)
	s.AddPullRequest("o", "r", githubtest.PullRequest{Number: 7, HeadSHA: "headsha", BaseSHA: "basesha"})
	return s
}

func TestPublishCheckRunSendsAnnotationsFiftyAtATime(t *testing.T) {
	t.Parallel()
	s := newCheckServer(t)
	c, _ := newClient(t, s)
	run := github.CheckRun{
		Name: "subpolicy", HeadSHA: "headsha", Conclusion: "failure",
		Title: "120 findings", Summary: "## Summary", Text: "details", Annotations: annotations(120),
	}
	url, err := c.PublishCheckRun(context.Background(), "o", "r", run)
	if err != nil {
		t.Fatal(err)
	}

	// One create, two PATCHes of 50, and the completion carrying the last 20.
	reqs := s.Requests()
	runs := s.CheckRuns()
	if len(runs) != 1 {
		t.Fatalf("%d check runs, want 1", len(runs))
	}
	id := strconv.FormatInt(runs[0].ID, 10)
	wantPaths := []string{
		"POST /repos/o/r/check-runs",
		"PATCH /repos/o/r/check-runs/" + id,
		"PATCH /repos/o/r/check-runs/" + id,
		"PATCH /repos/o/r/check-runs/" + id,
	}
	if diff := cmp.Diff(wantPaths, paths(reqs)); diff != "" {
		t.Fatalf("requests (-want +got):\n%s", diff)
	}
	if got := reqs[0].Body["status"]; got != "in_progress" {
		t.Errorf("create status = %v, want in_progress", got)
	}
	if reqs[0].Body["output"] != nil {
		t.Errorf("create carries output %v, want none", reqs[0].Body["output"])
	}
	for i, want := range []int{50, 50, 20} {
		r := reqs[i+1]
		if got := annotationCount(r); got != want {
			t.Errorf("PATCH %d carries %d annotations, want %d", i+1, got, want)
		}
		if o := output(r); o["title"] != "120 findings" || o["summary"] != "## Summary" {
			t.Errorf("PATCH %d output title/summary = %v/%v, want them repeated", i+1, o["title"], o["summary"])
		}
		last := i == 2
		if _, has := r.Body["conclusion"]; has != last {
			t.Errorf("PATCH %d has conclusion = %v, want %v", i+1, has, last)
		}
	}

	got := runs[0]
	want := githubtest.CheckRunState{
		ID: got.ID, Repo: "o/r", Name: "subpolicy", HeadSHA: "headsha", Status: "completed", Conclusion: "failure",
		HTMLURL: url,
		Title:   "120 findings", Summary: "## Summary", Text: "details",
		AnnotationBatches: 3, Updates: 3,
	}
	for _, a := range annotations(120) {
		want.Annotations = append(want.Annotations, githubtest.Annotation{
			Path: a.Path, StartLine: a.StartLine, EndLine: a.EndLine, StartColumn: a.StartColumn, EndColumn: a.EndColumn,
			Level: a.Level, Title: a.Title, Message: a.Message,
		})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("check run (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(url, s.URL+"/o/r/runs/") {
		t.Errorf("url = %q, want the check run's html_url", url)
	}
}

func TestPublishCheckRunWithoutAnnotationsIsCreateAndComplete(t *testing.T) {
	t.Parallel()
	s := newCheckServer(t)
	c, _ := newClient(t, s)
	if _, err := c.PublishCheckRun(context.Background(), "o", "r", github.CheckRun{Name: "subpolicy", HeadSHA: "headsha", Conclusion: "success"}); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Requests()); n != 2 {
		t.Errorf("made %d requests, want 2", n)
	}
	got := s.CheckRuns()[0]
	if got.Status != "completed" || got.Conclusion != "success" || got.Title != "subpolicy" || got.Summary != "subpolicy" {
		t.Errorf("check run = %+v, want completed, success, title and summary defaulting to the name", got)
	}
}

func TestPublishCheckRunTruncatesToTheAPILimits(t *testing.T) {
	t.Parallel()
	s := newCheckServer(t)
	c, _ := newClient(t, s)
	summary := strings.Repeat("x", 100_000)
	var text strings.Builder
	for i := 0; text.Len() < 90_000; i++ {
		fmt.Fprintf(&text, "| row %d | ok |\n", i)
	}
	run := github.CheckRun{
		Name: "subpolicy", HeadSHA: "headsha", Conclusion: "neutral",
		Title: strings.Repeat("T", 300), Summary: summary, Text: text.String(),
		Annotations: []github.Annotation{{Path: "a.md", StartLine: 1, Level: "notice", Title: strings.Repeat("t", 300), Message: strings.Repeat("m", 70_000)}},
	}
	if _, err := c.PublishCheckRun(context.Background(), "o", "r", run); err != nil {
		t.Fatal(err) // the fake answers 422 past any limit
	}
	got := s.CheckRuns()[0]

	if len(got.Summary) > 65535 {
		t.Errorf("summary has %d bytes, want at most 65535", len(got.Summary))
	}
	kept := strings.Count(got.Summary, "x")
	if kept < 65_000 {
		t.Errorf("summary kept %d characters, want nearly 65535", kept)
	}
	if note := fmt.Sprintf("\n\n… truncated: %d more characters; see the job summary", 100_000-kept); !strings.HasSuffix(got.Summary, note) {
		t.Errorf("summary ends %q, want the note %q", got.Summary[len(got.Summary)-80:], note)
	}

	body, _, ok := strings.Cut(got.Text, "\n\n… truncated: ")
	if !ok || len(got.Text) > 65535 {
		t.Fatalf("text (%d bytes) is not truncated with a note", len(got.Text))
	}
	if !strings.HasPrefix(text.String(), body) || text.String()[len(body)] != '\n' {
		t.Errorf("text is not cut at a line end: ends %q", body[len(body)-20:])
	}

	if n := len(got.Title); n > 255 || !strings.HasSuffix(got.Title, "…") {
		t.Errorf("title has %d bytes (%q…), want at most 255 ending in an ellipsis", n, got.Title[:10])
	}
	a := got.Annotations[0]
	if len(a.Message) >= 64<<10 || len(a.Title) > 255 {
		t.Errorf("annotation message %d bytes, title %d bytes; want below 64 KiB and 255", len(a.Message), len(a.Title))
	}
}

func TestPublishCheckRunShapesAnnotations(t *testing.T) {
	t.Parallel()
	s := newCheckServer(t)
	c, _ := newClient(t, s)
	run := github.CheckRun{Name: "subpolicy", HeadSHA: "headsha", Conclusion: "failure", Annotations: []github.Annotation{
		{Path: "a.md", StartLine: 3, EndLine: 5, StartColumn: 2, EndColumn: 4, Level: "failure", Message: "multi-line: columns dropped"},
		{Path: "a.md", StartLine: 3, StartColumn: 2, Level: "warning", Message: "end line and column default to the start"},
		{Path: "a.md", Level: "notice", Message: "no line: line 1"},
	}}
	if _, err := c.PublishCheckRun(context.Background(), "o", "r", run); err != nil {
		t.Fatal(err)
	}
	want := []githubtest.Annotation{
		{Path: "a.md", StartLine: 3, EndLine: 5, Level: "failure", Message: "multi-line: columns dropped"},
		{Path: "a.md", StartLine: 3, EndLine: 3, StartColumn: 2, EndColumn: 2, Level: "warning", Message: "end line and column default to the start"},
		{Path: "a.md", StartLine: 1, EndLine: 1, Level: "notice", Message: "no line: line 1"},
	}
	if diff := cmp.Diff(want, s.CheckRuns()[0].Annotations); diff != "" {
		t.Errorf("annotations (-want +got):\n%s", diff)
	}
}

func TestPublishCheckRunRejectsBadInputBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	s := newCheckServer(t)
	c, _ := newClient(t, s)
	for _, tc := range []struct {
		run  github.CheckRun
		want string
	}{
		{github.CheckRun{Name: "n", HeadSHA: "headsha", Conclusion: "passed"}, `conclusion "passed" is not one of`},
		{github.CheckRun{Name: "n", Conclusion: "success"}, "no head SHA"},
		{github.CheckRun{HeadSHA: "headsha", Conclusion: "success"}, "no name"},
		{github.CheckRun{Name: "n", HeadSHA: "headsha", Conclusion: "success", Annotations: []github.Annotation{{Path: "a.md", StartLine: 2, Level: "error", Message: "m"}}},
			`annotation 1 (a.md:2): level "error" is not one of notice, warning, failure`},
		{github.CheckRun{Name: "n", HeadSHA: "headsha", Conclusion: "success", Annotations: []github.Annotation{{Path: "a.md", Level: "notice"}}},
			"empty message"},
	} {
		_, err := c.PublishCheckRun(context.Background(), "o", "r", tc.run)
		wantErrContaining(t, err, tc.want)
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("made %d requests, want none", n)
	}
}

func TestPublishCheckRunForkTokenIsAPermissionError(t *testing.T) {
	t.Parallel()
	s := newCheckServer(t)
	s.DenyWrites("/repos/o/r/")
	c, log := newClient(t, s)
	_, err := c.PublishCheckRun(context.Background(), "o", "r", github.CheckRun{Name: "subpolicy", HeadSHA: "headsha", Conclusion: "success", Annotations: annotations(3)})
	wantErrContaining(t, err, `github: create check run "subpolicy" on o/r: 403 Resource not accessible by integration`)
	if !github.IsPermission(err) || github.IsAuth(err) || github.IsRateLimit(err) {
		t.Errorf("IsPermission/IsAuth/IsRateLimit = %v/%v/%v, want true/false/false", github.IsPermission(err), github.IsAuth(err), github.IsRateLimit(err))
	}
	if n := len(s.Requests()); n != 1 {
		t.Errorf("made %d requests, want 1 (a 403 is not retried)", n)
	}
	if lines := log.all(); len(lines) != 0 {
		t.Errorf("retry log = %q, want empty", lines)
	}
}

func TestPublishCheckRunCompletesTheRunWhenAnnotationsFail(t *testing.T) {
	t.Parallel()
	s := newCheckServer(t)
	s.FailNext("PATCH", "/repos/o/r/check-runs/*", githubtest.Response{Status: 422})
	c, _ := newClient(t, s)
	url, err := c.PublishCheckRun(context.Background(), "o", "r", github.CheckRun{Name: "subpolicy", HeadSHA: "headsha", Conclusion: "failure", Summary: "S", Annotations: annotations(120)})
	wantErrContaining(t, err, "add annotations 1-50 of 120", "422 Unprocessable Entity")
	if url == "" {
		t.Error("url is empty although the check run exists")
	}
	if n := len(s.Requests()); n != 3 {
		t.Errorf("made %d requests, want 3 (create, failed PATCH, completion)", n)
	}
	got := s.CheckRuns()[0]
	if got.Status != "completed" || got.Conclusion != "failure" || len(got.Annotations) != 0 {
		t.Errorf("check run status %q conclusion %q with %d annotations, want completed failure 0", got.Status, got.Conclusion, len(got.Annotations))
	}
	if want := "> Only 0 of 120 annotations could be attached"; !strings.HasPrefix(got.Summary, want) || !strings.HasSuffix(got.Summary, "\n\nS") {
		t.Errorf("summary = %q, want the note then the summary", got.Summary)
	}
}

func TestPublishCheckRunUnknownHeadSHA(t *testing.T) {
	t.Parallel()
	s := newCheckServer(t)
	c, _ := newClient(t, s)
	_, err := c.PublishCheckRun(context.Background(), "o", "r", github.CheckRun{Name: "subpolicy", HeadSHA: "nosuchsha", Conclusion: "success"})
	wantErrContaining(t, err, "422 No commit found for SHA: nosuchsha")
	if github.IsPermission(err) {
		t.Error("a 422 is not a permission error")
	}
}

// A run cancelled while the check run is being filled (the job was cancelled) still completes
// it, as cancelled: a check run left in_progress would hold a required check forever.
func TestPublishCheckRunCompletesTheRunWhenCancelled(t *testing.T) {
	t.Parallel()
	s := newCheckServer(t)
	s.FailNext("PATCH", "/repos/o/r/check-runs/*", githubtest.Response{Status: 200, Delay: time.Minute})
	c, _ := newClient(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	url, err := c.PublishCheckRun(ctx, "o", "r", github.CheckRun{Name: "subpolicy", HeadSHA: "headsha", Conclusion: "success", Summary: "S", Annotations: annotations(120)})
	if !errors.Is(err, context.DeadlineExceeded) || url == "" {
		t.Errorf("PublishCheckRun = %q, %v; want the URL and the context's error", url, err)
	}
	got := s.CheckRuns()[0]
	if got.Status != "completed" || got.Conclusion != "cancelled" || !strings.HasPrefix(got.Summary, "> subpolicy was stopped") {
		t.Errorf("check run status %q conclusion %q summary %q, want completed, cancelled, with the note", got.Status, got.Conclusion, got.Summary)
	}
}
