package action

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/subpolicy/subpolicy/internal/check"
	"github.com/subpolicy/subpolicy/internal/github"
	"github.com/subpolicy/subpolicy/internal/report"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// checkableStatus reports the pull-request file statuses that leave a file to check;
// removed (and unchanged) files have nothing to check.
func checkableStatus(status string) bool {
	switch status {
	case "added", "modified", "renamed", "copied", "changed":
		return true
	}
	return false
}

// pullRequest gathers the pull request's changed files that match paths: from the
// workspace (actions/checkout), else through the contents API at the head commit.
func (r *run) pullRequest(ctx context.Context) (*target, int) {
	ev, err := readPullRequestEvent(r.rv.eventPath)
	if err != nil {
		r.log.command("error", title("subpolicy: invalid event"), err.Error())
		return nil, ExitUsage
	}
	pr := ev.GetPullRequest()
	number := cmp.Or(pr.GetNumber(), ev.GetNumber())
	head, base := pr.GetHead().GetSHA(), pr.GetBase().GetSHA()
	labels := make([]string, 0, len(pr.Labels))
	for _, l := range pr.Labels {
		labels = append(labels, l.GetName())
	}
	headRepo := pr.GetHead().GetRepo().GetFullName()
	t := &target{
		headSHA: head,
		fork:    headRepo != "" && !strings.EqualFold(headRepo, r.rv.repository),
		context: subprocessor.Context{
			Mode:        "pull_request",
			Repository:  r.rv.repository,
			Event:       r.rv.eventName,
			PullRequest: &subprocessor.PullRequest{Number: number, Labels: labels, Author: pr.GetUser().GetLogin()},
			BaseSHA:     base,
			HeadSHA:     head,
			Now:         r.now(),
		},
	}
	from := ""
	if t.fork {
		from = fmt.Sprintf(", from the fork %q", headRepo)
	}
	r.log.printf("subpolicy: pull-request mode (event %q): pull request #%d of %s%s, head %s, base %s",
		r.rv.eventName, number, r.rv.repository, from, head, base)
	prLink := fmt.Sprintf("[#%d](%s/%s/pull/%d)", number, strings.TrimRight(r.rv.serverURL, "/"), r.rv.repository, number)

	client, err := r.client()
	if err != nil {
		r.log.command("error", title("subpolicy: invalid input"), err.Error())
		return nil, ExitUsage
	}
	changed, capped, err := r.pullRequestFiles(ctx, client, number)
	if err != nil {
		r.apiError(fmt.Sprintf("listing the files of pull request #%d", number), err)
		return nil, ExitRuntime
	}
	var kept []github.ChangedFile
	for _, f := range changed {
		if checkableStatus(f.Status) && matches(r.in.paths, f.Path) {
			kept = append(kept, f)
		}
	}
	slices.SortFunc(kept, func(a, b github.ChangedFile) int { return strings.Compare(a.Path, b.Path) })
	r.log.printf("subpolicy: checking %d of the %s the pull request changes (added, modified, renamed or copied, and matching paths %s)",
		len(kept), report.Plural(len(changed), "file"), report.QuoteList(r.in.paths))
	if capped {
		r.log.command("warning", title("subpolicy: pull request too large"), fmt.Sprintf(
			"GitHub lists at most %d files of a pull request and this one has more: files past the first %d were not checked", github.MaxPullRequestFiles, github.MaxPullRequestFiles))
		t.notes = append(t.notes, fmt.Sprintf("> [!WARNING]\n> GitHub lists at most %d files of a pull request and this one has more, so files past the first %d were not checked.",
			github.MaxPullRequestFiles, github.MaxPullRequestFiles))
	}
	r.warnPolicyChanges(changed)
	if len(kept) == 0 && len(removedPages(changed, r.in.paths)) == 0 {
		t.notes = append(t.notes, fmt.Sprintf("Pull request %s changes %s and none of them is a page that matches %s, so there is nothing to check.",
			prLink, report.Plural(len(changed), "file"), globList(r.in.paths)))
		return t, ExitOK
	}
	what := fmt.Sprintf("the %d files it changes that match", len(kept))
	switch len(kept) {
	case 0:
		what = "it only removes files that match"
	case 1:
		what = "the file it changes that matches"
	}
	t.notes = append(t.notes, fmt.Sprintf("Pull request %s at %s: %s %s.", prLink, report.MarkdownText(report.ShortSHA(head)), what, globList(r.in.paths)))

	// A pull_request run's workspace holds the merge commit. A pull_request_target run's
	// holds the base branch (checking out the pull request's code there is unsafe), so its
	// files are read as data through the API, at the head commit.
	ws := &workspace{}
	if r.rv.eventName == "pull_request" {
		ws = openWorkspace(r.rv.workspace)
		ws.maxSize = r.in.maxFileSize
		defer ws.close()
	} else {
		r.log.printf("subpolicy: %s: reading the pull request's files through the contents API at the head commit %s, not from the workspace (which holds the base branch)",
			r.rv.eventName, report.ShortSHA(head))
	}
	var fetched []string
	for _, f := range kept {
		b, err := ws.read(f.Path)
		switch {
		case err == nil:
		case errors.Is(err, fs.ErrNotExist):
			b, err = client.FileContentMax(ctx, r.rv.owner, r.rv.repo, f.Path, head, int64(r.in.maxFileSize))
			if large := r.apiSizeError(f.Path, err); large != nil {
				t.unreadable = append(t.unreadable, check.FileResult{Path: f.Path, Err: large})
				continue
			}
			if err != nil {
				r.apiError(fmt.Sprintf("reading %q at the head commit %s", f.Path, report.ShortSHA(head)), err)
				return nil, ExitRuntime
			}
			fetched = append(fetched, f.Path)
		default:
			t.unreadable = append(t.unreadable, check.FileResult{Path: f.Path, Err: err})
			continue
		}
		t.files = append(t.files, check.File{Path: f.Path, Content: b})
	}
	if len(fetched) > 0 && ws.root != nil {
		r.log.printf("subpolicy: read %s through the contents API at the head commit %s, since the workspace lacks them (add an actions/checkout step to read them locally): %s",
			report.Plural(len(fetched), "file"), report.ShortSHA(head), report.QuoteList(fetched))
	}
	if code := r.fetchBases(ctx, client, t, changed, base); code != ExitOK {
		return nil, code
	}
	return t, ExitOK
}

