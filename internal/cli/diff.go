package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/subpolicy/subpolicy/internal/check"
	"github.com/subpolicy/subpolicy/internal/policy"
	"github.com/subpolicy/subpolicy/internal/report"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// runDiff prints how the subprocessors of a page changed between two versions of it.
func runDiff(_ context.Context, args []string, s Streams) int {
	format := choiceFlag{value: "text", choices: []string{"text", "json", "markdown"}}
	maxSize := check.DefaultMaxFileSize
	var data multiFlag
	fset := newFlagSet("diff", s.Stderr)
	fset.Var(&data, "data", "a JSON or YAML `file` whose columns and subprocessor_pages say how to read pages (repeatable)")
	fset.Var(&format, "format", "output `format`: text, json or markdown (the change notice of a pull request)")
	fset.Var(&format, "f", "shorthand for --format")
	fset.IntVar(&maxSize, "max-file-size", check.DefaultMaxFileSize, "reject files larger than this many `bytes`")
	fset.Usage = func() {
		fmt.Fprintln(s.Stderr, "usage: subpolicy diff [flags] BASE_FILE HEAD_FILE\n\n"+
			"Prints the subprocessors added, removed and modified (field by field) between two versions of a page,\n"+
			"and the suspected replacements (a removal and an addition with the same purpose). For example:\n\n"+
			"  git show main:docs/subprocessors.md > /tmp/base.md\n"+
			"  subpolicy diff /tmp/base.md docs/subprocessors.md\n\nflags:")
		fset.PrintDefaults()
	}
	paths, err := parseInterleaved(fset, args)
	if err != nil {
		return flagError(err)
	}
	if err := checkMaxSize(maxSize); err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy diff: %v\n", err)
		return ExitUsage
	}
	if len(paths) != 2 {
		fmt.Fprintf(s.Stderr, "subpolicy diff: want two files, the base version and the head version (got %d); e.g. \"subpolicy diff old.md new.md\"\n", len(paths))
		return ExitUsage
	}
	reading, err := policy.ReadingOptions("", data)
	if err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy diff: %s\n", report.Terminal(err.Error()))
		return ExitUsage
	}
	var docs [2]*subprocessor.Document
	for i, p := range paths {
		b, err := readOne(p, maxSize)
		if err != nil {
			fmt.Fprintf(s.Stderr, "subpolicy diff: %v\n", err)
			return ExitUsage
		}
		doc, err := subprocessor.ParseWith(filepath.ToSlash(p), b, reading)
		if err != nil {
			fe := report.File{Path: filepath.ToSlash(p)}
			fe.Error, fe.Line, fe.Column = report.ErrorPosition(err)
			fmt.Fprintf(s.Stderr, "%s: error: %s\n", report.Terminal(fe.Location()), report.Terminal(fe.Error))
			return ExitUsage
		}
		docs[i] = doc
	}
	base, head := docs[0], docs[1]
	// Two files named on the command line are two versions of one page, not a rename.
	base.Path = head.Path
	change := subprocessor.Diff(base, head)
	changes := report.NewChanges([]check.FileChange{{Path: head.Path, Change: change, Head: head}})
	switch format.value {
	case "json":
		enc := json.NewEncoder(s.Stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(changes)
	case "markdown":
		err = report.WriteChangesMarkdown(s.Stdout, changes, "### Subprocessor changes", 0)
	default:
		err = report.WriteChangesText(s.Stdout, changes)
	}
	if err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy diff: writing the changes: %v\n", err)
		return ExitRuntime
	}
	return ExitOK
}

// readOne reads one named file, no larger than maxSize, as check reads its files
// (readLimited); a folder or a special file (a named pipe would block) is refused.
func readOne(p string, maxSize int) ([]byte, error) {
	info, err := os.Stat(p)
	switch {
	case err != nil:
		return nil, fmt.Errorf("reading %q: %w", p, unwrapPathError(err))
	case info.IsDir():
		return nil, fmt.Errorf("%q is a folder; name a Markdown file", p)
	case !info.Mode().IsRegular():
		return nil, fmt.Errorf("%q cannot be checked: %w", p, check.NotRegular(info.Mode()))
	}
	b, size, err := readLimited(p, maxSize)
	switch {
	case err != nil:
		return nil, fmt.Errorf("reading %q: %w", p, unwrapPathError(err))
	case check.File{Content: b, Size: size}.SizeError(maxSize) != nil:
		return nil, fmt.Errorf("%q is larger than %d bytes; raise --max-file-size if this page is really that large", p, maxSize)
	}
	return b, nil
}

// baseFlags are check's flags for comparing a page with its base version.
type baseFlags struct {
	base   string
	labels multiFlag
	filter choiceFlag
}

func (b *baseFlags) register(fs *flag.FlagSet) {
	b.filter = choiceFlag{value: "all", choices: []string{"all", "changed"}}
	fs.StringVar(&b.base, "base", "", "compare the one page checked with this base version of it (a `file`), and evaluate the change rules (SP013-SP018, SP021)")
	fs.Var(&b.labels, "label", "a pull-request `label` the policies see, e.g. privacy-approved or subprocessor-notice-sent:2026-10-01 (repeatable)")
	fs.Var(&b.filter, "filter", "with --base: report `all` findings, or only those the base version does not have (changed)")
}

// validate checks the flags against the paths to check.
func (b *baseFlags) validate(paths []string) error {
	switch {
	case b.base == "" && b.filter.value == "changed":
		return fmt.Errorf("--filter changed needs --base: name the base version of the page")
	case b.base == "":
		return nil
	case len(paths) != 1:
		return fmt.Errorf("--base compares one page: name exactly one file to check (got %d paths)", len(paths))
	}
	if info, err := os.Stat(paths[0]); err == nil && info.IsDir() {
		return fmt.Errorf("--base compares one page: %q is a folder; name the Markdown file", paths[0])
	}
	return nil
}

// pullRequest is the pull request the policies see: the labels given, if any.
func (b *baseFlags) pullRequest() *subprocessor.PullRequest {
	if len(b.labels) == 0 {
		return nil
	}
	return &subprocessor.PullRequest{Labels: append([]string{}, b.labels...)}
}

// run checks files, comparing the one page with its base version when --base is set.
func (b *baseFlags) run(ctx context.Context, eng *policy.Engine, files []check.File, opts check.Options) (*check.Result, *check.Review, error) {
	if b.base == "" {
		res, err := check.Run(ctx, eng, files, opts)
		return res, nil, err
	}
	content, err := readOne(b.base, opts.MaxFileSize)
	if err != nil {
		return nil, nil, fmt.Errorf("--base: %w", err)
	}
	head := files[0]
	// The base is another version of the same page, whatever its file is called.
	res, review, err := check.Compare(ctx, eng, []check.Pair{{Head: &head, Base: &check.File{Path: head.Path, Content: content}}}, opts)
	if err != nil {
		return nil, nil, err
	}
	if len(review.BaseErrors) > 0 {
		msg, line, col := report.ErrorPosition(review.BaseErrors[0].Err)
		return nil, nil, fmt.Errorf("--base %s:%d:%d: %s", b.base, line, col, msg)
	}
	return res, review, nil
}
