package github

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Retry tuning. The per-request budget (Options.MaxRetryWait) is the real bound;
// maxRetries only stops a pathological loop of instant failures.
const (
	minBackoff = 500 * time.Millisecond
	maxBackoff = 16 * time.Second
	maxRetries = 10
	// GitHub: after a secondary rate limit without retry-after, "wait for at
	// least one minute before retrying".
	secondaryLimitWait = time.Minute
)

// retryTransport retries one request through go-retryablehttp (which replays
// POST and PATCH bodies) with a policy built per request, so the retry budget
// is counted per request and the wait GitHub asks for is honoured.
type retryTransport struct {
	client *http.Client // one attempt
	budget time.Duration
	logf   func(format string, args ...any)
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	p := &retryPolicy{t: t, method: req.Method, path: req.URL.Path, start: time.Now()}
	rt := &retryablehttp.RoundTripper{Client: &retryablehttp.Client{
		HTTPClient:   t.client,
		RetryMax:     maxRetries + 1, // retryPolicy stops first, with a clearer error
		CheckRetry:   p.checkRetry,
		Backoff:      p.backoff,
		ErrorHandler: p.giveUp,
	}}
	return rt.RoundTrip(req)
}

// retryPolicy is the state of one request across its attempts.
type retryPolicy struct {
	t            *retryTransport
	method, path string
	start        time.Time
	retries      int
	next         time.Duration // wait chosen by checkRetry, handed to backoff
	stop         error         // why retrying ended early
}

// verdict is what one failed attempt asks for.
type verdict struct {
	status      int
	reason      string        // for the log line: "502", "403 secondary rate limit (retry-after 1s)"
	wait        time.Duration // how long to wait before the next attempt
	rateLimited bool          // GitHub set the wait; it cannot be shortened
	limit       string        // "secondary rate limit: retry-after 120s"
}

func (p *retryPolicy) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if p.t.budget < 0 {
		return false, nil
	}
	var v verdict
	if err != nil {
		if retry, _ := retryablehttp.DefaultRetryPolicy(ctx, nil, err); !retry {
			return false, nil // e.g. a TLS certificate error: retrying cannot help
		}
		v = verdict{reason: "connection error (" + attemptError(err).Error() + ")", wait: p.exponential()}
	} else {
		var retry bool
		if v, retry = classify(resp); !retry {
			return false, nil
		}
		if !v.rateLimited {
			v.wait = p.exponential()
		}
	}

	elapsed := time.Since(p.start)
	left := p.t.budget - elapsed
	switch {
	case p.retries >= maxRetries || (!v.rateLimited && left <= 0):
		msg := http.StatusText(v.status)
		switch {
		case err != nil:
			msg = attemptError(err).Error()
		case v.rateLimited:
			msg = v.limit
		}
		p.stop = &Error{Method: p.method, StatusCode: v.status, RateLimited: v.rateLimited, err: err,
			Message: fmt.Sprintf("%s (gave up after %d attempts in %s; retry budget %s)",
				msg, p.retries+1, secs(elapsed), secs(p.t.budget))}
	case v.rateLimited && v.wait > left:
		p.stop = &Error{Method: p.method, StatusCode: v.status, RateLimited: true,
			Message: fmt.Sprintf("%s exceeds %s", v.limit, p.budgetText(left))}
	}
	if p.stop != nil {
		return false, p.stop
	}
	v.wait = min(v.wait, left)
	p.retries++
	p.next = v.wait
	if p.t.logf != nil {
		p.t.logf("github: %s %s: %s, retrying in %s", p.method, p.path, v.reason, secs(v.wait))
	}
	return true, nil
}

func (p *retryPolicy) backoff(_, _ time.Duration, _ int, _ *http.Response) time.Duration {
	return p.next
}

