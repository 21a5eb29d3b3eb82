// Package githubtest is a fake GitHub REST API for tests: an httptest.Server
// that answers like api.github.com for the endpoints subpolicy uses.
//
// Seed it with AddPullRequest, SetContent, AddIssue and AddComment; point a
// client at Server.URL (or Server.URL+"/api/v3", as on GitHub Enterprise
// Server) with the Token constant; then assert on Requests, CheckRuns, Issues
// and Comments. FailNext injects the failures GitHub produces (5xx, rate
// limits with SecondaryRateLimit and PrimaryRateLimit, slow answers, dropped
// connections); DenyWrites makes the server answer like it does a fork's
// read-only token.
//
// Endpoints, all under /repos/{owner}/{repo}: GET pulls/{n}, GET
// pulls/{n}/files, GET contents/{path} (also the raw media type), GET
// git/blobs/{sha} (also raw), POST check-runs, GET and PATCH
// check-runs/{id}, GET and POST issues, GET and PATCH issues/{n} (pull
// requests too), GET and POST issues/{n}/comments, PATCH and DELETE
// issues/comments/{id}. Anything else answers 404.
//
// Behaviour copied from GitHub:
//   - every request needs "Authorization: Bearer <token>" (or "token <token>"),
//     else 401 "Bad credentials"; SetToken("") lets anonymous requests in;
//   - errors are JSON {"message", "documentation_url", "status"};
//   - lists honour per_page (default 30, max 100) and page, and send Link
//     headers with rel="prev", "next", "last" and "first";
//   - pull request files stop at 3,000;
//   - the contents API answers base64 with a newline every 60 characters,
//     "encoding": "none" and no content for files over 1 MB (read those from
//     git/blobs), a listing for a directory, and 404 for an unknown ref or path;
//   - check runs need a known head_sha; more than 50 annotations in one
//     request, output.summary or output.text over 65,535 characters, an
//     annotation message over 64 KB, a title over 255, or columns on a
//     multi-line annotation answer 422 and change nothing;
//   - the issues list includes pull requests (marked with "pull_request").
//
// Repositories spring into existence when first seeded; any other repository
// answers 404. Owner and repository names are case-insensitive, as on GitHub.
package githubtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Token is the token a new Server requires.
const Token = "ghs_githubtest0123456789abcdefghijklmnopqrstuv"

// Actor is the login that authors the issues and comments created through the API.
const Actor = "github-actions[bot]"

const docsURL = "https://docs.github.com/rest"

// Server is a fake api.github.com. Its methods are safe for concurrent use.
type Server struct {
	// URL is the API base URL, without a trailing slash, like GITHUB_API_URL.
	// URL+"/api/v3" serves the same API, as GitHub Enterprise Server does.
	URL string

	srv *httptest.Server
	mux *http.ServeMux

	mu        sync.Mutex
	token     string
	repos     map[string]*repository // by lower-case "owner/repo"
	requests  []Request
	failures  []*failure
	denied    []string
	checkRuns []*checkRun
	nextID    int64
}

// Request is one request the server received.
type Request struct {
	Method string
	// Path is the URL path as received (unescaped), including any /api/v3 prefix.
	Path   string
	Query  url.Values
	Header http.Header
	// RawBody is the body as sent; Body is RawBody decoded when it holds a JSON object.
	RawBody []byte
	Body    map[string]any
}

// Response is a canned answer for FailNext.
type Response struct {
	Status int
	Header map[string]string
	// Body is sent as is; when empty, a GitHub error body for Status.
	Body string
	// Disconnect closes the connection without answering (a network error).
	Disconnect bool
	// Delay holds the answer back (or the disconnection) this long, or until
	// the client gives up, to simulate a slow GitHub.
	Delay time.Duration
}

// receivedPath is the context key of the path as received, before /api/v3 is stripped.
type receivedPath struct{}

type failure struct {
	method, pattern string
	queue           []Response
}

