package action

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/subpolicy/subpolicy/internal/github"
	"github.com/subpolicy/subpolicy/internal/report"
)

// commentMarker is the hidden HTML comment by which the sticky comment is found again; it
// names the check, so that two subpolicy steps on one pull request keep one comment each.
func (r *run) commentMarker() string {
	name := strings.Map(func(c rune) rune {
		if c == '-' || c == '<' || c == '>' || c == '!' || c < ' ' {
			return '_'
		}
		return c
	}, cmp.Or(r.in.checkName, "subpolicy"))
	return "<!-- subpolicy:change-notice " + name + " -->"
}

// publishComment keeps one pull-request comment with the change notice and the blocking
// findings: created the first time the pull request changes a subprocessor list (every time
// with comment "always"), updated in place on every later run, and marked resolved once the
// pull request no longer changes a list. It reports whether an API failure must fail the run;
// a token without the permission (a fork's read-only token) only gets a notice.
func (r *run) publishComment(ctx context.Context, t *target, rep *report.Report) (failed bool) {
	pr := t.context.PullRequest
	switch {
	case pr == nil:
		return false
	case r.in.changes.comment == commentNever:
		r.log.printf("subpolicy: no pull-request comment (input %q is %q)", inputComment, commentNever)
		return false
	case r.in.token == "":
		r.log.printf("subpolicy: no pull-request comment: the action has no github-token")
		return false
	}
	client, err := r.client()
	if err != nil {
		r.log.command("error", title("subpolicy: invalid input"), err.Error())
		return true
	}
	// No comparison (a pull request that no longer changes any page) is no change: an
	// earlier comment is marked resolved.
	changed := rep.Changes != nil && rep.Changes.Summary.Changed
	marker := r.commentMarker()
	comments, err := client.ListIssueComments(ctx, r.rv.owner, r.rv.repo, pr.Number)
	if err != nil {
		return r.commentError(fmt.Sprintf("listing the comments of pull request #%d", pr.Number), err, t)
	}
	existing := stickyComment(comments, marker)

	opts := report.CommentOptions{
		Marker:     marker,
		Title:      cmp.Or(r.in.checkName, "subpolicy"),
		FailOn:     r.in.failOn,
		ServerURL:  r.rv.serverURL,
		Repository: r.rv.repository,
		Ref:        t.headSHA,
	}
	var body strings.Builder
	switch {
	case changed || r.in.changes.comment == commentAlways:
		err = report.WriteComment(&body, rep, opts)
	case existing != nil:
		err = report.WriteResolvedComment(&body, opts)
	default:
		r.log.printf("subpolicy: no pull-request comment: the pull request changes no subprocessor list (input %q is %q)", inputComment, commentChanges)
		return false
	}
	if err != nil {
		r.log.command("error", title("subpolicy: pull-request comment"), fmt.Sprintf("rendering the comment: %v", err))
		return true
	}
	switch {
	case existing == nil:
		c, err := client.CreateIssueComment(ctx, r.rv.owner, r.rv.repo, pr.Number, body.String())
		if err != nil {
			return r.commentError(fmt.Sprintf("commenting on pull request #%d", pr.Number), err, t)
		}
		r.log.printf("subpolicy: commented on pull request #%d: %s", pr.Number, c.URL)
	case existing.Body == body.String():
		r.log.printf("subpolicy: the pull-request comment is up to date: %s", existing.URL)
	default:
		c, err := client.UpdateIssueComment(ctx, r.rv.owner, r.rv.repo, existing.ID, body.String())
		if err != nil {
			return r.commentError(fmt.Sprintf("updating comment %d on pull request #%d", existing.ID, pr.Number), err, t)
		}
		what := "updated"
		if !changed && r.in.changes.comment != commentAlways {
			what = "marked resolved"
		}
		r.log.printf("subpolicy: %s the pull-request comment: %s", what, c.URL)
	}
	return false
}

// stickyComment finds the comment subpolicy wrote: one whose body starts with marker, written
// by a bot (as with the default token) when there is one. A comment that merely quotes the
// marker is never taken for it.
func stickyComment(comments []github.Comment, marker string) *github.Comment {
	var first *github.Comment
	for i := range comments {
		c := &comments[i]
		if !strings.HasPrefix(c.Body, marker) {
			continue
		}
		if strings.HasSuffix(c.Author, "[bot]") {
			return c
		}
		if first == nil {
			first = c
		}
	}
	return first
}

// commentError reports a failed comment request: a notice when the token may not comment
// (the comment is optional), else an error that fails the run.
func (r *run) commentError(doing string, err error, t *target) bool {
	if !github.IsPermission(err) {
		r.apiError(doing, err)
		return true
	}
	why := "the token lacks the `pull-requests: write` permission"
	if t.fork {
		why = "this pull request comes from a fork, and GitHub gives such pull requests a read-only token"
	}
	r.log.command("notice", title("subpolicy: no pull-request comment"), fmt.Sprintf(
		"%s failed (%v): %s. The change notice is in the job summary and the check run instead; grant `pull-requests: write` to get the comment, or set %q to %q.",
		doing, err, why, inputComment, commentNever))
	return false
}
