package check

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/subpolicy/subpolicy/internal/finding"
	"github.com/subpolicy/subpolicy/internal/markdown"
	"github.com/subpolicy/subpolicy/internal/policy"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// WaiverRule is the rule id of the findings about waivers themselves: a waiver without a
// reason (an error), an expired one or one that matches nothing (notices).
const WaiverRule = "waiver"

// waiverTitle and waiverDocURL describe WaiverRule findings.
const (
	waiverTitle  = "Waivers"
	waiverDocURL = "https://github.com/subpolicy/subpolicy#waivers"
)

// ignoreDirective starts an inline waiver: <!-- subpolicy-ignore SP004: reason -->.
const ignoreDirective = "subpolicy-ignore"

// waiver is a data-file or inline waiver being applied.
type waiver struct {
	rules        []string // rule ids, compared case-insensitively
	subprocessor string   // data file: the row's name or name_key ("" for any)
	glob         string   // data file: the pages covered ("" for any)
	reason       string
	owner        string
	expires      string // YYYY-MM-DD or ""
	problem      string // why it cannot apply; "" when valid

	// Where it is written: the data file or page, and its line(s).
	path            string
	line, endLine   int
	inline          bool
	onRow           bool // an inline waiver written on a table row: it covers that row only
	used, expired   bool
	describeSubject string // e.g. `SP004 on "OpenAI"`
}

func (w *waiver) source() string {
	if w.line > 0 {
		return fmt.Sprintf("%s:%d", w.path, w.line)
	}
	return w.path
}

func (w *waiver) covers(rule string) bool {
	return slices.ContainsFunc(w.rules, func(r string) bool { return strings.EqualFold(r, rule) })
}

// applyWaivers marks the findings the waivers of the data files and of the pages' comments
// silence, and adds a finding for each waiver that cannot apply (no reason: an error), has
// expired or matches nothing (notices). A data-file waiver is judged only in runs that
// check what it covers: a page its path matches, holding the subprocessor it names.
func applyWaivers(eng *policy.Engine, res *Result, now string) {
	today := ""
	if t, err := time.Parse(time.RFC3339, now); err == nil {
		today = t.UTC().Format(time.DateOnly)
	}
	var ws []*waiver
	for _, w := range eng.Waivers() {
		ws = append(ws, dataWaiver(w))
	}
	pages := map[string]*pageRows{} // the pages with inline waivers
	for _, f := range res.Files {
		if f.Document == nil {
			continue
		}
		inline := inlineWaivers(f.Path, f.Comments)
		if len(inline) > 0 {
			pages[f.Path] = newPageRows(f.Document)
			for _, w := range inline {
				w.onRow = pages[f.Path].onTable(w.line, w.endLine)
			}
		}
		ws = append(ws, inline...)
	}
	if len(ws) == 0 {
		return
	}
	for _, w := range ws {
		w.expired = w.problem == "" && w.expires != "" && today != "" && w.expires < today
	}
	// The valid inline waivers by page and line, so that a finding is compared only with
	// those on its lines: a long page may have a waiver on each of thousands of rows.
	var (
		overlap = map[string]map[int][]*waiver{} // by the lines a waiver's comment spans
		above   = map[string]map[int][]*waiver{} // a comment on lines of its own: by the line below it
		data    []*waiver
	)
	at := func(m map[string]map[int][]*waiver, page string, line int, w *waiver) {
		if m[page] == nil {
			m[page] = map[int][]*waiver{}
		}
		m[page][line] = append(m[page][line], w)
	}
	for _, w := range ws {
		switch {
		case w.problem != "" || w.expired:
		case !w.inline:
			data = append(data, w)
		default:
			for l := w.line; l <= w.endLine; l++ {
				at(overlap, w.path, l, w)
			}
			if !w.onRow {
				at(above, w.path, w.endLine+1, w)
			}
		}
	}

	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Waived != nil || f.Rule == WaiverRule {
			continue
		}
		// Inline waivers first, in the order they are written: they sit on the row they are
		// about, which spans the lines first to last, or just above it.
		var waivers []*waiver
		if rows := pages[f.Path]; rows != nil {
			first, last := rows.extent(f)
			for l := first; l <= last; l++ {
				waivers = append(waivers, overlap[f.Path][l]...)
			}
			waivers = append(waivers, above[f.Path][first]...)
			slices.SortStableFunc(waivers, func(a, b *waiver) int { return cmp.Compare(a.line, b.line) })
		}
		for _, w := range append(waivers, data...) {
			if !w.covers(f.Rule) || !w.inline && !w.matches(f) {
				continue
			}
			w.used = true
			if f.Waived == nil {
				f.Waived = &finding.Waiver{Reason: w.reason, Owner: w.owner, Expires: w.expires, Source: w.source()}
			}
		}
	}

	known := map[string]bool{}
	for _, r := range eng.Rules() {
		known[strings.ToUpper(r.ID)] = true
	}
	for _, w := range ws {
		switch {
		case w.problem != "":
			res.Findings = append(res.Findings, w.finding(finding.Error, w.problem))
		case !w.inline && !w.inScope(res.Files):
			// Nothing it covers was checked in this run: neither used nor stale.
		case w.expired:
			res.Findings = append(res.Findings, w.finding(finding.Notice, fmt.Sprintf(
				"waiver for %s expired on %s and no longer applies; fix the finding, or renew the waiver with a new date and a reason that still holds",
				w.describeSubject, w.expires)))
		case !w.used:
			msg := fmt.Sprintf("waiver for %s matches no finding; remove it", w.describeSubject)
			var unknown []string
			for _, r := range w.rules {
				if !known[strings.ToUpper(r)] {
					unknown = append(unknown, r)
				}
			}
			if len(unknown) > 0 {
				msg += fmt.Sprintf(" (no rule %s is loaded: check the id)", strings.Join(unknown, ", "))
			} else if w.inline {
				msg += " (an inline waiver applies to findings on its own line or the line below it)"
			}
			res.Findings = append(res.Findings, w.finding(finding.Notice, msg))
		}
	}
	finding.Sort(res.Findings)
}