// NewServer starts a server that t's cleanup closes.
func NewServer(t testing.TB) *Server {
	t.Helper()
	s := &Server{token: Token, repos: map[string]*repository{}, nextID: 1000}
	s.routes()
	s.srv = httptest.NewServer(s)
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

// SetToken sets the token the server requires; "" accepts every request,
// with or without an Authorization header.
func (s *Server) SetToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.token = token
}

// FailNext queues responses for the next requests whose method (any method
// when empty) and path match; pathPattern uses path.Match syntax against the
// API path without /api/v3, e.g. "/repos/o/r/pulls/*/files" (a "*" stops at
// "/"), and an empty pattern matches every path. Each matching
// request takes the next queued response instead of the normal answer, before
// authentication. Queues are tried in the order they were added.
func (s *Server) FailNext(method, pathPattern string, responses ...Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, &failure{method: method, pattern: pathPattern, queue: responses})
}

// DenyWrites makes every POST, PATCH, PUT and DELETE under pathPrefix (e.g.
// "/repos/o/r/check-runs"; everything when empty) answer 403 "Resource not
// accessible by integration", as GitHub answers a fork's read-only token.
func (s *Server) DenyWrites(pathPrefix string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.denied = append(s.denied, pathPrefix)
}

// Requests returns every request received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// RequestsTo returns the requests whose method (any when empty) and API path
// (without /api/v3) match pathPattern, as in FailNext.
func (s *Server) RequestsTo(method, pathPattern string) []Request {
	var out []Request
	for _, r := range s.Requests() {
		if matches(method, pathPattern, r.Method, apiPath(r.Path)) {
			out = append(out, r)
		}
	}
	return out
}

// SecondaryRateLimit is GitHub's answer to too many requests: 403 with
// Retry-After.
func SecondaryRateLimit(retryAfterSeconds int) Response {
	return Response{
		Status: http.StatusForbidden,
		Header: map[string]string{"Retry-After": strconv.Itoa(retryAfterSeconds)},
		Body: errorBody("You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
			"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits", http.StatusForbidden),
	}
}

// PrimaryRateLimit is GitHub's answer once the hourly quota is spent: 403
// with x-ratelimit-remaining 0 and x-ratelimit-reset at reset.
func PrimaryRateLimit(reset time.Time) Response {
	return Response{
		Status: http.StatusForbidden,
		Header: map[string]string{
			"X-RateLimit-Limit":     "5000",
			"X-RateLimit-Remaining": "0",
			"X-RateLimit-Used":      "5000",
			"X-RateLimit-Reset":     strconv.FormatInt(reset.Unix(), 10),
			"X-RateLimit-Resource":  "core",
		},
		Body: errorBody("API rate limit exceeded for installation ID 1.",
			"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting", http.StatusForbidden),
	}
}

// ServeHTTP records the request, then answers it: with a queued FailNext
// response, else 401 without the token, else 403 for a denied write, else as
// GitHub would.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	rec := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), RawBody: raw}
	var obj map[string]any
	if json.Unmarshal(raw, &obj) == nil {
		rec.Body = obj
	}
	p := apiPath(r.URL.Path)

	s.mu.Lock()
	s.requests = append(s.requests, rec)
	canned, isCanned := s.popFailure(r.Method, p)
	token := s.token
	denied := false
	if isWrite(r.Method) {
		for _, prefix := range s.denied {
			denied = denied || strings.HasPrefix(p, prefix)
		}
	}
	s.mu.Unlock()

	switch {
	case isCanned:
		if canned.Delay > 0 {
			select {
			case <-time.After(canned.Delay):
			case <-r.Context().Done():
				return
			}
		}
		writeCanned(w, canned)
	case token != "" && !authorized(r.Header.Get("Authorization"), token):
		writeError(w, http.StatusUnauthorized, "Bad credentials")
	case denied:
		writeError(w, http.StatusForbidden, "Resource not accessible by integration")
	default:
		r2 := r.Clone(context.WithValue(r.Context(), receivedPath{}, r.URL.Path))
		r2.URL.Path, r2.URL.RawPath = p, ""
		r2.Body = io.NopCloser(bytes.NewReader(raw))
		s.mux.ServeHTTP(w, r2)
	}
}

