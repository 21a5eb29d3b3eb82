// Package cli is subpolicy's command line: one file per subcommand, every one of them a
// function of its arguments and streams that returns an exit code.
package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// Exit codes. A gate must never read a crash as a pass, so every failure is non-zero.
const (
	ExitOK       = 0 // no finding at or above --fail-on
	ExitFindings = 1 // findings at or above --fail-on
	ExitUsage    = 2 // usage, input or policy errors
	ExitRuntime  = 3 // runtime failures (I/O, API)
)

// Streams are a command's standard streams.
type Streams struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, s Streams) int
}

func commands() []command {
	return []command{
		{"check", "check subprocessor tables in Markdown files against the policies", runCheck},
		{"parse", "print the policy input document of each file as JSON", runParse},
		{"rules", "list the loaded rules", runRules},
		{"diff", "print the subprocessors added, removed and modified between two versions of a page", runDiff},
		{"history", "print the change history of a page from the git history of its clone", runHistory},
		{"feed", "write an Atom, RSS or JSON feed of a page's changes for customers to subscribe to", runFeed},
		{"test", "run the Rego unit tests of the default pack and of your policies, with coverage", runTest},
		{"new", "scaffold a rule and its tests: subpolicy new rule NAME", runNew},
		{"version", "print the version", runVersion},
		{"action", "run as the GitHub Action (inputs and runner variables from the environment)", runAction},
	}
}

// Main runs subpolicy with args (without the program name) and returns the exit code. A
// panic in the command is reported and exits ExitRuntime: a crash is never a pass.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "subpolicy: internal error (panic: %v); please report it\n%s", p, debug.Stack())
			code = ExitRuntime
		}
	}()
	s := Streams{Stdin: stdin, Stdout: stdout, Stderr: stderr}
	if len(args) == 0 {
		usage(stderr)
		return ExitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return ExitOK
	case "-v", "--version":
		return runVersion(ctx, nil, s)
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], s)
		}
	}
	fmt.Fprintf(stderr, "subpolicy: unknown command %q (valid: %s)\n", args[0], strings.Join(commandNames(), ", "))
	return ExitUsage
}

func commandNames() []string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return names
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: subpolicy <command> [flags] [paths]")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nrun \"subpolicy <command> -h\" for a command's flags")
}

// newFlagSet returns a flag set that reports errors to stderr without exiting.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("subpolicy "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseInterleaved parses flags that may come before, between or after positional
// arguments ("check docs/ --format json"), as users expect; "--" ends flags.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// multiFlag is a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// choiceFlag is a string flag restricted to a set of values; a wrong value lists the valid ones.
type choiceFlag struct {
	value   string
	choices []string
}

func (c *choiceFlag) String() string { return c.value }
func (c *choiceFlag) Set(v string) error {
	for _, x := range c.choices {
		if strings.EqualFold(v, x) {
			c.value = x
			return nil
		}
	}
	return fmt.Errorf("unknown value %q (valid: %s)", v, strings.Join(c.choices, ", "))
}