// finding reports a problem of the waiver where it is written.
func (w *waiver) finding(sev finding.Severity, msg string) finding.Finding {
	return finding.Finding{
		Rule: WaiverRule, Title: waiverTitle, Severity: sev, Message: msg,
		Path: w.path, Line: max(w.line, 1), Column: 1, DocURL: waiverDocURL,
	}
}

// dataWaiver converts a waiver of config.waivers.
func dataWaiver(pw policy.Waiver) *waiver {
	w := &waiver{
		subprocessor: pw.Subprocessor,
		glob:         pw.Path,
		reason:       pw.Reason,
		owner:        pw.Owner,
		expires:      pw.Expires,
		problem:      pw.Problem,
		path:         pw.File,
		line:         pw.Line,
		endLine:      pw.Line,
	}
	if pw.Rule != "" {
		w.rules = []string{pw.Rule}
	}
	w.describeSubject = cmp.Or(pw.Rule, "an unnamed rule")
	if w.subprocessor != "" {
		w.describeSubject += fmt.Sprintf(" on %q", w.subprocessor)
	}
	if w.glob != "" {
		w.describeSubject += fmt.Sprintf(" in %q", w.glob)
	}
	return w
}

// inlineWaivers reads the subpolicy-ignore comments of a page:
//
//	<!-- subpolicy-ignore SP004: the DPA rules out training owner=@acme/privacy expires=2027-06-30 -->
//
// Several rules may be named, separated by commas; owner= and expires= are optional and come
// last.
func inlineWaivers(pagePath string, comments []markdown.Comment) []*waiver {
	var out []*waiver
	for _, c := range comments {
		rest, ok := strings.CutPrefix(c.Text, ignoreDirective)
		if !ok || rest != "" && !strings.ContainsAny(rest[:1], " \t\r\n:") {
			continue
		}
		w := &waiver{path: pagePath, line: c.Line, endLine: c.EndLine, inline: true}
		ids, reason, hasReason := strings.Cut(rest, ":")
		for id := range strings.FieldsFuncSeq(ids, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' }) {
			w.rules = append(w.rules, id)
		}
		fields := strings.Fields(reason)
		for len(fields) > 0 {
			last := fields[len(fields)-1]
			if v, ok := strings.CutPrefix(last, "owner="); ok && w.owner == "" {
				w.owner = v
			} else if v, ok := strings.CutPrefix(last, "expires="); ok && w.expires == "" {
				w.expires = v
			} else {
				break
			}
			fields = fields[:len(fields)-1]
		}
		w.reason = strings.Join(fields, " ")
		w.describeSubject = cmp.Or(strings.Join(w.rules, ", "), "no rule") + fmt.Sprintf(" on line %d", c.Line)
		var problems []string
		switch {
		case len(w.rules) == 0:
			problems = append(problems, "subpolicy-ignore names no rule; write <!-- subpolicy-ignore SP004: reason -->")
		case !hasReason || w.reason == "":
			problems = append(problems, fmt.Sprintf("waiver for %s has no reason; say why the finding is acceptable after a colon: <!-- subpolicy-ignore %s: reason -->",
				strings.Join(w.rules, ", "), strings.Join(w.rules, ", ")))
		}
		if w.expires != "" {
			if _, err := time.Parse(time.DateOnly, w.expires); err != nil {
				problems = append(problems, fmt.Sprintf("expires=%q is not a date; write it as expires=YYYY-MM-DD", w.expires))
			}
		}
		w.problem = strings.Join(problems, "; ")
		out = append(out, w)
	}
	return out
}

