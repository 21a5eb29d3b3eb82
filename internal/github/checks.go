package github

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	gh "github.com/google/go-github/v62/github"
)

// Check-run limits of the REST API ("Create a check run", "Update a check run").
const (
	// MaxAnnotationsPerRequest is how many annotations one request may carry.
	MaxAnnotationsPerRequest = 50
	// MaxOutputLength bounds output.summary and output.text (65,535
	// characters). Lengths are counted in bytes here, which is never less than
	// characters, so multi-byte text cannot overflow.
	MaxOutputLength = 65535
	// MaxTitleLength bounds output.title and annotation titles.
	MaxTitleLength = 255
	// MaxAnnotationMessageLength bounds an annotation message (64 KB).
	MaxAnnotationMessageLength = 64<<10 - 1
)

// Annotation is one finding placed on a file of a check run.
type Annotation struct {
	Path      string
	StartLine int
	EndLine   int // StartLine when zero
	// StartColumn and EndColumn are sent only when the annotation stays on
	// one line (an API rule); zero means no column.
	StartColumn int
	EndColumn   int
	Level       string // notice, warning or failure
	Title       string
	Message     string
}

// CheckRun is a check run to publish in one go.
type CheckRun struct {
	Name    string
	HeadSHA string
	// Conclusion is success, failure or neutral (or cancelled, skipped,
	// timed_out, action_required).
	Conclusion string
	// Title defaults to Name, Summary to Title. Title, Summary and Text are
	// cut to the API's limits with a note saying how much was left out.
	Title, Summary, Text string
	Annotations          []Annotation
}

var (
	annotationLevels = []string{"notice", "warning", "failure"}
	conclusions      = []string{"success", "failure", "neutral", "cancelled", "skipped", "timed_out", "action_required"}
)

// PublishCheckRun creates the check run in_progress, attaches the annotations
// MaxAnnotationsPerRequest at a time with PATCH requests (each repeating the
// output title and summary, as the API requires), and completes it with the
// conclusion and the full output; the last batch of annotations travels with
// the completion. So n annotations take 1 + max(1, ceil(n/50)) requests.
// It returns the check run's html_url.
//
// When attaching annotations fails after the run was created, it still
// completes the run (saying how many annotations are missing) so that it does
// not stay in progress, and returns the error.
func (c *Client) PublishCheckRun(ctx context.Context, owner, repo string, run CheckRun) (url string, err error) {
	op := fmt.Sprintf("check run %q on %s/%s", run.Name, owner, repo)
	annotations, err := toAnnotations(run.Annotations)
	if err == nil {
		err = run.validate()
	}
	if err != nil {
		return "", &Error{Op: "publish " + op, Message: err.Error(), err: err}
	}
	title := clip(cmp.Or(run.Title, run.Name), MaxTitleLength)
	summary := truncateOutput(cmp.Or(run.Summary, title))
	text := truncateOutput(run.Text)

	create := gh.CreateCheckRunOptions{
		Name:      run.Name,
		HeadSHA:   run.HeadSHA,
		Status:    ptr("in_progress"),
		StartedAt: &gh.Timestamp{Time: time.Now()},
	}
	created, _, err := c.gh.Checks.CreateCheckRun(ctx, owner, repo, create)
	if err != nil {
		return "", c.fail(http.MethodPost, "create "+op, err)
	}
	id, url := created.GetID(), created.GetHTMLURL()
	// From here the run exists, and must not stay in_progress: a required check would wait
	// for it forever. When ctx ends first (the job was cancelled), the run is completed as
	// cancelled on a context of its own.
	abandon := func(err error) error {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), abandonTimeout)
		defer cancel()
		cancelled := run
		cancelled.Conclusion = "cancelled"
		note := "> subpolicy was stopped before this check run was complete; see the job log.\n\n"
		return errors.Join(err, c.completeCheckRun(cctx, owner, repo, id, cancelled, title, truncateOutput(note+summary), text, nil, op))
	}

	var last []*gh.CheckRunAnnotation
	for start := 0; start < len(annotations); start += MaxAnnotationsPerRequest {
		end := min(start+MaxAnnotationsPerRequest, len(annotations))
		if end == len(annotations) {
			last = annotations[start:end]
			break
		}
		_, _, err := c.gh.Checks.UpdateCheckRun(ctx, owner, repo, id, gh.UpdateCheckRunOptions{
			Name:   run.Name,
			Output: &gh.CheckRunOutput{Title: &title, Summary: &summary, Annotations: annotations[start:end]},
		})
		if err != nil {
			err = c.fail(http.MethodPatch, fmt.Sprintf("add annotations %d-%d of %d to %s", start+1, end, len(annotations), op), err)
			if ctx.Err() != nil {
				return url, abandon(err)
			}
			note := fmt.Sprintf("> Only %d of %d annotations could be attached to this check run; see the job log for all findings.\n\n", start, len(annotations))
			if cerr := c.completeCheckRun(ctx, owner, repo, id, run, title, truncateOutput(note+summary), text, nil, op); cerr != nil {
				return url, errors.Join(err, cerr)
			}
			return url, err
		}
	}
	if err := c.completeCheckRun(ctx, owner, repo, id, run, title, summary, text, last, op); err != nil {
		if ctx.Err() != nil {
			return url, abandon(err)
		}
		return url, err
	}
	return url, nil
}

