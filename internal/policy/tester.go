package policy

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/cover"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// DefaultTestTimeout bounds one Rego unit test when TestOptions.Timeout is zero.
const DefaultTestTimeout = 5 * time.Second

// TestOptions says which policies and Rego unit tests RunTests loads.
type TestOptions struct {
	// DefaultPack runs the embedded pack's tests, and makes its lib, rules, test fixtures
	// (data.subpolicy.test.fixtures) and configuration available to the tests of Paths.
	DefaultPack bool
	// Paths are .rego files or folders of them (walked recursively, hidden folders skipped):
	// policies and their *_test.rego files.
	Paths []string
	// Data are JSON or YAML files merged over data.subpolicy.config for the tests of Paths.
	// The pack's own tests always see the pack's configuration, which they are written for.
	Data []string
	// Dir is the folder relative Paths and Data are read from (see Options.Dir).
	Dir string
	// Run, when set, is a regular expression: only tests whose full name
	// (data.<package>.<test>) it matches run.
	Run string
	// Coverage computes line coverage of the policies (test files excluded).
	Coverage bool
	// Timeout bounds each test; 0 means DefaultTestTimeout.
	Timeout time.Duration
}

// Outcome is how a test ended.
type Outcome string

// The outcomes, spelled as opa test prints them.
const (
	Pass    Outcome = "PASS"
	Fail    Outcome = "FAIL"
	Errored Outcome = "ERROR"
	Skipped Outcome = "SKIPPED"
)

// TestResult is one test's outcome.
type TestResult struct {
	Package  string // e.g. data.subpolicy.test.ai_posture
	Name     string // e.g. test_fail_no_posture
	File     string
	Line     int
	Outcome  Outcome
	Err      error // for Errored
	Duration time.Duration
	Output   string // what the test's print() calls wrote
	// FailedAt is "file:line: expression" of the expression that made a failing test fail,
	// when it can be told.
	FailedAt string
}

// FullName is data.<package>.<test>, the name --run matches.
func (r TestResult) FullName() string { return r.Package + "." + r.Name }

// FileCoverage is the line coverage of one policy file.
type FileCoverage struct {
	File       string
	Covered    int      // lines with an evaluated expression or rule head
	NotCovered int      // lines with expressions or rule heads never evaluated
	Missed     [][2]int // the lines not covered, as first-last ranges
}

// Percent is the share of lines covered; a file without coverable lines is fully covered.
func (f FileCoverage) Percent() float64 { return percent(f.Covered, f.NotCovered) }

// Coverage is the line coverage of every policy file loaded, test files excluded.
type Coverage struct {
	Files []FileCoverage // sorted by file name
}

// Total sums the coverage of the files keep accepts (all files when keep is nil).
func (c *Coverage) Total(keep func(file string) bool) (pct float64, covered, lines int) {
	notCovered := 0
	for _, f := range c.Files {
		if keep == nil || keep(f.File) {
			covered += f.Covered
			notCovered += f.NotCovered
		}
	}
	return percent(covered, notCovered), covered, covered + notCovered
}

func percent(covered, notCovered int) float64 {
	if covered+notCovered == 0 {
		return 100
	}
	return 100 * float64(covered) / float64(covered+notCovered)
}

// TestRun is the outcome of RunTests.
type TestRun struct {
	Results  []TestResult // sorted by file and line
	Coverage *Coverage    // set when TestOptions.Coverage is
	// PathFiles are the policy files (tests excluded) read from TestOptions.Paths, as named
	// in Coverage: what a coverage threshold for the user's own policies is measured on.
	PathFiles []string
}

// Counts tallies the results by outcome.
func (r *TestRun) Counts() map[Outcome]int {
	out := map[Outcome]int{}
	for _, x := range r.Results {
		out[x.Outcome]++
	}
	return out
}

// Passed reports whether every test that ran passed (skipped tests aside).
func (r *TestRun) Passed() bool {
	for _, x := range r.Results {
		if x.Outcome == Fail || x.Outcome == Errored {
			return false
		}
	}
	return true
}

func isRegoFile(name string) bool { return strings.HasSuffix(name, ".rego") }
func isTestFile(name string) bool { return strings.HasSuffix(name, "_test.rego") }

