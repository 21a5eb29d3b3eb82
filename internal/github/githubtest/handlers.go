package githubtest

import (
	"cmp"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	maxPullRequestFiles = 3000
	maxInlineContent    = 1 << 20 // the contents API sends no content for bigger files
	maxCommentLength    = 65536
)

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /repos/{owner}/{repo}/pulls/{number}", s.getPull)
	m.HandleFunc("GET /repos/{owner}/{repo}/pulls/{number}/files", s.listPullFiles)
	m.HandleFunc("GET /repos/{owner}/{repo}/contents/{path...}", s.getContents)
	m.HandleFunc("GET /repos/{owner}/{repo}/git/blobs/{sha}", s.getBlob)
	m.HandleFunc("POST /repos/{owner}/{repo}/check-runs", s.createCheckRun)
	m.HandleFunc("GET /repos/{owner}/{repo}/check-runs/{id}", s.getCheckRun)
	m.HandleFunc("PATCH /repos/{owner}/{repo}/check-runs/{id}", s.updateCheckRun)
	m.HandleFunc("GET /repos/{owner}/{repo}/issues", s.listIssues)
	m.HandleFunc("POST /repos/{owner}/{repo}/issues", s.createIssue)
	m.HandleFunc("GET /repos/{owner}/{repo}/issues/{number}", s.getIssue)
	m.HandleFunc("PATCH /repos/{owner}/{repo}/issues/{number}", s.updateIssue)
	m.HandleFunc("GET /repos/{owner}/{repo}/issues/{number}/comments", s.listComments)
	m.HandleFunc("POST /repos/{owner}/{repo}/issues/{number}/comments", s.createComment)
	m.HandleFunc("PATCH /repos/{owner}/{repo}/issues/comments/{id}", s.updateComment)
	m.HandleFunc("DELETE /repos/{owner}/{repo}/issues/comments/{id}", s.deleteComment)
	m.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { writeError(w, http.StatusNotFound, "Not Found") })
	s.mux = m
}

// issueTarget resolves the repository and the issue or pull request number of a request,
// answering 404 like GitHub when either does not exist. The caller holds s.mu.
func (s *Server) issueTarget(w http.ResponseWriter, r *http.Request) (*repository, int64, bool) {
	repo := s.repo(w, r)
	if repo == nil {
		return nil, 0, false
	}
	n, ok := idParam(w, r, "number")
	if !ok {
		return nil, 0, false
	}
	if !repo.hasNumber(int(n)) {
		writeError(w, http.StatusNotFound, "Not Found")
		return nil, 0, false
	}
	return repo, n, true
}

// repo finds the request's repository, answering 404 when it does not exist.
// The caller holds s.mu.
func (s *Server) repo(w http.ResponseWriter, r *http.Request) *repository {
	repo := s.repos[repoKey(r.PathValue("owner"), r.PathValue("repo"))]
	if repo == nil {
		writeError(w, http.StatusNotFound, "Not Found")
	}
	return repo
}

// idParam parses a numeric path value, answering 404 when it is not one.
func idParam(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n <= 0 {
		writeError(w, http.StatusNotFound, "Not Found")
		return 0, false
	}
	return n, true
}

func (s *Server) apiURL(r *http.Request, format string, args ...any) string {
	prefix := ""
	if p, ok := r.Context().Value(receivedPath{}).(string); ok && strings.HasPrefix(p, "/api/v3/") {
		prefix = "/api/v3"
	}
	return s.URL + prefix + fmt.Sprintf(format, args...)
}

func (s *Server) htmlURL(repo *repository, format string, args ...any) string {
	return s.URL + "/" + repo.owner + "/" + repo.name + fmt.Sprintf(format, args...)
}

func user(login string) map[string]any {
	typ := "User"
	if strings.HasSuffix(login, "[bot]") {
		typ = "Bot"
	}
	return map[string]any{"login": login, "type": typ}
}

