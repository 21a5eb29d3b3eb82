package githubtest_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/subpolicy/subpolicy/internal/github/githubtest"
)

// call sends one request with the server's token and returns status, headers and body.
func call(t *testing.T, s *githubtest.Server, method, path string, body any) (int, http.Header, []byte) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+githubtest.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

func message(t *testing.T, body []byte) string {
	t.Helper()
	var e struct {
		Message string `json:"message"`
		Doc     string `json:"documentation_url"`
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Doc == "" {
		t.Fatalf("error body %q is not GitHub's {message, documentation_url}", body)
	}
	return e.Message
}

func TestListsSendLinkHeaders(t *testing.T) {
	s := githubtest.NewServer(t)
	files := make([]githubtest.File, 250)
	for i := range files {
		files[i].Path = fmt.Sprintf("f%d.md", i)
	}
	s.AddPullRequest("o", "r", githubtest.PullRequest{Number: 1, HeadSHA: "h", BaseSHA: "b", Files: files})
	base := s.URL + "/repos/o/r/pulls/1/files"
	for _, tc := range []struct {
		query string
		n     int
		link  string
	}{
		{"", 30, fmt.Sprintf(`<%s?page=2&per_page=30>; rel="next", <%s?page=9&per_page=30>; rel="last"`, base, base)},
		{"?per_page=500&page=2", 100, fmt.Sprintf(`<%s?page=1&per_page=100>; rel="prev", <%s?page=3&per_page=100>; rel="next", <%s?page=3&per_page=100>; rel="last", <%s?page=1&per_page=100>; rel="first"`, base, base, base, base)},
		{"?per_page=100&page=3", 50, fmt.Sprintf(`<%s?page=2&per_page=100>; rel="prev", <%s?page=1&per_page=100>; rel="first"`, base, base)},
	} {
		status, h, body := call(t, s, "GET", "/repos/o/r/pulls/1/files"+tc.query, nil)
		var got []map[string]any
		if err := json.Unmarshal(body, &got); status != 200 || err != nil {
			t.Fatalf("%s: status %d, body %.100s", tc.query, status, body)
		}
		if len(got) != tc.n {
			t.Errorf("%s: %d files, want %d", tc.query, len(got), tc.n)
		}
		if diff := cmp.Diff(tc.link, h.Get("Link")); diff != "" {
			t.Errorf("%s: Link (-want +got):\n%s", tc.query, diff)
		}
	}
}

func TestAuthentication(t *testing.T) {
	s := githubtest.NewServer(t)
	s.AddIssue("o", "r", githubtest.Issue{Title: "t"})
	resp, err := http.Get(s.URL + "/repos/o/r/issues/1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 401 || message(t, body) != "Bad credentials" {
		t.Errorf("no token: %d %s, want 401 Bad credentials", resp.StatusCode, body)
	}
	if status, _, _ := call(t, s, "GET", "/repos/o/r/issues/1", nil); status != 200 {
		t.Errorf("with the token: %d, want 200", status)
	}
	s.SetToken("")
	resp, err = http.Get(s.URL + "/repos/o/r/issues/1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("SetToken(\"\") then no token: %d, want 200", resp.StatusCode)
	}
}

func TestContents(t *testing.T) {
	s := githubtest.NewServer(t)
	content := bytes.Repeat([]byte("subprocessor "), 20)
	s.SetContent("o", "r", "sha1", "docs/a.md", content)
	s.SetContent("o", "r", "sha1", "docs/deep/b.md", []byte("b"))

	status, _, body := call(t, s, "GET", "/repos/o/r/contents/docs/a.md?ref=sha1", nil)
	var file struct {
		Type, Encoding, Content, SHA, Path string
	}
	if err := json.Unmarshal(body, &file); status != 200 || err != nil {
		t.Fatalf("status %d, body %s", status, body)
	}
	lines := strings.Split(strings.TrimSuffix(file.Content, "\n"), "\n")
	for _, l := range lines[:len(lines)-1] {
		if len(l) != 60 {
			t.Errorf("base64 line of %d characters, want 60", len(l))
		}
	}
	decoded, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(file.Content, "\n", ""))
	if err != nil || !bytes.Equal(decoded, content) || file.Type != "file" || file.Encoding != "base64" || file.Path != "docs/a.md" || len(file.SHA) != 40 {
		t.Errorf("file = %+v", file)
	}

	status, _, body = call(t, s, "GET", "/repos/o/r/contents/docs?ref=sha1", nil)
	var dir []struct{ Type, Path string }
	if err := json.Unmarshal(body, &dir); status != 200 || err != nil {
		t.Fatalf("directory: status %d, body %s", status, body)
	}
	if diff := cmp.Diff([]struct{ Type, Path string }{{"file", "docs/a.md"}, {"dir", "docs/deep"}}, dir); diff != "" {
		t.Errorf("listing (-want +got):\n%s", diff)
	}

	for path, want := range map[string]string{
		"/repos/o/r/contents/docs/a.md?ref=nope":       "No commit found for the ref nope",
		"/repos/o/r/contents/docs/a.md":                "No commit found for the ref main",
		"/repos/o/r/contents/docs/missing.md?ref=sha1": "Not Found",
		"/repos/o/other/contents/docs/a.md?ref=sha1":   "Not Found",
	} {
		status, _, body := call(t, s, "GET", path, nil)
		if status != 404 || message(t, body) != want {
			t.Errorf("%s: %d %s, want 404 %q", path, status, body, want)
		}
	}
}

