package action

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/sethvargo/go-githubactions"

	"github.com/subpolicy/subpolicy/internal/check"
	"github.com/subpolicy/subpolicy/internal/policy"
	"github.com/subpolicy/subpolicy/internal/report"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// The inputs of audits and code scanning, as action.yml names them.
const (
	inputMode       = "mode"
	inputSARIFFile  = "sarif-file"
	inputIssue      = "issue"
	inputIssueLabel = "issue-label"
)

// The modes the mode input accepts.
const (
	modeAuto        = "auto"         // pull-request mode on pull_request(_target) events, audit mode on the others
	modeAudit       = "audit"        // every matching file of the workspace, whatever the event
	modePullRequest = "pull-request" // the pull request's changed files; other events are an error
)

// modes lists the accepted values of the mode input, for messages.
var modes = []string{modeAuto, modeAudit, modePullRequest}

// defaultIssueLabel labels (and finds) the audit's tracking issue when issue-label is unset.
const defaultIssueLabel = "subpolicy"

// auditInputs are the validated inputs of audit mode, SARIF and the tracking issue.
type auditInputs struct {
	mode       string // one of modes
	sarifFile  string // as given; "" writes none
	issue      bool   // keep the tracking issue (audit mode only)
	issueLabel string // labels the issue and narrows the search for it
}

// readAuditInputs reads and validates the mode, sarif-file, issue and issue-label inputs.
func readAuditInputs(a *githubactions.Action) (auditInputs, []error) {
	var errs []error
	get := a.GetInput
	in := auditInputs{
		mode:       cmp.Or(strings.ToLower(strings.TrimSpace(get(inputMode))), modeAuto),
		sarifFile:  get(inputSARIFFile),
		issueLabel: cmp.Or(strings.TrimSpace(get(inputIssueLabel)), defaultIssueLabel),
	}
	if !slices.Contains(modes, in.mode) {
		errs = append(errs, fmt.Errorf("input %q is %q (valid: %s)", inputMode, get(inputMode), strings.Join(modes, ", ")))
	}
	var err error
	if in.issue, err = boolInput(a, inputIssue, false); err != nil {
		errs = append(errs, err)
	}
	if strings.ContainsAny(in.sarifFile, "\r\n") {
		errs = append(errs, fmt.Errorf("input %q must be one path", inputSARIFFile))
	}
	if strings.ContainsAny(in.issueLabel, ",\r\n") {
		errs = append(errs, fmt.Errorf("input %q must be one label (no commas or line breaks)", inputIssueLabel))
	}
	return in, errs
}

// isPullRequestEvent reports the events whose payload holds a pull request.
func isPullRequestEvent(event string) bool {
	return event == "pull_request" || event == "pull_request_target"
}

// selectMode decides between pull-request and audit mode from the mode input and the event.
// A mode that cannot run reports why and returns "".
func (r *run) selectMode() string {
	switch r.in.audit.mode {
	case modeAudit:
		return modeAudit
	case modePullRequest:
		if !isPullRequestEvent(r.rv.eventName) {
			r.log.command("error", title("subpolicy: invalid input"), fmt.Sprintf(
				"input %q is %q but the event %q has no pull request; run on pull_request or pull_request_target, or set %q to %q (or %q) to check every file",
				inputMode, modePullRequest, r.rv.eventName, inputMode, modeAuto, modeAudit))
			return ""
		}
		return modePullRequest
	default:
		if isPullRequestEvent(r.rv.eventName) {
			return modePullRequest
		}
		return modeAudit
	}
}

