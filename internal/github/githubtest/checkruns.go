package githubtest

import (
	"fmt"
	"net/http"
	"slices"
	"time"
	"unicode/utf8"
)

// Check-run limits GitHub enforces with 422.
const (
	maxAnnotationsPerRequest   = 50
	maxOutputCharacters        = 65535
	maxTitleCharacters         = 255
	maxAnnotationMessageBytes  = 64 << 10
	maxAnnotationDetailsBytes  = 64 << 10
	checkRunsDocumentationPath = "https://docs.github.com/rest/checks/runs"
)

var (
	checkStatuses    = []string{"queued", "in_progress", "completed", "waiting", "requested", "pending"}
	checkConclusions = []string{"action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out"}
	annotationLevels = []string{"notice", "warning", "failure"}
)

type checkRunRequest struct {
	Name        *string        `json:"name"`
	HeadSHA     *string        `json:"head_sha"`
	Status      *string        `json:"status"`
	Conclusion  *string        `json:"conclusion"`
	DetailsURL  *string        `json:"details_url"`
	StartedAt   *time.Time     `json:"started_at"`
	CompletedAt *time.Time     `json:"completed_at"`
	Output      *outputRequest `json:"output"`
}

type outputRequest struct {
	Title       *string             `json:"title"`
	Summary     *string             `json:"summary"`
	Text        *string             `json:"text"`
	Annotations []annotationRequest `json:"annotations"`
}

type annotationRequest struct {
	Path            *string `json:"path"`
	StartLine       *int    `json:"start_line"`
	EndLine         *int    `json:"end_line"`
	StartColumn     *int    `json:"start_column"`
	EndColumn       *int    `json:"end_column"`
	AnnotationLevel *string `json:"annotation_level"`
	Message         *string `json:"message"`
	Title           *string `json:"title"`
	RawDetails      *string `json:"raw_details"`
}

func invalid(w http.ResponseWriter, format string, args ...any) {
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
		"message":           "Invalid request.\n\n" + fmt.Sprintf(format, args...),
		"documentation_url": checkRunsDocumentationPath,
		"status":            "422",
	})
}

// validate checks a create (create=true) or update request like GitHub,
// answering 422 and returning false on the first problem.
func (req *checkRunRequest) validate(w http.ResponseWriter, repo *repository, create bool) bool {
	switch {
	case create && (req.Name == nil || *req.Name == ""):
		invalid(w, `"name" wasn't supplied.`)
	case create && (req.HeadSHA == nil || *req.HeadSHA == ""):
		invalid(w, `"head_sha" wasn't supplied.`)
	case create && !repo.commits[*req.HeadSHA]:
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
			"message": "No commit found for SHA: " + *req.HeadSHA, "documentation_url": checkRunsDocumentationPath, "status": "422"})
	case req.Status != nil && !slices.Contains(checkStatuses, *req.Status):
		invalid(w, "%q is not a valid status.", *req.Status)
	case req.Conclusion != nil && !slices.Contains(checkConclusions, *req.Conclusion):
		invalid(w, "%q is not a valid conclusion.", *req.Conclusion)
	case req.Status != nil && *req.Status == "completed" && req.Conclusion == nil:
		invalid(w, `"conclusion" wasn't supplied.`)
	case req.Output != nil:
		return req.Output.validate(w)
	default:
		return true
	}
	return false
}

func (o *outputRequest) validate(w http.ResponseWriter) bool {
	switch {
	case o.Title == nil:
		invalid(w, `"title" wasn't supplied.`)
	case o.Summary == nil:
		invalid(w, `"summary" wasn't supplied.`)
	case utf8.RuneCountInString(*o.Title) > maxTitleCharacters:
		invalid(w, "Title is too long (maximum is %d characters).", maxTitleCharacters)
	case utf8.RuneCountInString(*o.Summary) > maxOutputCharacters:
		invalid(w, "Only %d characters are allowed; %d were supplied.", maxOutputCharacters, utf8.RuneCountInString(*o.Summary))
	case o.Text != nil && utf8.RuneCountInString(*o.Text) > maxOutputCharacters:
		invalid(w, "Only %d characters are allowed; %d were supplied.", maxOutputCharacters, utf8.RuneCountInString(*o.Text))
	case len(o.Annotations) > maxAnnotationsPerRequest:
		invalid(w, "Only %d annotations are allowed per request; %d were supplied.", maxAnnotationsPerRequest, len(o.Annotations))
	default:
		for i, a := range o.Annotations {
			if msg := a.problem(); msg != "" {
				invalid(w, "annotations[%d]: %s", i, msg)
				return false
			}
		}
		return true
	}
	return false
}

func (a annotationRequest) problem() string {
	switch {
	case a.Path == nil || *a.Path == "":
		return `"path" wasn't supplied.`
	case a.StartLine == nil:
		return `"start_line" wasn't supplied.`
	case a.EndLine == nil:
		return `"end_line" wasn't supplied.`
	case a.AnnotationLevel == nil:
		return `"annotation_level" wasn't supplied.`
	case a.Message == nil || *a.Message == "":
		return `"message" wasn't supplied.`
	case *a.StartLine < 1 || *a.EndLine < *a.StartLine:
		return fmt.Sprintf("lines %d-%d are not a valid range.", *a.StartLine, *a.EndLine)
	case !slices.Contains(annotationLevels, *a.AnnotationLevel):
		return fmt.Sprintf("%q is not a valid annotation_level.", *a.AnnotationLevel)
	case (a.StartColumn != nil || a.EndColumn != nil) && *a.StartLine != *a.EndLine:
		return "start_column and end_column may only be given when start_line and end_line are the same."
	case len(*a.Message) > maxAnnotationMessageBytes:
		return fmt.Sprintf("message is too long (maximum is %d bytes).", maxAnnotationMessageBytes)
	case a.Title != nil && utf8.RuneCountInString(*a.Title) > maxTitleCharacters:
		return fmt.Sprintf("title is too long (maximum is %d characters).", maxTitleCharacters)
	case a.RawDetails != nil && len(*a.RawDetails) > maxAnnotationDetailsBytes:
		return fmt.Sprintf("raw_details is too long (maximum is %d bytes).", maxAnnotationDetailsBytes)
	}
	return ""
}

