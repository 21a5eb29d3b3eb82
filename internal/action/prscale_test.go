package action_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/subpolicy/subpolicy/internal/action"
	"github.com/subpolicy/subpolicy/internal/github/githubtest"
)

// The API requests of pull-request mode grow with the changed pages, never with the other
// files a pull request changes: listing the files costs one request per 100 of them, and
// nothing else may depend on how many there are. Request counts are deterministic, so
// these tests count what the fake GitHub received instead of timing anything.

// scalePaths is the paths input of the scenario: only the pages under legal/.
const scalePaths = "legal/**/*.md"

// noTable is a changed page with no subprocessor table.
const noTable = "# Cookies\n\nWe use a session cookie and nothing else. See the [privacy policy](privacy.md).\n"

// prScenario is a pull request of many changed files of which a handful are pages that
// paths matches: the same pages however many other files there are.
type prScenario struct {
	files      []githubtest.File // as the API lists them
	workspace  map[string]string // the checkout (the merge commit)
	head, base map[string]string // the server's contents at the head and base commits
}

// matchedPages is how many changed files match paths: 5 pages to check, 1 removed and 2
// renamed out of paths (removed from the checked pages too).
const matchedPages = 8

// newPRScenario builds a pull request of total changed files: 8 that paths matches (pages
// with and without subprocessor tables; modified, renamed, added, removed and renamed out of
// legal/), 18 other Markdown files that it does not (outside legal/, removed, renamed,
// copied, unchanged), and unrelated files (.go, .png, .json, .svg under legal/, .yaml) for the
// rest. The 26 Markdown files are spread over the pages of the listing. page reads a
// fixture of testdata/action.
func newPRScenario(total int, page func(name string) string) prScenario {
	s := prScenario{workspace: map[string]string{}, head: map[string]string{}, base: map[string]string{}}
	var markdown []githubtest.File
	// add adds a changed page; workspace, head and base are its contents ("" for none).
	add := func(f githubtest.File, workspace, head, base string) {
		markdown = append(markdown, f)
		if workspace != "" {
			s.workspace[f.Path] = workspace
		}
		if head != "" {
			s.head[f.Path] = head
		}
		if base != "" {
			from := f.Path
			if f.PreviousPath != "" {
				from = f.PreviousPath
			}
			s.base[from] = base
		}
	}
	// The pages paths matches. The head commit has every page the pull request leaves (a
	// pull_request_target run reads them there); the checkout lacks one of them.
	add(githubtest.File{Path: "legal/subprocessors.md", Status: "modified", Additions: 1},
		page("ai-provider.md"), page("ai-provider.md"), page("clean.md"))
	add(githubtest.File{Path: "legal/eu/subprocessors.md", PreviousPath: "legal/eu/vendors.md", Status: "renamed"},
		page("clean.md"), page("clean.md"), page("clean.md"))
	add(githubtest.File{Path: "legal/us/subprocessors.md", Status: "added", Additions: 140},
		"", page("many-findings.md"), "")
	add(githubtest.File{Path: "legal/privacy.md", Status: "modified"}, noTable, noTable, "") // no base version: a 404
	add(githubtest.File{Path: "legal/cookies.md", Status: "added"}, noTable, noTable, "")
	add(githubtest.File{Path: "legal/old/subprocessors.md", Status: "removed", Deletions: 20}, "", "", page("clean.md"))
	// Markdown that paths does not match, or that leaves nothing to check.
	for i := range 8 {
		add(githubtest.File{Path: fmt.Sprintf("docs/guide/page%02d.md", i), Status: "modified"}, noTable, noTable, noTable)
	}
	add(githubtest.File{Path: "README.md", Status: "modified"}, noTable, noTable, noTable)
	add(githubtest.File{Path: "CHANGELOG.md", Status: "modified"}, noTable, noTable, noTable)
	add(githubtest.File{Path: "docs/site/index.mdx", Status: "added"}, noTable, noTable, "")
	for i := range 4 {
		add(githubtest.File{Path: fmt.Sprintf("docs/old/page%d.md", i), Status: "removed"}, "", "", noTable)
	}
	add(githubtest.File{Path: "archive/legal/dpa-2023.md", PreviousPath: "legal/dpa-2023.md", Status: "renamed"},
		page("clean.md"), page("clean.md"), page("clean.md"))
	add(githubtest.File{Path: "legal/vendors.txt", PreviousPath: "legal/vendors.md", Status: "renamed"},
		page("clean.md"), page("clean.md"), page("clean.md"))
	add(githubtest.File{Path: "docs/guide/moved.md", PreviousPath: "docs/guide/old.md", Status: "renamed"}, noTable, noTable, noTable)
	add(githubtest.File{Path: "docs/copy.md", PreviousPath: "docs/guide/page00.md", Status: "copied"}, noTable, noTable, noTable)
	add(githubtest.File{Path: "legal/terms.md", Status: "unchanged"}, noTable, noTable, noTable)
	if len(markdown) != matchedPages+18 {
		panic(fmt.Sprintf("the scenario has %d Markdown files, want %d", len(markdown), matchedPages+18))
	}

	// Spread the Markdown files over the files GitHub lists (at most 3,000).
	listed := min(total, 3000)
	at := map[int]githubtest.File{}
	for i, f := range markdown {
		at[i*listed/len(markdown)] = f
	}
	statuses := []string{"modified", "added", "modified", "removed", "renamed", "modified", "added"}
	for i := range total {
		if f, ok := at[i]; ok {
			s.files = append(s.files, f)
			continue
		}
		var p string
		switch i % 6 {
		case 0:
			p = fmt.Sprintf("internal/pkg%02d/file%04d.go", i%37, i)
		case 1:
			p = fmt.Sprintf("internal/pkg%02d/file%04d_test.go", i%37, i)
		case 2:
			p = fmt.Sprintf("web/static/img%04d.png", i)
		case 3:
			p = fmt.Sprintf("config/service%04d.json", i)
		case 4:
			p = fmt.Sprintf("legal/assets/logo%04d.svg", i) // under legal/, not Markdown
		default:
			p = fmt.Sprintf("deploy/chart%04d/values.yaml", i)
		}
		f := githubtest.File{Path: p, Status: statuses[i%len(statuses)], Additions: i % 40, Deletions: i % 7}
		if f.Status == "renamed" {
			f.PreviousPath = "old/" + p
		}
		s.files = append(s.files, f)
	}
	return s
}

