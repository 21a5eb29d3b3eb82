// Package history reads the change history of a subprocessor page from the git repository
// it lives in: every version of the page, read and compared with the version before it by
// the same engine as a pull request's review, as a list of change events.
//
// The history is the first-parent history of HEAD: on a default branch that is the list as
// it was published, one event per commit that landed (a merged pull request's merge commit,
// or each commit of a squash or rebase). Renames are followed. A version that cannot be read
// is an event of its own, never skipped silently: the next version is compared with the last
// one that could be read.
package history

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/subpolicy/subpolicy/internal/report"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// Options say how to read the versions of a page.
type Options struct {
	// Since, when set, keeps only the events of commits made at or after it; the version
	// before it is still read, to compare the first of them with.
	Since time.Time
	// Reading is how to read a page's tables (the configuration's columns and subprocessor_pages).
	Reading subprocessor.Options
	// MaxFileSize is the largest version read, in bytes; a larger one is unreadable.
	MaxFileSize int
}

// History is the change history of one page.
type History struct {
	// Path is the page's path in HEAD, relative to the repository's root, with slashes.
	Path string `json:"path"`
	// Events are the changes to the page's subprocessors, newest first.
	Events []Event `json:"events"`
	// Shallow is set when the clone does not hold the page's whole history: the oldest
	// version it holds is not compared with anything, and older events are not known.
	Shallow bool `json:"shallow"`
}

// Event is one commit that changed the page's subprocessors, or a version that could not be read.
type Event struct {
	Commit string `json:"commit"`
	// Date is when the commit landed (its committer date), in UTC, RFC 3339.
	Date string `json:"date"`
	// Path is the page's path in this commit.
	Path string `json:"path"`
	// Summary says what changed in one line, naming no author: `added "OpenAI"; removed "Foo"`.
	Summary string `json:"summary"`
	// Error is why this version could not be read (Line is where, when known); Changes is then nil.
	Error string `json:"error,omitempty"`
	Line  int    `json:"line,omitempty"`
	// Changes are the rows added, removed, modified and suspected replaced.
	Changes *report.FileChanges `json:"changes,omitempty"`
	// NoticeDays is the notice period the page states in this version (0 when none).
	NoticeDays int `json:"notice_days,omitempty"`
}

// Unreadable reports whether the event is a version that could not be read.
func (e *Event) Unreadable() bool { return e.Error != "" }

// ShallowHint says how to fetch the whole history, wherever a shallow clone is reported.
const ShallowHint = "this clone is shallow: older changes are not in it; fetch the whole history (git fetch --unshallow, or actions/checkout with fetch-depth: 0)"

// Open opens the git repository that holds dir (dir or one of its parents).
func Open(dir string) (*git.Repository, string, error) {
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		if errors.Is(err, git.ErrRepositoryNotExists) {
			return nil, "", fmt.Errorf("%q is not in a git repository; history reads the commits of a clone", dir)
		}
		return nil, "", fmt.Errorf("opening the git repository of %q: %w", dir, err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		return nil, "", fmt.Errorf("the git repository of %q has no work tree: %w", dir, err)
	}
	return repo, wt.Filesystem.Root(), nil
}

// RepoPath is file's path relative to the repository's root, with slashes.
func RepoPath(root, file string) (string, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	if d, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(d, filepath.Base(abs))
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%q is outside the repository at %q", file, root)
	}
	return filepath.ToSlash(rel), nil
}

// version is one version of the page: the commit that made it and the blob it holds.
type version struct {
	commit *object.Commit
	path   string
	blob   *object.File
}

