package history

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/subpolicy/subpolicy/internal/report"
)

// WriteJSON writes the histories as one JSON document: {"pages": [...]}.
func WriteJSON(w io.Writer, hs []*History) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Pages []*History `json:"pages"`
	}{hs})
}

// WriteText writes the histories for a terminal, newest event first:
//
//	docs/subprocessors.md: 2 changes
//	2026-11-02 1a2b3c4 added "OpenAI"
//	  + OpenAI (line 21): AI Service Provider · data: Prompts · location: United States
func WriteText(w io.Writer, hs []*History) error {
	var b strings.Builder
	for i, h := range hs {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%s: %s\n", report.Terminal(h.Path), report.Plural(len(h.Events), "change"))
		if h.Shallow {
			fmt.Fprintf(&b, "  note: %s\n", ShallowHint)
		}
		for _, ev := range h.Events {
			path := ""
			if ev.Path != h.Path {
				path = " (" + report.Terminal(ev.Path) + ")"
			}
			if ev.Unreadable() {
				loc := ""
				if ev.Line > 0 {
					loc = fmt.Sprintf(" line %d:", ev.Line)
				}
				fmt.Fprintf(&b, "%s %s%s error:%s %s\n", ev.Date[:10], report.ShortSHA(ev.Commit), path, loc, report.Terminal(ev.Error))
				continue
			}
			fmt.Fprintf(&b, "%s %s%s %s\n", ev.Date[:10], report.ShortSHA(ev.Commit), path, report.Terminal(ev.Summary))
			if err := report.WriteRowChangesText(&b, *ev.Changes, "  "); err != nil {
				return err
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMarkdown writes a change-log section a page can include, one list item per change,
// newest first, in the form the change-log rule (SP018) reads: a "Change log" heading, then
// "- 2026-11-02: added "OpenAI" (AI service provider; United States; effective 2026-12-02)".
// Versions that could not be read are left out: a customer reads what changed, not what the
// tool could not read. Page text is escaped: it is never markup.
func WriteMarkdown(w io.Writer, hs []*History, heading string) error {
	var b strings.Builder
	b.WriteString(heading + "\n\n")
	n := 0
	for _, h := range hs {
		for _, ev := range h.Events {
			if ev.Unreadable() {
				continue
			}
			n++
			fmt.Fprintf(&b, "- %s: %s\n", ev.Date[:10], report.MarkdownText(Sentence(*ev.Changes)))
		}
	}
	if n == 0 {
		b.WriteString("No change to the list of subprocessors.\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Sentence says what changed with the details a customer needs: each added row's purpose,
// location and Effective date, each changed field's new value.
func Sentence(f report.FileChanges) string {
	var parts []string
	replaced, added, removed := Parts(f)
	for _, r := range replaced {
		parts = append(parts, fmt.Sprintf("replaced %q with %q%s", r.Removed.Name, r.Added.Name, details(r.Added)))
	}
	for _, r := range added {
		parts = append(parts, fmt.Sprintf("added %q%s", r.Name, details(r)))
	}
	for _, r := range removed {
		parts = append(parts, fmt.Sprintf("removed %q", r.Name))
	}
	for _, m := range f.Modified {
		var fs []string
		for _, fc := range m.Fields {
			fs = append(fs, fmt.Sprintf("%s now %q", strings.TrimPrefix(fc.Field, "extra."), fc.After))
		}
		eff := ""
		if m.Effective != "" {
			eff = ", effective " + m.Effective
		}
		parts = append(parts, fmt.Sprintf("changed %q (%s%s)", m.Name, strings.Join(fs, "; "), eff))
	}
	return strings.Join(parts, "; ")
}

func details(r report.ChangedRow) string {
	var ds []string
	if r.Purpose != "" {
		ds = append(ds, r.Purpose)
	}
	if r.Location != "" {
		ds = append(ds, r.Location)
	}
	if r.Effective != "" {
		ds = append(ds, "effective "+r.Effective)
	}
	if len(ds) == 0 {
		return ""
	}
	return " (" + strings.Join(ds, "; ") + ")"
}