// giveUp ends a request that will not be retried: it hands back the error
// alone, never a response together with an error.
func (p *retryPolicy) giveUp(resp *http.Response, err error, n int) (*http.Response, error) {
	if resp != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
	}
	if p.stop != nil {
		return nil, p.stop
	}
	if err == nil { // retryablehttp's own attempt cap, which retryPolicy reaches first
		err = fmt.Errorf("gave up after %d attempts", n)
	}
	return nil, err
}

func (p *retryPolicy) exponential() time.Duration {
	return retryablehttp.DefaultBackoff(minBackoff, maxBackoff, p.retries, nil)
}

func (p *retryPolicy) budgetText(left time.Duration) string {
	if p.t.budget-left < time.Second {
		return fmt.Sprintf("the %s retry budget", secs(p.t.budget))
	}
	return fmt.Sprintf("the %s left of the %s retry budget", secs(max(left, 0)), secs(p.t.budget))
}

// secs renders a duration in seconds, as GitHub's headers count: "120s", "0.5s".
func secs(d time.Duration) string {
	return strconv.FormatFloat(d.Round(time.Millisecond).Seconds(), 'f', -1, 64) + "s"
}

// classify decides whether an answer is worth another attempt.
func classify(resp *http.Response) (verdict, bool) {
	code := resp.StatusCode
	v := verdict{status: code, reason: strconv.Itoa(code)}
	switch {
	case code >= 500 && code != http.StatusNotImplemented:
		return v, true
	case code != http.StatusForbidden && code != http.StatusTooManyRequests:
		return v, false
	}
	v.rateLimited = true
	if wait, ok := retryAfter(resp.Header.Get("Retry-After")); ok {
		v.wait = wait
		v.limit = "secondary rate limit: retry-after " + secs(wait)
		v.reason = fmt.Sprintf("%d secondary rate limit (retry-after %s)", code, secs(wait))
		return v, true
	}
	if resp.Header.Get("X-RateLimit-Remaining") == "0" {
		if reset, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64); err == nil {
			v.wait = max(time.Until(time.Unix(reset, 0)).Truncate(time.Second)+time.Second, time.Second)
			v.limit = "rate limit exhausted: reset in " + secs(v.wait)
			v.reason = fmt.Sprintf("%d rate limit exhausted (reset in %s)", code, secs(v.wait))
			return v, true
		}
	}
	if code == http.StatusTooManyRequests || secondaryLimitBody(resp) {
		v.wait = secondaryLimitWait
		v.limit = "secondary rate limit without retry-after: the advised wait of " + secs(v.wait)
		v.reason = fmt.Sprintf("%d secondary rate limit", code)
		return v, true
	}
	// A 403 without rate-limit signs is a refusal: retrying cannot help.
	return verdict{}, false
}

// retryAfter parses Retry-After as seconds or an HTTP date.
func retryAfter(h string) (time.Duration, bool) {
	if h == "" {
		return 0, false
	}
	if s, err := strconv.ParseInt(strings.TrimSpace(h), 10, 64); err == nil {
		return time.Duration(max(s, 0)) * time.Second, true
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(time.Until(t).Round(time.Second), 0), true
	}
	return 0, false
}

// secondaryLimitBody reports GitHub's secondary-rate-limit message in a body
// that came without headers. It peeks at the body and leaves it readable.
func secondaryLimitBody(resp *http.Response) bool {
	peek, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(peek), resp.Body), resp.Body}
	if err != nil {
		return false
	}
	var body struct {
		Message          string `json:"message"`
		DocumentationURL string `json:"documentation_url"`
	}
	if json.Unmarshal(peek, &body) != nil {
		return false
	}
	return strings.Contains(strings.ToLower(body.Message), "secondary rate limit") ||
		strings.HasSuffix(body.DocumentationURL, "secondary-rate-limits") ||
		strings.HasSuffix(body.DocumentationURL, "#abuse-rate-limits")
}

// attemptError strips net/http's "Get "URL": " wrapper from an attempt's error.
func attemptError(err error) error {
	var u *url.Error
	if errors.As(err, &u) {
		return u.Err
	}
	return err
}
