// Package github is subpolicy's only door to the GitHub REST API.
//
// It wraps go-github behind small types of its own (ChangedFile, CheckRun,
// Issue, Comment) so callers never import go-github. Every request
// goes to the base URL the caller gives (GITHUB_API_URL, so GitHub Enterprise
// Server works), is retried on server errors, network errors and rate limits
// within a per-request budget, and fails with an *Error whose text never holds
// the token. Nothing here reads the environment.
package github

import (
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"

	gh "github.com/google/go-github/v62/github"
)

// Defaults for Options.
const (
	// DefaultAPIURL is used when Options.APIURL is empty.
	DefaultAPIURL = "https://api.github.com"
	// DefaultMaxRetryWait bounds the time spent retrying one request.
	DefaultMaxRetryWait = 2 * time.Minute
	// RequestTimeout bounds one attempt of one request (connect, headers and body).
	RequestTimeout = 30 * time.Second
	// UserAgent is sent with every request.
	UserAgent = "subpolicy"
)

// Options configures New.
type Options struct {
	// Token authenticates every request as "Authorization: Bearer <token>".
	// Empty means anonymous requests.
	Token string
	// APIURL is the REST API base, e.g. https://api.github.com or
	// https://HOST/api/v3; DefaultAPIURL when empty.
	APIURL string
	// HTTPClient supplies the transport (and its timeout, when set) for each
	// attempt; a pooled transport with RequestTimeout when nil.
	HTTPClient *http.Client
	// MaxRetryWait bounds the total time one request may spend being retried,
	// counted from its first attempt: DefaultMaxRetryWait when zero, no retries
	// at all when negative.
	MaxRetryWait time.Duration
	// Logf, when set, receives one line per retry, e.g.
	// "github: GET /repos/o/r/pulls/7/files: 502, retrying in 500ms".
	Logf func(format string, args ...any)
}

// Client talks to one GitHub API. It is safe for concurrent use.
type Client struct {
	gh    *gh.Client
	token string
}

// New returns a client for opts.APIURL. It makes no request.
func New(opts Options) (*Client, error) {
	base, err := parseAPIURL(opts.APIURL)
	if err != nil {
		return nil, err
	}
	token := strings.TrimSpace(opts.Token)
	c := &Client{token: token}

	attempt := &http.Client{Timeout: RequestTimeout}
	if opts.HTTPClient != nil {
		attempt.Transport = opts.HTTPClient.Transport
		attempt.CheckRedirect = opts.HTTPClient.CheckRedirect
		attempt.Jar = opts.HTTPClient.Jar
		if opts.HTTPClient.Timeout > 0 {
			attempt.Timeout = opts.HTTPClient.Timeout
		}
	}
	if attempt.Transport == nil {
		attempt.Transport = cleanhttp.DefaultPooledTransport()
	}
	budget := opts.MaxRetryWait
	if budget == 0 {
		budget = DefaultMaxRetryWait
	}
	rt := &retryTransport{client: attempt, budget: budget}
	if opts.Logf != nil {
		logf := opts.Logf
		rt.logf = func(format string, args ...any) { logf("%s", c.redact(fmt.Sprintf(format, args...))) }
	}

	client := gh.NewClient(&http.Client{Transport: rt})
	if token != "" {
		client = client.WithAuthToken(token)
	}
	client.BaseURL = base
	client.UploadURL = base
	client.UserAgent = UserAgent
	c.gh = client
	return c, nil
}

// parseAPIURL checks an API base URL and gives it the trailing slash go-github needs.
func parseAPIURL(s string) (*url.URL, error) {
	if s == "" {
		s = DefaultAPIURL
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("github: API URL %q is not an absolute http(s) URL (expected e.g. %s or https://HOST/api/v3)", s, DefaultAPIURL)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("github: API URL %q must not carry credentials, a query or a fragment", u.Redacted())
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawPath = ""
	return u, nil
}

// redact removes the token from text that may reach a log or an error.
func (c *Client) redact(s string) string {
	if c.token == "" {
		return s
	}
	return strings.ReplaceAll(s, c.token, "[REDACTED]")
}

// listPageSize is the page size of every list call: GitHub's maximum.
const listPageSize = 100

// allPages yields the items of every page list returns, first to last, following the Link
// header's next page through *page. The pages are asked for one after another, never at once:
// GitHub's REST best practices ask for serial requests to stay clear of secondary rate
// limits. It stops at the first error, which it yields with the zero item.
func allPages[T any](page *int, list func() ([]T, *gh.Response, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for {
			items, resp, err := list()
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range items {
				if !yield(item, nil) {
					return
				}
			}
			if resp.NextPage == 0 {
				return
			}
			*page = resp.NextPage
		}
	}
}

func ptr[T any](v T) *T { return &v }
