// Package injectiontest holds the hostile text the output-injection tests feed through every
// sink (text, JSON, SARIF, workflow commands, check runs, job summary, pull-request comment,
// tracking issue, step outputs), and the checks that each sink shows such text literally and
// cannot be driven by it. The report package's unit tests and the action's end-to-end tests
// share it, so that every sink is held to the same list and the same rules.
package injectiontest

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// Value is one piece of hostile text, named for test output.
type Value struct {
	Name string
	Text string
}

// Long is the length of the long value: a name no sink may choke on.
const Long = 10000

// Values is the hostile text every sink is fed.
var Values = []Value{
	{"percent-encoded newline command", "%0A::error::x"},
	{"CRLF set-output", "\r\n::set-output name=x::y"},
	{"add-mask", "::add-mask::s3cr3t"},
	{"toolkit heredoc delimiter", "_GitHubActionsFileCommandDelimeter_"},
	{"random heredoc delimiter", "ghadelimiter_ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
	{"format verbs", "%s %d %! %v %%"},
	{"pipes", "| pipes |"},
	{"backticks and fence", "`code` and ``` fence"},
	{"script", "<script>alert(1)</script>"},
	{"img onerror", "<img src=x onerror=alert(1)>"},
	{"javascript link", "[link](javascript:alert(1))"},
	{"remote image", "![x](https://evil.example/t.png)"},
	{"bare URLs", "http://evil.example/a www.evil.example https://evil.example/b"},
	{"team mention", "@org/team"},
	{"issue references", "#123 GH-123"},
	{"HTML comment closers", "<!-- --> -->"},
	{"forged marker", "<!-- subpolicy:audit-issue -->"},
	{"bidi controls", "\u202eevil\u202c \u2066x\u2069 \u200f"},
	{"terminal escapes", "\x1b[31mred\x1b[0m\x07\x08\u009b"},
	{"long", strings.Repeat("A", Long)},
}

// URLs are the link destinations of Page's rows, in turn.
var URLs = []string{"javascript:alert(1)", "http://evil.example/x", "https://evil.example/t.png"}

// Page is a subprocessor page with one row per value, the value in every cell (name, purpose,
// data, location, and the text of a link to one of URLs), written so that it parses back to
// the value: every character but letters, digits and spaces as a numeric character reference.
func Page() string {
	var b strings.Builder
	b.WriteString("---\ntitle: Subprocessors\ndate: 2026-11-20\n---\n\n# Subprocessors\n\nUpdated 2026-11-20\n\n" +
		"We give at least 30 days' notice before a new subprocessor processes Customer Personal Data.\n" +
		"Subscribe to changes by watching this repository.\n\n" +
		"| Name | Purpose | Data categories | Location | Link |\n|---|---|---|---|---|\n")
	for i, v := range Values {
		e := entities(v.Text)
		fmt.Fprintf(&b, "| %s | %s | %s | %s | [%s](%s) |\n", e, e, e, e, e, URLs[i%len(URLs)])
	}
	return b.String()
}

func entities(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == ' ' || r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, "&#%d;", r)
		}
	}
	return b.String()
}

// EchoPolicy reports every row with its cells as they are, unquoted (a custom policy need
// not use %q), and prints the row's name, so that every value reaches every sink in a
// finding's message too, and the policies' print output.
const EchoPolicy = `# METADATA
# title: Echo every cell
# description: Reports each row with its cells, as they are.
# custom:
#   id: ECHO001
#   severity: error
package subpolicy.rules.echo

import data.subpolicy.lib

deny contains lib.row_finding(sp, msg) if {
	some sp in input.subprocessors
	links := [sprintf("%s <%s>", [l.text, l.url]) | some l in sp.links]
	msg := concat(" / ", array.concat([sp.name, sp.purpose, sp.location], array.concat(sp.data, links)))
	print(sp.name)
}
`

// IsBidi reports the Unicode bidirectional formatting characters.
func IsBidi(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F || r == 0x061C
}

// MarkdownShown is how a Markdown sink shows s: control characters as spaces, bidirectional
// controls as U+FFFD.
func MarkdownShown(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\u2028' || r == '\u2029' || unicode.IsControl(r):
			return ' '
		case IsBidi(r):
			return unicode.ReplacementChar
		}
		return r
	}, s)
}

