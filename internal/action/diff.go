package action

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sethvargo/go-githubactions"

	"github.com/subpolicy/subpolicy/internal/check"
	"github.com/subpolicy/subpolicy/internal/github"
	"github.com/subpolicy/subpolicy/internal/policy"
	"github.com/subpolicy/subpolicy/internal/report"
)

// The inputs and outputs of change-aware reviews.
const (
	inputFilter  = "filter"
	inputComment = "comment"

	outputAdded    = "added"
	outputRemoved  = "removed"
	outputModified = "modified"
	outputChanged  = "changed"
)

// Values of the filter input.
const (
	filterChanged = "changed" // annotate and gate on what the pull request introduces
	filterAll     = "all"     // annotate and gate on every finding
)

// Values of the comment input.
const (
	commentChanges = "changes" // comment when the pull request changes a subprocessor list
	commentAlways  = "always"
	commentNever   = "never"
)

// changeInputs are the validated inputs of change-aware reviews.
type changeInputs struct {
	filter  string
	comment string
}

func readChangeInputs(a *githubactions.Action) (changeInputs, []error) {
	var errs []error
	in := changeInputs{
		filter:  cmp.Or(a.GetInput(inputFilter), filterChanged),
		comment: cmp.Or(a.GetInput(inputComment), commentChanges),
	}
	if in.filter != filterChanged && in.filter != filterAll {
		errs = append(errs, fmt.Errorf("input %q is %q (valid: %s, %s)", inputFilter, in.filter, filterChanged, filterAll))
	}
	switch in.comment {
	case commentChanges, commentAlways, commentNever:
	default:
		errs = append(errs, fmt.Errorf("input %q is %q (valid: %s, %s, %s)", inputComment, in.comment, commentChanges, commentAlways, commentNever))
	}
	return in, errs
}

// bases is what comparing a pull request with its base commit needs: the checked files
// paired with their base versions, and the removed pages.
type bases struct {
	pairs []check.Pair
}

// fetchBases reads the base version of every page the pull request changes through the
// contents API at the base commit (actions/checkout's shallow clone has no history): one
// request per page, at its path when modified, at its previous path when renamed or copied;
// none for an added page, which has no base version, nor for files the pull request leaves
// alone. Removed pages matching paths are read too, to report their rows as removed. A page
// whose base version is missing is checked without comparison.
func (r *run) fetchBases(ctx context.Context, client *github.Client, t *target, changed []github.ChangedFile, baseSHA string) int {
	if baseSHA == "" {
		r.log.printf("subpolicy: the event payload names no base commit, so the pages are not compared with their base versions")
		return ExitOK
	}
	byPath := make(map[string]github.ChangedFile, len(changed))
	for _, f := range changed {
		byPath[f.Path] = f
	}
	b := &bases{}
	var read, missing []string
	readBase := func(path string) ([]byte, bool, int) {
		content, err := client.FileContentMax(ctx, r.rv.owner, r.rv.repo, path, baseSHA, int64(r.in.maxFileSize))
		large := r.apiSizeError(path, err)
		switch {
		case err == nil:
			read = append(read, path)
			return content, true, ExitOK
		case errors.Is(err, github.ErrNotFound):
			missing = append(missing, path)
			return nil, false, ExitOK
		case large != nil:
			// Not downloaded; compared as a base version that cannot be read.
			r.log.command("warning", title("subpolicy: base version not compared"), fmt.Sprintf(
				"the base version of %q is not compared: %v", path, large))
			return nil, false, ExitOK
		default:
			r.apiError(fmt.Sprintf("reading %q at the base commit %s", path, report.ShortSHA(baseSHA)), err)
			return nil, false, ExitRuntime
		}
	}
	for i := range t.files {
		head := &t.files[i]
		cf := byPath[head.Path]
		from := head.Path
		switch cf.Status {
		case "added":
			b.pairs = append(b.pairs, check.Pair{Head: head})
			continue
		case "renamed", "copied":
			from = cmp.Or(cf.PreviousPath, head.Path)
		}
		content, ok, code := readBase(from)
		switch {
		case code != ExitOK:
			return code
		case ok:
			b.pairs = append(b.pairs, check.Pair{Head: head, Base: &check.File{Path: from, Content: content}})
		default:
			b.pairs = append(b.pairs, check.Pair{Head: head, BaseUnknown: true})
		}
	}
	for _, f := range removedPages(changed, r.in.paths) {
		content, ok, code := readBase(f.Path)
		if code != ExitOK {
			return code
		}
		if ok {
			b.pairs = append(b.pairs, check.Pair{Base: &check.File{Path: f.Path, Content: content}})
		}
	}
	if len(read) > 0 {
		r.log.printf("subpolicy: comparing with the base commit %s: read %s through the contents API: %s",
			report.ShortSHA(baseSHA), report.Plural(len(read), "base version"), report.QuoteList(read))
	}
	if len(missing) > 0 {
		r.log.printf("subpolicy: the base commit %s has no %s, so %s checked without comparison", report.ShortSHA(baseSHA),
			report.QuoteList(missing), report.Pronoun(len(missing), "that page is", "those pages are"))
	}
	t.bases = b
	return ExitOK
}