func (a annotationRequest) annotation() Annotation {
	get := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	geti := func(p *int) int {
		if p == nil {
			return 0
		}
		return *p
	}
	return Annotation{
		Path: get(a.Path), StartLine: geti(a.StartLine), EndLine: geti(a.EndLine),
		StartColumn: geti(a.StartColumn), EndColumn: geti(a.EndColumn),
		Level: get(a.AnnotationLevel), Title: get(a.Title), Message: get(a.Message), RawDetails: get(a.RawDetails),
	}
}

// apply records an accepted request in the check run.
func (cr *checkRun) apply(req *checkRunRequest) {
	if req.Name != nil && *req.Name != "" {
		cr.Name = *req.Name
	}
	if req.Status != nil {
		cr.Status = *req.Status
	}
	if req.DetailsURL != nil {
		cr.DetailsURL = *req.DetailsURL
	}
	if req.StartedAt != nil {
		cr.started = *req.StartedAt
	}
	if req.Conclusion != nil {
		// "Providing conclusion will automatically set the status parameter to completed."
		cr.Conclusion, cr.Status = *req.Conclusion, "completed"
	}
	if cr.Status == "completed" && cr.completed.IsZero() {
		cr.completed = time.Now().UTC()
		if req.CompletedAt != nil {
			cr.completed = *req.CompletedAt
		}
	}
	if o := req.Output; o != nil {
		cr.Title, cr.Summary = *o.Title, *o.Summary
		if o.Text != nil {
			cr.Text = *o.Text
		}
		for _, a := range o.Annotations {
			cr.Annotations = append(cr.Annotations, a.annotation())
		}
		if len(o.Annotations) > 0 {
			cr.AnnotationBatches++
		}
	}
}

func (s *Server) checkRunJSON(r *http.Request, cr *checkRun) map[string]any {
	self := s.apiURL(r, "/repos/%s/%s/check-runs/%d", cr.owner, cr.repo, cr.ID)
	m := map[string]any{
		"id": cr.ID, "name": cr.Name, "head_sha": cr.HeadSHA, "status": cr.Status, "conclusion": nil,
		"url": self, "html_url": cr.HTMLURL, "details_url": cr.DetailsURL,
		"started_at": timestamp(cr.started), "completed_at": nil,
		"output": map[string]any{
			"title": cr.Title, "summary": cr.Summary, "text": cr.Text,
			"annotations_count": len(cr.Annotations), "annotations_url": self + "/annotations",
		},
		"check_suite":   map[string]any{"id": 90000 + cr.ID},
		"app":           map[string]any{"id": 15368, "slug": "github-actions", "name": "GitHub Actions"},
		"pull_requests": []any{},
	}
	if cr.Conclusion != "" {
		m["conclusion"] = cr.Conclusion
	}
	if !cr.completed.IsZero() {
		m["completed_at"] = timestamp(cr.completed)
	}
	return m
}

func (s *Server) createCheckRun(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	repo := s.repo(w, r)
	var req checkRunRequest
	if repo == nil || !decode(w, r, &req) || !req.validate(w, repo, true) {
		return
	}
	s.nextID++
	cr := &checkRun{owner: repo.owner, repo: repo.name, started: time.Now().UTC()}
	cr.ID = s.nextID
	cr.Repo = r.PathValue("owner") + "/" + r.PathValue("repo")
	cr.HeadSHA = *req.HeadSHA
	cr.Status = "queued"
	cr.HTMLURL = s.htmlURL(repo, "/runs/%d", cr.ID)
	cr.apply(&req)
	s.checkRuns = append(s.checkRuns, cr)
	writeJSON(w, http.StatusCreated, s.checkRunJSON(r, cr))
}

// checkRun finds the check run a request names, answering 404 when there is none.
func (s *Server) checkRun(w http.ResponseWriter, r *http.Request) *checkRun {
	repo := s.repo(w, r)
	if repo == nil {
		return nil
	}
	id, ok := idParam(w, r, "id")
	if !ok {
		return nil
	}
	for _, cr := range s.checkRuns {
		if cr.ID == id && repoKey(cr.owner, cr.repo) == repoKey(repo.owner, repo.name) {
			return cr
		}
	}
	writeError(w, http.StatusNotFound, "Not Found")
	return nil
}

func (s *Server) getCheckRun(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cr := s.checkRun(w, r); cr != nil {
		writeJSON(w, http.StatusOK, s.checkRunJSON(r, cr))
	}
}

func (s *Server) updateCheckRun(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cr := s.checkRun(w, r)
	if cr == nil {
		return
	}
	var req checkRunRequest
	if !decode(w, r, &req) || !req.validate(w, nil, false) {
		return
	}
	cr.apply(&req)
	cr.Updates++
	writeJSON(w, http.StatusOK, s.checkRunJSON(r, cr))
}