func (s *Server) popFailure(method, p string) (Response, bool) {
	for _, f := range s.failures {
		if len(f.queue) > 0 && matches(f.method, f.pattern, method, p) {
			r := f.queue[0]
			f.queue = f.queue[1:]
			return r, true
		}
	}
	return Response{}, false
}

func authorized(header, token string) bool {
	scheme, value, _ := strings.Cut(header, " ")
	return (strings.EqualFold(scheme, "bearer") || strings.EqualFold(scheme, "token")) && value == token
}

func matches(wantMethod, pattern, method, p string) bool {
	if wantMethod != "" && !strings.EqualFold(wantMethod, method) {
		return false
	}
	if pattern == "" {
		return true
	}
	ok, err := path.Match(pattern, p)
	return ok && err == nil
}

func apiPath(p string) string {
	if rest, ok := strings.CutPrefix(p, "/api/v3/"); ok {
		return "/" + rest
	}
	return p
}

func isWrite(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

func writeCanned(w http.ResponseWriter, r Response) {
	if r.Disconnect {
		hj, ok := w.(http.Hijacker)
		if !ok {
			panic("githubtest: the response writer cannot disconnect")
		}
		conn, _, err := hj.Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	for k, v := range r.Header {
		w.Header().Set(k, v)
	}
	body := r.Body
	if body == "" && r.Status >= 400 {
		body = errorBody(http.StatusText(r.Status), docsURL, r.Status)
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	}
	w.WriteHeader(r.Status)
	io.WriteString(w, body)
}

func errorBody(message, doc string, status int) string {
	b, _ := json.Marshal(map[string]string{"message": message, "documentation_url": doc, "status": strconv.Itoa(status)})
	return string(b)
}

func writeError(w http.ResponseWriter, status int, message string) {
	writeCanned(w, Response{Status: status, Body: errorBody(message, docsURL, status)})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-GitHub-Api-Version-Selected", "2022-11-28")
	h.Set("X-RateLimit-Limit", "5000")
	h.Set("X-RateLimit-Remaining", "4999")
	h.Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")
	w.WriteHeader(status)
	w.Write(b)
}

// decode reads a JSON request body into v, answering 400 like GitHub when it
// is not JSON.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "Problems parsing JSON")
		return false
	}
	return true
}

// paginate picks the page of a list of total items that r asks for, and sets
// the Link header for the other pages.
func paginate(w http.ResponseWriter, r *http.Request, total int) (lo, hi int) {
	q := r.URL.Query()
	perPage := 30
	if n, err := strconv.Atoi(q.Get("per_page")); err == nil && n > 0 {
		perPage = min(n, 100)
	}
	page := 1
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 0 {
		page = n
	}
	last := max(1, int(math.Ceil(float64(total)/float64(perPage))))
	link := func(p int, rel string) string {
		q.Set("page", strconv.Itoa(p))
		q.Set("per_page", strconv.Itoa(perPage))
		u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawQuery: q.Encode()}
		if orig, ok := r.Context().Value(receivedPath{}).(string); ok {
			u.Path = orig // keep an /api/v3 prefix
		}
		return fmt.Sprintf("<%s>; rel=%q", u.String(), rel)
	}
	var links []string
	if page > 1 {
		links = append(links, link(min(page-1, last), "prev"))
	}
	if page < last {
		links = append(links, link(page+1, "next"), link(last, "last"))
	}
	if page > 1 {
		links = append(links, link(1, "first"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	lo = min((page-1)*perPage, total)
	return lo, min(lo+perPage, total)
}