// warnPolicyChanges warns when the pull request changes the policies or data the action
// loads from the workspace: they are evaluated as the pull request leaves them.
func (r *run) warnPolicyChanges(changed []github.ChangedFile) {
	if r.baseSourced() {
		return // trust.go evaluated the base versions and said so
	}
	var touched []string
	for _, f := range r.policyInputs().touched(changed) {
		touched = append(touched, f.Path)
	}
	if len(touched) > 0 {
		r.log.command("warning", title("subpolicy: policies changed"), fmt.Sprintf(
			"this pull request changes policy or data files the action loads (%s); they are evaluated as the pull request leaves them, so review those changes before trusting this check",
			report.QuoteList(touched)))
	}
}

// workspace reads files of the checked-out repository. It never follows a symbolic link
// out of it, so a pull request cannot make the action read (and publish) files elsewhere.
type workspace struct {
	root    *os.Root
	maxSize int // larger files are not read; check.DefaultMaxFileSize when 0
}

// openWorkspace opens dir; a workspace that cannot be opened reads as empty.
func openWorkspace(dir string) *workspace {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return &workspace{}
	}
	return &workspace{root: root}
}

func (w *workspace) close() {
	if w.root != nil {
		w.root.Close()
	}
}

// read returns a file's content, or an error matching fs.ErrNotExist when the workspace
// lacks it. A file larger than w.maxSize is not read: its size is an error.
// What is there but cannot be read (a directory, a named pipe, a symbolic link to nothing
// or out of the workspace) is an error that says so, so that the file is reported as not
// checked: never skipped, never a hang.
func (w *workspace) read(name string) ([]byte, error) {
	if w.root == nil || !fs.ValidPath(name) {
		return nil, fs.ErrNotExist
	}
	// Stat before opening: opening a named pipe blocks until something writes to it.
	info, err := w.root.Stat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if _, lerr := w.root.Lstat(name); lerr == nil {
			return nil, errors.New("reading it from the workspace: it is a symbolic link to a file that does not exist")
		}
		return nil, err
	case err != nil:
		return nil, fmt.Errorf("reading it from the workspace: %w", unwrapPath(err))
	case !info.Mode().IsRegular():
		return nil, fmt.Errorf("reading it from the workspace: %w", check.NotRegular(info.Mode()))
	}
	maxSize := cmp.Or(w.maxSize, check.DefaultMaxFileSize)
	if info.Size() > int64(maxSize) {
		return nil, check.File{Path: name, Size: info.Size()}.SizeError(maxSize) // left unread
	}
	f, err := w.root.Open(name)
	if err != nil {
		return nil, fmt.Errorf("reading it from the workspace: %w", unwrapPath(err))
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, fmt.Errorf("reading it from the workspace: %w", unwrapPath(err))
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("reading it from the workspace: %w", check.NotRegular(info.Mode()))
	}
	b, err := io.ReadAll(io.LimitReader(f, int64(maxSize)+1))
	if err != nil {
		return nil, fmt.Errorf("reading it from the workspace: %w", unwrapPath(err))
	}
	if err := (check.File{Path: name, Content: b}).SizeError(maxSize); err != nil { // it grew
		return nil, err
	}
	return b, nil
}

// apiSizeError is the input error of a file the contents API refused as over the
// max-file-size limit (FileContentMax learns its size from the API, and never downloads it),
// or nil when err is not that refusal.
func (r *run) apiSizeError(path string, err error) error {
	var ge *github.Error
	if !errors.Is(err, github.ErrTooLarge) || !errors.As(err, &ge) {
		return nil
	}
	// Unread: an error whatever the size.
	return check.File{Path: path, Size: ge.Size}.SizeError(r.in.maxFileSize)
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// globList renders globs for Markdown: "**/*.md" or "**/*.md" and "**/*.mdx".
func globList(globs []string) string {
	q := make([]string, len(globs))
	for i, g := range globs {
		q[i] = "\"" + report.MarkdownText(g) + "\""
	}
	switch len(q) {
	case 0:
		return ""
	case 1:
		return q[0]
	default:
		return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
	}
}