// Rendered approximates the text a reader sees of a piece of Markdown that only escapes
// (no markup): backslash escapes and entities resolved, zero-width joiners dropped.
func Rendered(md string) string {
	var b strings.Builder
	for i := 0; i < len(md); i++ {
		if md[i] == '\\' && i+1 < len(md) && isASCIIPunct(md[i+1]) {
			i++
		}
		b.WriteByte(md[i])
	}
	return strings.ReplaceAll(html.UnescapeString(b.String()), "\u200d", "")
}

func isASCIIPunct(c byte) bool {
	return strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0
}

var (
	// ours are the hidden markers and tags subpolicy itself writes.
	ours = regexp.MustCompile(`\A<!-- subpolicy:[a-z-]+[^<>\n]*-->|<!-- subpolicy:audit-digest [0-9a-f]{64} -->|</?sub>`)
	// htmlTag is the start of an HTML tag, comment or declaration.
	htmlTag = regexp.MustCompile(`<[A-Za-z/!?]`)
	// mention is a live @mention: "@" right before a name.
	mention = regexp.MustCompile(`@[A-Za-z0-9]`)
	// reference is a live issue reference: "#123" or "GH-123" not in one of our own links.
	reference = regexp.MustCompile(`(?i)(#|\bgh-)[0-9]`)
	ownIssue  = regexp.MustCompile(`\[#[0-9]+\]\(\)`)
	// autolink is text GFM turns into a link by itself.
	autolink = regexp.MustCompile(`(?i)([a-z][a-z0-9+.-]*://|\bwww\.)`)
	fence    = regexp.MustCompile("(?m)^ {0,3}(```|~~~)")
)

// CheckMarkdown fails t when md, the output of the sink named sink, holds anything page text
// could have driven: HTML (but subpolicy's own markers), a live mention or issue reference, a
// link or image whose destination is not https, a bare URL GFM would link, a code fence, an
// unbalanced backtick or table row, a control or bidirectional character.
func CheckMarkdown(t testing.TB, sink, md string) {
	t.Helper()
	if !utf8.ValidString(md) {
		t.Errorf("%s: not valid UTF-8", sink)
	}
	for i, r := range md {
		if (unicode.IsControl(r) && r != '\n') || IsBidi(r) {
			t.Errorf("%s: control or bidi character %U at byte %d: %q", sink, r, i, around(md, i))
			break
		}
	}
	stripped := ours.ReplaceAllString(md, "")
	if loc := htmlTag.FindStringIndex(stripped); loc != nil {
		t.Errorf("%s: raw HTML: %q", sink, around(stripped, loc[0]))
	}
	if i := strings.Index(stripped, "-->"); i >= 0 {
		t.Errorf("%s: an HTML comment closer: %q", sink, around(stripped, i))
	}
	// Every link or image destination (an unescaped "](") is an https URL; with them set
	// aside, no text is left that GitHub would turn into a link, a mention or a reference.
	var rest strings.Builder
	for i := 0; i < len(md); i++ {
		if md[i] == ']' && !escaped(md, i) && strings.HasPrefix(md[i+1:], "(") {
			end := strings.IndexByte(md[i:], ')')
			if end < 0 {
				end = len(md) - i
			}
			dest := md[i+2 : i+end]
			if !strings.HasPrefix(dest, "https://") || strings.ContainsAny(dest, " <>\"'`\n") {
				t.Errorf("%s: a link to %q", sink, dest)
			}
			rest.WriteString("]()")
			i += end
			continue
		}
		rest.WriteByte(md[i])
	}
	text := rest.String()
	if loc := autolink.FindStringIndex(text); loc != nil {
		t.Errorf("%s: a bare URL GitHub would link: %q", sink, around(text, loc[0]))
	}
	if loc := mention.FindStringIndex(text); loc != nil {
		t.Errorf("%s: a live @mention: %q", sink, around(text, loc[0]))
	}
	if loc := reference.FindStringIndex(ownIssue.ReplaceAllString(text, "]()")); loc != nil {
		t.Errorf("%s: a live issue reference: %q", sink, around(text, loc[0]))
	}
	if loc := fence.FindStringIndex(md); loc != nil {
		t.Errorf("%s: a code fence: %q", sink, around(md, loc[0]))
	}
	header := 0
	for l := range strings.Lines(md) {
		l = strings.TrimSuffix(l, "\n")
		if n := unescapedCount(l, '`'); n%2 != 0 {
			t.Errorf("%s: %d unescaped backticks on a line: %.200q", sink, n, l)
		}
		if !strings.HasPrefix(l, "|") {
			header = 0
			continue
		}
		n := unescapedCount(l, '|')
		if header == 0 {
			header = n
		} else if n != header {
			t.Errorf("%s: a table row with %d cell breaks under a header with %d: %.300q", sink, n, header, l)
		}
	}
}