// abandonTimeout bounds completing a check run after the run's context ended.
const abandonTimeout = 10 * time.Second

func (c *Client) completeCheckRun(ctx context.Context, owner, repo string, id int64, run CheckRun, title, summary, text string, annotations []*gh.CheckRunAnnotation, op string) error {
	output := &gh.CheckRunOutput{Title: &title, Summary: &summary, Annotations: annotations}
	if text != "" {
		output.Text = &text
	}
	_, _, err := c.gh.Checks.UpdateCheckRun(ctx, owner, repo, id, gh.UpdateCheckRunOptions{
		Name:        run.Name,
		Status:      ptr("completed"),
		Conclusion:  ptr(run.Conclusion),
		CompletedAt: &gh.Timestamp{Time: time.Now()},
		Output:      output,
	})
	return c.fail(http.MethodPatch, "complete "+op, err)
}

func (run CheckRun) validate() error {
	switch {
	case run.Name == "":
		return errors.New("the check run has no name")
	case run.HeadSHA == "":
		return errors.New("the check run has no head SHA")
	case !slices.Contains(conclusions, run.Conclusion):
		return fmt.Errorf("conclusion %q is not one of %s", run.Conclusion, strings.Join(conclusions, ", "))
	}
	return nil
}

// toAnnotations checks annotations and shapes them the way the API accepts.
func toAnnotations(in []Annotation) ([]*gh.CheckRunAnnotation, error) {
	out := make([]*gh.CheckRunAnnotation, 0, len(in))
	for i, a := range in {
		where := fmt.Sprintf("annotation %d (%s:%d)", i+1, a.Path, a.StartLine)
		switch {
		case a.Path == "":
			return nil, fmt.Errorf("%s: no path", where)
		case !slices.Contains(annotationLevels, a.Level):
			return nil, fmt.Errorf("%s: level %q is not one of %s", where, a.Level, strings.Join(annotationLevels, ", "))
		case a.Message == "":
			return nil, fmt.Errorf("%s: empty message", where)
		}
		start := max(a.StartLine, 1)
		end := max(a.EndLine, start)
		ann := &gh.CheckRunAnnotation{
			Path:            ptr(a.Path),
			StartLine:       ptr(start),
			EndLine:         ptr(end),
			AnnotationLevel: ptr(a.Level),
			Message:         ptr(clip(a.Message, MaxAnnotationMessageLength)),
		}
		if start == end && a.StartColumn > 0 {
			ann.StartColumn = ptr(a.StartColumn)
			ann.EndColumn = ptr(max(a.EndColumn, a.StartColumn))
		}
		if a.Title != "" {
			ann.Title = ptr(clip(a.Title, MaxTitleLength))
		}
		out = append(out, ann)
	}
	return out, nil
}

// truncateOutput cuts s to MaxOutputLength bytes, preferably at a line end,
// and says how many characters were left out.
func truncateOutput(s string) string {
	if len(s) <= MaxOutputLength {
		return s
	}
	total := utf8.RuneCountInString(s)
	cut := runeStart(s, MaxOutputLength-len(truncationNote(total)))
	if nl := strings.LastIndexByte(s[:cut], '\n'); nl > 0 && cut-nl <= 2000 {
		cut = nl
	}
	return s[:cut] + truncationNote(total-utf8.RuneCountInString(s[:cut]))
}

func truncationNote(dropped int) string {
	return fmt.Sprintf("\n\n… truncated: %d more characters; see the job summary", dropped)
}

// clip cuts s to at most n bytes at a character boundary, ending in "…".
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ellipsis = "…"
	return s[:runeStart(s, n-len(ellipsis))] + ellipsis
}

// runeStart returns the largest i <= n at which a character of s starts.
func runeStart(s string, n int) int {
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}
