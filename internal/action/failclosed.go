package action

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/subpolicy/subpolicy/internal/github"
	"github.com/subpolicy/subpolicy/internal/policy"
	"github.com/subpolicy/subpolicy/internal/report"
)

// failClosed ends a run whose checks could not complete (a policy failing at run time, an
// evaluation that timed out, an internal error): there is no result, so nothing may look like
// a pass. The error goes to the log; the check run, when there is one, is completed as a
// failure with the error, so that neither a required check nor an earlier run's success on the
// same commit can let the pull request through; the job summary says why. The other sinks
// are left alone: no outputs, JSON or SARIF report (an empty SARIF upload would close every
// alert), and the pull-request comment and the tracking issue keep what they last said.
// It returns ExitRuntime for an internal error, ExitUsage otherwise (or ExitRuntime when
// the check run could not be published either).
func (r *run) failClosed(ctx context.Context, t *target, err error) int {
	msg := r.relative(err.Error())
	code, what := ExitUsage, "the policies could not be evaluated"
	var pe *policy.PanicError
	if errors.As(err, &pe) {
		code, what = ExitRuntime, "subpolicy stopped on an internal error"
		r.log.printf("subpolicy: internal error: %v", pe.Value)
		for l := range strings.Lines(string(pe.Stack)) {
			r.log.printf("  %s", strings.TrimRight(l, "\n"))
		}
	}
	r.log.command("error", title("subpolicy: policy error"), msg)

	name := cmp.Or(r.in.checkName, "subpolicy")
	var b strings.Builder
	fmt.Fprintf(&b, "## %s: failed without a result\n\nThis run has no findings to report because %s, so it fails: a check never passes without a result.\n\n> %s\n\n",
		report.MarkdownText(name), what, report.MarkdownText(msg))
	for _, n := range t.notes {
		fmt.Fprintf(&b, "%s\n\n", strings.TrimSpace(n))
	}
	summary := b.String()

	if r.failedCheckRun(ctx, t, err, summary) {
		code = ExitRuntime
	}
	if r.in.summary && r.rv.stepSummary != "" {
		if werr := appendFile(r.rv.stepSummary, summary); werr != nil {
			r.log.command("error", title("subpolicy: job summary"), fmt.Sprintf("writing the job summary to %q: %v", r.rv.stepSummary, werr))
			code = ExitRuntime
		}
	}
	r.log.printf("subpolicy: failing: %s; no result, so no outputs or reports were written", what)
	return code
}

// failedCheckRun completes the check run as a failure that carries summary, with an
// annotation on the page whose evaluation failed when the error names one. It reports an
// API failure the exit code must show; a check run that cannot exist (disabled, no token,
// no commit) or that the token may not create only gets a log line, as the step fails anyway.
func (r *run) failedCheckRun(ctx context.Context, t *target, err error, summary string) (failed bool) {
	name := r.in.checkName
	if name == "" || r.in.token == "" || t.headSHA == "" {
		r.log.printf("subpolicy: no check run to fail (input %q is %q, commit %q); the step fails instead", inputCheckName, name, report.ShortSHA(t.headSHA))
		return false
	}
	client, cerr := r.client()
	if cerr != nil {
		r.log.command("error", title("subpolicy: invalid input"), cerr.Error())
		return true
	}
	var annotations []github.Annotation
	var ee *policy.EvalError
	if errors.As(err, &ee) && ee.Path != "" {
		annotations = []github.Annotation{{Path: ee.Path, StartLine: 1, Level: "failure", Title: "subpolicy: policy error",
			Message: report.PlainText(r.relative(err.Error()))}}
	}
	url, perr := client.PublishCheckRun(ctx, r.rv.owner, r.rv.repo, github.CheckRun{
		Name:        name,
		HeadSHA:     t.headSHA,
		Conclusion:  "failure",
		Title:       "Failed without a result: the policies could not be evaluated",
		Summary:     summary,
		Annotations: annotations,
	})
	switch {
	case perr == nil:
		r.log.printf("subpolicy: check run %q on %s: failure (%s)", name, report.ShortSHA(t.headSHA), url)
		return false
	case url == "" && github.IsPermission(perr):
		r.log.printf("subpolicy: cannot create the check run %q (%v); the step fails instead", name, perr)
		return false
	default:
		r.apiError(fmt.Sprintf("publishing the check run %q", name), perr)
		return true
	}
}

// appendFile appends s to the runner's file at path (the job summary, the outputs).
func appendFile(path, s string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	_, err = f.WriteString(s)
	return errors.Join(err, f.Close())
}
