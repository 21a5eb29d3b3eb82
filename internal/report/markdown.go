package report

import (
	"cmp"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/subpolicy/subpolicy/internal/finding"
)

// MaxStepSummaryBytes is GitHub's limit on one step's job summary (1 MiB); a larger
// summary is not shown at all.
const MaxStepSummaryBytes = 1 << 20

// MarkdownOptions tune the Markdown report (job summary, check-run summary).
type MarkdownOptions struct {
	// Title heads the report, "## <Title>: 1 error, 2 warnings, 0 notices"; "subpolicy"
	// when empty.
	Title string
	// ServerURL, Repository ("owner/repo") and Ref (a commit SHA) turn locations into links
	// to the line: ServerURL/Repository/blob/Ref/path#L29. Locations are plain text when
	// Repository or Ref is empty; ServerURL defaults to https://github.com.
	ServerURL, Repository, Ref string
	// Notes are Markdown paragraphs put under the totals. The caller writes them and
	// escapes any untrusted part with MarkdownText.
	Notes []string
	// MaxBytes bounds the output; MaxStepSummaryBytes when zero. Tables are cut row by row,
	// ending with a line that says how many rows were left out.
	MaxBytes int
	// PagesOnly lists only the files with a subprocessor table under "Subprocessors
	// checked" and counts the others in one line (an audit checks every Markdown file).
	PagesOnly bool
}

// reservePerSection is the room kept for each section still to come (its heading, table
// header and "and N more" line) while a table before it is filled.
const reservePerSection = 1024

// WriteMarkdown writes the report as GitHub-flavoured Markdown: the totals, the findings
// (most severe first) with a link to each line, the files that could not be checked, the
// rules that fired and the subprocessors found in each file. A report with no files says
// there was nothing to check. Every piece of page text goes through MarkdownText.
func WriteMarkdown(w io.Writer, r *Report, opts MarkdownOptions) error {
	limit := cmp.Or(opts.MaxBytes, MaxStepSummaryBytes)
	title := cmp.Or(opts.Title, "subpolicy")
	links := newLinker(opts.ServerURL, opts.Repository, opts.Ref)
	m := &mdBuilder{limit: limit}

	var errored []File
	for _, f := range r.Files {
		if f.Error != "" {
			errored = append(errored, f)
		}
	}
	// Waived findings are counted and listed apart, never with the findings to fix.
	active := finding.Active(r.Findings)
	waived := len(r.Findings) - len(active)
	switch {
	case r.Summary.Files == 0 && len(active) == 0:
		// A pull request that only removes pages checks no file, but may have findings about
		// what leaves (SP021).
		m.printf("## %s: nothing to check\n\n", MarkdownText(title))
	case len(active) == 0 && len(errored) == 0:
		m.printf("## %s: %s\n\n", MarkdownText(title), noFindings(r))
	default:
		m.printf("## %s: %s, %s, %s\n\n", MarkdownText(title), Plural(r.Summary.Errors, "error"),
			Plural(r.Summary.Warnings, "warning"), Plural(r.Summary.Notices, "notice"))
	}
	if r.Summary.Files > 0 {
		m.printf("Checked %s with %s.\n\n", Plural(r.Summary.Files, "file"), Plural(r.Summary.Subprocessors, "subprocessor"))
	}
	if waived > 0 {
		m.printf("%s waived: listed under \"Waived findings\" with their reasons; they are not annotated and do not fail the check.\n\n",
			Plural(waived, "finding"))
	}
	for _, n := range opts.Notes {
		m.printf("%s\n\n", strings.TrimSpace(n))
	}

	// The sections in the order they are written, those that apply; each keeps room for the
	// ones after it (see table).
	var sections []func(after int)
	add := func(on bool, write func(after int)) {
		if on {
			sections = append(sections, write)
		}
	}
	add(r.Changes != nil, func(after int) {
		writeChanges(m, r.Changes, "### Subprocessor changes", after)
	})
	add(len(active) > 0, func(after int) {
		fs := slices.Clone(active)
		slices.SortStableFunc(fs, finding.BySeverity)
		m.table("### Findings", findingsHeader, findingRows(fs, links), after, "finding", "every finding is also an annotation")
	})
	add(len(r.Preexisting) > 0, func(after int) {
		writePreexisting(m, r.Preexisting, links, after)
	})
	add(len(errored) > 0, func(after int) {
		rows := make([]string, len(errored))
		for i, f := range errored {
			rows[i] = row(links.file(f.Path), MarkdownText(f.Error))
		}
		m.table("### Files not checked", "| File | Problem |\n| --- | --- |\n", rows, after, "file", "")
	})
	add(len(active) > 0, func(after int) {
		m.table("### Rules", "| Rule | Title | Findings |\n| --- | --- | --- |\n", ruleRows(active, links), after, "rule", "")
	})
	add(waived > 0, func(after int) {
		m.table("### Waived findings", waivedHeader, waivedRows(r.Findings, links), after, "waived finding", "")
	})
	add(r.Summary.Files > len(errored), func(after int) {
		writeChecked(m, r, opts, links, after)
	})
	for i, write := range sections {
		write(len(sections) - 1 - i)
	}
	_, err := io.WriteString(w, m.String())
	return err
}

