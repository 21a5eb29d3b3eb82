package report

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/subpolicy/subpolicy/internal/finding"
)

// TextOptions tune the text format.
type TextOptions struct {
	Color bool // colour severities (only on a terminal, and never with NO_COLOR)
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// WriteText writes findings like a compiler, grouped by file, then a one-line total:
//
//	docs/subprocessors.md:29:3: error: "Elastic" has no location [SP002]
func WriteText(w io.Writer, r *Report, opts TextOptions) error {
	byFile := map[string][]finding.Finding{}
	for _, f := range r.Findings {
		byFile[f.Path] = append(byFile[f.Path], f)
	}
	var b strings.Builder
	first := true
	for _, file := range r.Files {
		fs := byFile[file.Path]
		if len(fs) == 0 && file.Error == "" {
			continue
		}
		if !first {
			b.WriteByte('\n')
		}
		first = false
		if file.Error != "" {
			fmt.Fprintf(&b, "%s: %s: %s\n", Terminal(file.Location()), paint("error", ansiRed, opts), Terminal(file.Error))
		}
		writeFindings(&b, fs, opts)
	}
	// Findings about other files (a data file's waivers) come after the pages.
	for _, fs := range otherFiles(r, byFile) {
		if !first {
			b.WriteByte('\n')
		}
		first = false
		writeFindings(&b, fs, opts)
	}
	if !first {
		b.WriteByte('\n')
	}
	b.WriteString(Total(r))
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// Total is the one-line summary: "1 file, 11 subprocessors: 1 error, 3 warnings, 2 notices".
func Total(r *Report) string {
	s := r.Summary
	total := fmt.Sprintf("%s, %s: %s, %s, %s",
		Plural(s.Files, "file"), Plural(s.Subprocessors, "subprocessor"),
		Plural(s.Errors, "error"), Plural(s.Warnings, "warning"), Plural(s.Notices, "notice"))
	if s.Waived > 0 {
		total += fmt.Sprintf(", %d waived", s.Waived)
	}
	return total
}

// Plural counts n of a word with a regular plural: "1 file", "3 files".
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Pronoun is one when n is 1, else many: the words that agree with a count ("it is", "they
// are").
func Pronoun(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// QuoteList renders values as Go-quoted strings separated by commas: `"a", "b"`.
func QuoteList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}

func severity(s finding.Severity, opts TextOptions) string {
	switch s {
	case finding.Error:
		return paint(s.String(), ansiRed, opts)
	case finding.Warning:
		return paint(s.String(), ansiYellow, opts)
	default:
		return paint(s.String(), ansiCyan, opts)
	}
}

func paint(s, color string, opts TextOptions) string {
	if !opts.Color {
		return s
	}
	return ansiBold + color + s + ansiReset
}

// Terminal makes untrusted text safe to print on a terminal: control characters (escape
// sequences, carriage returns, newlines) and bidirectional overrides are shown as \u escapes
// instead of acting on the terminal.
// Bytes that are not UTF-8 become U+FFFD: a lone 0x9b is CSI on an 8-bit terminal.
func Terminal(s string) string { return escapeRunes(s, unsafeRune) }

func unsafeRune(r rune) bool {
	if r == unicode.ReplacementChar {
		return false
	}
	return unicode.IsControl(r) || isBidi(r)
}

// PlainText makes untrusted text safe for the plain-text places GitHub shows it (annotation
// messages and titles, SARIF messages): control characters other than tab and line ends, and
// bidirectional overrides, are shown as \u escapes; bytes that are not UTF-8 become U+FFFD.
// Line ends stay: each sink escapes them as its format needs.
func PlainText(s string) string {
	return escapeRunes(s, func(r rune) bool { return r != '\t' && r != '\n' && r != '\r' && unsafeRune(r) })
}

// escapeRunes writes the runes of s for which unsafe holds as \u escapes, and invalid UTF-8
// as U+FFFD.
func escapeRunes(s string, unsafe func(rune) bool) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, unsafe) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unsafe(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isBidi reports the Unicode bidirectional formatting characters, which can make text read
// differently from what it is ("Trojan Source").
func isBidi(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F || r == 0x061C
}