// Read walks the first-parent history of HEAD for the page at path (relative to the root,
// with slashes) and returns its change events.
func Read(repo *git.Repository, path string, opts Options) (*History, error) {
	ref, err := repo.Head()
	if err != nil {
		return nil, fmt.Errorf("reading HEAD: %w (a repository with no commit has no history)", err)
	}
	head, err := repo.CommitObject(ref.Hash())
	if err != nil {
		return nil, fmt.Errorf("reading HEAD commit %s: %w", report.ShortSHA(ref.Hash().String()), err)
	}
	versions, complete, err := walk(repo, head, path)
	if err != nil {
		return nil, err
	}
	slices.Reverse(versions) // oldest first
	h := &History{Path: path, Events: []Event{}, Shallow: !complete}

	// first is the oldest version with an event wanted: the first made at or after Since.
	first := 0
	if !opts.Since.IsZero() {
		first = len(versions)
		for i, v := range versions {
			if !v.commit.Committer.When.Before(opts.Since) {
				first = i
				break
			}
		}
	}
	// Its base is the newest readable version before it. A complete history without one
	// began with the page added (or unreadable until then): every row of the first readable
	// version is new. A shallow one has nothing to compare that version with.
	var last *subprocessor.Document
	haveBase := complete
	for j := first - 1; j >= 0; j-- {
		if doc, err := readVersion(versions[j], opts); err == nil {
			last, haveBase = doc, true
			break
		}
	}

	// Read every version from there, and compare each readable one with the last readable
	// version before it.
	var events []Event
	for _, v := range versions[first:] {
		ev := Event{Commit: v.commit.Hash.String(), Date: v.commit.Committer.When.UTC().Format(time.RFC3339), Path: v.path}
		doc, err := readVersion(v, opts)
		if err != nil {
			ev.Error, ev.Line, _ = report.ErrorPosition(err)
			ev.Summary = "this version could not be read: " + ev.Error
			events = append(events, ev)
			continue
		}
		if last == nil && !haveBase {
			last = doc // the oldest version held: nothing to compare it with
			continue
		}
		change := subprocessor.Diff(last, doc)
		if change.Changed() {
			fc := report.FileChangesOf(doc.Path, doc, change)
			ev.Changes = &fc
			ev.Summary = Summary(fc)
			if doc.Notice != nil {
				ev.NoticeDays = doc.Notice.Days
			}
			events = append(events, ev)
		}
		last = doc
	}
	slices.Reverse(events) // newest first
	h.Events = append(h.Events, events...)
	return h, nil
}

// walk lists the versions of the page, newest first: the commits of HEAD's first-parent
// history whose content of the page differs from their parent's, following renames. It stops
// at the commit that added the page (complete) or at the end of a shallow clone (not
// complete). Walking costs little beside reading a version: the versions are read later, and
// only those wanted.
func walk(repo *git.Repository, head *object.Commit, path string) (vs []version, complete bool, err error) {
	shallow := map[plumbing.Hash]bool{}
	if hs, err := repo.Storer.Shallow(); err == nil {
		for _, h := range hs {
			shallow[h] = true
		}
	}
	cur := head
	f, err := cur.File(path)
	if err != nil {
		if errors.Is(err, object.ErrFileNotFound) {
			return nil, false, fmt.Errorf("%q is not in HEAD (%s); commit the page first", path, report.ShortSHA(cur.Hash.String()))
		}
		return nil, false, fmt.Errorf("reading %q at %s: %w", path, report.ShortSHA(cur.Hash.String()), err)
	}
	for {
		// cur holds f at path; find the version of its first parent.
		if len(cur.ParentHashes) == 0 {
			return append(vs, version{cur, path, f}), true, nil
		}
		if shallow[cur.Hash] {
			return append(vs, version{cur, path, f}), false, nil
		}
		parent, err := repo.CommitObject(cur.ParentHashes[0])
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			return append(vs, version{cur, path, f}), false, nil
		}
		if err != nil {
			return nil, false, fmt.Errorf("reading commit %s: %w", report.ShortSHA(cur.ParentHashes[0].String()), err)
		}
		ppath := path
		pf, err := parent.File(path)
		if errors.Is(err, object.ErrFileNotFound) {
			ppath, err = renamedFrom(parent, cur, path)
			if err != nil {
				return nil, false, err
			}
			if ppath == "" { // the page was added here
				return append(vs, version{cur, path, f}), true, nil
			}
			pf, err = parent.File(ppath)
		}
		if err != nil {
			return nil, false, fmt.Errorf("reading %q at %s: %w", ppath, report.ShortSHA(parent.Hash.String()), err)
		}
		if pf.Hash != f.Hash || ppath != path {
			vs = append(vs, version{cur, path, f})
		}
		cur, path, f = parent, ppath, pf
	}
}

