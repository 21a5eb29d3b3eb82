package action

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/subpolicy/subpolicy/internal/github"
	"github.com/subpolicy/subpolicy/internal/report"
)

// syncIssue keeps the audit's tracking issue: exactly one issue, found again by
// report.IssueMarker among the issues labelled issue-label, that lists the current error and
// warning findings. It creates the issue when findings appear, rewrites it when they change,
// leaves it alone when they are the same (no notification), closes it with a comment when
// the audit is clean, and reopens it when findings return. A token that may not read or
// write issues gets a notice, not a failure; failed reports any other API failure.
func (r *run) syncIssue(ctx context.Context, t *target, rep *report.Report) (failed bool) {
	if r.in.token == "" {
		r.issueUnavailable(t, "", "subpolicy has no github-token", "Pass `github-token: ${{ github.token }}` (the default) and grant `issues: write`.")
		return false
	}
	if n := notChecked(rep); n > 0 {
		// An incomplete audit says nothing about the files it could not read: it must not
		// close the issue as clean, nor rewrite it without their findings.
		r.log.printf("subpolicy: the tracking issue is left as it is: %s could not be checked, so this audit is incomplete", report.Plural(n, "file"))
		t.notes = append(t.notes, fmt.Sprintf("The tracking issue is left as it is: %s could not be checked, so this audit is incomplete.", report.Plural(n, "file")))
		return false
	}
	client, err := r.client()
	if err != nil {
		r.log.command("error", title("subpolicy: invalid input"), err.Error())
		return true
	}
	label := r.in.audit.issueLabel
	found, err := client.FindIssueByMarker(ctx, r.rv.owner, r.rv.repo, label, report.IssueMarker)
	if err != nil {
		return r.issueFailed(t, "looking for the tracking issue", err)
	}

	listed := report.IssueFindings(rep.Findings)
	digest := report.IssueDigest(listed)
	heading := cmp.Or(r.in.checkName, "subpolicy") + " audit"
	var body strings.Builder
	if err := report.WriteIssue(&body, listed, report.IssueOptions{
		Title:      heading,
		ServerURL:  r.rv.serverURL,
		Repository: r.rv.repository,
		Ref:        t.headSHA,
		Date:       strings.SplitN(t.context.Now, "T", 2)[0],
		RunURL:     r.runURL(),
	}); err != nil {
		r.log.command("error", title("subpolicy: tracking issue"), fmt.Sprintf("rendering the tracking issue: %v", err))
		return true
	}
	issueTitle := report.IssueTitle(heading, listed)
	clean := len(listed) == 0
	what := report.Plural(len(listed), "error and warning finding")
	if len(listed) == 1 {
		what = "1 error or warning finding"
	}

	switch {
	case found == nil && clean:
		r.log.printf("subpolicy: no tracking issue: the audit has no error or warning findings and no issue labelled %q holds the marker", label)
		return false
	case found == nil:
		var labels []string
		if label != "" {
			labels = []string{label}
		}
		is, err := client.CreateIssue(ctx, r.rv.owner, r.rv.repo, issueTitle, body.String(), labels)
		if err != nil {
			return r.issueFailed(t, "creating the tracking issue", err)
		}
		r.issueDone(t, is, "created", fmt.Sprintf("it lists %s", what))
		if label != "" && !slices.ContainsFunc(is.Labels, func(l string) bool { return strings.EqualFold(l, label) }) {
			r.log.command("warning", title("subpolicy: tracking issue"), fmt.Sprintf(
				"GitHub created the tracking issue #%d without the label %q (it drops labels the token may not set), and the next audit looks for the issue among the issues with that label: add the label to #%d, or the next audit opens another issue",
				is.Number, label, is.Number))
		}
	case found.State == "open" && clean:
		comment := fmt.Sprintf("The audit of %s found no error or warning findings, so this issue is closed. It is reopened when an audit finds some again.", r.commitRef(t))
		if _, err := client.CreateIssueComment(ctx, r.rv.owner, r.rv.repo, found.Number, comment); err != nil {
			return r.issueFailed(t, fmt.Sprintf("commenting on the tracking issue #%d", found.Number), err)
		}
		is, err := client.UpdateIssue(ctx, r.rv.owner, r.rv.repo, found.Number, issueTitle, body.String(), "closed")
		if err != nil {
			return r.issueFailed(t, fmt.Sprintf("closing the tracking issue #%d", found.Number), err)
		}
		r.issueDone(t, is, "closed", "the audit is clean")
	case clean:
		r.log.printf("subpolicy: the tracking issue #%d stays closed: the audit is clean (%s)", found.Number, found.URL)
	case report.IssueBodyDigest(found.Body) == digest && found.State == "open":
		r.issueDone(t, found, "unchanged", fmt.Sprintf("it already lists these %s", what))
	case report.IssueBodyDigest(found.Body) == digest:
		// Closed by hand with these very findings open: the findings did not return, so
		// the issue stays closed until they change.
		r.log.printf("subpolicy: the tracking issue #%d was closed while it listed these same findings; it stays closed until they change (%s)", found.Number, found.URL)
		t.notes = append(t.notes, fmt.Sprintf("The tracking issue [#%d](%s) was closed while it listed these findings; it is reopened when they change.",
			found.Number, found.URL))
	default:
		state, done := "", "updated"
		if found.State != "open" {
			state, done = "open", "reopened"
		}
		is, err := client.UpdateIssue(ctx, r.rv.owner, r.rv.repo, found.Number, issueTitle, body.String(), state)
		if err != nil {
			return r.issueFailed(t, fmt.Sprintf("updating the tracking issue #%d", found.Number), err)
		}
		r.issueDone(t, is, done, fmt.Sprintf("it now lists %s", what))
	}
	return false
}

