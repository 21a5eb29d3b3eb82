package check

import (
	"context"
	"fmt"
	"slices"

	"github.com/subpolicy/subpolicy/internal/finding"
	"github.com/subpolicy/subpolicy/internal/policy"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// Pair is a file and its base version: what a pull request (or check --base) changes.
type Pair struct {
	// Head is the file as the change leaves it; nil when the change removes it.
	Head *File
	// Base is the file before the change, under its previous path when the change renames
	// it; nil when the change adds it.
	Base *File
	// BaseUnknown checks Head without comparing it: its base version could not be read.
	BaseUnknown bool
}

// FileChange is how the subprocessors of one file changed.
type FileChange struct {
	// Path is the file's path; a removed file's base path.
	Path   string
	Change *subprocessor.Change
	// Head is the document the change leaves; nil for a removed file.
	Head *subprocessor.Document
}

// Review is what comparing with the base versions adds to a run.
type Review struct {
	// Changes lists, in the order of the pairs, how each file's subprocessors changed; a file
	// whose base could not be read has none.
	Changes []FileChange
	// Introduced are the run's findings the base versions did not have, every finding of a
	// change rule among them (the base has no change), and every finding of a fail-closed
	// rule (Rule.FailClosed); Preexisting are the others: the same
	// rule, path, subprocessor and field (finding.Fingerprint) found at the base. Both keep
	// the order of Result.Findings.
	Introduced, Preexisting []finding.Finding
	// BaseErrors are the base versions that could not be read as Markdown (Path is the base
	// path); their files are checked, but not compared.
	BaseErrors []FileResult
}

// Compare checks the head versions of pairs like Run, each document carrying its change
// (subprocessor.Diff against its base, set before evaluation, after opts.Prepare), so the
// change rules can judge it. The base versions are evaluated too, under their head's path, so
// that the head's findings split into introduced and pre-existing. A removed file is diffed
// (its rows reported as removed) and evaluated as an empty page at its base path carrying that
// change, so that the change rules see what leaves the checked pages (SP021: its tables); it
// is no file checked (Result.Files leaves it out), and its findings are all introduced.
func Compare(ctx context.Context, eng *policy.Engine, pairs []Pair, opts Options) (*Result, *Review, error) {
	rv := &Review{}

	// The base versions of files that still exist, at the head's path.
	var baseFiles []File
	basePath := map[string]string{} // head path -> base path
	for _, p := range pairs {
		if p.Head != nil && p.Base != nil {
			baseFiles = append(baseFiles, File{Path: p.Head.Path, Content: p.Base.Content, Size: p.Base.Size})
			basePath[p.Head.Path] = p.Base.Path
		}
	}
	baseDocs := map[string]*subprocessor.Document{}
	baseCount := map[string]int{}
	if len(baseFiles) > 0 {
		baseRes, err := Run(ctx, eng, baseFiles, Options{Context: opts.Context, MaxFileSize: opts.MaxFileSize, Workers: opts.Workers})
		if err != nil {
			return nil, nil, fmt.Errorf("the base version: %w", err)
		}
		for _, f := range baseRes.Files {
			if f.Err != nil {
				rv.BaseErrors = append(rv.BaseErrors, FileResult{Path: basePath[f.Path], Err: f.Err})
				continue
			}
			baseDocs[f.Path] = f.Document
		}
		for _, f := range baseRes.Findings {
			baseCount[finding.Fingerprint(f)]++
		}
	}

	var heads []File
	added := map[string]bool{}
	for _, p := range pairs {
		if p.Head != nil {
			heads = append(heads, *p.Head)
			added[p.Head.Path] = p.Base == nil && !p.BaseUnknown
		}
	}
	// The removed files: each base version diffed with no head version. Those at a path no
	// head has are checked as an empty page carrying their change.
	removedChanges := make([]*subprocessor.Change, len(pairs))
	removedAt := map[string]*subprocessor.Change{}
	for i, p := range pairs {
		if p.Head != nil || p.Base == nil {
			continue
		}
		if err := p.Base.SizeError(opts.MaxFileSize); err != nil {
			rv.BaseErrors = append(rv.BaseErrors, FileResult{Path: p.Base.Path, Err: err})
			continue
		}
		doc, err := subprocessor.ParseWith(p.Base.Path, p.Base.Content, eng.Reading())
		if err != nil {
			rv.BaseErrors = append(rv.BaseErrors, FileResult{Path: p.Base.Path, Err: err})
			continue
		}
		removedChanges[i] = subprocessor.Diff(doc, nil)
		if _, isHead := added[p.Base.Path]; !isHead && removedAt[p.Base.Path] == nil {
			removedAt[p.Base.Path] = removedChanges[i]
			heads = append(heads, File{Path: p.Base.Path})
		}
	}
	headOpts := opts
	headOpts.Prepare = func(doc *subprocessor.Document) {
		if opts.Prepare != nil {
			opts.Prepare(doc)
		}
		if c := removedAt[doc.Path]; c != nil {
			doc.Change = c
			return
		}
		if added[doc.Path] {
			subprocessor.Diff(nil, doc)
			return
		}
		if bd := baseDocs[doc.Path]; bd != nil {
			b := *bd
			b.Path = basePath[doc.Path]
			subprocessor.Diff(&b, doc)
		}
	}
	res := &Result{}
	if len(heads) > 0 {
		var err error
		if res, err = Run(ctx, eng, heads, headOpts); err != nil {
			return nil, nil, err
		}
		// A removed file is no file checked; its findings stay.
		res.Files = slices.DeleteFunc(res.Files, func(f FileResult) bool { return removedAt[f.Path] != nil })
	}

	byPath := map[string]*subprocessor.Document{}
	for _, f := range res.Files {
		if f.Document != nil {
			byPath[f.Path] = f.Document
		}
	}
	for i, p := range pairs {
		switch {
		case p.Head != nil:
			if doc := byPath[p.Head.Path]; doc != nil && doc.Change != nil {
				rv.Changes = append(rv.Changes, FileChange{Path: doc.Path, Change: doc.Change, Head: doc})
			}
		case removedChanges[i] != nil:
			rv.Changes = append(rv.Changes, FileChange{Path: p.Base.Path, Change: removedChanges[i]})
		}
	}

	// A fail-closed rule's finding (the page, or a table of it, was not read) is the change's
	// own even when the base had it: a change to a page nothing reads is a change unchecked.
	failClosed := map[string]bool{}
	for _, r := range eng.Rules() {
		if r.FailClosed {
			failClosed[r.ID] = true
		}
	}
	for _, f := range res.Findings {
		if fp := finding.Fingerprint(f); baseCount[fp] > 0 && !failClosed[f.Rule] {
			baseCount[fp]--
			rv.Preexisting = append(rv.Preexisting, f)
		} else {
			rv.Introduced = append(rv.Introduced, f)
		}
	}
	return res, rv, nil
}