func labels(names []string) []map[string]any {
	out := make([]map[string]any, 0, len(names))
	for _, n := range names {
		out = append(out, map[string]any{"name": n, "color": "ededed"})
	}
	return out
}

func timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// --- pull requests

func (s *Server) pull(w http.ResponseWriter, r *http.Request) (*repository, *PullRequest) {
	repo := s.repo(w, r)
	if repo == nil {
		return nil, nil
	}
	n, ok := idParam(w, r, "number")
	if !ok {
		return nil, nil
	}
	pr := repo.pulls[int(n)]
	if pr == nil {
		writeError(w, http.StatusNotFound, "Not Found")
		return nil, nil
	}
	return repo, pr
}

func (s *Server) getPull(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	repo, pr := s.pull(w, r)
	if pr == nil {
		return
	}
	branch := func(ref, sha string) map[string]any {
		return map[string]any{
			"ref": ref, "sha": sha, "label": repo.owner + ":" + ref,
			"repo": map[string]any{"name": repo.name, "full_name": repo.owner + "/" + repo.name, "fork": false},
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id": 500000 + pr.Number, "number": pr.Number, "state": pr.State, "title": pr.Title, "body": pr.Body,
		"user": user(pr.Author), "labels": labels(pr.Labels), "draft": false,
		"head": branch(pr.HeadRef, pr.HeadSHA), "base": branch(pr.BaseRef, pr.BaseSHA),
		"url":      s.apiURL(r, "/repos/%s/%s/pulls/%d", repo.owner, repo.name, pr.Number),
		"html_url": s.htmlURL(repo, "/pull/%d", pr.Number),
	})
}

func (s *Server) listPullFiles(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	repo, pr := s.pull(w, r)
	if pr == nil {
		return
	}
	files := pr.Files[:min(len(pr.Files), maxPullRequestFiles)]
	lo, hi := paginate(w, r, len(files))
	out := make([]map[string]any, 0, hi-lo)
	for _, f := range files[lo:hi] {
		status := cmp.Or(f.Status, "modified")
		sha := f.SHA
		if sha == "" {
			ref := pr.HeadSHA
			if status == "removed" {
				ref = pr.BaseSHA
			}
			if content, ok := repo.contents[ref][f.Path]; ok {
				sha = blobSHA(content)
			} else {
				sum := sha1.Sum([]byte(status + " " + f.Path))
				sha = hex.EncodeToString(sum[:])
			}
		}
		file := map[string]any{
			"sha": sha, "filename": f.Path, "status": status,
			"additions": f.Additions, "deletions": f.Deletions, "changes": f.Additions + f.Deletions,
			"blob_url":     s.htmlURL(repo, "/blob/%s/%s", pr.HeadSHA, f.Path),
			"raw_url":      s.htmlURL(repo, "/raw/%s/%s", pr.HeadSHA, f.Path),
			"contents_url": s.apiURL(r, "/repos/%s/%s/contents/%s?ref=%s", repo.owner, repo.name, f.Path, pr.HeadSHA),
		}
		if f.PreviousPath != "" {
			file["previous_filename"] = f.PreviousPath
		}
		out = append(out, file)
	}
	writeJSON(w, http.StatusOK, out)
}

// --- contents and blobs

func wantsRaw(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), ".raw")
}

// base64Lines encodes like GitHub: base64 with a newline after every 60 characters.
func base64Lines(b []byte) string {
	enc := base64.StdEncoding.EncodeToString(b)
	var sb strings.Builder
	for len(enc) > 60 {
		sb.WriteString(enc[:60])
		sb.WriteByte('\n')
		enc = enc[60:]
	}
	sb.WriteString(enc)
	if sb.Len() > 0 {
		sb.WriteByte('\n')
	}
	return sb.String()
}

