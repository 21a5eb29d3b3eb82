package githubtest

import (
	"cmp"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
)

// DefaultBranch is the ref the contents API reads when a request names none.
const DefaultBranch = "main"

// PullRequest seeds a pull request.
type PullRequest struct {
	Number int // the next free number when zero
	Title  string
	Body   string
	Author string // "octocat" when empty
	State  string // "open" when empty
	// HeadSHA and BaseSHA become known commits (for contents refs and check runs).
	HeadSHA, BaseSHA string
	HeadRef, BaseRef string // "feature" and DefaultBranch when empty
	Labels           []string
	Files            []File
}

// File is one file of a pull request.
type File struct {
	Path         string
	PreviousPath string // for renamed and copied files
	// Status is added, modified, removed, renamed, copied, changed or
	// unchanged; "modified" when empty.
	Status    string
	Additions int
	Deletions int
	// SHA is the blob SHA; when empty, that of the content set at the head
	// (the base for removed files), else a stand-in derived from the path.
	SHA string
}

// Issue seeds an issue, or reports one from Issues.
type Issue struct {
	Number int // the next free number when zero
	Title  string
	Body   string
	State  string // "open" when empty
	Labels []string
	Author string // Actor when empty
}

// Comment seeds a comment, or reports one from Comments.
type Comment struct {
	ID     int64 // assigned when zero
	Body   string
	Author string // Actor when empty
}

// CheckRunState is a check run as the server holds it after every request.
type CheckRunState struct {
	ID         int64
	Repo       string // "owner/repo" as the creating request spelled it
	Name       string
	HeadSHA    string
	Status     string // queued, in_progress or completed
	Conclusion string
	DetailsURL string
	HTMLURL    string
	Title      string
	Summary    string
	Text       string
	// Annotations holds every annotation received, in order.
	Annotations []Annotation
	// AnnotationBatches counts the requests (create or update) that carried annotations.
	AnnotationBatches int
	// Updates counts the accepted PATCH requests.
	Updates int
}

// Annotation is a check-run annotation as received.
type Annotation struct {
	Path        string
	StartLine   int
	EndLine     int
	StartColumn int // 0 when absent
	EndColumn   int // 0 when absent
	Level       string
	Title       string
	Message     string
	RawDetails  string
}

type repository struct {
	owner, name string
	pulls       map[int]*PullRequest
	issues      map[int]*issueState
	comments    []*commentState
	contents    map[string]map[string][]byte // ref → path → content
	commits     map[string]bool              // refs and SHAs that exist
	blobs       map[string][]byte            // blob SHA → content
	lastNumber  int
}

type issueState struct {
	Issue
	created, updated time.Time
}

type commentState struct {
	Comment
	number           int
	created, updated time.Time
}

type checkRun struct {
	CheckRunState
	owner, repo string
	started     time.Time
	completed   time.Time
}

// AddPullRequest adds (or replaces) a pull request and returns its number.
// It panics when the number belongs to an issue.
func (s *Server) AddPullRequest(owner, repo string, pr PullRequest) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.ensureRepo(owner, repo)
	if pr.Number == 0 {
		pr.Number = r.lastNumber + 1
	}
	if _, clash := r.issues[pr.Number]; clash {
		panic(fmt.Sprintf("githubtest: %s/%s#%d is already an issue", owner, repo, pr.Number))
	}
	r.lastNumber = max(r.lastNumber, pr.Number)
	pr.Author = cmp.Or(pr.Author, "octocat")
	pr.State = cmp.Or(pr.State, "open")
	pr.HeadRef = cmp.Or(pr.HeadRef, "feature")
	pr.BaseRef = cmp.Or(pr.BaseRef, DefaultBranch)
	pr.Labels = slices.Clone(pr.Labels)
	pr.Files = slices.Clone(pr.Files)
	for _, ref := range []string{pr.HeadSHA, pr.BaseSHA, pr.HeadRef, pr.BaseRef} {
		if ref != "" {
			r.commits[ref] = true
		}
	}
	r.pulls[pr.Number] = &pr
	return pr.Number
}

