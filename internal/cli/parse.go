package cli

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/subpolicy/subpolicy/internal/check"
	"github.com/subpolicy/subpolicy/internal/policy"
	"github.com/subpolicy/subpolicy/internal/report"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// runParse prints the policy input document of each file: one file gives one indented
// object, several give one object per line, ready for `opa eval --input` or jq.
func runParse(_ context.Context, args []string, s Streams) int {
	var now string
	var data multiFlag
	maxSize := check.DefaultMaxFileSize
	fset := newFlagSet("parse", s.Stderr)
	fset.Var(&data, "data", "a JSON or YAML `file` whose columns and subprocessor_pages say how to read pages (repeatable)")
	fset.StringVar(&now, "now", "", "the clock written to context.now, as RFC 3339 (default: now)")
	fset.IntVar(&maxSize, "max-file-size", check.DefaultMaxFileSize, "reject files larger than this many `bytes`")
	fset.Usage = func() {
		fmt.Fprintln(s.Stderr, "usage: subpolicy parse [flags] PATH...\n\nPrints the policy input document (what Rego sees as input) of each Markdown file, with how each\ntable was read: every column's role and its evidence (tables[].reading), and why each other table\nwas not taken (unread_tables).\n\nflags:")
		fset.PrintDefaults()
	}
	paths, err := parseInterleaved(fset, args)
	if err != nil {
		return flagError(err)
	}
	if len(paths) == 0 {
		fmt.Fprintln(s.Stderr, "subpolicy parse: no paths given; name Markdown files or folders")
		return ExitUsage
	}
	clock, err := parseNow(now)
	if err == nil {
		err = checkMaxSize(maxSize)
	}
	if err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy parse: %v\n", err)
		return ExitUsage
	}
	reading, err := policy.ReadingOptions("", data)
	if err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy parse: %s\n", report.Terminal(err.Error()))
		return ExitUsage
	}
	files, _, err := readFiles(paths, maxSize)
	if err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy parse: %v\n", err)
		return ExitUsage
	}
	enc := json.NewEncoder(s.Stdout)
	if len(files) == 1 {
		enc.SetIndent("", "  ")
	}
	code := ExitOK
	for _, f := range files {
		var doc *subprocessor.Document
		if err = f.SizeError(maxSize); err == nil {
			doc, err = subprocessor.ParseWith(f.Path, f.Content, reading)
		}
		if err != nil {
			fe := report.File{Path: f.Path}
			fe.Error, fe.Line, fe.Column = report.ErrorPosition(err)
			fmt.Fprintf(s.Stderr, "%s: error: %s\n", report.Terminal(fe.Location()), report.Terminal(fe.Error))
			code = ExitUsage
			continue
		}
		doc.Context = subprocessor.Context{Mode: "local", Now: clock}
		// The index is what the engine gives policies too, so that opa eval or conftest on
		// this output sees exactly subpolicy's input.
		doc.Index = subprocessor.NewIndex(doc.Subprocessors)
		if err := enc.Encode(doc); err != nil {
			fmt.Fprintf(s.Stderr, "subpolicy parse: writing %q: %v\n", f.Path, err)
			return ExitRuntime
		}
	}
	return code
}
