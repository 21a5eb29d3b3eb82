package github_test

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/subpolicy/subpolicy/internal/github"
	"github.com/subpolicy/subpolicy/internal/github/githubtest"
)

// retryLog collects the client's retry lines.
type retryLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *retryLog) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func (l *retryLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// newClient returns a client for s with the server's token and a 5s retry
// budget; opts adjusts the options first.
func newClient(t *testing.T, s *githubtest.Server, opts ...func(*github.Options)) (*github.Client, *retryLog) {
	t.Helper()
	log := &retryLog{}
	o := github.Options{Token: githubtest.Token, APIURL: s.URL, MaxRetryWait: 5 * time.Second, Logf: log.logf}
	for _, f := range opts {
		f(&o)
	}
	c, err := github.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c, log
}

func withBudget(d time.Duration) func(*github.Options) {
	return func(o *github.Options) { o.MaxRetryWait = d }
}

func withToken(token string) func(*github.Options) {
	return func(o *github.Options) { o.Token = token }
}

// paths lists "METHOD path?query" for each request, for readable diffs.
func paths(reqs []githubtest.Request) []string {
	out := make([]string, 0, len(reqs))
	for _, r := range reqs {
		s := r.Method + " " + r.Path
		if q := r.Query.Encode(); q != "" {
			s += "?" + q
		}
		out = append(out, s)
	}
	return out
}

func wantErrContaining(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one containing %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not contain %q", err, p)
		}
	}
}

// blobSHA is git's object ID of content as a blob.
func blobSHA(content []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(content))
	h.Write(content)
	return hex.EncodeToString(h.Sum(nil))
}