// seed gives the server the pull request and contents, and the checkout its files.
func (s prScenario) seed(srv *githubtest.Server, pullRequest func(...githubtest.File), write func(path, content string)) {
	pullRequest(s.files...)
	for p, c := range s.workspace {
		write(p, c)
	}
	for p, c := range s.head {
		srv.SetContent(owner, repo, headSHA, p, []byte(c))
	}
	for p, c := range s.base {
		srv.SetContent(owner, repo, baseSHA, p, []byte(c))
	}
}

// requestCounts sorts what the server received by kind.
type requestCounts struct {
	listPages []string // the page query of each file-list request, "" for none
	perPage   []string // the per_page query of each file-list request
	contents  []string // contents and blob requests, "path@ref", sorted
	checkRuns int
	comments  int
	// rest is every request but the file listing, "METHOD path?query", sorted: what must
	// not change with the number of unrelated files.
	rest []string
	// other are requests of no kind above.
	other []string
	total int
}

func countRequests(h *harness) requestCounts {
	var c requestCounts
	commentsPrefix := fmt.Sprintf("/repos/%s/%s/issues/", owner, repo)
	for _, r := range h.srv.Requests() {
		c.total++
		if r.Method == http.MethodGet && r.Path == filesPath {
			c.listPages = append(c.listPages, r.Query.Get("page"))
			c.perPage = append(c.perPage, r.Query.Get("per_page"))
			continue
		}
		s := r.Method + " " + r.Path
		if q := r.Query.Encode(); q != "" {
			s += "?" + q
		}
		c.rest = append(c.rest, s)
		switch {
		case strings.HasPrefix(r.Path, contentsPath):
			c.contents = append(c.contents, strings.TrimPrefix(r.Path, contentsPath)+"@"+r.Query.Get("ref"))
		case strings.Contains(r.Path, "/git/blobs/"):
			c.contents = append(c.contents, r.Path)
		case strings.HasPrefix(r.Path, checkRunsPath):
			c.checkRuns++
		case strings.HasPrefix(r.Path, commentsPrefix) && strings.Contains(r.Path, "comments"):
			c.comments++
		default:
			c.other = append(c.other, s)
		}
	}
	slices.Sort(c.contents)
	slices.Sort(c.rest)
	return c
}

