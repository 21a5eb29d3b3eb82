package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/subpolicy/subpolicy/internal/finding"
)

// writeFindings writes findings one a line, like a compiler; a waived finding says so and
// why instead of its severity:
//
//	docs/subprocessors.md:21:3: waived warning: AI provider "OpenAI" does not say … [SP004] (waived: the DPA rules out training; owner @acme/privacy; until 2027-06-30; docs/subprocessors.md:21)
func writeFindings(b *strings.Builder, fs []finding.Finding, opts TextOptions) {
	for _, f := range fs {
		if f.Waived == nil {
			fmt.Fprintf(b, "%s:%d:%d: %s: %s [%s]\n", Terminal(f.Path), f.Line, f.Column,
				severity(f.Severity, opts), Terminal(f.Message), Terminal(f.Rule))
			continue
		}
		fmt.Fprintf(b, "%s:%d:%d: %s %s: %s [%s] (%s)\n", Terminal(f.Path), f.Line, f.Column,
			paint("waived", ansiCyan, opts), f.Severity, Terminal(f.Message), Terminal(f.Rule), Terminal(WaiverText(f.Waived)))
	}
}

// WaiverText describes a waiver in one line: "waived: reason; owner X; until D; source".
func WaiverText(w *finding.Waiver) string {
	parts := []string{"waived: " + w.Reason}
	if w.Owner != "" {
		parts = append(parts, "owner "+w.Owner)
	}
	if w.Expires != "" {
		parts = append(parts, "until "+w.Expires)
	}
	if w.Source != "" {
		parts = append(parts, w.Source)
	}
	return strings.Join(parts, "; ")
}

// otherFiles groups the findings about files the report does not list (a data file holding
// waivers), by path in order.
func otherFiles(r *Report, byFile map[string][]finding.Finding) [][]finding.Finding {
	listed := map[string]bool{}
	for _, f := range r.Files {
		listed[f.Path] = true
	}
	var paths []string
	for p := range byFile {
		if !listed[p] {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	out := make([][]finding.Finding, len(paths))
	for i, p := range paths {
		out[i] = byFile[p]
	}
	return out
}

// waivedRows are the rows of the job summary's "Waived findings" table.
func waivedRows(fs []finding.Finding, links linker) []string {
	var rows []string
	for _, f := range fs {
		if f.Waived == nil {
			continue
		}
		w := f.Waived
		rows = append(rows, row(links.rule(f.Rule, f.DocURL), MarkdownText(f.Subprocessor), MarkdownText(f.Message),
			MarkdownText(w.Reason), MarkdownText(w.Owner), MarkdownText(w.Expires), links.line(f.Path, f.Line)))
	}
	return rows
}

// waivedHeader heads the "Waived findings" table.
const waivedHeader = "| Rule | Subprocessor | Finding | Reason | Owner | Expires | Where |\n| --- | --- | --- | --- | --- | --- | --- |\n"