// RunTests runs the Rego unit tests (rules named test_*) of the default pack and of
// opts.Paths with OPA's test runner, compiled as the engine compiles policies: Rego v1, strict,
// in the same sandbox (no network, environment or clock built-ins), built-in errors raised.
// The rule packages among them must follow the engine's conventions (METADATA with a unique
// custom.id and a custom.severity). Its errors are about the files (*Error, Errors): a failing
// test is a result, not an error.
func RunTests(ctx context.Context, opts TestOptions) (*TestRun, error) {
	if opts.Run != "" {
		if _, err := regexp.Compile(opts.Run); err != nil {
			return nil, fmt.Errorf("invalid test name pattern %q: %w", opts.Run, err)
		}
	}
	caps := capabilities()
	// Without the default pack its rules and tests are left out, but its library, fixtures
	// and configuration stay: a user's rules and tests build on them (see Load).
	pack := defaultPack
	keep := isRegoFile
	if !opts.DefaultPack {
		keep = func(name string) bool { return strings.HasPrefix(name, "lib/") && isRegoFile(name) }
	}
	srcs, err := packFiles(pack, keep)
	if err != nil {
		return nil, err
	}
	packMods, err := parseSources(srcs, caps)
	if err != nil {
		return nil, err
	}
	userSrcs, err := userFiles(opts.Dir, opts.Paths, isRegoFile)
	if err != nil {
		return nil, err
	}
	userMods, err := parseSources(userSrcs, caps)
	if err != nil {
		return nil, err
	}
	if !opts.DefaultPack && len(userMods) == 0 {
		return nil, errors.New("no policies to test: name .rego files or folders, or leave the default pack on")
	}

	// The rule packages must load in the engine too: ids present and unique, severities valid.
	policies := map[string]*ast.Module{}
	for k, m := range packMods {
		if !isTestFile(m.Package.Location.File) {
			policies[k] = m
		}
	}
	run := &TestRun{}
	for k, m := range userMods {
		if !isTestFile(m.Package.Location.File) {
			policies[k] = m
			run.PathFiles = append(run.PathFiles, m.Package.Location.File)
		}
	}
	slices.Sort(run.PathFiles)
	if _, err := extractRules(policies); err != nil {
		return nil, err
	}

	var cov *cover.Cover
	if opts.Coverage {
		cov = cover.New()
	}
	t := &testPass{opts: opts, caps: caps, cover: cov}

	// The pack's tests, with the pack's configuration.
	if opts.DefaultPack {
		config, err := loadConfig(pack, packPrefix, nil)
		if err != nil {
			return nil, err
		}
		results, err := t.run(ctx, packMods, config)
		if err != nil {
			return nil, err
		}
		run.Results = append(run.Results, results...)
	}
	// The tests of the given paths, with the pack's policies and fixtures but not its tests,
	// and the configuration the data files make.
	if len(userMods) > 0 {
		mods := maps.Clone(userMods)
		for k, m := range packMods {
			if !isTestFile(m.Package.Location.File) || !hasTests(m) {
				mods[k] = m
			}
		}
		data, err := readDataFiles(opts.Dir, opts.Data)
		if err != nil {
			return nil, err
		}
		config, err := loadConfig(pack, packPrefix, data)
		if err != nil {
			return nil, err
		}
		results, err := t.run(ctx, mods, config)
		if err != nil {
			return nil, err
		}
		run.Results = append(run.Results, results...)
	}
	slices.SortFunc(run.Results, func(a, b TestResult) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Name, b.Name))
	})

	if cov != nil {
		byFile := map[string]*ast.Module{}
		for _, m := range policies {
			if f := m.Package.Location.File; opts.DefaultPack || slices.Contains(run.PathFiles, f) {
				byFile[f] = m // without the pack, the coverage of the given files only
			}
		}
		rep := cov.Report(byFile)
		run.Coverage = &Coverage{}
		for _, name := range slices.Sorted(maps.Keys(byFile)) {
			fc := FileCoverage{File: name}
			if fr := rep.Files[name]; fr != nil {
				fc.Covered, fc.NotCovered = fr.CoveredLines, fr.NotCoveredLines
				fc.Missed = missedLines(fr.NotCovered)
			}
			run.Coverage.Files = append(run.Coverage.Files, fc)
		}
	}
	return run, nil
}

// hasTests reports whether a module defines a test rule (its fixtures-only test files do not).
func hasTests(m *ast.Module) bool {
	for _, r := range m.Rules {
		name := r.Head.Ref()[0].String()
		if strings.HasPrefix(name, tester.TestPrefix) || strings.HasPrefix(name, tester.SkipTestPrefix) {
			return true
		}
	}
	return false
}