// TestPullRequestRequestsScale runs pull-request mode on the same pages among 300, 1,234
// and 3,000 changed files (GitHub lists no more), reading the pages from the checkout
// (pull_request) and from the API (pull_request_target), and counts the requests: the
// listing takes ceil(files/100) pages; contents are read for the matched pages alone; the
// check run and the comment take a bounded number; and nothing but the listing changes
// with the number of files.
func TestPullRequestRequestsScale(t *testing.T) {
	t.Parallel()
	// The contents requests each event must make, whatever the number of other files: the
	// base version of every page paths matches, unless it was added (at its previous path
	// when renamed; also for the removed page); the head version of every page the checkout
	// lacks (a pull_request_target checkout lacks them all).
	bases := []string{
		"legal/dpa-2023.md@" + baseSHA, // renamed out of paths: removed
		"legal/vendors.md@" + baseSHA,  // renamed to a .txt: removed
		"legal/eu/vendors.md@" + baseSHA,
		"legal/old/subprocessors.md@" + baseSHA,
		"legal/privacy.md@" + baseSHA,
		"legal/subprocessors.md@" + baseSHA,
	}
	wantContents := map[string][]string{
		"pull_request": append([]string{"legal/us/subprocessors.md@" + headSHA}, bases...),
		"pull_request_target": append([]string{
			"legal/cookies.md@" + headSHA,
			"legal/eu/subprocessors.md@" + headSHA,
			"legal/privacy.md@" + headSHA,
			"legal/subprocessors.md@" + headSHA,
			"legal/us/subprocessors.md@" + headSHA,
		}, bases...),
	}
	for _, event := range []string{"pull_request", "pull_request_target"} {
		slices.Sort(wantContents[event])
	}

	type result struct {
		counts  requestCounts
		outputs map[string]string
	}
	var (
		mu      sync.Mutex
		results = map[string]map[int]result{}
	)
	sizes := []int{300, 1234, 3000}
	t.Run("sizes", func(t *testing.T) {
		for _, event := range []string{"pull_request", "pull_request_target"} {
			for _, total := range sizes {
				t.Run(fmt.Sprintf("%s/%d", event, total), func(t *testing.T) {
					t.Parallel()
					h := newHarness(t)
					h.vars["GITHUB_EVENT_NAME"] = event
					h.input("paths", scalePaths+"\n")
					newPRScenario(total, func(name string) string { return fixture(t, name) }).seed(h.srv, h.pullRequest, h.write)

					if code := h.run(); code != action.ExitFindings {
						t.Fatalf("exit %d, want %d", code, action.ExitFindings)
					}
					// Every file was listed, and 5 kept: the listing was followed to its end.
					if want := fmt.Sprintf("subpolicy: checking 5 of the %d files the pull request changes", min(total, 3000)); !strings.Contains(h.stdout.String(), want) {
						t.Errorf("the log does not say %q", want)
					}
					c := countRequests(h)

					// The file listing: ceil(files/100) pages, each asked for once, in order.
					pages := (min(total, 3000) + 99) / 100
					var wantPages []string
					for p := 1; p <= pages; p++ {
						wantPages = append(wantPages, fmt.Sprint(p))
					}
					if len(c.listPages) > 0 && c.listPages[0] == "" {
						c.listPages[0] = "1" // the first request names no page
					}
					if !cmp.Equal(c.listPages, wantPages) {
						t.Errorf("file-list requests asked for pages %q, want %q (ceil(%d/100))", c.listPages, wantPages, min(total, 3000))
					}
					if slices.ContainsFunc(c.perPage, func(p string) bool { return p != "100" }) {
						t.Errorf("file-list requests asked for per_page %q, want 100 each", c.perPage)
					}

					// Contents: one request per page version read, none for any other file.
					if diff := cmp.Diff(wantContents[event], c.contents); diff != "" {
						t.Errorf("contents requests (-want +got):\n%s", diff)
					}

					// The check run: created, then completed with up to 50 annotations a
					// request: bounded by the cap on annotations, not by the files.
					cr := h.checkRun()
					if want := 1 + max(1, (len(cr.Annotations)+49)/50); c.checkRuns != want {
						t.Errorf("%d check-run requests for %d annotations, want %d", c.checkRuns, len(cr.Annotations), want)
					}
					if limit := 1 + action.MaxCheckRunAnnotations/50; c.checkRuns > limit {
						t.Errorf("%d check-run requests, more than %d", c.checkRuns, limit)
					}
					// The sticky comment: listed (one page: there is none yet), then created.
					if c.comments != 2 {
						t.Errorf("%d comment requests, want 2 (list, create)", c.comments)
					}
					if len(c.other) > 0 {
						t.Errorf("unexpected requests: %q", c.other)
					}
					// The whole run: the listing, plus a number of requests that depends on the
					// matched pages and their findings alone.
					if limit := pages + 2*matchedPages + 1 + action.MaxCheckRunAnnotations/50 + 2; c.total > limit {
						t.Errorf("%d requests, more than the %d allowed for %d listing pages and %d matched pages", c.total, limit, pages, matchedPages)
					}
					t.Logf("%d files: %d requests: %d listing, %d contents, %d check runs, %d comments",
						total, c.total, len(c.listPages), len(c.contents), c.checkRuns, c.comments)

					mu.Lock()
					defer mu.Unlock()
					if results[event] == nil {
						results[event] = map[int]result{}
					}
					results[event][total] = result{counts: c, outputs: h.outputs()}
				})
			}
		}
	})
	// Only the listing grows with the other files: every other request, and the outcome,
	// are the same for every size (of those whose run got that far).
	for event, byTotal := range results {
		first, ok := byTotal[sizes[0]]
		if !ok {
			continue
		}
		for _, total := range sizes[1:] {
			got, ok := byTotal[total]
			if !ok {
				continue
			}
			if diff := cmp.Diff(first.counts.rest, got.counts.rest); diff != "" {
				t.Errorf("%s: the requests other than the file listing differ between %d and %d changed files (-%d +%d):\n%s",
					event, sizes[0], total, sizes[0], total, diff)
			}
			if d, want := got.counts.total-first.counts.total, len(got.counts.listPages)-len(first.counts.listPages); d != want {
				t.Errorf("%s: %d changed files take %d more requests than %d, want %d (the extra listing pages)", event, total, d, sizes[0], want)
			}
			if diff := cmp.Diff(first.outputs, got.outputs); diff != "" {
				t.Errorf("%s: outputs differ between %d and %d changed files (-%d +%d):\n%s", event, sizes[0], total, sizes[0], total, diff)
			}
		}
	}
}