func TestCheckRunLimitsAnswer422(t *testing.T) {
	s := githubtest.NewServer(t)
	s.AddPullRequest("o", "r", githubtest.PullRequest{Number: 1, HeadSHA: "head", BaseSHA: "base"})
	ann := func(n int) []map[string]any {
		out := make([]map[string]any, n)
		for i := range out {
			out[i] = map[string]any{"path": "a.md", "start_line": 1, "end_line": 1, "annotation_level": "notice", "message": "m"}
		}
		return out
	}
	output := func(summary string, annotations []map[string]any) map[string]any {
		return map[string]any{"title": "t", "summary": summary, "annotations": annotations}
	}
	for name, tc := range map[string]struct {
		body map[string]any
		want string
	}{
		"unknown sha":      {map[string]any{"name": "n", "head_sha": "nope"}, "No commit found for SHA: nope"},
		"no name":          {map[string]any{"head_sha": "head"}, `"name" wasn't supplied.`},
		"51 annotations":   {map[string]any{"name": "n", "head_sha": "head", "output": output("s", ann(51))}, "Only 50 annotations are allowed per request; 51 were supplied."},
		"long summary":     {map[string]any{"name": "n", "head_sha": "head", "output": output(strings.Repeat("é", 65536), nil)}, "Only 65535 characters are allowed; 65536 were supplied."},
		"multiline column": {map[string]any{"name": "n", "head_sha": "head", "output": output("s", []map[string]any{{"path": "a.md", "start_line": 1, "end_line": 2, "start_column": 1, "annotation_level": "notice", "message": "m"}})}, "start_column and end_column"},
		"bad level":        {map[string]any{"name": "n", "head_sha": "head", "output": output("s", []map[string]any{{"path": "a.md", "start_line": 1, "end_line": 1, "annotation_level": "error", "message": "m"}})}, `"error" is not a valid annotation_level`},
		"no conclusion":    {map[string]any{"name": "n", "head_sha": "head", "status": "completed"}, `"conclusion" wasn't supplied.`},
	} {
		status, _, body := call(t, s, "POST", "/repos/o/r/check-runs", tc.body)
		if status != 422 || !strings.Contains(message(t, body), tc.want) {
			t.Errorf("%s: %d %s, want 422 %q", name, status, body, tc.want)
		}
	}
	if runs := s.CheckRuns(); len(runs) != 0 {
		t.Errorf("rejected requests created %d check runs", len(runs))
	}

	status, _, body := call(t, s, "POST", "/repos/o/r/check-runs", map[string]any{"name": "n", "head_sha": "head", "output": output("s", ann(50))})
	var created struct {
		ID      int64
		HTMLURL string `json:"html_url"`
		Status  string
	}
	if err := json.Unmarshal(body, &created); status != 201 || err != nil || created.Status != "queued" || created.HTMLURL == "" {
		t.Fatalf("create: %d %s", status, body)
	}
	status, _, body = call(t, s, "PATCH", fmt.Sprintf("/repos/o/r/check-runs/%d", created.ID), map[string]any{"conclusion": "success", "output": output("done", ann(2))})
	if status != 200 {
		t.Fatalf("update: %d %s", status, body)
	}
	got := s.CheckRuns()[0]
	if got.Status != "completed" || got.Conclusion != "success" || got.Summary != "done" || len(got.Annotations) != 52 || got.AnnotationBatches != 2 || got.Updates != 1 {
		t.Errorf("check run = %+v", got)
	}
}

