// Package check runs the pipeline on a set of files: parse each into its policy input
// document, evaluate the policies once per document, and gather the findings. The CLI and the
// action both call it; it does no I/O of its own.
package check

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"runtime/debug"

	"golang.org/x/sync/errgroup"

	"github.com/subpolicy/subpolicy/internal/finding"
	"github.com/subpolicy/subpolicy/internal/markdown"
	"github.com/subpolicy/subpolicy/internal/policy"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// DefaultMaxFileSize is the largest file checked unless the caller says otherwise.
const DefaultMaxFileSize = 10 << 20

// File is one file to check. Path is what users see in messages (repository-relative in
// the action, as given on the command line in the CLI).
type File struct {
	Path    string
	Content []byte
	// Size, when larger than len(Content), is the file's size: a reader that found the file
	// over the limit left it unread (never read a huge file to learn it is too large).
	Size int64
}

// FileResult is what became of one file. Err is an input error (invalid UTF-8, too large,
// bad front matter); such a file has no Document.
type FileResult struct {
	Path     string
	Document *subprocessor.Document
	Err      error
	// Comments are the page's HTML comments, where inline waivers are written.
	Comments []markdown.Comment
}

// Result is the outcome of one run.
type Result struct {
	Files    []FileResult
	Findings []finding.Finding
}

// Subprocessors counts the rows found in all files.
func (r *Result) Subprocessors() int {
	n := 0
	for _, f := range r.Files {
		if f.Document != nil {
			n += len(f.Document.Subprocessors)
		}
	}
	return n
}

// InputErrors returns the files that could not be read as Markdown.
func (r *Result) InputErrors() []FileResult {
	var out []FileResult
	for _, f := range r.Files {
		if f.Err != nil {
			out = append(out, f)
		}
	}
	return out
}

// Options tune a run.
type Options struct {
	// Context is copied into every document (mode, clock, pull request).
	Context subprocessor.Context
	// MaxFileSize rejects larger files with an input error; 0 means DefaultMaxFileSize.
	MaxFileSize int
	// Workers bounds how many files are parsed and evaluated at once; 0 means GOMAXPROCS.
	// It does not bound the work on one file: the policy engine converts a long page to its
	// input in parts and evaluates the rules of a page of policy.ParallelRows rows or more in
	// parallel, each on up to GOMAXPROCS goroutines of its own.
	Workers int
	// Prepare, when set, may adjust each document before evaluation (the diff stage sets
	// its change fields here).
	Prepare func(*subprocessor.Document)
}

// Run checks files with the engine. Files keep their order in the result; findings are
// sorted. An evaluation error (a policy failing at run time) stops the run and is returned.
func Run(ctx context.Context, eng *policy.Engine, files []File, opts Options) (*Result, error) {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, max(len(files), 1))

	res := &Result{Files: make([]FileResult, len(files))}
	perFile := make([][]finding.Finding, len(files))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for i := range files {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err // a file failed or the run was cancelled: check no more
			}
			fr, fs, err := one(gctx, eng, files[i], opts)
			res.Files[i], perFile[i] = fr, fs
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, fs := range perFile {
		res.Findings = append(res.Findings, fs...)
	}
	finding.Sort(res.Findings)
	applyWaivers(eng, res, opts.Context.Now)
	return res, nil
}

// one checks one file. A panic while parsing or evaluating it (a bug) is returned as an
// error that stops the run: a worker goroutine must never take the process down, and a file
// must never pass unchecked.
func one(ctx context.Context, eng *policy.Engine, f File, opts Options) (fr FileResult, fs []finding.Finding, err error) {
	defer func() {
		if p := recover(); p != nil {
			fr, fs, err = FileResult{Path: f.Path}, nil, fmt.Errorf("%s: %w", f.Path, &policy.PanicError{Value: p, Stack: debug.Stack()})
		}
	}()
	fr = FileResult{Path: f.Path}
	if fr.Err = f.SizeError(opts.MaxFileSize); fr.Err != nil {
		return fr, nil, nil
	}
	page, err := markdown.Parse(f.Content)
	if err != nil {
		fr.Err = err
		return fr, nil, nil
	}
	doc := subprocessor.BuildWith(f.Path, page, eng.Reading())
	fr.Comments = page.Comments
	doc.Context = opts.Context
	if opts.Prepare != nil {
		opts.Prepare(doc)
	}
	fr.Document = doc
	if len(doc.Tables) == 0 && !doc.Page.Subprocessors && !(doc.Change != nil && doc.Change.Base != nil && len(doc.Change.Base.Tables) > 0) {
		// Nothing to evaluate: page-level rules are about subprocessor pages only. A page
		// that says it is one (SP022 when no table of it is read), and a page whose base
		// version had subprocessor tables (SP021: what became of them), are evaluated.
		return fr, nil, nil
	}
	fs, err = eng.Evaluate(ctx, doc)
	if err != nil {
		return fr, nil, err
	}
	return fr, fs, nil
}

// ErrNotRegular is a path to check that is no regular file: reading it would fail, or
// block forever (a named pipe).
var ErrNotRegular = errors.New("not a regular file")

// NotRegular describes why a file of this mode cannot be checked: "it is a named pipe, not
// a regular file". It wraps ErrNotRegular.
func NotRegular(mode fs.FileMode) error {
	kind := "special file"
	switch {
	case mode.IsDir():
		kind = "directory"
	case mode&fs.ModeNamedPipe != 0:
		kind = "named pipe"
	case mode&fs.ModeSocket != 0:
		kind = "socket"
	case mode&fs.ModeDevice != 0:
		kind = "device"
	case mode&fs.ModeSymlink != 0:
		kind = "symbolic link"
	}
	return fmt.Errorf("it is a %s, %w", kind, ErrNotRegular)
}

// SizeError is the input error of a file larger than limit bytes (DefaultMaxFileSize when
// limit is 0 or less), or nil. A file whose Size is larger than its Content was left unread,
// or only partly read, by its reader: it is an error whatever the limit, never checked as if
// the page were empty or cut short. Every reader and checker of files applies this rule.
func (f File) SizeError(limit int) error {
	if limit <= 0 {
		limit = DefaultMaxFileSize
	}
	if n := max(int64(len(f.Content)), f.Size); n > int64(limit) || n > int64(len(f.Content)) {
		return tooLarge(n, limit)
	}
	return nil
}

// tooLarge is the input error of a file of n bytes, over the limit of max bytes.
func tooLarge(n int64, max int) error {
	return fmt.Errorf("file is %s, over the %s limit; raise the maximum file size (--max-file-size, or the action's max-file-size input) if this page is really that large",
		size(n), size(int64(max)))
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}
