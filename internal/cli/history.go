package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/subpolicy/subpolicy/internal/check"
	"github.com/subpolicy/subpolicy/internal/history"
	"github.com/subpolicy/subpolicy/internal/policy"
	"github.com/subpolicy/subpolicy/internal/report"
)

// runHistory prints the change events of pages, read from the git history of their clone.
func runHistory(_ context.Context, args []string, s Streams) int {
	format := choiceFlag{value: "text", choices: []string{"text", "json", "markdown"}}
	maxSize := check.DefaultMaxFileSize
	var data multiFlag
	var since string
	fset := newFlagSet("history", s.Stderr)
	fset.Var(&data, "data", "a JSON or YAML `file` whose columns and subprocessor_pages say how to read pages (repeatable)")
	fset.Var(&format, "format", "output `format`: text, json or markdown (a change-log section for the page)")
	fset.Var(&format, "f", "shorthand for --format")
	fset.StringVar(&since, "since", "", "only the changes committed on or after this `date` (YYYY-MM-DD, or RFC 3339)")
	fset.IntVar(&maxSize, "max-file-size", check.DefaultMaxFileSize, "a version larger than this many `bytes` is reported as unreadable")
	fset.Usage = func() {
		fmt.Fprintln(s.Stderr, "usage: subpolicy history [flags] PATH...\n\n"+
			"Walks the git history of each page (the first-parent history of HEAD, following renames), reads\n"+
			"every version and prints each change to its subprocessors, newest first. No git binary is needed.\n"+
			"A version that cannot be read is reported with its commit. For example:\n\n"+
			"  subpolicy history --since 2026-01-01 docs/subprocessors.md\n"+
			"  subpolicy history --format markdown docs/subprocessors.md > docs/subprocessors-changelog.md\n\nflags:")
		fset.PrintDefaults()
	}
	paths, err := parseInterleaved(fset, args)
	if err != nil {
		return flagError(err)
	}
	if err := checkMaxSize(maxSize); err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy history: %v\n", err)
		return ExitUsage
	}
	if len(paths) == 0 {
		fmt.Fprintln(s.Stderr, "subpolicy history: name the page, e.g. \"subpolicy history docs/subprocessors.md\"")
		return ExitUsage
	}
	opts := history.Options{MaxFileSize: maxSize}
	if since != "" {
		if opts.Since, err = parseSince(since); err != nil {
			fmt.Fprintf(s.Stderr, "subpolicy history: --since %q: %v\n", report.Terminal(since), err)
			return ExitUsage
		}
	}
	if opts.Reading, err = policy.ReadingOptions("", data); err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy history: %s\n", report.Terminal(err.Error()))
		return ExitUsage
	}
	hs, code := readHistories(paths, opts, s, "history")
	if code != ExitOK {
		return code
	}
	switch format.value {
	case "json":
		err = history.WriteJSON(s.Stdout, hs)
	case "markdown":
		err = history.WriteMarkdown(s.Stdout, hs, "## Change log")
	default:
		err = history.WriteText(s.Stdout, hs)
	}
	if err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy history: writing the history: %v\n", err)
		return ExitRuntime
	}
	for _, h := range hs {
		if h.Shallow {
			fmt.Fprintf(s.Stderr, "subpolicy history: %s: %s\n", report.Terminal(h.Path), history.ShallowHint)
		}
	}
	return ExitOK
}

// readHistories reads the history of each page named.
func readHistories(paths []string, opts history.Options, s Streams, cmd string) ([]*history.History, int) {
	var hs []*history.History
	for _, p := range paths {
		if info, err := os.Stat(p); err != nil {
			fmt.Fprintf(s.Stderr, "subpolicy %s: reading %q: %v\n", cmd, report.Terminal(p), unwrapPathError(err))
			return nil, ExitUsage
		} else if info.IsDir() {
			fmt.Fprintf(s.Stderr, "subpolicy %s: %q is a folder; name the Markdown page\n", cmd, report.Terminal(p))
			return nil, ExitUsage
		}
		repo, root, err := history.Open(filepath.Dir(p))
		if err != nil {
			fmt.Fprintf(s.Stderr, "subpolicy %s: %s\n", cmd, report.Terminal(err.Error()))
			return nil, ExitUsage
		}
		rel, err := history.RepoPath(root, p)
		if err != nil {
			fmt.Fprintf(s.Stderr, "subpolicy %s: %s\n", cmd, report.Terminal(err.Error()))
			return nil, ExitUsage
		}
		h, err := history.Read(repo, rel, opts)
		if err != nil {
			fmt.Fprintf(s.Stderr, "subpolicy %s: %s: %s\n", cmd, report.Terminal(p), report.Terminal(err.Error()))
			return nil, ExitUsage
		}
		hs = append(hs, h)
	}
	return hs, ExitOK
}

// parseSince reads a date (YYYY-MM-DD, the start of that day in UTC) or an RFC 3339 time.
func parseSince(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("not a date: give YYYY-MM-DD, e.g. \"2026-01-01\"")
	}
	return t, nil
}
