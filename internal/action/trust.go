package action

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sethvargo/go-githubactions"

	"github.com/subpolicy/subpolicy/internal/github"
	"github.com/subpolicy/subpolicy/internal/policy"
	"github.com/subpolicy/subpolicy/internal/report"
)

// The inputs of the trust model, as action.yml names them.
const (
	inputPolicySource  = "policy-source"
	inputPolicyTimeout = "policy-timeout"
)

// Where a pull request's policies and data come from.
const (
	// policySourceBase reads the policy and data files a pull request changes as the base
	// commit has them, so that a pull request cannot relax its own check.
	policySourceBase = "base"
	// policySourceHead evaluates them as the pull request leaves them.
	policySourceHead = "head"
)

// defaultPolicyTimeout bounds the policies' evaluation of one file when policy-timeout is
// unset.
const defaultPolicyTimeout = 30 * time.Second

// trustInputs are the validated policy-source and policy-timeout inputs.
type trustInputs struct {
	source  string        // policySourceBase or policySourceHead
	timeout time.Duration // per file
}

// readTrustInputs reads policy-source and policy-timeout. The timeout is a Go duration
// ("30s", "2m") or a number of seconds.
func readTrustInputs(a *githubactions.Action) (trustInputs, []error) {
	var errs []error
	in := trustInputs{
		source:  strings.ToLower(strings.TrimSpace(cmp.Or(a.GetInput(inputPolicySource), policySourceBase))),
		timeout: defaultPolicyTimeout,
	}
	if in.source != policySourceBase && in.source != policySourceHead {
		errs = append(errs, fmt.Errorf("input %q is %q (valid: %s, %s)", inputPolicySource, a.GetInput(inputPolicySource), policySourceBase, policySourceHead))
	}
	if v := strings.TrimSpace(a.GetInput(inputPolicyTimeout)); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			secs, serr := strconv.ParseFloat(v, 64)
			d, err = time.Duration(secs*float64(time.Second)), serr
		}
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("input %q is %q: write a duration such as 30s or 2m", inputPolicyTimeout, v))
		case d <= 0:
			errs = append(errs, fmt.Errorf("input %q is %q: it must be positive", inputPolicyTimeout, v))
		default:
			in.timeout = d
		}
	}
	return in, errs
}

// trustState is what loading the trusted policies leaves for the rest of the run.
type trustState struct {
	notes []string // Markdown paragraphs for the job summary and the check run

	// The pull request's files, listed once for the policies and the pages.
	listed  bool
	changed []github.ChangedFile
	capped  bool
}

// pullRequestFiles lists the pull request's files once per run.
func (r *run) pullRequestFiles(ctx context.Context, client *github.Client, number int) ([]github.ChangedFile, bool, error) {
	if r.trust.listed {
		return r.trust.changed, r.trust.capped, nil
	}
	changed, capped, err := client.ListPullRequestFiles(ctx, r.rv.owner, r.rv.repo, number)
	if err != nil {
		return nil, false, err
	}
	r.trust.listed, r.trust.changed, r.trust.capped = true, changed, capped
	return changed, capped, nil
}

// baseSourced reports whether this run takes the policies and data a pull request changes
// from its base commit: on any pull-request event, an audit included (its SARIF upload would
// otherwise let a pull request close alerts by deleting the rule behind them).
func (r *run) baseSourced() bool {
	return isPullRequestEvent(r.rv.eventName) &&
		r.in.trust.source == policySourceBase && len(r.in.policies)+len(r.in.data) > 0
}

