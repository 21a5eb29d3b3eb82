package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/subpolicy/subpolicy/internal/check"
	"github.com/subpolicy/subpolicy/internal/finding"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// Changes is how the subprocessor lists changed, file by file: what `subpolicy diff` prints
// and the "Subprocessor changes" section that opens the reports of a pull request, written so
// that a privacy team can paste it into the notice to customers.
type Changes struct {
	Files   []FileChanges `json:"files"`
	Summary ChangeSummary `json:"summary"`
}

// ChangeSummary totals the changes of every file.
type ChangeSummary struct {
	Added                 int  `json:"added"`
	Removed               int  `json:"removed"`
	Modified              int  `json:"modified"`
	SuspectedReplacements int  `json:"suspected_replacements"`
	Changed               bool `json:"changed"`
}

// FileChanges is how the subprocessors of one file changed.
type FileChanges struct {
	Path string `json:"path"`
	// BasePath is the previous path of a renamed file.
	BasePath              string           `json:"base_path,omitempty"`
	Status                string           `json:"status"` // added, modified, renamed, unchanged, removed
	Added                 []ChangedRow     `json:"added"`
	Removed               []ChangedRow     `json:"removed"`
	Modified              []ModifiedRow    `json:"modified"`
	SuspectedReplacements []ReplacementRow `json:"suspected_replacements"`
}

// ChangedRow is an added or removed subprocessor as a notice describes it. Line is its line
// in the version that has it (the base for a removed row).
type ChangedRow struct {
	Name      string   `json:"name"`
	Purpose   string   `json:"purpose"`
	Data      []string `json:"data"`
	Location  string   `json:"location"`
	Effective string   `json:"effective,omitempty"`
	Line      int      `json:"line"`
}

// ModifiedRow is a subprocessor whose fields changed, as the head has it, with each change.
type ModifiedRow struct {
	ChangedRow
	BaseLine int                        `json:"base_line"`
	Fields   []subprocessor.FieldChange `json:"fields"`
}

// ReplacementRow is a removal and an addition with the same purpose: a suspected replacement.
type ReplacementRow struct {
	Removed ChangedRow `json:"removed"`
	Added   ChangedRow `json:"added"`
}

// NewChanges describes the changes a comparison found.
func NewChanges(fcs []check.FileChange) *Changes {
	c := &Changes{Files: make([]FileChanges, 0, len(fcs))}
	for _, fc := range fcs {
		if fc.Change == nil {
			continue
		}
		fch := fileChanges(fc)
		c.Summary.Added += len(fch.Added)
		c.Summary.Removed += len(fch.Removed)
		c.Summary.Modified += len(fch.Modified)
		c.Summary.SuspectedReplacements += len(fch.SuspectedReplacements)
		c.Files = append(c.Files, fch)
	}
	c.Summary.Changed = c.Summary.Added+c.Summary.Removed+c.Summary.Modified > 0
	return c
}

func fileChanges(fc check.FileChange) FileChanges {
	ch := fc.Change
	out := FileChanges{
		Path:                  fc.Path,
		Status:                ch.Status,
		Added:                 []ChangedRow{},
		Removed:               []ChangedRow{},
		Modified:              []ModifiedRow{},
		SuspectedReplacements: []ReplacementRow{},
	}
	var head, base []subprocessor.Row
	if fc.Head != nil {
		head = fc.Head.Subprocessors
	}
	if ch.Base != nil {
		base = ch.Base.Subprocessors
		if ch.Status == "renamed" {
			out.BasePath = ch.Base.Path
		}
	}
	for _, r := range head {
		if r.Change == "added" {
			out.Added = append(out.Added, changedRow(r))
		}
	}
	for _, r := range base {
		if r.Change == "removed" {
			out.Removed = append(out.Removed, changedRow(r))
		}
	}
	for _, m := range ch.Modifications {
		if m.Index < len(head) && m.BaseIndex < len(base) {
			out.Modified = append(out.Modified, ModifiedRow{ChangedRow: changedRow(head[m.Index]), BaseLine: base[m.BaseIndex].Line, Fields: m.Fields})
		}
	}
	for _, r := range ch.SuspectedReplacements {
		if r.AddedIndex < len(head) && r.RemovedIndex < len(base) {
			out.SuspectedReplacements = append(out.SuspectedReplacements, ReplacementRow{Removed: changedRow(base[r.RemovedIndex]), Added: changedRow(head[r.AddedIndex])})
		}
	}
	return out
}