// audit gathers every file of the workspace that matches paths, for schedule, push,
// workflow_dispatch and any event run with mode audit. Every finding counts: nothing is
// filtered to changes. The walk only lists names; the files are read in parallel.
func (r *run) audit() (*target, int) {
	t := &target{
		headSHA: r.rv.sha,
		context: subprocessor.Context{
			Mode:       "audit",
			Repository: r.rv.repository,
			Event:      r.rv.eventName,
			HeadSHA:    r.rv.sha,
			Now:        r.now(),
		},
	}
	why := fmt.Sprintf("event %q has no pull request", r.rv.eventName)
	if r.in.audit.mode == modeAudit {
		why = fmt.Sprintf("input %q is %q, event %q", inputMode, modeAudit, r.rv.eventName)
	}
	r.log.printf("subpolicy: audit mode (%s): every file of the workspace that matches paths %s, at commit %s",
		why, report.QuoteList(r.in.paths), cmp.Or(r.rv.sha, "(unknown)"))
	root, err := os.OpenRoot(r.rv.workspace)
	if err != nil {
		r.log.command("error", title("subpolicy: workspace"), fmt.Sprintf("opening the workspace: %v", err))
		return nil, ExitRuntime
	}
	defer root.Close()
	var names []string
	err = fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && skipDirs[d.Name()] {
				return fs.SkipDir
			}
			return nil
		}
		if !matches(r.in.paths, p) {
			return nil
		}
		if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink != 0 {
			// A link to a page or folder of the workspace is left out (the page is checked
			// at its own path); a link to nothing, or out of the workspace, is a page that
			// cannot be checked, and reading it says so.
			if info, err := root.Stat(p); err == nil && (info.Mode().IsRegular() || info.IsDir()) {
				return nil
			}
		}
		// Regular files, and what cannot be read as one (a named pipe, a broken link): the
		// read reports those as files not checked, which fails the run.
		names = append(names, p)
		return nil
	})
	if err != nil {
		r.log.command("error", title("subpolicy: workspace"), fmt.Sprintf("walking the workspace: %v", r.relative(err.Error())))
		return nil, ExitRuntime
	}
	t.files, t.unreadable = readAll(&workspace{root: root, maxSize: r.in.maxFileSize}, names, runtime.GOMAXPROCS(0))
	if len(names) == 0 {
		t.notes = append(t.notes, fmt.Sprintf("No file in the workspace matches %s, so there is nothing to check. Is there an `actions/checkout` step before this one?",
			globList(r.in.paths)))
		return t, ExitOK
	}
	at := ""
	if r.rv.sha != "" {
		at = " at " + report.MarkdownText(report.ShortSHA(r.rv.sha))
	}
	t.notes = append(t.notes, fmt.Sprintf("Audit of every file in the repository%s that matches %s (event %s).",
		at, globList(r.in.paths), report.MarkdownText(r.rv.eventName)))
	return t, ExitOK
}

// skipDirs are folders the audit walk never enters.
var skipDirs = map[string]bool{".git": true, "node_modules": true, "vendor": true}

// readAll reads the named files of the workspace with at most workers reads at a time,
// keeping their order. A file that cannot be read is an input error, not a failure of the run.
func readAll(ws *workspace, names []string, workers int) ([]check.File, []check.FileResult) {
	contents := make([][]byte, len(names))
	errs := make([]error, len(names))
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(workers, len(names))) {
		wg.Go(func() {
			for i := range next {
				contents[i], errs[i] = ws.read(names[i])
			}
		})
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()
	files := make([]check.File, 0, len(names))
	var unreadable []check.FileResult
	for i, name := range names {
		if errs[i] != nil {
			unreadable = append(unreadable, check.FileResult{Path: name, Err: errs[i]})
			continue
		}
		files = append(files, check.File{Path: name, Content: contents[i]})
	}
	return files, unreadable
}

// scanSinks feeds the sinks of code scanning and audits: the SARIF file (every mode) and the
// tracking issue (audit mode). It runs before the job summary is written, so that the notes
// it adds reach it. failed reports a failure the exit code must show.
func (r *run) scanSinks(ctx context.Context, eng *policy.Engine, t *target, rep *report.Report) (failed bool) {
	if err := r.writeSARIF(eng, t, rep); err != nil {
		r.log.command("error", title("subpolicy: SARIF report"), r.relative(err.Error()))
		failed = true
	}
	switch {
	case !r.in.audit.issue:
	case t.context.Mode != "audit":
		r.log.printf("subpolicy: the tracking issue is kept by audits only (input %q); this pull-request run leaves it alone", inputIssue)
	default:
		if r.syncIssue(ctx, t, rep) {
			failed = true
		}
	}
	return failed
}