// missedLines merges not-covered ranges into sorted first-last line ranges.
func missedLines(rs []cover.Range) [][2]int {
	var rows []int
	for _, r := range rs {
		for row := r.Start.Row; row <= r.End.Row; row++ {
			rows = append(rows, row)
		}
	}
	slices.Sort(rows)
	rows = slices.Compact(rows)
	var out [][2]int
	for _, row := range rows {
		if n := len(out); n > 0 && out[n-1][1] == row-1 {
			out[n-1][1] = row
			continue
		}
		out = append(out, [2]int{row, row})
	}
	return out
}

// testPass runs one set of modules' tests against one configuration.
type testPass struct {
	opts  TestOptions
	caps  *ast.Capabilities
	cover *cover.Cover
}

func (t *testPass) compiler() *ast.Compiler { return newCompiler(t.caps) }

func (t *testPass) runner(config map[string]any, mods map[string]*ast.Module) (*tester.Runner, storage.Store) {
	store := configStore(config)
	r := tester.NewRunner().
		SetCompiler(t.compiler()).
		SetStore(store).
		SetModules(mods).
		SetTimeout(cmp.Or(t.opts.Timeout, DefaultTestTimeout)).
		RaiseBuiltinErrors(true).
		CapturePrintOutput(true)
	return r, store
}

// run runs the tests of mods, then runs the failing ones again with tracing to tell which
// expression failed (OPA traces and computes coverage in separate runs).
func (t *testPass) run(ctx context.Context, mods map[string]*ast.Module, config map[string]any) ([]TestResult, error) {
	r, store := t.runner(config, mods)
	if t.opts.Run != "" {
		r.Filter(t.opts.Run)
	}
	if t.cover != nil {
		r.SetCoverageQueryTracer(t.cover).SetCoverageRuns(nil)
	}
	raw, err := collect(ctx, r, store)
	if err != nil {
		return nil, err
	}
	out := make([]TestResult, 0, len(raw))
	var failed []string
	for _, x := range raw {
		tr := TestResult{
			Package:  x.Package,
			Name:     x.Name,
			Duration: x.Duration,
			Output:   string(x.Output),
			Err:      x.Error,
		}
		if x.Location != nil {
			tr.File, tr.Line = x.Location.File, x.Location.Row
		}
		switch {
		case x.Skip:
			tr.Outcome = Skipped
		case x.Error != nil:
			tr.Outcome = Errored
		case x.Fail:
			tr.Outcome = Fail
			failed = append(failed, regexp.QuoteMeta(tr.FullName()))
		default:
			tr.Outcome = Pass
		}
		out = append(out, tr)
	}
	if len(failed) == 0 {
		return out, nil
	}
	r, store = t.runner(config, mods)
	r.EnableTracing(true).Filter("^(?:" + strings.Join(failed, "|") + ")$")
	traced, err := collect(ctx, r, store)
	if err != nil {
		return nil, err
	}
	where := map[string]string{}
	for _, x := range traced {
		where[x.Package+"."+x.Name] = failureLine(x.Trace)
	}
	for i := range out {
		if out[i].Outcome == Fail {
			out[i].FailedAt = where[out[i].FullName()]
		}
	}
	return out, nil
}

// collect runs the runner's tests and gathers the results; compile errors come back as Errors.
func collect(ctx context.Context, r *tester.Runner, store storage.Store) ([]*tester.Result, error) {
	txn, err := store.NewTransaction(ctx)
	if err != nil {
		return nil, err
	}
	defer store.Abort(ctx, txn)
	ch, err := r.RunTests(ctx, txn)
	if err != nil {
		return nil, fromASTErrors(err)
	}
	var out []*tester.Result
	for x := range ch {
		out = append(out, x)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// failureLine finds the last expression that failed in a test's own query, as opa test's
// --show-failure-line does: "file:line: expression".
func failureLine(trace []*topdown.Event) string {
	for _, e := range slices.Backward(trace) {
		if e.Op != topdown.FailOp || e.Location == nil || e.QueryID == 0 {
			continue
		}
		expr, ok := e.Node.(*ast.Expr)
		if !ok {
			continue
		}
		if _, every := expr.Terms.(*ast.Every); every {
			continue // the failing expression inside the every body comes first
		}
		text, _, _ := strings.Cut(strings.TrimSpace(string(e.Location.Text)), "\n")
		return fmt.Sprintf("%s:%d: %s", e.Location.File, e.Location.Row, text)
	}
	return ""
}