// removedPages are the pages matching paths that the pull request takes away: the files it
// removes, and the files it renames to a path paths does not match (legal/vendors.md to
// archive/vendors.md or legal/vendors.txt): their rows leave the checked pages as surely as a
// removed file's. A renamed one is given at its previous path, with status removed.
func removedPages(changed []github.ChangedFile, paths []string) []github.ChangedFile {
	var out []github.ChangedFile
	for _, f := range changed {
		switch {
		case f.Status == "removed" && matches(paths, f.Path):
			out = append(out, f)
		case f.Status == "renamed" && f.PreviousPath != "" && matches(paths, f.PreviousPath) && !matches(paths, f.Path):
			out = append(out, github.ChangedFile{Path: f.PreviousPath, Status: "removed", SHA: f.SHA})
		}
	}
	return out
}

// evaluate runs the checks, compared with the base versions when the target has them.
func (r *run) evaluate(ctx context.Context, eng *policy.Engine, t *target) (*check.Result, *check.Review, error) {
	opts := check.Options{Context: t.context, MaxFileSize: r.in.maxFileSize}
	if t.bases == nil {
		res, err := check.Run(ctx, eng, t.files, opts)
		return res, nil, err
	}
	res, review, err := check.Compare(ctx, eng, t.bases.pairs, opts)
	if err != nil {
		return nil, nil, err
	}
	for _, be := range review.BaseErrors {
		msg, _, _ := report.ErrorPosition(be.Err)
		r.log.command("warning", title("subpolicy: base version not compared"), fmt.Sprintf(
			"the base version of %q could not be read as Markdown (%s), so its changes are not compared and every finding counts as new", be.Path, msg))
	}
	return res, review, nil
}

// describeChanges logs the changes in the report, and the findings the base already had.
func (r *run) describeChanges(rep *report.Report) {
	if c := rep.Changes; c != nil && len(c.Files) > 0 {
		s := c.Summary
		r.log.printf("subpolicy: this pull request adds %d, removes %d and modifies %d subprocessor rows (%s)",
			s.Added, s.Removed, s.Modified, report.Plural(s.SuspectedReplacements, "suspected replacement"))
	}
	if n := len(rep.Preexisting); n > 0 {
		r.log.printf("subpolicy: %s the base version already had %s listed apart, not annotated and not counted (input %q is %q)",
			report.Plural(n, "finding"), report.Pronoun(n, "is", "are"), inputFilter, filterChanged)
	}
}

// changeOutputs are the outputs about changes: counts, and whether any row changed.
func changeOutputs(rep *report.Report) []output {
	var s report.ChangeSummary
	if rep.Changes != nil {
		s = rep.Changes.Summary
	}
	return []output{
		{outputAdded, fmt.Sprint(s.Added)},
		{outputRemoved, fmt.Sprint(s.Removed)},
		{outputModified, fmt.Sprint(s.Modified)},
		{outputChanged, fmt.Sprint(s.Changed)},
	}
}

// checkRunOutput renders the check run's summary (the changes first) and its text (the
// findings the base version already had, listed apart with filter "changed").
func (r *run) checkRunOutput(t *target, rep *report.Report, notes ...string) (summary, text string, err error) {
	var s, x strings.Builder
	opts := r.markdownOptions(t, checkRunSummaryBytes)
	opts.Notes = append(slices.Clone(opts.Notes), notes...)
	if pre := rep.Preexisting; len(pre) > 0 {
		if err := report.WritePreexistingMarkdown(&x, rep, opts); err != nil {
			return "", "", err
		}
		withoutThem := *rep
		withoutThem.Preexisting = nil
		rep = &withoutThem
		opts.Notes = append(opts.Notes, fmt.Sprintf("%s that the base version already had %s listed below, not annotated and not counted.",
			capitalize(report.Plural(len(pre), "finding")), report.Pronoun(len(pre), "is", "are")))
	}
	if err := report.WriteMarkdown(&s, rep, opts); err != nil {
		return "", "", err
	}
	return s.String(), x.String(), nil
}
