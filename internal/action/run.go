package action

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sethvargo/go-githubactions"

	"github.com/subpolicy/subpolicy/internal/check"
	"github.com/subpolicy/subpolicy/internal/finding"
	"github.com/subpolicy/subpolicy/internal/github"
	"github.com/subpolicy/subpolicy/internal/policy"
	"github.com/subpolicy/subpolicy/internal/report"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// run is the state of one run of the action.
type run struct {
	env Env
	a   *githubactions.Action
	log *logger
	in  inputs
	rv  runnerVars
	gh  *github.Client
	// trust is what loading the policies learned: the pull request's files and the notes
	// on policies it changes (trust.go).
	trust trustState
	// feedEntries is the number of entries of the change feed written, -1 for none (feed.go).
	feedEntries int
}

// target is what a mode decided to check, and what the sinks need to know about it.
type target struct {
	context    subprocessor.Context
	headSHA    string // the commit the check run and the links are about
	fork       bool   // a pull request from another repository
	files      []check.File
	unreadable []check.FileResult // files that could not be read, as input errors
	notes      []string           // Markdown paragraphs for the job summary and the check run
	bases      *bases             // pull requests: the base versions to compare with (diff.go)
}

func title(t string) []report.Property { return []report.Property{{Key: "title", Value: t}} }

func (r *run) main(ctx context.Context) int {
	// The token is masked before anything else reaches the log.
	if token := r.a.GetInput(inputToken); token != "" {
		r.a.AddMask(token)
	}
	in, errs := readInputs(r.a)
	rv, rerrs := readRunner(r.a)
	errs = append(errs, rerrs...)
	if len(errs) > 0 {
		for _, err := range errs {
			r.log.command("error", title("subpolicy: invalid input"), err.Error())
		}
		return ExitUsage
	}
	r.in, r.rv = in, rv

	eng, ecode := r.trustedPolicies(ctx)
	if eng == nil {
		return ecode
	}
	var (
		t    *target
		code int
	)
	switch r.selectMode() {
	case modePullRequest:
		t, code = r.pullRequest(ctx)
	case modeAudit:
		t, code = r.audit()
	default:
		return ExitUsage
	}
	if t == nil {
		return code
	}
	t.notes = append(t.notes, r.trust.notes...)
	return r.finish(ctx, eng, t)
}

func (r *run) now() string {
	now := time.Now
	if r.env.Now != nil {
		now = r.env.Now
	}
	return now().UTC().Format(time.RFC3339)
}

// workspacePath resolves a path the user gave relative to the workspace.
func (r *run) workspacePath(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(r.rv.workspace, filepath.FromSlash(p))
}

// relative shortens the workspace's paths in a message to repository-relative ones.
func (r *run) relative(msg string) string {
	return strings.ReplaceAll(msg, strings.TrimSuffix(r.rv.workspace, string(filepath.Separator))+string(filepath.Separator), "")
}

// loadPolicies compiles the policies and data of the inputs, read from dir (the workspace,
// or the base versions trust.go gathered) and leaving out the inputs in skip, reporting their
// errors as annotations on the policy files; nil means they failed.
func (r *run) loadPolicies(ctx context.Context, dir string, skip []string) *policy.Engine {
	opts := r.policyOptions(dir, skip)
	eng, err := policy.Load(ctx, opts)
	if err == nil {
		r.log.printf("subpolicy: %d rules loaded (default pack: %t, policies: %d, data files: %d)",
			len(eng.Rules()), r.in.defaultPolicies, len(r.in.policies), len(r.in.data))
		return eng
	}
	var perrs policy.Errors
	var perr *policy.Error
	switch {
	case errors.As(err, &perrs):
	case errors.As(err, &perr):
		perrs = policy.Errors{perr}
	}
	if len(perrs) == 0 {
		r.log.command("error", title("subpolicy: policy error"), r.relative(err.Error()))
		return nil
	}
	for _, e := range perrs {
		props := title("subpolicy: policy error")
		if rel, ok := r.policyFile(e.File); ok {
			props = []report.Property{{Key: "file", Value: rel}}
			if e.Line > 0 {
				props = append(props, report.Property{Key: "line", Value: fmt.Sprint(e.Line)})
				if e.Column > 0 {
					props = append(props, report.Property{Key: "col", Value: fmt.Sprint(e.Column)})
				}
			}
			props = append(props, title("subpolicy: policy error")...)
		}
		r.log.command("error", props, r.relative(e.Error()))
	}
	return nil
}