// CheckShown fails t unless the Markdown md shows value (as MarkdownShown has it), or, for
// the long value, its first 200 characters or a note that something was left out.
func CheckShown(t testing.TB, sink, md, value string) {
	t.Helper()
	want := MarkdownShown(value)
	got := Rendered(md)
	if len(value) >= Long {
		if !strings.Contains(got, want[:200]) && !strings.Contains(got, "left out") && !strings.Contains(got, "truncated") {
			t.Errorf("%s: the long value is neither shown nor said to be left out", sink)
		}
		return
	}
	if !strings.Contains(got, want) {
		t.Errorf("%s: does not show %q literally", sink, want)
	}
}

// commandLine is a workflow command as subpolicy writes them: a known name, known properties
// whose values hold no separators, one line.
var commandLine = regexp.MustCompile(`^::(add-mask|error|warning|notice|debug)( (file|line|col|endColumn|title)=[^,:\n]*(,(file|line|col|endColumn|title)=[^,:\n]*)*)?::[^\n]*$`)

// CheckLog fails t when a line of a job log is a workflow command subpolicy does not write,
// or the log holds a control character (other than line ends) or a bidirectional control. It
// returns the workflow commands.
func CheckLog(t testing.TB, sink, log string) []string {
	t.Helper()
	var cmds []string
	for l := range strings.Lines(log) {
		l = strings.TrimSuffix(l, "\n")
		trimmed := strings.TrimLeftFunc(l, unicode.IsSpace)
		if strings.HasPrefix(trimmed, "::") || strings.HasPrefix(trimmed, "##[") {
			if trimmed != l || !commandLine.MatchString(l) {
				t.Errorf("%s: a workflow command subpolicy does not write: %.300q", sink, l)
				continue
			}
			cmds = append(cmds, l)
		}
		for _, r := range l {
			if (unicode.IsControl(r) && r != '\t') || IsBidi(r) {
				t.Errorf("%s: control or bidi character %U in line %.200q", sink, r, l)
				break
			}
		}
	}
	return cmds
}

// CommandData decodes a workflow command's message as the runner does.
func CommandData(cmd string) string {
	_, msg, _ := strings.Cut(strings.TrimPrefix(cmd, "::"), "::")
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%25", "%").Replace(msg)
}

// CheckTerminal fails t when text meant for a terminal holds a byte that could act on it:
// a control character other than a line end, a C1 control, a bidirectional control or
// invalid UTF-8. colour allows subpolicy's own SGR sequences.
func CheckTerminal(t testing.TB, sink, text string, colour bool) {
	t.Helper()
	if colour {
		text = regexp.MustCompile(`\x1b\[[0-9;]*m`).ReplaceAllString(text, "")
	}
	if !utf8.ValidString(text) {
		t.Errorf("%s: invalid UTF-8", sink)
	}
	for i, r := range text {
		if (unicode.IsControl(r) && r != '\n') || IsBidi(r) {
			t.Errorf("%s: control or bidi character %U at byte %d: %q", sink, r, i, around(text, i))
			return
		}
	}
}

// CheckPlain fails t when plain text shown in GitHub's interface (an annotation, a SARIF
// message) holds a control character other than tab and line ends, or a bidirectional control.
func CheckPlain(t testing.TB, sink, text string) {
	t.Helper()
	for i, r := range text {
		if (unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t') || IsBidi(r) {
			t.Errorf("%s: control or bidi character %U at byte %d: %q", sink, r, i, around(text, i))
			return
		}
	}
}

// escaped reports whether md[i] is preceded by an odd number of backslashes.
func escaped(md string, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && md[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

func unescapedCount(l string, c byte) int {
	n := 0
	for i := 0; i < len(l); i++ {
		if l[i] == c && !escaped(l, i) {
			n++
		}
	}
	return n
}

// around is the text around byte i of s, for messages.
func around(s string, i int) string {
	lo, hi := max(0, i-60), min(len(s), i+60)
	for lo > 0 && !utf8.RuneStart(s[lo]) {
		lo--
	}
	for hi < len(s) && !utf8.RuneStart(s[hi]) {
		hi++
	}
	return s[lo:hi]
}