// issueDone reports what became of the tracking issue in the log and the job summary.
func (r *run) issueDone(t *target, is *github.Issue, done, why string) {
	r.log.printf("subpolicy: tracking issue #%d %s: %s (%s)", is.Number, done, why, is.URL)
	t.notes = append(t.notes, fmt.Sprintf("Tracking issue [#%d](%s): %s.", is.Number, is.URL, done))
}

// issueFailed reports an API failure of the tracking issue. Missing permissions, disabled
// issues and an unreadable repository get a notice (the findings still decide the exit code);
// anything else is a runtime failure.
func (r *run) issueFailed(t *target, doing string, err error) (failed bool) {
	var e *github.Error
	switch {
	case github.IsPermission(err) || errors.Is(err, github.ErrNotFound):
		r.issueUnavailable(t, fmt.Sprintf("%s failed (%v)", doing, err), "the token lacks the `issues: write` permission",
			"Grant `issues: write` in the workflow's permissions.")
		return false
	case errors.As(err, &e) && e.StatusCode == http.StatusGone:
		r.issueUnavailable(t, fmt.Sprintf("%s failed (%v)", doing, err), "issues are disabled in this repository",
			"Enable issues in the repository's settings, or set `issue: false`.")
		return false
	}
	r.apiError(doing, err)
	return true
}

// issueUnavailable says, once in the log (with what failed, when something did) and once
// in the job summary, why there is no tracking issue and how to get one. fix is Markdown.
func (r *run) issueUnavailable(t *target, failed, why, fix string) {
	msg := why
	if failed != "" {
		msg = failed + ": " + why
	}
	r.log.command("notice", title("subpolicy: no tracking issue"), fmt.Sprintf(
		"%s, so the tracking issue is not kept; the findings are in this log and the job summary. %s", msg, fix))
	t.notes = append(t.notes, fmt.Sprintf("> [!NOTE]\n> No tracking issue: %s. %s", why, fix))
}

// commitRef names the audited commit for an issue comment, linked when it is known.
func (r *run) commitRef(t *target) string {
	if t.headSHA == "" || r.rv.repository == "" {
		return "this commit"
	}
	return fmt.Sprintf("[`%s`](%s/%s/commit/%s)", report.ShortSHA(t.headSHA), strings.TrimRight(r.rv.serverURL, "/"), r.rv.repository, t.headSHA)
}

// runURL links the workflow run, when the runner says which it is.
func (r *run) runURL() string {
	id := r.rv.runID
	if id == "" || r.rv.repository == "" || strings.ContainsAny(id, "/?#() ") {
		return ""
	}
	return fmt.Sprintf("%s/%s/actions/runs/%s", strings.TrimRight(r.rv.serverURL, "/"), r.rv.repository, id)
}
