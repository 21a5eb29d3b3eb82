package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mattn/go-isatty"

	"github.com/subpolicy/subpolicy/internal/check"
	"github.com/subpolicy/subpolicy/internal/finding"
	"github.com/subpolicy/subpolicy/internal/policy"
	"github.com/subpolicy/subpolicy/internal/report"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// policyFlags are the flags every command that loads policies shares.
type policyFlags struct {
	policies  multiFlag
	data      multiFlag
	noDefault bool
	timeout   time.Duration
}

// register adds the flags that choose the policies; registerTimeout the one that bounds
// evaluating them, for the commands that evaluate.
func (p *policyFlags) register(fs *flag.FlagSet) {
	fs.Var(&p.policies, "policy", "a `.rego` file or folder of them, added to the default pack (repeatable)")
	fs.Var(&p.data, "data", "a JSON or YAML `file` merged over data.subpolicy.config (repeatable)")
	fs.BoolVar(&p.noDefault, "no-default-policies", false, "do not load the embedded default pack")
}

func (p *policyFlags) registerTimeout(fs *flag.FlagSet) {
	fs.DurationVar(&p.timeout, "policy-timeout", policy.DefaultTimeout, "the time the policies may take on one file before the run fails")
}

func (p *policyFlags) load(ctx context.Context, stderr io.Writer) (*policy.Engine, error) {
	return policy.Load(ctx, policy.Options{
		DefaultPack: !p.noDefault,
		Policies:    p.policies,
		Data:        p.data,
		Print:       terminalWriter{stderr},
		Timeout:     p.timeout,
	})
}

// terminalWriter passes text to a terminal line by line with report.Terminal: policies'
// print() output quotes page text, whose escape sequences must not act on the terminal.
type terminalWriter struct{ w io.Writer }

func (t terminalWriter) Write(b []byte) (int, error) {
	var out strings.Builder
	for l := range strings.Lines(string(b)) {
		body := strings.TrimSuffix(l, "\n")
		out.WriteString(report.Terminal(body))
		if len(body) < len(l) {
			out.WriteByte('\n')
		}
	}
	if _, err := io.WriteString(t.w, out.String()); err != nil {
		return 0, err
	}
	return len(b), nil
}

type checkFlags struct {
	format  choiceFlag
	output  string
	failOn  choiceFlag
	now     string
	maxSize int
	base    baseFlags
	policyFlags
}