func writeRaw(w http.ResponseWriter, content []byte) {
	w.Header().Set("Content-Type", "application/vnd.github.raw; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	w.Write(content)
}

func (s *Server) getContents(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	repo := s.repo(w, r)
	if repo == nil {
		return
	}
	ref := cmp.Or(r.URL.Query().Get("ref"), DefaultBranch)
	if !repo.commits[ref] {
		writeError(w, http.StatusNotFound, "No commit found for the ref "+ref)
		return
	}
	p := strings.Trim(r.PathValue("path"), "/")
	files := repo.contents[ref]
	entry := func(typ, p string, content []byte) map[string]any {
		sha := blobSHA(content)
		if typ == "dir" {
			sum := sha1.Sum([]byte("tree " + ref + " " + p))
			sha = hex.EncodeToString(sum[:])
		}
		self := s.apiURL(r, "/repos/%s/%s/contents/%s?ref=%s", repo.owner, repo.name, p, ref)
		e := map[string]any{
			"type": typ, "name": path.Base(p), "path": p, "sha": sha, "size": len(content),
			"url":      self,
			"html_url": s.htmlURL(repo, "/blob/%s/%s", ref, p),
			"git_url":  s.apiURL(r, "/repos/%s/%s/git/blobs/%s", repo.owner, repo.name, sha),
		}
		if typ == "file" {
			e["download_url"] = s.htmlURL(repo, "/raw/%s/%s", ref, p)
		}
		return e
	}
	if content, ok := files[p]; ok {
		if wantsRaw(r) {
			writeRaw(w, content)
			return
		}
		e := entry("file", p, content)
		e["encoding"], e["content"] = "base64", base64Lines(content)
		if len(content) > maxInlineContent {
			e["encoding"], e["content"] = "none", ""
		}
		writeJSON(w, http.StatusOK, e)
		return
	}
	// A directory: list its direct children.
	seen := map[string]bool{}
	var listing []map[string]any
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		rest, ok := strings.CutPrefix(name, p+"/")
		if p == "" {
			rest, ok = name, true
		}
		if !ok {
			continue
		}
		if dir, _, nested := strings.Cut(rest, "/"); nested {
			if !seen[dir] {
				seen[dir] = true
				listing = append(listing, entry("dir", path.Join(p, dir), nil))
			}
			continue
		}
		listing = append(listing, entry("file", name, files[name]))
	}
	if len(listing) == 0 {
		writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	writeJSON(w, http.StatusOK, listing)
}

func (s *Server) getBlob(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	repo := s.repo(w, r)
	if repo == nil {
		return
	}
	sha := r.PathValue("sha")
	content, ok := repo.blobs[sha]
	if !ok {
		writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	if wantsRaw(r) {
		writeRaw(w, content)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"sha": sha, "size": len(content), "encoding": "base64", "content": base64Lines(content),
		"url": s.apiURL(r, "/repos/%s/%s/git/blobs/%s", repo.owner, repo.name, sha),
	})
}

// --- issues

// issueJSON renders issue or pull request number.
func (s *Server) issueJSON(r *http.Request, repo *repository, number int) map[string]any {
	m := map[string]any{
		"id": 700000 + number, "number": number,
		"url":      s.apiURL(r, "/repos/%s/%s/issues/%d", repo.owner, repo.name, number),
		"html_url": s.htmlURL(repo, "/issues/%d", number),
		"comments": repo.commentCount(number),
	}
	if is := repo.issues[number]; is != nil {
		m["title"], m["body"], m["state"] = is.Title, is.Body, is.State
		m["labels"], m["user"] = labels(is.Labels), user(is.Author)
		m["created_at"], m["updated_at"] = timestamp(is.created), timestamp(is.updated)
		return m
	}
	pr := repo.pulls[number]
	m["title"], m["body"], m["state"] = pr.Title, pr.Body, pr.State
	m["labels"], m["user"] = labels(pr.Labels), user(pr.Author)
	m["html_url"] = s.htmlURL(repo, "/pull/%d", number)
	m["pull_request"] = map[string]any{
		"url":      s.apiURL(r, "/repos/%s/%s/pulls/%d", repo.owner, repo.name, number),
		"html_url": s.htmlURL(repo, "/pull/%d", number),
	}
	return m
}

func (r *repository) commentCount(number int) int {
	n := 0
	for _, c := range r.comments {
		if c.number == number {
			n++
		}
	}
	return n
}

func (s *Server) listIssues(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	repo := s.repo(w, r)
	if repo == nil {
		return
	}
	q := r.URL.Query()
	state := cmp.Or(q.Get("state"), "open")
	var want []string
	if l := q.Get("labels"); l != "" {
		want = strings.Split(l, ",")
	}
	var numbers []int
	consider := func(number int, st string, have []string) {
		if state != "all" && st != state {
			return
		}
		for _, l := range want {
			if !slices.ContainsFunc(have, func(h string) bool { return strings.EqualFold(h, strings.TrimSpace(l)) }) {
				return
			}
		}
		numbers = append(numbers, number)
	}
	for n, is := range repo.issues {
		consider(n, is.State, is.Labels)
	}
	for n, pr := range repo.pulls {
		consider(n, pr.State, pr.Labels)
	}
	slices.Sort(numbers) // numbers grow with creation time
	if q.Get("direction") != "asc" {
		slices.Reverse(numbers)
	}
	lo, hi := paginate(w, r, len(numbers))
	out := make([]map[string]any, 0, hi-lo)
	for _, n := range numbers[lo:hi] {
		out = append(out, s.issueJSON(r, repo, n))
	}
	writeJSON(w, http.StatusOK, out)
}

type issueRequest struct {
	Title  *string   `json:"title"`
	Body   *string   `json:"body"`
	State  *string   `json:"state"`
	Labels *[]string `json:"labels"`
}

func validationFailed(w http.ResponseWriter, resource, field, code, message string) {
	e := map[string]any{"resource": resource, "field": field, "code": code}
	if message != "" {
		e["message"] = message
	}
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
		"message": "Validation Failed", "errors": []any{e}, "documentation_url": docsURL, "status": "422",
	})
}