// matches reports whether a data-file waiver covers a finding's subject (its rule aside).
func (w *waiver) matches(f *finding.Finding) bool {
	if w.glob != "" && !pathMatches(w.glob, f.Path) {
		return false
	}
	return w.subprocessor == "" || sameSubprocessor(w.subprocessor, f.Subprocessor, f.NameKey)
}

// pageRows are the lines of a page's tables, and its rows by the subprocessor they name: what
// inline waivers are matched with.
type pageRows struct {
	lines  map[int]bool          // the lines of table headers and rows
	byKey  map[string][]lineSpan // rows by name_key
	byName map[string][]lineSpan // rows by name
}

// lineSpan is the first and last lines of a row's cells.
type lineSpan struct{ first, last int }

func newPageRows(doc *subprocessor.Document) *pageRows {
	p := &pageRows{lines: map[int]bool{}, byKey: map[string][]lineSpan{}, byName: map[string][]lineSpan{}}
	for _, t := range doc.Tables {
		p.lines[t.Line] = true
	}
	for i := range doc.Subprocessors {
		r := &doc.Subprocessors[i]
		span := lineSpan{r.Line, r.Line}
		for _, c := range r.Cells {
			if c.Line > 0 {
				span = lineSpan{min(span.first, c.Line), max(span.last, c.Line)}
			}
		}
		for l := span.first; l <= span.last; l++ {
			p.lines[l] = true
		}
		p.byKey[r.NameKey] = append(p.byKey[r.NameKey], span)
		p.byName[r.Name] = append(p.byName[r.Name], span)
	}
	return p
}

// onTable reports whether a comment on lines first to last shares a line with a table's
// header or one of its rows, rather than standing on lines of its own.
func (p *pageRows) onTable(first, last int) bool {
	for l := first; l <= last; l++ {
		if p.lines[l] {
			return true
		}
	}
	return false
}

// extent is the lines a finding is about: its row (every line of its cells) when it is about
// a row, else its own line.
func (p *pageRows) extent(f *finding.Finding) (first, last int) {
	first, last = f.Line, f.Line
	spans := p.byKey[f.NameKey]
	switch {
	case f.NameKey == "" && f.Subprocessor == "":
		return first, last
	case f.NameKey == "":
		spans = p.byName[f.Subprocessor]
	}
	for _, s := range spans {
		if f.Line >= s.first && f.Line <= s.last {
			return min(first, s.first), max(last, s.last)
		}
	}
	return first, last
}

// inScope reports whether a data-file waiver covers something the run checked: a page with
// subprocessor tables that its path matches, holding the subprocessor it names.
func (w *waiver) inScope(files []FileResult) bool {
	for _, f := range files {
		doc := f.Document
		if doc == nil || len(doc.Tables) == 0 || w.glob != "" && !pathMatches(w.glob, f.Path) {
			continue
		}
		if w.subprocessor == "" || slices.ContainsFunc(doc.Subprocessors, func(r subprocessor.Row) bool {
			return sameSubprocessor(w.subprocessor, r.Name, r.NameKey)
		}) {
			return true
		}
	}
	return false
}

// pathMatches matches a waiver's glob against a page path, as given or cleaned of a leading
// "./".
func pathMatches(glob, p string) bool {
	glob = strings.TrimPrefix(glob, "./")
	p = strings.TrimPrefix(path.Clean(p), "./")
	ok, err := doublestar.Match(glob, p)
	return err == nil && ok
}

// sameSubprocessor compares a waiver's subprocessor with a row's name (any case) or name key.
func sameSubprocessor(want, name, nameKey string) bool {
	want = strings.TrimSpace(want)
	return strings.EqualFold(want, strings.TrimSpace(name)) || nameKey != "" && (want == nameKey || subprocessor.NameKey(want) == nameKey)
}