// SetContent stores a file's content at ref (a SHA or a branch name), which
// becomes a known commit.
func (s *Server) SetContent(owner, repo, ref, path string, content []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.ensureRepo(owner, repo)
	ref = cmp.Or(ref, DefaultBranch)
	if r.contents[ref] == nil {
		r.contents[ref] = map[string][]byte{}
	}
	content = slices.Clone(content)
	r.contents[ref][strings.Trim(path, "/")] = content
	r.commits[ref] = true
	r.blobs[blobSHA(content)] = content
}

// AddIssue adds (or replaces) an issue and returns its number. It panics
// when the number belongs to a pull request.
func (s *Server) AddIssue(owner, repo string, issue Issue) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.ensureRepo(owner, repo)
	if issue.Number == 0 {
		issue.Number = r.lastNumber + 1
	}
	if _, clash := r.pulls[issue.Number]; clash {
		panic(fmt.Sprintf("githubtest: %s/%s#%d is already a pull request", owner, repo, issue.Number))
	}
	r.lastNumber = max(r.lastNumber, issue.Number)
	issue.State = cmp.Or(issue.State, "open")
	issue.Author = cmp.Or(issue.Author, Actor)
	issue.Labels = slices.Clone(issue.Labels)
	now := time.Now().UTC()
	r.issues[issue.Number] = &issueState{Issue: issue, created: now, updated: now}
	return issue.Number
}

// AddComment adds a comment to issue or pull request number and returns the
// comment's ID. It panics when there is no such issue or pull request.
func (s *Server) AddComment(owner, repo string, number int, c Comment) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.ensureRepo(owner, repo)
	if !r.hasNumber(number) {
		panic(fmt.Sprintf("githubtest: %s/%s#%d is neither an issue nor a pull request", owner, repo, number))
	}
	return s.addComment(r, number, c).ID
}

// CheckRuns returns every check run created, in order.
func (s *Server) CheckRuns() []CheckRunState {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]CheckRunState, 0, len(s.checkRuns))
	for _, cr := range s.checkRuns {
		st := cr.CheckRunState
		st.Annotations = slices.Clone(st.Annotations)
		out = append(out, st)
	}
	return out
}

// Issues returns the issues of owner/repo (not its pull requests) by number.
func (s *Server) Issues(owner, repo string) []Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repos[repoKey(owner, repo)]
	if r == nil {
		return nil
	}
	var out []Issue
	for _, is := range r.issues {
		i := is.Issue
		i.Labels = slices.Clone(i.Labels)
		out = append(out, i)
	}
	slices.SortFunc(out, func(a, b Issue) int { return a.Number - b.Number })
	return out
}

// Comments returns the comments on issue or pull request number, oldest first.
func (s *Server) Comments(owner, repo string, number int) []Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repos[repoKey(owner, repo)]
	if r == nil {
		return nil
	}
	var out []Comment
	for _, c := range r.comments {
		if c.number == number {
			out = append(out, c.Comment)
		}
	}
	return out
}

func (s *Server) ensureRepo(owner, repo string) *repository {
	key := repoKey(owner, repo)
	r := s.repos[key]
	if r == nil {
		r = &repository{
			owner: owner, name: repo,
			pulls:    map[int]*PullRequest{},
			issues:   map[int]*issueState{},
			contents: map[string]map[string][]byte{},
			commits:  map[string]bool{},
			blobs:    map[string][]byte{},
		}
		s.repos[key] = r
	}
	return r
}

func (s *Server) addComment(r *repository, number int, c Comment) *commentState {
	if c.ID == 0 {
		s.nextID++
		c.ID = s.nextID
	}
	c.Author = cmp.Or(c.Author, Actor)
	now := time.Now().UTC()
	cs := &commentState{Comment: c, number: number, created: now, updated: now}
	r.comments = append(r.comments, cs)
	return cs
}

func (r *repository) hasNumber(n int) bool {
	_, pr := r.pulls[n]
	_, is := r.issues[n]
	return pr || is
}

func repoKey(owner, repo string) string { return strings.ToLower(owner + "/" + repo) }

// blobSHA is git's object ID of content as a blob.
func blobSHA(content []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(content))
	h.Write(content)
	return hex.EncodeToString(h.Sum(nil))
}