func (s *Server) createIssue(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	repo := s.repo(w, r)
	var req issueRequest
	if repo == nil || !decode(w, r, &req) {
		return
	}
	if req.Title == nil || *req.Title == "" {
		validationFailed(w, "Issue", "title", "missing_field", "")
		return
	}
	is := Issue{Number: repo.lastNumber + 1, Title: *req.Title, State: "open", Author: Actor}
	if req.Body != nil {
		is.Body = *req.Body
	}
	if req.Labels != nil {
		is.Labels = slices.Clone(*req.Labels)
	}
	repo.lastNumber = is.Number
	now := time.Now().UTC()
	repo.issues[is.Number] = &issueState{Issue: is, created: now, updated: now}
	writeJSON(w, http.StatusCreated, s.issueJSON(r, repo, is.Number))
}

func (s *Server) getIssue(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	repo, n, ok := s.issueTarget(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, s.issueJSON(r, repo, int(n)))
}

func (s *Server) updateIssue(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	repo, n, ok := s.issueTarget(w, r)
	var req issueRequest
	if !ok || !decode(w, r, &req) {
		return
	}
	if req.State != nil && *req.State != "open" && *req.State != "closed" {
		validationFailed(w, "Issue", "state", "invalid", "")
		return
	}
	if req.Title != nil && *req.Title == "" {
		validationFailed(w, "Issue", "title", "missing_field", "")
		return
	}
	// Pull requests are issues too: edit a copy of their fields, then write it back.
	var fields *Issue
	pr := repo.pulls[int(n)]
	if is := repo.issues[int(n)]; is != nil {
		fields, is.updated = &is.Issue, time.Now().UTC()
	} else {
		fields = &Issue{Title: pr.Title, Body: pr.Body, State: pr.State, Labels: pr.Labels}
	}
	if req.Title != nil {
		fields.Title = *req.Title
	}
	if req.Body != nil {
		fields.Body = *req.Body
	}
	if req.State != nil {
		fields.State = *req.State
	}
	if req.Labels != nil {
		fields.Labels = slices.Clone(*req.Labels)
	}
	if repo.issues[int(n)] == nil {
		pr.Title, pr.Body, pr.State, pr.Labels = fields.Title, fields.Body, fields.State, fields.Labels
	}
	writeJSON(w, http.StatusOK, s.issueJSON(r, repo, int(n)))
}