// writeChecked writes the section listing the files checked and their subprocessors.
func writeChecked(m *mdBuilder, r *Report, opts MarkdownOptions, links linker, after int) {
	var rows []string
	tableless := 0
	for _, f := range r.Files {
		if f.Error != "" {
			continue
		}
		if opts.PagesOnly && f.Tables == 0 {
			tableless++
			continue
		}
		names := "no subprocessor table"
		if f.Tables > 0 {
			esc := make([]string, len(f.Subprocessors))
			for i, n := range f.Subprocessors {
				esc[i] = MarkdownText(n)
			}
			names = strings.Join(esc, " · ")
		}
		rows = append(rows, row(links.file(f.Path), strconv.Itoa(len(f.Subprocessors)), names))
	}
	switch {
	case len(rows) == 0 && tableless == 1:
		m.printf("### Subprocessors checked\n\nThe file checked has no subprocessor table.\n\n")
	case len(rows) == 0:
		m.printf("### Subprocessors checked\n\nNone of the %d files checked has a subprocessor table.\n\n", tableless)
	default:
		m.table("### Subprocessors checked", "| File | Count | Subprocessors |\n| --- | --- | --- |\n", rows, after, "file", "")
		switch {
		case tableless == 1:
			m.printf("1 other file has no subprocessor table.\n\n")
		case tableless > 1:
			m.printf("%d other files have no subprocessor table.\n\n", tableless)
		}
	}
}

// ruleRows lists the rules that fired, most severe first, with their titles and counts.
func ruleRows(fs []finding.Finding, links linker) []string {
	type rule struct {
		id, title, url string
		worst          finding.Severity
		n              int
	}
	byID := map[string]*rule{}
	var rules []*rule
	for _, f := range fs {
		ru := byID[f.Rule]
		if ru == nil {
			ru = &rule{id: f.Rule, title: f.Title, url: f.DocURL}
			byID[f.Rule] = ru
			rules = append(rules, ru)
		}
		ru.worst = max(ru.worst, f.Severity)
		ru.n++
	}
	slices.SortFunc(rules, func(a, b *rule) int { return cmp.Or(cmp.Compare(b.worst, a.worst), cmp.Compare(a.id, b.id)) })
	rows := make([]string, len(rules))
	for i, ru := range rules {
		rows[i] = row(links.rule(ru.id, ru.url), MarkdownText(ru.title), strconv.Itoa(ru.n))
	}
	return rows
}

func severityCell(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "❌ error"
	case finding.Warning:
		return "⚠️ warning"
	default:
		return "ℹ️ notice"
	}
}

func row(cells ...string) string {
	return "| " + strings.Join(cells, " | ") + " |\n"
}

// mdBuilder collects the report within a byte budget.
type mdBuilder struct {
	strings.Builder
	limit int
}

func (m *mdBuilder) printf(format string, args ...any) { fmt.Fprintf(m, format, args...) }

// table writes a section of rows, as many as fit while keeping reservePerSection bytes for
// each of the sections after it, then says how many rows it left out.
func (m *mdBuilder) table(heading, header string, rows []string, after int, noun, where string) {
	m.printf("%s\n\n", heading)
	room := m.limit - after*reservePerSection - 256 // 256: the "and N more" line
	if m.Len()+len(header) > room {
		m.printf("%s left out: the report reached its size limit.\n\n", Plural(len(rows), noun))
		return
	}
	m.WriteString(header)
	n := 0
	for _, r := range rows {
		if m.Len()+len(r) > room {
			break
		}
		m.WriteString(r)
		n++
	}
	m.WriteByte('\n')
	if left := len(rows) - n; left > 0 {
		more := fmt.Sprintf("…and %d more %s", left, noun)
		if left > 1 {
			more += "s"
		}
		if where != "" {
			more += " (" + where + ")"
		}
		m.printf("%s, left out to keep this report under %s.\n\n", more, sizeText(m.limit))
	}
}

func sizeText(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1000 {
		return fmt.Sprintf("%d KB", n/1000)
	}
	return Plural(n, "byte")
}

// linker builds links to the repository's files at one commit.
type linker struct{ server, repo, ref string }

func (l linker) blob(path string) string {
	if l.repo == "" || l.ref == "" || path == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(l.server)
	for _, part := range strings.Split(l.repo, "/") {
		b.WriteString("/" + url.PathEscape(part))
	}
	b.WriteString("/blob/" + url.PathEscape(l.ref))
	for _, part := range strings.Split(path, "/") {
		b.WriteString("/" + url.PathEscape(part))
	}
	return b.String()
}