func TestFailNextAndDenyWrites(t *testing.T) {
	s := githubtest.NewServer(t)
	s.AddIssue("o", "r", githubtest.Issue{Title: "t"})
	s.FailNext("GET", "/repos/o/r/issues/*", githubtest.Response{Status: 502}, githubtest.SecondaryRateLimit(7))
	s.DenyWrites("/repos/o/r/issues")

	status, _, _ := call(t, s, "GET", "/repos/o/r/issues/1", nil)
	if status != 502 {
		t.Errorf("first GET: %d, want 502", status)
	}
	status, h, body := call(t, s, "GET", "/repos/o/r/issues/1", nil)
	if status != 403 || h.Get("Retry-After") != "7" || !strings.Contains(message(t, body), "secondary rate limit") {
		t.Errorf("second GET: %d %v %s, want the secondary rate limit", status, h, body)
	}
	if status, _, _ := call(t, s, "GET", "/repos/o/r/issues/1", nil); status != 200 {
		t.Errorf("third GET: %d, want 200 once the queue is empty", status)
	}
	status, _, body = call(t, s, "POST", "/repos/o/r/issues/1/comments", map[string]any{"body": "b"})
	if status != 403 || message(t, body) != "Resource not accessible by integration" {
		t.Errorf("denied POST: %d %s", status, body)
	}
	if n := len(s.Comments("o", "r", 1)); n != 0 {
		t.Errorf("a denied write created %d comments", n)
	}
	if got := len(s.RequestsTo("", "/repos/o/r/issues/*")); got != 3 {
		t.Errorf("RequestsTo matched %d requests, want 3", got)
	}
}

func TestIssuesListIncludesPullRequests(t *testing.T) {
	s := githubtest.NewServer(t)
	s.AddIssue("o", "r", githubtest.Issue{Title: "closed one", State: "closed", Labels: []string{"x"}})
	s.AddPullRequest("o", "r", githubtest.PullRequest{Title: "a PR", Labels: []string{"x", "y"}, HeadSHA: "h", BaseSHA: "b"})
	s.AddIssue("o", "r", githubtest.Issue{Title: "open one", Labels: []string{"y"}})

	list := func(query string) []string {
		_, _, body := call(t, s, "GET", "/repos/o/r/issues"+query, nil)
		var got []struct {
			Title       string
			PullRequest *struct{} `json:"pull_request"`
		}
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatalf("%s: %s", query, body)
		}
		var titles []string
		for _, g := range got {
			if g.PullRequest != nil {
				g.Title += " (PR)"
			}
			titles = append(titles, g.Title)
		}
		return titles
	}
	for query, want := range map[string][]string{
		"":                         {"open one", "a PR (PR)"},
		"?state=all":               {"open one", "a PR (PR)", "closed one"},
		"?state=all&labels=x":      {"a PR (PR)", "closed one"},
		"?labels=x,y":              {"a PR (PR)"},
		"?state=closed":            {"closed one"},
		"?state=all&direction=asc": {"closed one", "a PR (PR)", "open one"},
	} {
		if diff := cmp.Diff(want, list(query)); diff != "" {
			t.Errorf("%q (-want +got):\n%s", query, diff)
		}
	}
}

func TestCommentValidation(t *testing.T) {
	s := githubtest.NewServer(t)
	n := s.AddIssue("o", "r", githubtest.Issue{Title: "t"})
	path := fmt.Sprintf("/repos/o/r/issues/%d/comments", n)
	if status, _, _ := call(t, s, "POST", path, map[string]any{"body": strings.Repeat("a", 65537)}); status != 422 {
		t.Errorf("over-long comment: %d, want 422", status)
	}
	if status, _, _ := call(t, s, "POST", path, map[string]any{}); status != 422 {
		t.Errorf("comment without body: %d, want 422", status)
	}
	if status, _, _ := call(t, s, "POST", "/repos/o/r/issues/99/comments", map[string]any{"body": "b"}); status != 404 {
		t.Errorf("comment on a missing issue: %d, want 404", status)
	}
}
