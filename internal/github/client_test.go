package github_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/subpolicy/subpolicy/internal/github"
	"github.com/subpolicy/subpolicy/internal/github/githubtest"
)

const filesPath = "/repos/o/r/pulls/7/files"

// prServer serves pull request o/r#7 with one file.
func prServer(t *testing.T) *githubtest.Server {
	s := githubtest.NewServer(t)
	s.AddPullRequest("o", "r", githubtest.PullRequest{Number: 7, HeadSHA: "headsha", BaseSHA: "basesha", Files: []githubtest.File{{Path: "a.md"}}})
	return s
}

func listFiles(c *github.Client) error {
	_, _, err := c.ListPullRequestFiles(context.Background(), "o", "r", 7)
	return err
}

func TestRetriesServerErrors(t *testing.T) {
	t.Parallel()
	s := prServer(t)
	s.FailNext("GET", filesPath, githubtest.Response{Status: http.StatusBadGateway})
	c, log := newClient(t, s)
	if err := listFiles(c); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Requests()); n != 2 {
		t.Errorf("made %d requests, want 2", n)
	}
	if diff := cmp.Diff([]string{"github: GET /repos/o/r/pulls/7/files: 502, retrying in 0.5s"}, log.all()); diff != "" {
		t.Errorf("retry log (-want +got):\n%s", diff)
	}
}

func TestRetriesNetworkErrors(t *testing.T) {
	t.Parallel()
	s := prServer(t)
	s.FailNext("GET", filesPath, githubtest.Response{Disconnect: true})
	c, log := newClient(t, s)
	if err := listFiles(c); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Requests()); n != 2 {
		t.Errorf("made %d requests, want 2", n)
	}
	if lines := log.all(); len(lines) != 1 || !strings.Contains(lines[0], "connection error") {
		t.Errorf("retry log = %q, want one connection error", lines)
	}
}

func TestRetriesTimeouts(t *testing.T) {
	t.Parallel()
	s := prServer(t)
	s.FailNext("GET", filesPath, githubtest.Response{Status: http.StatusOK, Delay: 5 * time.Second})
	c, log := newClient(t, s, func(o *github.Options) { o.HTTPClient = &http.Client{Timeout: 200 * time.Millisecond} })
	if err := listFiles(c); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Requests()); n != 2 {
		t.Errorf("made %d requests, want 2", n)
	}
	if lines := log.all(); len(lines) != 1 || !strings.Contains(lines[0], "Client.Timeout exceeded") {
		t.Errorf("retry log = %q, want one timeout", lines)
	}
}

func TestRetryReplaysTheRequestBody(t *testing.T) {
	t.Parallel()
	s := prServer(t)
	s.FailNext("POST", "/repos/o/r/issues/7/comments", githubtest.Response{Status: http.StatusServiceUnavailable})
	c, _ := newClient(t, s)
	if _, err := c.CreateIssueComment(context.Background(), "o", "r", 7, "hello"); err != nil {
		t.Fatal(err)
	}
	posts := s.RequestsTo("POST", "/repos/o/r/issues/7/comments")
	if len(posts) != 2 || !bytes.Equal(posts[0].RawBody, posts[1].RawBody) || posts[1].Body["body"] != "hello" {
		t.Errorf("POST bodies = %q, want the same body twice", [][]byte{posts[0].RawBody, posts[1].RawBody})
	}
	if got := s.Comments("o", "r", 7); len(got) != 1 {
		t.Errorf("server holds %d comments, want 1", len(got))
	}
}

func TestWaitsForRateLimits(t *testing.T) {
	t.Parallel()
	for name, resp := range map[string]githubtest.Response{
		"429 retry-after":       {Status: http.StatusTooManyRequests, Header: map[string]string{"Retry-After": "1"}},
		"403 secondary limit":   githubtest.SecondaryRateLimit(1),
		"403 primary exhausted": githubtest.PrimaryRateLimit(time.Now().Add(time.Second)),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := prServer(t)
			s.FailNext("GET", filesPath, resp)
			c, log := newClient(t, s)
			start := time.Now()
			if err := listFiles(c); err != nil {
				t.Fatal(err)
			}
			if waited := time.Since(start); waited < 900*time.Millisecond {
				t.Errorf("succeeded after %s, want a wait of about 1s", waited)
			}
			if n := len(s.Requests()); n != 2 {
				t.Errorf("made %d requests, want 2", n)
			}
			if lines := log.all(); len(lines) != 1 || !strings.Contains(lines[0], "rate limit") {
				t.Errorf("retry log = %q, want one rate-limit line", lines)
			}
		})
	}
}

