package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/subpolicy/subpolicy/internal/check"
	"github.com/subpolicy/subpolicy/internal/feed"
	"github.com/subpolicy/subpolicy/internal/history"
	"github.com/subpolicy/subpolicy/internal/policy"
	"github.com/subpolicy/subpolicy/internal/report"
)

// runFeed writes a feed of the changes of pages, read from the git history of their clone.
func runFeed(_ context.Context, args []string, s Streams) int {
	format := choiceFlag{value: "atom", choices: []string{"atom", "rss", "json"}}
	maxSize := check.DefaultMaxFileSize
	var data multiFlag
	var siteURL, title, output string
	noticeDays := -1
	fset := newFlagSet("feed", s.Stderr)
	fset.Var(&format, "format", "feed `format`: atom (Atom 1.0), rss (RSS 2.0) or json (JSON Feed 1.1)")
	fset.Var(&format, "f", "shorthand for --format")
	fset.StringVar(&siteURL, "site-url", "", "the `URL` of the published page: the feed's link, and the host of its entries' ids (required)")
	fset.StringVar(&title, "title", "Subprocessors", "the feed's `title`")
	fset.StringVar(&output, "o", "", "write the feed to this `file` instead of standard output")
	fset.Var(&data, "data", "a JSON or YAML `file` with columns, subprocessor_pages and notice_days (repeatable)")
	fset.IntVar(&noticeDays, "notice-days", -1, "the notice period in `days`, where a version of the page states none (default: notice_days of the configuration, 30)")
	fset.IntVar(&maxSize, "max-file-size", check.DefaultMaxFileSize, "a version larger than this many `bytes` is reported as unreadable")
	fset.Usage = func() {
		fmt.Fprintln(s.Stderr, "usage: subpolicy feed --site-url URL [flags] PATH...\n\n"+
			"Writes a feed of the changes to each page's subprocessors, one entry per change, newest first,\n"+
			"from the git history of the clone (as subpolicy history reads it). Each entry says what changed,\n"+
			"the Effective dates and the end of the objection window. The same history gives the same file.\n"+
			"For example:\n\n"+
			"  subpolicy feed --site-url https://example.com/subprocessors -o public/subprocessors.atom docs/subprocessors.md\n\nflags:")
		fset.PrintDefaults()
	}
	paths, err := parseInterleaved(fset, args)
	if err != nil {
		return flagError(err)
	}
	if err := checkMaxSize(maxSize); err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy feed: %v\n", err)
		return ExitUsage
	}
	switch {
	case len(paths) == 0:
		fmt.Fprintln(s.Stderr, "subpolicy feed: name the page, e.g. \"subpolicy feed --site-url https://example.com/subprocessors docs/subprocessors.md\"")
		return ExitUsage
	case siteURL == "":
		fmt.Fprintln(s.Stderr, "subpolicy feed: --site-url is required: the address of the published page, e.g. \"https://example.com/subprocessors\"")
		return ExitUsage
	case noticeDays < -1 || noticeDays > 3650:
		fmt.Fprintf(s.Stderr, "subpolicy feed: --notice-days %d: give a number of days from 0 to 3650\n", noticeDays)
		return ExitUsage
	}
	settings, err := policy.ReadSettings("", data)
	if err == nil && noticeDays < 0 {
		noticeDays, err = settings.NoticeDays()
	}
	if err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy feed: %s\n", report.Terminal(err.Error()))
		return ExitUsage
	}
	opts := history.Options{MaxFileSize: maxSize, Reading: settings.Reading}
	hs, code := readHistories(paths, opts, s, "feed")
	if code != ExitOK {
		return code
	}
	fopts := feed.Options{SiteURL: siteURL, Title: title, NoticeDays: noticeDays}
	entries, err := feed.Entries(hs, fopts)
	if err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy feed: %s\n", report.Terminal(err.Error()))
		return ExitUsage
	}
	var b bytes.Buffer
	if err := feed.Write(&b, format.value, entries, fopts); err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy feed: writing the feed: %v\n", err)
		return ExitRuntime
	}
	for _, h := range hs {
		if h.Shallow {
			fmt.Fprintf(s.Stderr, "subpolicy feed: %s: %s\n", report.Terminal(h.Path), history.ShallowHint)
		}
		for _, ev := range h.Events {
			if ev.Unreadable() {
				fmt.Fprintf(s.Stderr, "subpolicy feed: %s at %s: this version could not be read, so it has no entry: %s\n",
					report.Terminal(ev.Path), report.ShortSHA(ev.Commit), report.Terminal(ev.Error))
			}
		}
	}
	if output == "" {
		if _, err := s.Stdout.Write(b.Bytes()); err != nil {
			fmt.Fprintf(s.Stderr, "subpolicy feed: writing the feed: %v\n", err)
			return ExitRuntime
		}
		return ExitOK
	}
	if err := writeFileAtomic(output, b.Bytes()); err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy feed: writing %q: %v\n", report.Terminal(output), unwrapPathError(err))
		return ExitRuntime
	}
	fmt.Fprintf(s.Stderr, "subpolicy feed: wrote %s to %s\n", fmt.Sprintf("%d %s", len(entries), report.Pronoun(len(entries), "entry", "entries")), report.Terminal(output))
	return ExitOK
}

// writeFileAtomic writes b to path through a temporary file in its folder, so that a reader
// never sees half a feed.
func writeFileAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".subpolicy-feed-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