// BenchmarkPullRequest300Files runs the whole pull-request mode, as the runner starts it,
// against the fake GitHub: a pull request of 300 changed files (3 listing pages) of which 6
// match paths (newPRScenario): listing the files, reading the page the checkout lacks and
// the base versions through the contents API, compiling the policies, comparing the pages
// with their base versions, publishing the check run and keeping the sticky comment, and
// writing the annotations, job summary and outputs. One op is one run on a pull request the
// action has already seen once (the comment exists and is up to date), so every op makes
// the same requests; requests/op counts them.
//
//	go test -run '^$' -bench PullRequest300Files -benchmem ./internal/action
func BenchmarkPullRequest300Files(b *testing.B) {
	const total = 300
	srv := githubtest.NewServer(b)
	dir := b.TempDir()
	ws := filepath.Join(dir, "workspace")
	read := func(path string) []byte {
		content, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		return content
	}
	newPRScenario(total, func(name string) string { return string(read(filepath.Join(repoRoot, "testdata", "action", name))) }).seed(srv,
		func(files ...githubtest.File) {
			srv.AddPullRequest(owner, repo, githubtest.PullRequest{
				Number: prNumber, Title: "Add a subprocessor", Author: "Codertocat",
				HeadSHA: headSHA, BaseSHA: baseSHA, Labels: []string{"privacy-review"}, Files: files,
			})
		},
		func(path, content string) {
			p := filepath.Join(ws, filepath.FromSlash(path))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				b.Fatal(err)
			}
		})

	summary, output := filepath.Join(dir, "summary.md"), filepath.Join(dir, "output")
	vars := map[string]string{
		"GITHUB_EVENT_NAME":   "pull_request",
		"GITHUB_EVENT_PATH":   filepath.Join(dir, "event.json"),
		"GITHUB_WORKSPACE":    ws,
		"GITHUB_REPOSITORY":   owner + "/" + repo,
		"GITHUB_SHA":          mergeSHA,
		"GITHUB_API_URL":      srv.URL,
		"GITHUB_SERVER_URL":   "https://github.com",
		"GITHUB_STEP_SUMMARY": summary,
		"GITHUB_OUTPUT":       output,
		// An empty input takes action.yml's default, but for these two.
		"INPUT_GITHUB-TOKEN": githubtest.Token,
		"INPUT_CHECK-NAME":   "subpolicy",
		"INPUT_PATHS":        scalePaths,
	}
	if err := os.WriteFile(vars["GITHUB_EVENT_PATH"], read(filepath.Join(repoRoot, "testdata", "action", "pull_request.opened.json")), 0o644); err != nil {
		b.Fatal(err)
	}
	var log strings.Builder
	env := action.NewEnv(func(k string) string { return vars[k] }, &log)
	env.Now = func() time.Time { return now }
	// One transport for every op, as one runner process has: no connections pile up.
	transport := http.DefaultTransport.(*http.Transport).Clone()
	b.Cleanup(transport.CloseIdleConnections)
	env.HTTPClient = &http.Client{Transport: transport}
	runOnce := func() {
		log.Reset()
		for _, p := range []string{summary, output} {
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				b.Fatal(err)
			}
		}
		if code := action.Run(context.Background(), env); code != action.ExitFindings {
			b.Fatalf("exit %d, want %d:\n%s", code, action.ExitFindings, log.String())
		}
	}
	runOnce() // the first run creates the sticky comment; later ones find it up to date

	before := len(srv.Requests())
	b.ReportAllocs()
	for b.Loop() {
		runOnce()
	}
	b.StopTimer()
	if !strings.Contains(log.String(), fmt.Sprintf("subpolicy: checking 5 of the %d files", total)) {
		b.Fatalf("the run did not check 5 of %d files:\n%s", total, log.String())
	}
	if n := len(srv.CheckRuns()); n != b.N+1 {
		b.Fatalf("%d check runs for %d runs", n, b.N+1)
	}
	b.ReportMetric(float64(len(srv.Requests())-before)/float64(b.N), "requests/op")
}