func TestRateLimitBeyondTheBudgetFailsFast(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		resp githubtest.Response
		want string
	}{
		"retry-after": {
			githubtest.SecondaryRateLimit(120),
			"github: list files of pull request o/r#7: 403 secondary rate limit: retry-after 120s exceeds the 30s retry budget",
		},
		"429 without retry-after": {
			githubtest.Response{Status: http.StatusTooManyRequests},
			"429 secondary rate limit without retry-after: the advised wait of 60s exceeds the 30s retry budget",
		},
		"primary reset in an hour": {
			githubtest.PrimaryRateLimit(time.Now().Add(time.Hour)),
			"403 rate limit exhausted: reset in 3",
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := prServer(t)
			s.FailNext("GET", filesPath, tc.resp)
			c, _ := newClient(t, s, withBudget(30*time.Second))
			start := time.Now()
			err := listFiles(c)
			wantErrContaining(t, err, tc.want)
			if took := time.Since(start); took > time.Second {
				t.Errorf("failed after %s, want at once", took)
			}
			if !github.IsRateLimit(err) || github.IsPermission(err) {
				t.Errorf("IsRateLimit = %v, IsPermission = %v; want true, false", github.IsRateLimit(err), github.IsPermission(err))
			}
			if n := len(s.Requests()); n != 1 {
				t.Errorf("made %d requests, want 1", n)
			}
		})
	}
}

func TestServerErrorsStopAtTheBudget(t *testing.T) {
	t.Parallel()
	s := prServer(t)
	failures := make([]githubtest.Response, 20)
	for i := range failures {
		failures[i] = githubtest.Response{Status: http.StatusBadGateway}
	}
	s.FailNext("GET", filesPath, failures...)
	c, log := newClient(t, s, withBudget(time.Second))
	start := time.Now()
	err := listFiles(c)
	wantErrContaining(t, err, "github: list files of pull request o/r#7: 502 Bad Gateway (gave up after ", "retry budget 1s)")
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("gave up after %s, want about the 1s budget", took)
	}
	// Waits of 0.5s then what is left of the 1s budget: three attempts.
	if n := len(s.Requests()); n != 3 || len(log.all()) != 2 {
		t.Errorf("made %d requests with %d retry lines, want 3 and 2", n, len(log.all()))
	}
}

func TestEndlessRateLimitsStopAfterTenRetries(t *testing.T) {
	t.Parallel()
	s := prServer(t)
	limits := make([]githubtest.Response, 20)
	for i := range limits {
		limits[i] = githubtest.SecondaryRateLimit(0)
	}
	s.FailNext("GET", filesPath, limits...)
	c, _ := newClient(t, s)
	err := listFiles(c)
	wantErrContaining(t, err, "403 secondary rate limit: retry-after 0s (gave up after 11 attempts in ")
	if !github.IsRateLimit(err) {
		t.Error("IsRateLimit = false, want true")
	}
	if n := len(s.Requests()); n != 11 {
		t.Errorf("made %d requests, want 11", n)
	}
}

func TestNegativeBudgetDisablesRetries(t *testing.T) {
	t.Parallel()
	s := prServer(t)
	s.FailNext("GET", filesPath, githubtest.Response{Status: http.StatusBadGateway})
	c, _ := newClient(t, s, withBudget(-1))
	wantErrContaining(t, listFiles(c), "502 Bad Gateway")
	if n := len(s.Requests()); n != 1 {
		t.Errorf("made %d requests, want 1", n)
	}
}

func TestForbiddenWithoutRateLimitSignsIsNotRetried(t *testing.T) {
	t.Parallel()
	s := prServer(t)
	s.FailNext("GET", filesPath, githubtest.Response{Status: http.StatusForbidden,
		Body: `{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest"}`})
	c, log := newClient(t, s)
	err := listFiles(c)
	wantErrContaining(t, err, "403 Resource not accessible by integration")
	if !github.IsPermission(err) {
		t.Error("IsPermission = false, want true")
	}
	if n := len(s.Requests()); n != 1 || len(log.all()) != 0 {
		t.Errorf("made %d requests with retry log %q, want 1 and none", n, log.all())
	}
}