// trustedPolicies loads the policies and data the run evaluates with. In pull-request mode
// with policy-source base, the policy and data files the pull request changes are read as
// the base commit has them (contents API at pull_request.base.sha): modified and removed
// ones at the base, added ones left out. The rest come from the workspace. Nothing of the
// pull request's own policy changes takes effect before it is merged, and the job summary
// says so. A nil engine comes with the exit code.
func (r *run) trustedPolicies(ctx context.Context) (*policy.Engine, int) {
	if !r.baseSourced() {
		return r.loadPoliciesOr(ctx, r.rv.workspace, nil)
	}
	ev, err := readPullRequestEvent(r.rv.eventPath)
	if err != nil {
		r.log.command("error", title("subpolicy: invalid event"), err.Error())
		return nil, ExitUsage
	}
	pr := ev.GetPullRequest()
	number, baseSHA := cmp.Or(pr.GetNumber(), ev.GetNumber()), pr.GetBase().GetSHA()
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
	if capped {
		// A policy or data file past GitHub's list would be loaded as the pull request leaves
		// it: the one thing policy-source base promises cannot happen. Fail closed.
		r.log.command("error", title("subpolicy: policies unverifiable"), fmt.Sprintf(
			"pull request #%d changes more files than GitHub lists (%d), so subpolicy cannot tell whether it changes the policy or data files it loads; split the pull request, or set %q to %q to evaluate the pull request's versions",
			number, github.MaxPullRequestFiles, inputPolicySource, policySourceHead))
		return nil, ExitUsage
	}
	inputs := r.policyInputs()
	touched := inputs.touched(changed)
	if len(touched) == 0 {
		return r.loadPoliciesOr(ctx, r.rv.workspace, nil)
	}
	if baseSHA == "" {
		r.log.command("error", title("subpolicy: policies changed"), fmt.Sprintf(
			"this pull request changes policy or data files the action loads, and the event payload names no base commit to read them from; set %q to %q to evaluate the pull request's versions",
			inputPolicySource, policySourceHead))
		return nil, ExitUsage
	}

	dir, err := os.MkdirTemp("", "subpolicy-base-policies-")
	if err != nil {
		r.log.command("error", title("subpolicy: policies"), fmt.Sprintf("creating a folder for the base policies: %v", err))
		return nil, ExitRuntime
	}
	defer os.RemoveAll(dir)
	if err := copyInputs(r.rv.workspace, dir, inputs); err != nil {
		r.log.command("error", title("subpolicy: policies"), fmt.Sprintf("copying the policies: %v", r.relative(err.Error())))
		return nil, ExitRuntime
	}
	var effects []string
	for _, f := range touched {
		var (
			restore string // the path to read at the base commit
			what    string
		)
		switch f.Status {
		case "added", "copied":
			what = "added: not loaded until merged"
		case "renamed":
			what = fmt.Sprintf("renamed from %s: loaded from the base under its old name", f.PreviousPath)
			restore = f.PreviousPath
			if !inputs.covers(restore) {
				// Renamed into the inputs: under its old name it was never loaded.
				what = fmt.Sprintf("renamed from %s: not loaded until merged", f.PreviousPath)
			}
		case "removed":
			what = "removed: the base version is loaded"
			restore = f.Path
		default:
			what = "modified: the base version is loaded"
			restore = f.Path
		}
		if f.Status != "removed" {
			if err := removeLocal(dir, f.Path); err != nil {
				r.log.command("error", title("subpolicy: policies"), fmt.Sprintf("leaving out %q: %v", f.Path, err))
				return nil, ExitRuntime
			}
		}
		if restore != "" && inputs.covers(restore) {
			content, err := client.FileContent(ctx, r.rv.owner, r.rv.repo, restore, baseSHA)
			switch {
			case errors.Is(err, github.ErrNotFound):
				what = "not in the base commit: not loaded until merged"
			case err != nil:
				r.apiError(fmt.Sprintf("reading %q at the base commit %s", restore, report.ShortSHA(baseSHA)), err)
				return nil, ExitRuntime
			default:
				if err := writeLocal(dir, restore, content); err != nil {
					r.log.command("error", title("subpolicy: policies"), fmt.Sprintf("writing the base version of %q: %v", restore, err))
					return nil, ExitRuntime
				}
			}
		}
		effects = append(effects, fmt.Sprintf("%s (%s)", f.Path, what))
	}

	// An input the pull request adds as a whole has no base version: leave it out.
	var skipped []string
	exists := func(p string) bool { _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); return err == nil }
	for _, p := range inputs.paths {
		if !filepath.IsAbs(p) && !exists(p) && inputs.added(p, touched) {
			skipped = append(skipped, p)
		}
	}

	r.log.printf("subpolicy: this pull request changes %s the action loads; evaluating them as the base commit %s has them (input %q is %q): %s",
		report.Plural(len(touched), "policy or data file"), report.ShortSHA(baseSHA), inputPolicySource, policySourceBase, strings.Join(effects, "; "))
	files := make([]string, len(touched))
	for i, f := range touched {
		files[i] = report.MarkdownCode(f.Path)
	}
	r.trust.notes = append(r.trust.notes, fmt.Sprintf("> [!IMPORTANT]\n> This pull request changes policy or data files this check uses (%s). "+
		"The check evaluated the policies and data as they are at the base commit %s, so a pull request cannot relax its own check: "+
		"**the changed policies take effect after merge**. (Input `%s: %s`; `%s` evaluates the pull request's versions.)",
		strings.Join(files, ", "), report.MarkdownText(report.ShortSHA(baseSHA)), inputPolicySource, policySourceBase, policySourceHead))
	return r.loadPoliciesOr(ctx, dir, skipped)
}

// loadPoliciesOr loads the policies from dir, leaving out the inputs in skip; a failure
// (already reported) is ExitUsage.
func (r *run) loadPoliciesOr(ctx context.Context, dir string, skip []string) (*policy.Engine, int) {
	if eng := r.loadPolicies(ctx, dir, skip); eng != nil {
		return eng, ExitOK
	}
	return nil, ExitUsage
}

// policyOptions are the engine options for the policy and data inputs read from dir: paths
// relative to the repository, so that messages and annotations name them as the repository
// does; absolute paths outside the workspace as given.
func (r *run) policyOptions(dir string, skip []string) policy.Options {
	opts := policy.Options{
		DefaultPack: r.in.defaultPolicies,
		Print:       &printWriter{log: r.log},
		Dir:         dir,
		Timeout:     r.in.trust.timeout,
	}
	for _, p := range r.in.policies {
		if p, _ = r.inputPath(p); !slices.Contains(skip, p) {
			opts.Policies = append(opts.Policies, p)
		}
	}
	for _, p := range r.in.data {
		if p, _ = r.inputPath(p); !slices.Contains(skip, p) {
			opts.Data = append(opts.Data, p)
		}
	}
	return opts
}