func runCheck(ctx context.Context, args []string, s Streams) int {
	fl := checkFlags{
		format: choiceFlag{value: "text", choices: []string{"text", "json", "sarif"}},
		failOn: choiceFlag{value: "error", choices: finding.FailOnValues},
	}
	fset := newFlagSet("check", s.Stderr)
	fset.Var(&fl.format, "format", "output `format`: text, json or sarif (SARIF 2.1.0 for code scanning)")
	fset.Var(&fl.format, "f", "shorthand for --format")
	fset.StringVar(&fl.output, "output", "", "write the report to `file` instead of standard output")
	fset.StringVar(&fl.output, "o", "", "shorthand for --output")
	fset.Var(&fl.failOn, "fail-on", "exit 1 on findings at or above this `severity`: error, warning, notice or never")
	fset.StringVar(&fl.now, "now", "", "the clock policies see, as RFC 3339 (default: now)")
	fset.IntVar(&fl.maxSize, "max-file-size", check.DefaultMaxFileSize, "skip files larger than this many `bytes` with an error")
	fl.policyFlags.register(fset)
	fl.policyFlags.registerTimeout(fset)
	fl.base.register(fset)
	explain := fset.Bool("explain", false, "after the report, write to standard error how each finding came about: the rule, the input values it read, its variables")
	fset.Usage = func() {
		fmt.Fprintln(s.Stderr, "usage: subpolicy check [flags] PATH...\n\nChecks the subprocessor tables in Markdown files (directories are walked for *.md and *.mdx).\n\nflags:")
		fset.PrintDefaults()
	}
	paths, err := parseInterleaved(fset, args)
	if err != nil {
		return flagError(err)
	}
	if len(paths) == 0 {
		fmt.Fprintln(s.Stderr, "subpolicy check: no paths given; name Markdown files or folders, e.g. \"subpolicy check docs/\"")
		return ExitUsage
	}
	now, err := parseNow(fl.now)
	if err == nil {
		err = checkMaxSize(fl.maxSize)
	}
	if err == nil && fl.policyFlags.timeout <= 0 {
		err = fmt.Errorf("--policy-timeout %s is not a positive duration; write e.g. 30s or 2m (the default is %s)", fl.policyFlags.timeout, policy.DefaultTimeout)
	}
	if err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy check: %v\n", err)
		return ExitUsage
	}
	if err := fl.base.validate(paths); err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy check: %v\n", err)
		return ExitUsage
	}
	failOn, _ := finding.ParseFailOn(fl.failOn.value)

	files, explicit, err := readFiles(paths, fl.maxSize)
	if err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy check: %v\n", err)
		return ExitUsage
	}
	eng, err := fl.load(ctx, s.Stderr)
	if err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy check: %v\n", err)
		return ExitUsage
	}
	res, review, err := fl.base.run(ctx, eng, files, check.Options{
		Context:     subprocessor.Context{Mode: "local", Now: now, PullRequest: fl.base.pullRequest()},
		MaxFileSize: fl.maxSize,
	})
	if err != nil {
		// No result: no report is written, and the exit code is never a pass. The error may
		// quote page text (a built-in's message), so it reaches the terminal escaped.
		fmt.Fprintf(terminalWriter{s.Stderr}, "subpolicy check: %v\n", err)
		if pe := (*policy.PanicError)(nil); errors.As(err, &pe) {
			fmt.Fprintf(s.Stderr, "%s", pe.Stack)
			return ExitRuntime
		}
		return ExitUsage
	}

	out, closeOut, err := openOutput(fl.output, s.Stdout)
	if err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy check: %v\n", err)
		return ExitRuntime
	}
	// With --filter changed, res keeps only the findings the base version does not have too.
	rep := report.NewCompared(res, review, fl.base.filter.value == "changed")
	switch fl.format.value {
	case "json":
		err = report.WriteJSON(out, rep)
	case "sarif":
		err = report.WriteSARIF(out, rep, report.SARIFOptions{Version: version(), Rules: eng.Rules()})
	default:
		err = report.WriteComparedText(out, rep, report.TextOptions{Color: fl.output == "" && colorful(s.Stdout)})
	}
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy check: writing the report: %v\n", err)
		return ExitRuntime
	}
	if *explain {
		if err := writeExplanations(ctx, s.Stderr, eng, res); err != nil {
			fmt.Fprintf(s.Stderr, "subpolicy check: --explain: %v\n", err)
			return ExitUsage
		}
	}
	for _, f := range res.Files {
		if f.Document != nil && len(f.Document.Tables) == 0 && explicit[f.Path] {
			fmt.Fprintf(s.Stderr, "%s: no subprocessor table (%s)\n", report.Terminal(f.Path), report.Terminal(noTableReason(f.Document)))
		}
	}
	if len(res.InputErrors()) > 0 {
		return ExitUsage
	}
	if failOn.Fails(res.Findings) {
		return ExitFindings
	}
	return ExitOK
}

// flagError maps a flag parse error to an exit code; the flag package already printed it.
func flagError(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	return ExitUsage
}

func parseNow(s string) (string, error) {
	if s == "" {
		return time.Now().UTC().Format(time.RFC3339), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return "", fmt.Errorf("--now %q is not an RFC 3339 time; write it like \"2026-11-28T00:00:00Z\"", s)
	}
	return t.UTC().Format(time.RFC3339), nil
}

// skipDirs are folders a walk never enters.
var skipDirs = map[string]bool{".git": true, "node_modules": true, "vendor": true}

// isMarkdown reports whether a walked file is checked.
func isMarkdown(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".md" || ext == ".mdx"
}