func TestCancelledContextStopsWaiting(t *testing.T) {
	t.Parallel()
	s := prServer(t)
	s.FailNext("GET", filesPath, githubtest.SecondaryRateLimit(5))
	c, _ := newClient(t, s, withBudget(10*time.Second))
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, _, err := c.ListPullRequestFiles(ctx, "o", "r", 7)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the context's deadline", err)
	}
}

func TestBadCredentials(t *testing.T) {
	t.Parallel()
	s := prServer(t)
	const secret = "ghs_NotTheServersToken123456789"
	c, log := newClient(t, s, withToken(secret))
	err := listFiles(c)
	wantErrContaining(t, err, "github: list files of pull request o/r#7: 401 Bad credentials")
	if !github.IsAuth(err) || github.IsPermission(err) {
		t.Errorf("IsAuth = %v, IsPermission = %v; want true, false", github.IsAuth(err), github.IsPermission(err))
	}
	if n := len(s.Requests()); n != 1 || len(log.all()) != 0 {
		t.Errorf("made %d requests with retry log %q, want 1 and none", n, log.all())
	}
}

func TestAnonymousClient(t *testing.T) {
	t.Parallel()
	s := prServer(t)
	c, _ := newClient(t, s, withToken(""))
	if !github.IsAuth(listFiles(c)) {
		t.Error("a server requiring a token accepted an anonymous request")
	}
	s.SetToken("")
	if err := listFiles(c); err != nil {
		t.Fatal(err)
	}
	if h := s.Requests()[1].Header.Get("Authorization"); h != "" {
		t.Errorf("anonymous request sent Authorization %q", h)
	}
}

func TestTokenNeverInErrorsOrLogs(t *testing.T) {
	t.Parallel()
	s := prServer(t)
	const secret = "ghs_s3cr3tTokenValue0123456789abcdef"
	s.SetToken(secret)
	// A server that echoes the token back, through a retry and into the final error.
	echo := `{"message":"token ` + secret + ` is not allowed here"}`
	s.FailNext("GET", filesPath,
		githubtest.Response{Status: http.StatusInternalServerError, Body: echo},
		githubtest.Response{Status: http.StatusForbidden, Body: echo})
	c, log := newClient(t, s, withToken(secret+"\n"))
	err := listFiles(c)
	wantErrContaining(t, err, "token [REDACTED] is not allowed here")
	if strings.Contains(err.Error(), secret) {
		t.Errorf("error %q contains the token", err)
	}
	if got := s.Requests()[0].Header.Get("Authorization"); got != "Bearer "+secret {
		t.Errorf("Authorization = %q, want the trimmed token", got)
	}
	if lines := log.all(); len(lines) != 1 || strings.Contains(lines[0], secret) {
		t.Errorf("retry log = %q, want one line without the token", lines)
	}

	// Network failures mention the URL, never the token.
	s2 := prServer(t)
	s2.SetToken(secret)
	s2.FailNext("", "", githubtest.Response{Disconnect: true}, githubtest.Response{Disconnect: true}, githubtest.Response{Disconnect: true})
	c2, log2 := newClient(t, s2, withToken(secret), withBudget(time.Second))
	err = listFiles(c2)
	wantErrContaining(t, err, "github: list files of pull request o/r#7: ", "(gave up after 3 attempts in ")
	if strings.Contains(err.Error(), secret) || strings.Contains(strings.Join(log2.all(), "\n"), secret) {
		t.Errorf("error %v or log %q contains the token", err, log2.all())
	}
}

func TestEnterpriseServerBaseURL(t *testing.T) {
	t.Parallel()
	s := prServer(t)
	c, _ := newClient(t, s, func(o *github.Options) { o.APIURL = s.URL + "/api/v3" })
	files, _, err := c.ListPullRequestFiles(context.Background(), "o", "r", 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 {
		t.Errorf("got %d files, want 1", len(files))
	}
	if got := s.Requests()[0].Path; got != "/api/v3/repos/o/r/pulls/7/files" {
		t.Errorf("path = %q, want it under /api/v3", got)
	}
}

func TestNewRejectsBadAPIURLs(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"api.github.com", "ftp://example.com", "https://user:pass@example.com/api/v3", "https://example.com/?x=1", "::"} {
		if _, err := github.New(github.Options{APIURL: u}); err == nil {
			t.Errorf("New(%q) succeeded, want an error", u)
		} else if strings.Contains(err.Error(), "pass") {
			t.Errorf("New(%q) error %q shows the password", u, err)
		}
	}
	if _, err := github.New(github.Options{}); err != nil {
		t.Errorf("New with defaults: %v", err)
	}
}