func changedRow(r subprocessor.Row) ChangedRow {
	cr := ChangedRow{Name: r.Name, Purpose: r.Purpose, Data: r.Data, Location: r.Location, Line: r.Line}
	if cr.Data == nil {
		cr.Data = []string{}
	}
	if r.Effective != nil {
		cr.Effective = *r.Effective
	}
	return cr
}

// counts is "1 added, 2 removed, 1 modified" (the kinds that occur), or "no change".
func (f FileChanges) counts() string {
	var parts []string
	for _, p := range []struct {
		n    int
		verb string
	}{{len(f.Added), "added"}, {len(f.Removed), "removed"}, {len(f.Modified), "modified"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.verb))
		}
	}
	if n := len(f.SuspectedReplacements); n > 0 {
		parts = append(parts, Plural(n, "suspected replacement"))
	}
	if len(parts) == 0 {
		return "no subprocessor added, removed or changed"
	}
	return strings.Join(parts, ", ")
}

// fileNote says what happened to the file itself, when it is more than a modification.
func (f FileChanges) fileNote() string {
	switch f.Status {
	case "added":
		return "new file"
	case "removed":
		return "file removed"
	case "renamed":
		return "renamed from " + f.BasePath
	}
	return ""
}

// what describes a row in a line of text: its purpose, data, location and effective date, where known.
func (r ChangedRow) what() []string {
	var parts []string
	if r.Purpose != "" {
		parts = append(parts, r.Purpose)
	}
	if len(r.Data) > 0 {
		parts = append(parts, "data: "+strings.Join(r.Data, "; "))
	}
	if r.Location != "" {
		parts = append(parts, "location: "+r.Location)
	}
	if r.Effective != "" {
		parts = append(parts, "effective: "+r.Effective)
	}
	return parts
}

// fieldText describes one field change in a line: `location: "Ireland" -> "Ireland, USA"`.
func fieldText(f subprocessor.FieldChange) string {
	s := fmt.Sprintf("%s: %q -> %q", f.Field, f.Before, f.After)
	var extra []string
	if len(f.Added) > 0 {
		extra = append(extra, "added "+QuoteList(f.Added))
	}
	if len(f.Removed) > 0 {
		extra = append(extra, "removed "+QuoteList(f.Removed))
	}
	if len(extra) > 0 {
		s += " (" + strings.Join(extra, "; ") + ")"
	}
	return s
}