// renamedFrom is the path in parent of the file at path in commit c, when c renamed it; "" when
// c added it.
func renamedFrom(parent, c *object.Commit, path string) (string, error) {
	pt, err := parent.Tree()
	if err != nil {
		return "", fmt.Errorf("reading the tree of %s: %w", report.ShortSHA(parent.Hash.String()), err)
	}
	ct, err := c.Tree()
	if err != nil {
		return "", fmt.Errorf("reading the tree of %s: %w", report.ShortSHA(c.Hash.String()), err)
	}
	changes, err := object.DiffTreeWithOptions(context.Background(), pt, ct, object.DefaultDiffTreeOptions)
	if err != nil {
		return "", fmt.Errorf("comparing %s with its parent: %w", report.ShortSHA(c.Hash.String()), err)
	}
	for _, ch := range changes {
		if ch.To.Name == path && ch.From.Name != "" && ch.From.Name != path {
			return ch.From.Name, nil
		}
	}
	return "", nil
}

// readVersion reads and parses one version of the page.
func readVersion(v version, opts Options) (*subprocessor.Document, error) {
	if opts.MaxFileSize > 0 && v.blob.Size > int64(opts.MaxFileSize) {
		return nil, fmt.Errorf("this version is %d bytes, larger than %d; raise --max-file-size if the page is really that large", v.blob.Size, opts.MaxFileSize)
	}
	r, err := v.blob.Reader()
	if err != nil {
		return nil, fmt.Errorf("reading the version at %s: %w", report.ShortSHA(v.commit.Hash.String()), err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading the version at %s: %w", report.ShortSHA(v.commit.Hash.String()), err)
	}
	doc, err := subprocessor.ParseWith(v.path, b, opts.Reading)
	if err != nil {
		return nil, err
	}
	if len(doc.Subprocessors) == 0 && len(doc.UnreadTables) > 0 {
		return nil, fmt.Errorf("no subprocessor table could be read (%s not read); map its columns under \"columns\" in the configuration",
			report.Plural(len(doc.UnreadTables), "table"))
	}
	return doc, nil
}

// Summary says what changed in one line, in the words of a notice: `added "OpenAI"; replaced
// "Foo" with "Bar"; changed the location of "AWS"`.
func Summary(f report.FileChanges) string {
	var parts []string
	replaced, added, removed := Parts(f)
	for _, r := range replaced {
		parts = append(parts, fmt.Sprintf("replaced %q with %q", r.Removed.Name, r.Added.Name))
	}
	if len(added) > 0 {
		parts = append(parts, "added "+report.QuoteList(names(added)))
	}
	if len(removed) > 0 {
		parts = append(parts, "removed "+report.QuoteList(names(removed)))
	}
	for _, m := range f.Modified {
		var fields []string
		for _, fc := range m.Fields {
			fields = append(fields, strings.TrimPrefix(fc.Field, "extra."))
		}
		parts = append(parts, fmt.Sprintf("changed the %s of %q", joinAnd(fields), m.Name))
	}
	return strings.Join(parts, "; ")
}

// Parts splits a page's changes the way a notice tells them: the suspected replacements, and
// the rows added and removed that are not part of one.
func Parts(f report.FileChanges) (replaced []report.ReplacementRow, added, removed []report.ChangedRow) {
	// A row is known by its line in its version and its name: an entity may have several rows.
	key := func(sign string, r report.ChangedRow) string { return fmt.Sprintf("%s%d\x00%s", sign, r.Line, r.Name) }
	inReplacement := map[string]bool{}
	for _, r := range f.SuspectedReplacements {
		inReplacement[key("+", r.Added)], inReplacement[key("-", r.Removed)] = true, true
	}
	for _, r := range f.Added {
		if !inReplacement[key("+", r)] {
			added = append(added, r)
		}
	}
	for _, r := range f.Removed {
		if !inReplacement[key("-", r)] {
			removed = append(removed, r)
		}
	}
	return f.SuspectedReplacements, added, removed
}

func names(rs []report.ChangedRow) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Name
	}
	return out
}

func joinAnd(ws []string) string {
	switch len(ws) {
	case 0:
		return "details"
	case 1:
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}
