package github

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	gh "github.com/google/go-github/v62/github"
)

// ErrNotFound matches (with errors.Is) every error for a 404 answer, such as a
// file that does not exist at the requested ref.
var ErrNotFound = errors.New("github: not found")

// ErrTooLarge matches (with errors.Is) the error of FileContentMax for a file
// over its limit.
var ErrTooLarge = errors.New("github: file too large")

// Error is a failed API call. Its text never contains the token.
type Error struct {
	// Op says what was attempted, e.g. "list files of pull request o/r#7".
	Op string
	// Method is the HTTP method of the call, used to tell reads from writes.
	Method string
	// StatusCode is GitHub's HTTP status, or 0 when no answer arrived.
	StatusCode int
	// Message is GitHub's message, or what went wrong on the way.
	Message string
	// RateLimited reports a primary or secondary rate limit that outlasted the
	// retry budget.
	RateLimited bool
	// Size is the file's size, for an error matching ErrTooLarge.
	Size int64

	err error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("github: ")
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	if e.StatusCode != 0 {
		b.WriteString(strconv.Itoa(e.StatusCode))
		b.WriteString(" ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// Unwrap returns the underlying error (go-github's, net/http's or the context's).
func (e *Error) Unwrap() error { return e.err }

// Is makes errors.Is(err, ErrNotFound) true for 404 answers.
func (e *Error) Is(target error) bool {
	return target == ErrNotFound && e.StatusCode == http.StatusNotFound
}

// IsPermission reports whether GitHub refused for lack of permission: a 403
// that is not a rate limit (what a fork's read-only token gets, "Resource not
// accessible by integration"), or a 404 answering a write.
func IsPermission(err error) bool {
	var e *Error
	if !errors.As(err, &e) || e.RateLimited {
		return false
	}
	switch e.StatusCode {
	case http.StatusForbidden:
		return true
	case http.StatusNotFound:
		return isWrite(e.Method)
	}
	return false
}

// IsAuth reports whether GitHub rejected the credentials (401).
func IsAuth(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == http.StatusUnauthorized
}

// IsRateLimit reports whether a rate limit outlasted the retry budget.
func IsRateLimit(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.RateLimited
}

func isWrite(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// fail turns whatever go-github returned for one call into an *Error naming op.
func (c *Client) fail(method, op string, err error) error {
	if err == nil {
		return nil
	}
	e := &Error{Op: op, Method: method, err: err}
	var (
		own   *Error
		rate  *gh.RateLimitError
		abuse *gh.AbuseRateLimitError
		resp  *gh.ErrorResponse
		uerr  *url.Error
	)
	switch {
	case errors.As(err, &own): // from the retry transport
		e.StatusCode, e.Message, e.RateLimited = own.StatusCode, own.Message, own.RateLimited
	case errors.As(err, &rate):
		e.StatusCode, e.RateLimited = statusOf(rate.Response), true
		e.Message = fmt.Sprintf("rate limit exhausted: %s (resets %s)", rate.Message, rate.Rate.Reset.Format(time.RFC3339))
	case errors.As(err, &abuse):
		e.StatusCode, e.RateLimited = statusOf(abuse.Response), true
		e.Message = "secondary rate limit: " + abuse.Message
	case errors.As(err, &resp):
		e.StatusCode = statusOf(resp.Response)
		e.Message = describe(resp)
	case errors.As(err, &uerr):
		e.Message = uerr.Err.Error()
	default:
		e.Message = err.Error()
	}
	e.Message = c.redact(e.Message)
	return e
}

func statusOf(r *http.Response) int {
	if r == nil {
		return 0
	}
	return r.StatusCode
}

// describe renders GitHub's error body: its message and field errors.
func describe(r *gh.ErrorResponse) string {
	msg := r.Message
	if msg == "" && r.Response != nil {
		msg = http.StatusText(r.Response.StatusCode)
	}
	var details []string
	for _, fe := range r.Errors {
		switch {
		case fe.Message != "":
			details = append(details, fe.Message)
		case fe.Field != "":
			details = append(details, fmt.Sprintf("%s %s %s", fe.Resource, fe.Field, fe.Code))
		case fe.Code != "":
			details = append(details, fe.Code)
		}
	}
	if len(details) > 0 {
		msg += " (" + strings.Join(details, "; ") + ")"
	}
	return strings.Join(strings.Fields(msg), " ") // one line: GitHub's messages hold blank lines
}