// WriteChangesText writes the changes for a terminal, one line per row:
//
//	docs/subprocessors.md: 1 added, 1 modified
//	  + OpenAI (line 21): AI Service Provider; data: Prompts; location: United States
//	  ~ Amazon Web Services (line 14): location: "Ireland" -> "Ireland, USA" (added "USA")
func WriteChangesText(w io.Writer, c *Changes) error {
	var b strings.Builder
	if len(c.Files) == 0 {
		b.WriteString("no file to compare\n")
	}
	for _, f := range c.Files {
		head := Terminal(f.Path)
		if n := f.fileNote(); n != "" {
			head += " (" + Terminal(n) + ")"
		}
		fmt.Fprintf(&b, "%s: %s\n", head, f.counts())
		writeRowsText(&b, f, "  ")
	}
	if len(c.Files) > 0 {
		s := c.Summary
		fmt.Fprintf(&b, "\n%s: %d added, %d removed, %d modified\n", Plural(len(c.Files), "file"), s.Added, s.Removed, s.Modified)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteRowChangesText writes the rows of one file's changes as WriteChangesText does, one line
// each, every line opening with indent.
func WriteRowChangesText(w io.Writer, f FileChanges, indent string) error {
	var b strings.Builder
	writeRowsText(&b, f, indent)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeRowsText(b *strings.Builder, f FileChanges, indent string) {
	for _, r := range f.Added {
		fmt.Fprintf(b, "%s+ %s (line %d): %s\n", indent, Terminal(r.Name), r.Line, Terminal(strings.Join(r.what(), " · ")))
	}
	for _, r := range f.Removed {
		fmt.Fprintf(b, "%s- %s (base line %d): %s\n", indent, Terminal(r.Name), r.Line, Terminal(strings.Join(r.what(), " · ")))
	}
	for _, m := range f.Modified {
		fmt.Fprintf(b, "%s~ %s (line %d):", indent, Terminal(m.Name), m.Line)
		for i, fc := range m.Fields {
			sep := "; "
			if i == 0 {
				sep = " "
			}
			b.WriteString(sep + Terminal(fieldText(fc)))
		}
		b.WriteByte('\n')
	}
	for _, r := range f.SuspectedReplacements {
		fmt.Fprintf(b, "%s? suspected replacement: %s replaces %s (%s)\n", indent, Terminal(r.Added.Name), Terminal(r.Removed.Name), Terminal(r.Added.Purpose))
	}
}

// FileChangesOf describes how one page changed between two versions (see NewChanges).
func FileChangesOf(path string, head *subprocessor.Document, change *subprocessor.Change) FileChanges {
	return fileChanges(check.FileChange{Path: path, Change: change, Head: head})
}

// WriteComparedText is WriteText for files that may have been compared with a base version
// (check --base): the changes first when there are any, then the findings and the total, then
// the findings the base version already had, listed apart.
func WriteComparedText(w io.Writer, r *Report, opts TextOptions) error {
	var b strings.Builder
	if r.Changes != nil {
		if err := WriteChangesText(&b, r.Changes); err != nil {
			return err
		}
		b.WriteByte('\n')
	}
	if err := WriteText(&b, r, opts); err != nil {
		return err
	}
	if n := len(r.Preexisting); n > 0 {
		fmt.Fprintf(&b, "\nthe base version already has %s (not counted, --filter changed):\n", Plural(n, "finding"))
		// Uncoloured: they are set apart from the findings to fix.
		writeFindings(&b, r.Preexisting, TextOptions{})
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteChangesMarkdown writes the changes as a Markdown section headed heading (e.g. "###
// Subprocessor changes"), within maxBytes (MaxStepSummaryBytes when zero).
func WriteChangesMarkdown(w io.Writer, c *Changes, heading string, maxBytes int) error {
	m := &mdBuilder{limit: cmp.Or(maxBytes, MaxStepSummaryBytes)}
	writeChanges(m, c, heading, 0)
	_, err := io.WriteString(w, m.String())
	return err
}

// writeChanges writes the changes section, keeping room for after more sections. Every piece
// of page text goes through MarkdownText.
func writeChanges(m *mdBuilder, c *Changes, heading string, after int) {
	m.printf("%s\n\n", heading)
	switch {
	case len(c.Files) == 0:
		m.printf("No page that lists subprocessors was compared with its base version.\n\n")
		return
	case !c.Summary.Changed:
		m.printf("No subprocessor was added, removed or changed.\n\n")
		return
	}
	for _, f := range c.Files {
		name := "**" + MarkdownText(f.Path) + "**"
		if n := f.fileNote(); n != "" {
			name += " (" + MarkdownText(n) + ")"
		}
		m.printf("%s: %s.\n\n", name, f.counts())
		if len(f.Added) > 0 {
			header, rows := rowsTable(f.Added)
			m.table("**Added**", header, rows, after, "subprocessor", "")
		}
		if len(f.Removed) > 0 {
			header, rows := rowsTable(f.Removed)
			m.table("**Removed**", header, rows, after, "subprocessor", "")
		}
		if len(f.Modified) > 0 {
			var rows []string
			for _, r := range f.Modified {
				for i, fc := range r.Fields {
					who := ""
					if i == 0 {
						who = MarkdownText(r.Name)
					}
					rows = append(rows, row(who, MarkdownText(fc.Field), MarkdownText(fc.Before), MarkdownText(fc.After)))
				}
			}
			m.table("**Modified**", "| Subprocessor | Field | Before | After |\n| --- | --- | --- | --- |\n", rows, after, "change", "")
		}
		if len(f.SuspectedReplacements) > 0 {
			rows := make([]string, len(f.SuspectedReplacements))
			for i, r := range f.SuspectedReplacements {
				rows[i] = row(MarkdownText(r.Removed.Name), MarkdownText(r.Added.Name), MarkdownText(r.Added.Purpose),
					MarkdownText(strings.Join(r.Added.Data, "; ")), MarkdownText(r.Added.Location))
			}
			m.table("**Suspected replacements** (a removal and an addition with the same purpose: customers need notice as for a new subprocessor)",
				"| Removed | Added | Purpose | Data | Location |\n| --- | --- | --- | --- | --- |\n", rows, after, "replacement", "")
		}
	}
}

// rowsTable is the table of added or removed rows; the Effective column is there when a row
// has an Effective date.
func rowsTable(rs []ChangedRow) (header string, rows []string) {
	effective := false
	for _, r := range rs {
		effective = effective || r.Effective != ""
	}
	header = "| Subprocessor | Purpose | Data | Location |\n| --- | --- | --- | --- |\n"
	if effective {
		header = "| Subprocessor | Purpose | Data | Location | Effective |\n| --- | --- | --- | --- | --- |\n"
	}
	rows = make([]string, len(rs))
	for i, r := range rs {
		cells := []string{MarkdownText(r.Name), MarkdownText(r.Purpose), MarkdownText(strings.Join(r.Data, "; ")), MarkdownText(r.Location)}
		if effective {
			cells = append(cells, MarkdownText(r.Effective))
		}
		rows[i] = row(cells...)
	}
	return header, rows
}

// noFindings heads a report without findings: "no findings", or "no new findings" when the
// base version's findings were set apart.
func noFindings(r *Report) string {
	if len(r.Preexisting) > 0 {
		return "no new findings"
	}
	return "no findings"
}

// writePreexisting lists the findings the base version already had.
func writePreexisting(m *mdBuilder, fs []finding.Finding, links linker, after int) {
	fs = slices.Clone(fs)
	slices.SortStableFunc(fs, finding.BySeverity)
	m.table(fmt.Sprintf("### Pre-existing findings\n\nThe base version already had %s, so this change did not introduce %s: %s not annotated and never fail the check.",
		Plural(len(fs), "finding"), Pronoun(len(fs), "it", "them"), Pronoun(len(fs), "it is", "they are")),
		findingsHeader, findingRows(fs, links), after, "finding", "")
}

// findingsHeader heads a table of findingRows.
const findingsHeader = "| Severity | Rule | Subprocessor | Finding | Where |\n| --- | --- | --- | --- | --- |\n"

// findingRows are the Markdown table rows of findings, in their order: severity, rule (linked
// to its documentation), subprocessor, message and place (linked to the line).
func findingRows(fs []finding.Finding, links linker) []string {
	rows := make([]string, len(fs))
	for i, f := range fs {
		rows[i] = row(severityCell(f.Severity), links.rule(f.Rule, f.DocURL), MarkdownText(f.Subprocessor),
			MarkdownText(f.Message), links.line(f.Path, f.Line))
	}
	return rows
}

// WritePreexistingMarkdown writes the pre-existing findings section alone (a check run's
// text), within maxBytes (MaxStepSummaryBytes when zero). It writes nothing without them.
func WritePreexistingMarkdown(w io.Writer, r *Report, opts MarkdownOptions) error {
	if len(r.Preexisting) == 0 {
		return nil
	}
	m := &mdBuilder{limit: cmp.Or(opts.MaxBytes, MaxStepSummaryBytes)}
	links := newLinker(opts.ServerURL, opts.Repository, opts.Ref)
	writePreexisting(m, r.Preexisting, links, 0)
	_, err := io.WriteString(w, m.String())
	return err
}
