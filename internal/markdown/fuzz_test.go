package markdown

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// FuzzParse checks that Parse never panics, is deterministic, returns only *PosError
// errors, and only positions inside the file.
func FuzzParse(f *testing.F) {
	for _, path := range append([]string{seedPath}, fixtures(f)...) {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("<table><thead><tr><th rowspan=2>A<th colspan=2>B\n<tr><th>C\n<tbody><tr><td rowspan=0>1<td colspan=\"3\">2\n<tr>\n<tr><td>3</table>\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := lineLengths(src)
		page, err := Parse(src)
		if err != nil {
			var pe *PosError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse error %v (%T) is not a *PosError", err, err)
			}
			checkPosition(t, lines, pe.Line, pe.Column, "error")
			return
		}
		again, err := Parse(src)
		if err != nil {
			t.Fatalf("second Parse failed: %v", err)
		}
		if diff := cmp.Diff(page, again); diff != "" {
			t.Fatalf("Parse is not deterministic (-first +second):\n%s", diff)
		}
		checkPage(t, lines, page)
		if _, err := json.Marshal(page); err != nil {
			t.Fatalf("json.Marshal(page): %v", err)
		}
	})
}

// fixtures returns the paths of the Markdown fixtures.
func fixtures(tb testing.TB) []string {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "*.md"))
	if err != nil {
		tb.Fatal(err)
	}
	return paths
}

// lineLengths returns the number of characters of each line of src as its user sees it:
// without a leading byte order mark, with CRLF, lone CR and LF each ending a line.
// Bytes that are not valid UTF-8 count as one character each.
func lineLengths(src []byte) []int {
	src = bytes.TrimPrefix(src, bom)
	var lengths []int
	start := 0
	for i := 0; i < len(src); i++ {
		if src[i] != '\n' && src[i] != '\r' {
			continue
		}
		lengths = append(lengths, utf8.RuneCount(src[start:i]))
		if src[i] == '\r' && i+1 < len(src) && src[i+1] == '\n' {
			i++
		}
		start = i + 1
	}
	return append(lengths, utf8.RuneCount(src[start:]))
}

// checkPosition fails unless line and col are inside a file with the given line lengths;
// col may be one past the line's last character.
func checkPosition(t *testing.T, lines []int, line, col int, what string) {
	t.Helper()
	if line < 1 || line > len(lines) {
		t.Fatalf("%s line %d outside the file's %d lines", what, line, len(lines))
	}
	if col < 1 || col > lines[line-1]+1 {
		t.Fatalf("%s column %d outside line %d of %d characters", what, col, line, lines[line-1])
	}
}

// checkPage checks every position in page.
func checkPage(t *testing.T, lines []int, page *Page) {
	t.Helper()
	for _, b := range page.Blocks {
		checkPosition(t, lines, b.Line, 1, "block")
	}
	for _, c := range page.Comments {
		checkPosition(t, lines, c.Line, 1, "comment")
		if c.EndLine < c.Line {
			t.Fatalf("comment ends on line %d before it starts on line %d", c.EndLine, c.Line)
		}
		checkPosition(t, lines, c.EndLine, 1, "comment end")
	}
	for i, s := range page.StrayRows {
		checkPosition(t, lines, s.Line, s.Column, "stray row")
		if s.Reason == "" {
			t.Fatalf("stray row at %d:%d without a reason", s.Line, s.Column)
		}
		if i > 0 && s.Line <= page.StrayRows[i-1].Line {
			t.Fatalf("stray row at line %d after one at line %d: not in document order", s.Line, page.StrayRows[i-1].Line)
		}
	}
	for _, tbl := range page.Tables {
		checkPosition(t, lines, tbl.Line, tbl.Column, "table")
		for _, r := range append([]Row{tbl.Header}, tbl.Rows...) {
			if len(r.Cells) == 0 && r.Line == 0 {
				continue // a table without a header row
			}
			checkPosition(t, lines, r.Line, 1, "row")
			for _, c := range r.Cells {
				checkPosition(t, lines, c.Line, c.Column, "cell")
			}
		}
	}
}