// inWorkspace returns a file's repository-relative path when it is inside the workspace.
func (r *run) inWorkspace(file string) (string, bool) {
	if file == "" || !filepath.IsAbs(file) {
		return "", false
	}
	rel, err := filepath.Rel(r.rv.workspace, file)
	if err != nil || !filepath.IsLocal(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// client returns the API client, made on first use.
func (r *run) client() (*github.Client, error) {
	if r.gh != nil {
		return r.gh, nil
	}
	c, err := github.New(github.Options{
		Token:        r.in.token,
		APIURL:       r.rv.apiURL,
		HTTPClient:   r.env.HTTPClient,
		MaxRetryWait: r.env.MaxRetryWait,
		Logf:         r.log.printf,
	})
	if err != nil {
		return nil, err
	}
	r.gh = c
	return c, nil
}

// apiError reports an API failure that outlasted the retries, with a hint when one helps.
func (r *run) apiError(doing string, err error) {
	msg := fmt.Sprintf("%s failed: %v", doing, err)
	switch {
	case github.IsAuth(err):
		msg += "; GitHub rejected the token: check the github-token input"
	case github.IsRateLimit(err):
		msg += "; GitHub's rate limit outlasted the retries: re-run the job later"
	case github.IsPermission(err):
		msg += "; the token lacks a permission: grant `contents: read` and `pull-requests: read` in the workflow's permissions"
	case errors.Is(err, github.ErrNotFound) && r.in.token == "":
		msg += "; a private repository needs a token: pass github-token"
	}
	r.log.command("error", title("subpolicy: GitHub API error"), msg)
}

// finish runs the checks and feeds every sink. Sinks run even after one failed, so that
// the findings reach the user whatever happens; the exit code is the worst outcome.
func (r *run) finish(ctx context.Context, eng *policy.Engine, t *target) int {
	res := &check.Result{}
	var review *check.Review
	if len(t.files) > 0 || t.bases != nil {
		var err error
		res, review, err = r.evaluate(ctx, eng, t)
		if err != nil {
			return r.failClosed(ctx, t, err)
		}
	}
	res.Files = append(res.Files, t.unreadable...)
	// With filter "changed", res keeps only the findings the pull request introduces too.
	rep := report.NewCompared(res, review, r.in.changes.filter == filterChanged)
	r.describeChanges(rep)
	if rep.Summary.Files > 0 {
		r.log.printf("subpolicy: %s", report.Total(rep))
	}

	code := ExitOK
	if r.in.failOn.Fails(rep.Findings) {
		code = ExitFindings
	}
	if len(res.InputErrors()) > 0 {
		code = ExitUsage
	}

	url, available, failed := r.publishCheckRun(ctx, t, rep)
	if failed {
		code = ExitRuntime
	}
	if available {
		t.notes = append(t.notes, fmt.Sprintf("The [check run](%s) holds every finding as an annotation.", url))
	}

	if r.in.annotations {
		r.annotate(rep, available, url)
	} else {
		r.log.printf("workflow-command annotations are off (input %q is false)", inputAnnotations)
	}
	if r.publishComment(ctx, t, rep) {
		code = ExitRuntime
	}

	if r.scanSinks(ctx, eng, t, rep) {
		code = ExitRuntime
	}
	var feedFailed bool
	if r.feedEntries, feedFailed = r.writeFeed(eng, t, rep); feedFailed {
		code = ExitRuntime
	}

	if err := r.writeSummary(t, rep); err != nil {
		r.log.command("error", title("subpolicy: job summary"), fmt.Sprintf("writing the job summary to %q: %v", r.rv.stepSummary, err))
		code = ExitRuntime
	}
	reportPath, err := r.writeJSON(rep)
	if err != nil {
		r.log.command("error", title("subpolicy: JSON report"), r.relative(err.Error()))
		code = ExitRuntime
	}
	if err := r.setOutputs(rep, reportPath); err != nil {
		r.log.command("error", title("subpolicy: outputs"), err.Error())
		code = ExitRuntime
	}
	if r.log.err != nil {
		code = ExitRuntime
	}
	switch code {
	case ExitFindings:
		r.log.printf("subpolicy: failing: findings at or above %q (input %q)", r.in.failOn.String(), inputFailOn)
	case ExitUsage:
		r.log.printf("subpolicy: failing: %s could not be checked", report.Plural(len(res.InputErrors()), "file"))
	}
	return code
}

// annotate writes the findings as workflow commands: the most severe ten of each level when
// the check run holds them all, else every one.
func (r *run) annotate(rep *report.Report, checkRun bool, url string) {
	limit := 0
	if checkRun {
		limit = report.StepAnnotationLimit
	}
	omitted, err := report.WriteGitHub(r.env.Stdout, rep, report.GitHubOptions{PerSeverity: limit})
	if err != nil && r.log.err == nil {
		r.log.err = err
	}
	c := finding.Count(rep.Findings)
	switch {
	case omitted > 0:
		r.log.printf("subpolicy: %s more in the check run %q (%s); GitHub shows at most %d errors and %d warnings of a step",
			report.Plural(omitted, "annotation"), r.in.checkName, url, report.StepAnnotationLimit, report.StepAnnotationLimit)
	case !checkRun && (c.Errors > report.StepAnnotationLimit || c.Warnings > report.StepAnnotationLimit):
		r.log.printf("subpolicy: GitHub shows at most %d errors and %d warnings of a step on the pull request; this log and the job summary list all %s",
			report.StepAnnotationLimit, report.StepAnnotationLimit, report.Plural(len(rep.Findings), "finding"))
	}
}

// writeSummary appends the Markdown report to the job summary file, when the runner gave one.
func (r *run) writeSummary(t *target, rep *report.Report) error {
	if !r.in.summary || r.rv.stepSummary == "" {
		return nil
	}
	var b strings.Builder
	if err := report.WriteMarkdown(&b, rep, r.markdownOptions(t, report.MaxStepSummaryBytes-1024)); err != nil {
		return err
	}
	return appendFile(r.rv.stepSummary, b.String())
}

func (r *run) markdownOptions(t *target, maxBytes int) report.MarkdownOptions {
	return report.MarkdownOptions{
		Title:      cmp.Or(r.in.checkName, "subpolicy"),
		ServerURL:  r.rv.serverURL,
		Repository: r.rv.repository,
		Ref:        t.headSHA,
		Notes:      t.notes,
		MaxBytes:   maxBytes,
		PagesOnly:  t.context.Mode == "audit",
	}
}

// writeWorkspaceFile creates the file at name (an input, relative to the workspace) and its
// folder, and writes it with write; errors say what was written, and where.
func (r *run) writeWorkspaceFile(name, what string, write func(io.Writer) error) error {
	path := r.workspacePath(name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("writing the %s: %w", what, err)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("writing the %s: %w", what, err)
	}
	if err := errors.Join(write(f), f.Close()); err != nil {
		return fmt.Errorf("writing the %s to %q: %w", what, path, err)
	}
	return nil
}

// writeJSON writes the JSON report when json-file is set, and returns its path as given.
func (r *run) writeJSON(rep *report.Report) (string, error) {
	if r.in.jsonFile == "" {
		return "", nil
	}
	if err := r.writeWorkspaceFile(r.in.jsonFile, "JSON report", func(w io.Writer) error { return report.WriteJSON(w, rep) }); err != nil {
		return "", err
	}
	r.log.printf("subpolicy: JSON report written to %q", r.in.jsonFile)
	return r.in.jsonFile, nil
}

// setOutputs sets the step outputs, when the runner gave an output file.
func (r *run) setOutputs(rep *report.Report, reportPath string) error {
	if r.rv.output == "" {
		return nil
	}
	s := rep.Summary
	return writeOutputs(r.rv.output, append([]output{
		{outputErrors, fmt.Sprint(s.Errors)},
		{outputWarnings, fmt.Sprint(s.Warnings)},
		{outputNotices, fmt.Sprint(s.Notices)},
		{outputFiles, fmt.Sprint(s.Files)},
		{outputSubprocessors, fmt.Sprint(s.Subprocessors)},
		{outputReport, reportPath},
	}, append(changeOutputs(rep), feedOutput(r.feedEntries))...))
}