// readFiles reads the named files and the Markdown files below the named folders, in a
// stable order. explicit marks files named on the command line. A file larger than maxSize
// bytes is left unread, its size in check.File.Size, for check to report.
func readFiles(paths []string, maxSize int) ([]check.File, map[string]bool, error) {
	var files []check.File
	explicit := map[string]bool{}
	seen := map[string]bool{}
	add := func(p string) error {
		if seen[p] {
			return nil
		}
		seen[p] = true
		b, size, err := readLimited(p, maxSize)
		if err != nil {
			return fmt.Errorf("reading %q: %w", p, unwrapPathError(err))
		}
		files = append(files, check.File{Path: filepath.ToSlash(p), Content: b, Size: size})
		return nil
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				if _, lerr := os.Lstat(p); lerr == nil {
					return nil, nil, fmt.Errorf("%q is a symbolic link to a file that does not exist", p)
				}
				return nil, nil, fmt.Errorf("%q does not exist", p)
			}
			return nil, nil, fmt.Errorf("%q: %w", p, unwrapPathError(err))
		}
		if !info.IsDir() && !info.Mode().IsRegular() {
			// Reading a named pipe would wait for a writer forever.
			return nil, nil, fmt.Errorf("%q cannot be checked: %w", p, check.NotRegular(info.Mode()))
		}
		if !info.IsDir() {
			explicit[filepath.ToSlash(p)] = true
			if err := add(p); err != nil {
				return nil, nil, err
			}
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return fmt.Errorf("walking %q: %w", path, unwrapPathError(err))
			}
			if d.IsDir() {
				if path != p && skipDirs[d.Name()] {
					return filepath.SkipDir
				}
				return nil
			}
			if !isMarkdown(path) {
				return nil
			}
			if d.Type().IsRegular() {
				return add(path)
			}
			// A link to a file or folder is left out (as it always was); a Markdown name that
			// is a link to nothing, a named pipe or another special file cannot be checked,
			// and is an error rather than a page silently skipped.
			info, err := os.Stat(path)
			switch {
			case err != nil && d.Type()&fs.ModeSymlink != 0:
				return fmt.Errorf("%q is a symbolic link that cannot be followed: %w", path, unwrapPathError(err))
			case err != nil:
				return fmt.Errorf("reading %q: %w", path, unwrapPathError(err))
			case d.Type()&fs.ModeSymlink != 0 && (info.Mode().IsRegular() || info.IsDir()):
				return nil
			}
			return fmt.Errorf("%q cannot be checked: %w", path, check.NotRegular(info.Mode()))
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return files, explicit, nil
}

// checkMaxSize validates --max-file-size.
func checkMaxSize(n int) error {
	if n <= 0 {
		return fmt.Errorf("--max-file-size %d is not a positive number of bytes; the default is %d (10 MiB)", n, check.DefaultMaxFileSize)
	}
	return nil
}

// readLimited reads a file of at most maxSize bytes. A larger one is not read: its content
// is nil and size its size. What it reads stops past maxSize, should the file grow meanwhile.
func readLimited(p string, maxSize int) (content []byte, size int64, err error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	if info.Size() > int64(maxSize) {
		return nil, info.Size(), nil
	}
	b, err := io.ReadAll(io.LimitReader(f, int64(maxSize)+1))
	return b, int64(len(b)), err
}

// unwrapPathError drops the path that os errors repeat, since messages quote it already.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func openOutput(path string, stdout io.Writer) (io.Writer, func() error, error) {
	if path == "" || path == "-" {
		return stdout, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, fmt.Errorf("creating output file %q: %w", path, unwrapPathError(err))
	}
	return f, f.Close, nil
}

// colorful reports whether w is a terminal that wants colour (NO_COLOR unset).
func colorful(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" {
		return false
	}
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// noTableReason says why a page has no subprocessor table: what was seen, and where to look.
func noTableReason(doc *subprocessor.Document) string {
	n := len(doc.UnreadTables)
	if n == 0 {
		return "the page has no table; a subprocessor table needs a name column and a purpose, data or location column"
	}
	first := doc.UnreadTables[0]
	return fmt.Sprintf("%s seen, none a subprocessor table; line %d: %s; run \"subpolicy parse\" to see how each column was read, or map columns with --data",
		report.Plural(n, "table"), first.Line, first.Reason)
}
