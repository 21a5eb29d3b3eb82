package action

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/subpolicy/subpolicy/internal/finding"
	"github.com/subpolicy/subpolicy/internal/github"
	"github.com/subpolicy/subpolicy/internal/report"
)

// checkRunSummaryBytes keeps the check run's Markdown summary under the API's 65,535
// characters with room for the note the client adds when it must cut.
const checkRunSummaryBytes = github.MaxOutputLength - 1024

// publishCheckRun publishes the check run on the head commit. available reports that it
// exists and holds every annotation (none left out past MaxCheckRunAnnotations); failed
// reports an API failure that the exit code must show.
// A check run that cannot exist (disabled, no token) or that the token may not create
// (a fork's read-only token) is not a failure: the workflow-command annotations and the
// job summary carry everything instead, and one notice says why.
func (r *run) publishCheckRun(ctx context.Context, t *target, rep *report.Report) (url string, available, failed bool) {
	name := r.in.checkName
	anns, total := annotations(rep)
	switch {
	case name == "":
		r.log.printf("subpolicy: no check run (input %q is empty)", inputCheckName)
		return "", false, false
	case r.in.token == "":
		r.log.command("notice", title("subpolicy: no check run"), fmt.Sprintf(
			"subpolicy has no github-token, so it cannot create the check run %q; %s annotated in this log and listed in the job summary instead. "+
				"Pass `github-token: ${{ github.token }}` (the default) and grant `checks: write` in the workflow's permissions.",
			name, countText(total)))
		t.notes = append(t.notes, fmt.Sprintf("> [!NOTE]\n> No check run: the action has no `github-token`. Pass one and grant `checks: write` to get the %s check run.",
			report.MarkdownText(name)))
		return "", false, false
	case t.headSHA == "":
		r.log.printf("subpolicy: no check run: the commit is unknown (GITHUB_SHA is not set)")
		return "", false, false
	}
	client, err := r.client()
	if err != nil {
		r.log.command("error", title("subpolicy: invalid input"), err.Error())
		return "", false, true
	}
	var capNote []string // for the check run's summary and, once it exists, the job summary
	if len(anns) < total {
		capNote = append(capNote, fmt.Sprintf("> [!NOTE]\n> The check run annotates %d of the %d findings and files not checked, the most severe first: "+
			"past %d, GitHub's list of annotations is of no use. The job log lists every finding.", len(anns), total, MaxCheckRunAnnotations))
	}
	summary, text, err := r.checkRunOutput(t, rep, capNote...)
	if err != nil {
		r.log.command("error", title("subpolicy: check run"), fmt.Sprintf("rendering the check run summary: %v", err))
		return "", false, true
	}
	url, err = client.PublishCheckRun(ctx, r.rv.owner, r.rv.repo, github.CheckRun{
		Name:        name,
		HeadSHA:     t.headSHA,
		Conclusion:  conclusion(rep, r.in.failOn),
		Title:       checkTitle(rep),
		Summary:     summary,
		Text:        text,
		Annotations: anns,
	})
	switch {
	case err == nil:
		r.log.printf("subpolicy: check run %q on %s: %s (%s)", name, report.ShortSHA(t.headSHA), conclusion(rep, r.in.failOn), url)
		t.notes = append(t.notes, capNote...)
		return url, len(anns) == total, false
	case url == "" && github.IsPermission(err):
		why := "the token lacks the `checks: write` permission"
		if t.fork {
			why = "this pull request comes from a fork, and GitHub gives such pull requests a read-only token"
		}
		r.log.command("notice", title("subpolicy: no check run"), fmt.Sprintf(
			"subpolicy cannot create the check run %q (%v): %s. %s annotated in this log and listed in the job summary instead. "+
				"To get the check run, grant `checks: write` in the workflow's permissions; pull requests from forks only ever get these annotations and the job summary.",
			name, err, why, capitalize(countText(total))))
		t.notes = append(t.notes, fmt.Sprintf("> [!NOTE]\n> No %s check run: %s. Every finding is annotated in the job log instead; grant `checks: write` to get the check run.",
			report.MarkdownText(name), why))
		return "", false, false
	default:
		r.apiError(fmt.Sprintf("publishing the check run %q", name), err)
		return url, false, true
	}
}

func countText(n int) string {
	if n == 1 {
		return "the finding is"
	}
	return fmt.Sprintf("all %d findings are", n)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// notChecked counts the files that could not be checked.
func notChecked(rep *report.Report) int {
	n := 0
	for _, f := range rep.Files {
		if f.Error != "" {
			n++
		}
	}
	return n
}

// conclusion is failure when fail-on is met or a file could not be checked, neutral when
// findings remain below it, success when there is none.
func conclusion(rep *report.Report, failOn finding.FailOn) string {
	switch {
	case failOn.Fails(rep.Findings) || notChecked(rep) > 0:
		return "failure"
	case len(finding.Active(rep.Findings)) > 0:
		return "neutral"
	default:
		return "success"
	}
}

// checkTitle is the check run's one-line title.
func checkTitle(rep *report.Report) string {
	s := rep.Summary
	bad := notChecked(rep)
	switch {
	case s.Files == 0 && len(finding.Active(rep.Findings)) == 0:
		return "Nothing to check"
	case len(finding.Active(rep.Findings)) == 0 && bad == 0:
		return fmt.Sprintf("No findings in %s", report.Plural(s.Files, "file"))
	}
	t := fmt.Sprintf("%s, %s, %s", report.Plural(s.Errors, "error"), report.Plural(s.Warnings, "warning"), report.Plural(s.Notices, "notice"))
	if bad > 0 {
		t += fmt.Sprintf("; %s not checked", report.Plural(bad, "file"))
	}
	return t
}

// MaxCheckRunAnnotations bounds a check run's annotations. Each is an entry in the list of
// annotations of the pull request's "Files changed" view, and 50 of them an API request:
// past a thousand the list is of no use to a reviewer and the requests only cost time.
const MaxCheckRunAnnotations = 1000

// annotations are every finding no waiver silences (and every file that could not be
// checked) as check-run annotations, at most MaxCheckRunAnnotations of them: the files not
// checked, then the most severe findings, each severity in page order. total is how many
// there are in all. Their text is plain text (report.PlainText): page text
// cannot put control or bidirectional characters in front of a reviewer.
func annotations(rep *report.Report) (out []github.Annotation, total int) {
	for _, f := range rep.Files {
		if f.Error != "" {
			out = append(out, github.Annotation{Path: f.Path, StartLine: 1, Level: "failure", Title: "subpolicy: file not checked", Message: report.PlainText(f.Error)})
		}
	}
	active := finding.Active(rep.Findings)
	total = len(out) + len(active)
	if room := MaxCheckRunAnnotations - len(out); len(active) > room {
		out = out[:min(len(out), MaxCheckRunAnnotations)]
		active = slices.Clone(active)
		slices.SortStableFunc(active, finding.BySeverity)
		active = active[:max(room, 0)]
	}
	for _, f := range active {
		out = append(out, github.Annotation{
			Path:        f.Path,
			StartLine:   max(f.Line, 1),
			StartColumn: f.Column,
			EndColumn:   f.EndColumn,
			Level:       level(f.Severity),
			Title:       report.PlainText(report.AnnotationTitle(f)),
			Message:     report.PlainText(f.Message),
		})
	}
	return out, total
}

func level(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "failure"
	case finding.Warning:
		return "warning"
	default:
		return "notice"
	}
}