// --- comments

func (s *Server) commentJSON(r *http.Request, repo *repository, c *commentState) map[string]any {
	return map[string]any{
		"id": c.ID, "body": c.Body, "user": user(c.Author), "author_association": "NONE",
		"url":        s.apiURL(r, "/repos/%s/%s/issues/comments/%d", repo.owner, repo.name, c.ID),
		"issue_url":  s.apiURL(r, "/repos/%s/%s/issues/%d", repo.owner, repo.name, c.number),
		"html_url":   s.htmlURL(repo, "/issues/%d#issuecomment-%d", c.number, c.ID),
		"created_at": timestamp(c.created), "updated_at": timestamp(c.updated),
	}
}

// commentBody decodes and checks a comment body like GitHub.
func commentBody(w http.ResponseWriter, r *http.Request) (string, bool) {
	var req struct {
		Body *string `json:"body"`
	}
	if !decode(w, r, &req) {
		return "", false
	}
	switch {
	case req.Body == nil || *req.Body == "":
		validationFailed(w, "IssueComment", "body", "missing_field", "")
		return "", false
	case len([]rune(*req.Body)) > maxCommentLength:
		validationFailed(w, "IssueComment", "body", "custom", fmt.Sprintf("body is too long (maximum is %d characters)", maxCommentLength))
		return "", false
	}
	return *req.Body, true
}

func (s *Server) listComments(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	repo, n, ok := s.issueTarget(w, r)
	if !ok {
		return
	}
	var on []*commentState
	for _, c := range repo.comments {
		if c.number == int(n) {
			on = append(on, c)
		}
	}
	lo, hi := paginate(w, r, len(on))
	out := make([]map[string]any, 0, hi-lo)
	for _, c := range on[lo:hi] {
		out = append(out, s.commentJSON(r, repo, c))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) createComment(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	repo, n, ok := s.issueTarget(w, r)
	if !ok {
		return
	}
	body, ok := commentBody(w, r)
	if !ok {
		return
	}
	c := s.addComment(repo, int(n), Comment{Body: body})
	writeJSON(w, http.StatusCreated, s.commentJSON(r, repo, c))
}

// comment finds the comment a request names, answering 404 when there is none.
func (s *Server) comment(w http.ResponseWriter, r *http.Request) (*repository, int) {
	repo := s.repo(w, r)
	if repo == nil {
		return nil, -1
	}
	id, ok := idParam(w, r, "id")
	if !ok {
		return nil, -1
	}
	i := slices.IndexFunc(repo.comments, func(c *commentState) bool { return c.ID == id })
	if i < 0 {
		writeError(w, http.StatusNotFound, "Not Found")
	}
	return repo, i
}

func (s *Server) updateComment(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	repo, i := s.comment(w, r)
	if i < 0 {
		return
	}
	body, ok := commentBody(w, r)
	if !ok {
		return
	}
	c := repo.comments[i]
	c.Body, c.updated = body, time.Now().UTC()
	writeJSON(w, http.StatusOK, s.commentJSON(r, repo, c))
}

func (s *Server) deleteComment(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	repo, i := s.comment(w, r)
	if i < 0 {
		return
	}
	repo.comments = slices.Delete(repo.comments, i, i+1)
	w.WriteHeader(http.StatusNoContent)
}