// inputPath is a policy or data input as a repository path, and true, when it names a path
// inside the workspace (an absolute one included: read from dir like any other, it is the
// base version when the pull request changes it); else the absolute path as given, and false.
func (r *run) inputPath(p string) (string, bool) {
	p = repoPath(p)
	if !filepath.IsAbs(p) {
		return p, true
	}
	if rel, ok := r.inWorkspace(p); ok {
		return path.Clean(rel), true
	}
	return p, false
}

// repoPath cleans a path input: "./policies/" is "policies"; absolute paths stay absolute.
func repoPath(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return strings.TrimSuffix(strings.TrimPrefix(path.Clean(strings.ReplaceAll(p, "\\", "/")), "./"), "/")
}

// policyFile returns the repository-relative path of a file an engine error names.
func (r *run) policyFile(file string) (string, bool) {
	if file != "" && !filepath.IsAbs(file) {
		return filepath.ToSlash(file), true
	}
	return r.inWorkspace(file)
}

// policyInputs are the policy and data inputs inside the repository.
type policyInputs struct {
	paths   []string // repository-relative, cleaned
	folders []string // those that are folders of policies: only their .rego files load
}

func (r *run) policyInputs() policyInputs {
	var in policyInputs
	add := func(p string, policies bool) {
		p, ok := r.inputPath(p)
		if !ok {
			return // outside the repository: no pull request changes it
		}
		in.paths = append(in.paths, p)
		if policies && !strings.HasSuffix(p, ".rego") {
			in.folders = append(in.folders, p)
		}
	}
	for _, p := range r.in.policies {
		add(p, true)
	}
	for _, p := range r.in.data {
		add(p, false)
	}
	return in
}

// touched are the changed files that are (or were, before a rename) files the engine loads.
func (in policyInputs) touched(changed []github.ChangedFile) []github.ChangedFile {
	var out []github.ChangedFile
	for _, f := range changed {
		if in.covers(f.Path) || f.PreviousPath != "" && in.covers(f.PreviousPath) {
			out = append(out, f)
		}
	}
	return out
}

// covers reports whether a repository path is one the engine loads: an input file, or a
// .rego file under a policy folder.
func (in policyInputs) covers(p string) bool {
	if slices.Contains(in.paths, p) {
		return true
	}
	return strings.HasSuffix(p, ".rego") && slices.ContainsFunc(in.folders, func(d string) bool {
		return d == "." || strings.HasPrefix(p, d+"/")
	})
}

// added reports whether an input exists only because the pull request adds it (or everything
// in it).
func (in policyInputs) added(p string, touched []github.ChangedFile) bool {
	for _, f := range touched {
		if (f.Status == "added" || f.Status == "copied" || f.Status == "renamed") &&
			(f.Path == p || strings.HasPrefix(f.Path, p+"/")) {
			return true
		}
	}
	return false
}

// copyInputs copies the inputs' files from the workspace into dir under the same paths: an
// input file, or the .rego files of an input folder, symbolic links to files inside the
// workspace included (the engine follows them too). Links out of the workspace are refused.
// An input missing from the workspace is left to be restored from the base, or reported by
// the engine.
func copyInputs(workspaceDir, dir string, in policyInputs) error {
	root, err := os.OpenRoot(workspaceDir)
	if err != nil {
		return fmt.Errorf("opening the workspace: %w", err)
	}
	defer root.Close()
	// The engine reads policies and data whatever their size; so does the copy.
	ws := &workspace{root: root, maxSize: math.MaxInt32}
	for _, p := range in.paths {
		info, err := root.Stat(filepath.FromSlash(p))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("reading %q: %w", p, unwrapPath(err))
		}
		if !info.IsDir() {
			if err := copyOne(ws, dir, p); err != nil {
				return err
			}
			continue
		}
		err = fs.WalkDir(root.FS(), p, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if name != p && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(name, ".rego") || !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
				return nil
			}
			return copyOne(ws, dir, name)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func copyOne(ws *workspace, dir, p string) error {
	b, err := ws.read(p)
	if err != nil {
		return fmt.Errorf("reading %q: %w", p, err)
	}
	return writeLocal(dir, p, b)
}

// writeLocal writes a repository file under dir; a path that would leave dir is refused.
func writeLocal(dir, p string, b []byte) error {
	if !fs.ValidPath(p) {
		return fmt.Errorf("%q is not a repository path", p)
	}
	full := filepath.Join(dir, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	return os.WriteFile(full, b, 0o644)
}

// removeLocal removes a repository file under dir, if it is there.
func removeLocal(dir, p string) error {
	if !fs.ValidPath(p) {
		return fmt.Errorf("%q is not a repository path", p)
	}
	err := os.Remove(filepath.Join(dir, filepath.FromSlash(p)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