// newLinker links into repository (owner/name) on server (github.com when empty) at ref.
func newLinker(server, repository, ref string) linker {
	return linker{server: strings.TrimRight(cmp.Or(server, "https://github.com"), "/"), repo: repository, ref: ref}
}

// line links "path:line" to the line.
func (l linker) line(path string, line int) string {
	line = max(line, 1)
	text := MarkdownText(path) + ":" + strconv.Itoa(line)
	if u := l.blob(path); u != "" {
		return "[" + text + "](" + destination(u) + "#L" + strconv.Itoa(line) + ")"
	}
	return text
}

// file links a path to the file.
func (l linker) file(path string) string {
	if u := l.blob(path); u != "" {
		return "[" + MarkdownText(path) + "](" + destination(u) + ")"
	}
	return MarkdownText(path)
}

// rule links a rule id to its documentation when that is an http(s) URL.
func (l linker) rule(id, doc string) string {
	text := MarkdownText(id)
	u, err := url.Parse(doc)
	if doc == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return text
	}
	return "[" + text + "](" + destination(u.String()) + ")"
}

// destination makes a URL safe as a Markdown link destination: the characters that would
// end it or break the table around it are percent-encoded.
var destination = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E", "|", "%7C", "\\", "%5C", "`", "%60", "\"", "%22").Replace

// zwj is the zero-width joiner MarkdownText puts after "@" and "#", so that GitHub neither
// turns "@org/team" into a mention nor "#123" into an issue link.
const zwj = "\u200d"

// MarkdownText makes untrusted text (a cell of the page under review, a file name) safe to
// put in GitHub-flavoured Markdown, inside a table cell or a paragraph: it renders as the
// same characters and nothing else.
//   - Markdown punctuation is backslash-escaped, so text cannot become emphasis, code,
//     a link, an image, math or a table cell break;
//   - <, > and & become HTML entities, so text cannot become HTML;
//   - line breaks and other control characters become spaces, so text stays on its line;
//     bidirectional overrides become U+FFFD;
//   - "@" and "#" are followed by a zero-width joiner, so "@org/team" pings nobody and
//     "#123" links no issue; so is the "-" of "GH-123";
//   - a zero-width joiner also goes after the ":" of "scheme://" and before the "." of
//     "www.", so no URL in the text becomes a link by itself (GFM's autolinks): the text
//     can link nowhere;
//   - a leading list, heading, quote or setext marker is escaped.
func MarkdownText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	leadingDigits := true
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				b.WriteRune(unicode.ReplacementChar)
				continue
			}
		}
		if leadingDigits && (r < '0' || r > '9') {
			leadingDigits = false
			if i > 0 && (r == '.' || r == ')') { // "1." or "1)" would start an ordered list
				b.WriteByte('\\')
				b.WriteRune(r)
				continue
			}
		}
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '@':
			b.WriteString("@" + zwj)
		case r == ':' && strings.HasPrefix(s[i+1:], "//"):
			b.WriteString(":" + zwj)
		case r == '.' && i >= 3 && strings.EqualFold(s[i-3:i], "www") && (i == 3 || !isAlnum(s[i-4])):
			b.WriteString(zwj + ".")
		case r == '-' && i >= 2 && strings.EqualFold(s[i-2:i], "gh") && (i == 2 || !isAlnum(s[i-3])) &&
			i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			b.WriteString("-" + zwj)
		case r == '#':
			b.WriteString(`\#` + zwj)
		case strings.ContainsRune("\\`*_[]()|~!$^{}", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case i == 0 && (r == '-' || r == '+' || r == '='):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\u2028' || r == '\u2029' || unicode.IsControl(r):
			b.WriteByte(' ')
		case isBidi(r):
			b.WriteRune(unicode.ReplacementChar)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// MarkdownCode renders untrusted text (a file name) as an inline code span in a paragraph:
// shown exactly, never markup, HTML, a link or a mention. The fence is one backtick longer
// than the longest run of backticks in the text; line breaks and other control characters
// become spaces and bidirectional overrides U+FFFD, as in MarkdownText. Not for table cells,
// where a "|" inside a code span still ends the cell: use MarkdownText there.
func MarkdownCode(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\u2028' || r == '\u2029' || unicode.IsControl(r):
			return ' '
		case isBidi(r):
			return unicode.ReplacementChar
		}
		return r
	}, strings.ToValidUTF8(s, "\ufffd"))
	if strings.TrimSpace(s) == "" {
		return MarkdownText(s)
	}
	run, longest := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if s[0] == '`' || s[len(s)-1] == '`' || s[0] == ' ' || s[len(s)-1] == ' ' {
		// One space on each side is stripped by the parser: keep the text's own.
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}
