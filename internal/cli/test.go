package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/subpolicy/subpolicy/internal/policy"
)

// runTest runs the Rego unit tests of the default pack and of the given policy paths, like
// opa test: a line per test, the failing expression of each failure, the totals, and with
// --coverage the line coverage of each policy file. Exit 0 when every test passes (and the
// coverage reaches --threshold), 1 when one fails or the coverage falls short, 2 for usage
// and policy errors.
func runTest(ctx context.Context, args []string, s Streams) int {
	var (
		opts      policy.TestOptions
		data      multiFlag
		noDefault bool
		threshold float64
	)
	fset := newFlagSet("test", s.Stderr)
	fset.Var(&data, "data", "a JSON or YAML `file` merged over data.subpolicy.config for the tests of PATHs (repeatable)")
	fset.BoolVar(&noDefault, "no-default-policies", false, "do not load the embedded default pack (its lib, config and tests)")
	fset.BoolVar(&opts.Coverage, "coverage", false, "report the line coverage of each policy file")
	fset.Float64Var(&threshold, "threshold", 0, "exit 1 when coverage is below this `percent` (implies --coverage): the coverage of PATHs' policies, or of the pack when no PATH is given")
	fset.StringVar(&opts.Run, "run", "", "run only the tests whose name (data.<package>.<test>) matches this `regexp`")
	fset.DurationVar(&opts.Timeout, "timeout", policy.DefaultTestTimeout, "the time one test may take")
	fset.Usage = func() {
		fmt.Fprintln(s.Stderr, "usage: subpolicy test [flags] [PATH...]\n\n"+
			"Runs the Rego unit tests (rules named test_*) of the default pack and of the policy files or folders\n"+
			"given, with OPA's test runner, in the sandbox check uses. The lib (data.subpolicy.lib), the pack's test\n"+
			"fixtures (data.subpolicy.test.fixtures) and the configuration (data.subpolicy.config) are available.\n\nflags:")
		fset.PrintDefaults()
	}
	paths, err := parseInterleaved(fset, args)
	if err != nil {
		return flagError(err)
	}
	if threshold < 0 || threshold > 100 {
		fmt.Fprintf(s.Stderr, "subpolicy test: --threshold %g is not a percentage from 0 to 100\n", threshold)
		return ExitUsage
	}
	opts.Coverage = opts.Coverage || threshold > 0
	opts.DefaultPack = !noDefault
	opts.Paths = paths
	opts.Data = data

	run, err := policy.RunTests(ctx, opts)
	if err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy test: %v\n", err)
		return ExitUsage
	}
	if len(run.Results) == 0 {
		what := "no tests found"
		if opts.Run != "" {
			what = fmt.Sprintf("no test matches --run %q", opts.Run)
		}
		fmt.Fprintf(s.Stderr, "subpolicy test: %s; a test is a rule named test_* in a *_test.rego file\n", what)
		return ExitUsage
	}

	var b strings.Builder
	writeTestResults(&b, run)
	code := ExitOK
	if !run.Passed() {
		code = ExitFindings
	}
	if run.Coverage != nil {
		if !writeCoverage(&b, run, paths, threshold) {
			code = ExitFindings
		}
	}
	if _, err := fmt.Fprint(s.Stdout, b.String()); err != nil {
		return ExitRuntime
	}
	return code
}

// writeTestResults writes each test's outcome under its file's name, as opa test -v does,
// then the totals.
func writeTestResults(b *strings.Builder, run *policy.TestRun) {
	file := ""
	for _, r := range run.Results {
		if r.File != file {
			if file != "" {
				b.WriteByte('\n')
			}
			file = r.File
			fmt.Fprintf(b, "%s:\n", file)
		}
		if r.Outcome == policy.Skipped {
			fmt.Fprintf(b, "%s: %s\n", r.FullName(), r.Outcome)
			continue
		}
		fmt.Fprintf(b, "%s: %s (%s)\n", r.FullName(), r.Outcome, r.Duration)
		switch {
		case r.Outcome == policy.Errored:
			fmt.Fprintf(b, "  %v\n", r.Err)
		case r.Outcome == policy.Fail && r.FailedAt != "":
			fmt.Fprintf(b, "  %s\n", r.FailedAt)
		}
		if out := strings.TrimSpace(r.Output); out != "" {
			for l := range strings.Lines(out) {
				fmt.Fprintf(b, "  | %s", l)
			}
			b.WriteByte('\n')
		}
	}
	b.WriteString(strings.Repeat("-", 80) + "\n")
	counts := run.Counts()
	total := len(run.Results)
	for _, o := range []policy.Outcome{policy.Pass, policy.Fail, policy.Skipped, policy.Errored} {
		if counts[o] > 0 {
			fmt.Fprintf(b, "%s: %d/%d\n", o, counts[o], total)
		}
	}
}

// writeCoverage writes the coverage of each policy file and the figure the threshold is
// measured on: the given paths' policies, or the pack's when no path was given. It reports
// whether the threshold is met.
func writeCoverage(b *strings.Builder, run *policy.TestRun, paths []string, threshold float64) bool {
	b.WriteString(strings.Repeat("-", 80) + "\n")
	b.WriteString("coverage (lines of the policies run by the tests; test files excluded):\n")
	tw := tabwriter.NewWriter(b, 0, 4, 2, ' ', 0)
	for _, f := range run.Coverage.Files {
		fmt.Fprintf(tw, "  %s\t%.2f%%\t%d/%d lines", f.File, f.Percent(), f.Covered, f.Covered+f.NotCovered)
		if len(f.Missed) > 0 {
			ranges := make([]string, len(f.Missed))
			for i, r := range f.Missed {
				ranges[i] = fmt.Sprint(r[0])
				if r[1] != r[0] {
					ranges[i] += fmt.Sprintf("-%d", r[1])
				}
			}
			fmt.Fprintf(tw, "\tnot covered: %s", strings.Join(ranges, ", "))
		}
		tw.Write([]byte("\n"))
	}
	tw.Flush()

	what := "the default pack"
	var keep func(string) bool
	if len(paths) > 0 {
		mine := map[string]bool{}
		for _, f := range run.PathFiles {
			mine[f] = true
		}
		keep = func(f string) bool { return mine[f] }
		shown := make([]string, len(paths))
		for i, p := range paths {
			shown[i] = filepath.ToSlash(p)
		}
		what = strings.Join(slices.Compact(shown), ", ")
	}
	pct, covered, lines := run.Coverage.Total(keep)
	fmt.Fprintf(b, "coverage of %s: %.2f%% (%d of %d lines)\n", what, pct, covered, lines)
	if threshold > 0 && pct < threshold {
		fmt.Fprintf(b, "FAIL: coverage %.2f%% is below the threshold of %g%%\n", pct, threshold)
		return false
	}
	return true
}
