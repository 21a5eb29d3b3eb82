package markdown

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestColumnsAfterBlankedLines checks the columns of a line that starts right after front
// matter or a container fence line with non-ASCII characters, which Parse blanks for the
// Markdown parser: they count the characters of the line itself, however long it is.
func TestColumnsAfterBlankedLines(t *testing.T) {
	t.Parallel()
	header := "| Name | Purpose of the processing, long enough to pass a checkpoint | Location |\n|---|---|---|\n| A | B | C |\n"
	for name, src := range map[string]string{
		"front matter": "---\ntitle: ÜÜÜÜÜÜÜÜÜÜ\n---\n" + header,
		"fence":        "::: info ÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜ\n" + header + ":::\n",
	} {
		page := parse(t, src)
		cells := page.Tables[0].Header.Cells
		line := strings.Split(src, "\n")[cells[2].Line-1]
		if want := strings.Index(line, "Location") + 1; cells[2].Column != want {
			t.Errorf("%s: Location at column %d, want %d", name, cells[2].Column, want)
		}
	}
}

// TestLineIndexPositions checks lineIndex against counting the characters of each line from
// its start, on lines of every length around the checkpoints, with multi-byte characters.
func TestLineIndexPositions(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(5, 6))
	pieces := []string{"a", " ", "\t", "é", "€", "𝄞", "\n", "xyz"}
	var b strings.Builder
	for range 3000 {
		b.WriteString(pieces[r.IntN(len(pieces))])
		if r.IntN(40) == 0 {
			b.WriteString(strings.Repeat("ü", r.IntN(200)))
		}
	}
	src := []byte(b.String())
	idx := newLineIndex(src)
	line, col := 1, 1
	for off := 0; off <= len(src); off++ {
		if utf8.RuneStart(src[min(off, len(src)-1)]) || off == len(src) {
			if gotLine, gotCol := idx.position(off); gotLine != line || gotCol != col {
				t.Fatalf("position(%d) = %d:%d, want %d:%d", off, gotLine, gotCol, line, col)
			}
		}
		if off < len(src) && utf8.RuneStart(src[off]) {
			if src[off] == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
		}
	}
}

// TestCountChars checks countChars against counting the bytes that start a character.
func TestCountChars(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 8))
	for range 2000 {
		b := make([]byte, r.IntN(100))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		want := 0
		for _, c := range b {
			if c&0xC0 != 0x80 {
				want++
			}
		}
		if got := countChars(b); got != want {
			t.Fatalf("countChars(%q) = %d, want %d", b, got, want)
		}
	}
}
