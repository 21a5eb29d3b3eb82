package markdown

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/subpolicy/subpolicy/internal/testpage"
)

// The walker renders simple pipe table cells itself (see simpleCell) and leaves the others to
// goldmark. These tests check that it gives the page goldmark's nodes give: every page parses
// the same with limits.complexCells, which leaves every cell to goldmark.

// sameAsGoldmark parses src with lim, and again leaving every cell to goldmark, and fails
// when the results differ.
func sameAsGoldmark(t *testing.T, name string, src []byte, lim limits) {
	t.Helper()
	page, err := parseWith(src, lim)
	lim.complexCells = true
	want, wantErr := parseWith(src, lim)
	if diff := cmp.Diff(fmt.Sprint(wantErr), fmt.Sprint(err)); diff != "" {
		t.Fatalf("%s: error mismatch (-goldmark +simple):\n%s\nsource: %q", name, diff, src)
	}
	if diff := cmp.Diff(want, page); diff != "" {
		t.Fatalf("%s: page mismatch (-goldmark +simple):\n%s\nsource: %q", name, diff, src)
	}
}

// cellPieces are what randomCell makes cells of: what simple cells are made of, and what
// is nearly that but not quite.
var cellPieces = []string{
	"Vendor", "Inc.", "a", "b", "x y", " ", "  ", "\t", "*", "* ", "*   ", "**", "*a*", "_", "_a_", "~", "~~a~~",
	"[", "]", "(", ")", "!", "![", "![a](b)", "!", "Yes!",
	"<br>", "<br/>", "<br />", "<BR>", "<br", "<br >", "<b>", "</b>", "<a href=\"u\">", "</a>", "<!-- c -->", "<!--", "-->",
	"<td>", "<table>", "<p>",
	"&amp;", "&#10;", "&#13;", "&nbsp;", "&bogus;", "&", ";", "&#x41;", "&#1114112;", "AT&T", "R&D",
	"\\|", "\\*", "\\", "`", "`c`", "`a\\|b`",
	"http://x.com", "https://x.com/p?a=1&b=2", "https:", "http", ":", "ftp:", "www.x.com", "www.", "www", "WWW.x.com",
	"a@b.co", "@", "(www.x.com)", "*http://x.com", " http://x.com", "<http://x.com>", "<a@b.co>",
	"[a](b)", "[a b](https://x.com/y)", "[a](b c)", "[a](<b>)", "[a]()", "[](b)", "[a] (b)", "[a](b)(c)",
	"[x]", "[x][y]", "[x][]", "[a](b \"t\")", "[a](b&amp;c)", "[a&amp;b](c)", "[https://x.com](https://x.com)",
	"[a@b.co](mailto:a@b.co)", "[a*b](c)", "[a](b)*", "[a\\]b](c)", "[a](b(c))", "[a](b))", "[a!](b)", "[a](*b_c~)",
	"é", "•", "-", "+", "1.", "#", ">", "\u00a0", "\u2003", "\f", "\v", "\x01", "|", "||",
}

// randomCell returns the content of a random cell.
func randomCell(r *rand.Rand) string {
	var b strings.Builder
	for range r.IntN(6) {
		b.WriteString(cellPieces[r.IntN(len(cellPieces))])
	}
	return b.String()
}

// randomTable appends a random pipe table, each line starting with prefix.
func randomTable(r *rand.Rand, b *strings.Builder, prefix string) {
	cols := 1 + r.IntN(5)
	row := func(n int) {
		b.WriteString(prefix)
		if r.IntN(4) > 0 {
			b.WriteString("|")
		}
		for i := range n {
			if i > 0 {
				b.WriteString("|")
			}
			if r.IntN(3) == 0 {
				b.WriteString(" ")
			}
			b.WriteString(randomCell(r))
			if r.IntN(3) == 0 {
				b.WriteString(" ")
			}
		}
		if r.IntN(4) > 0 {
			b.WriteString("|")
		}
		if r.IntN(8) == 0 {
			b.WriteString("  <!-- after the row -->")
		}
		b.WriteString("\n")
	}
	if r.IntN(5) == 0 {
		b.WriteString(prefix + "A paragraph line\n")
	}
	row(cols + r.IntN(2) - r.IntN(2))
	b.WriteString(prefix)
	for i := range cols {
		if i > 0 || r.IntN(2) == 0 {
			b.WriteString("|")
		}
		b.WriteString([]string{"---", ":--", "--:", ":-:", " - "}[r.IntN(5)])
	}
	b.WriteString("|\n")
	for range r.IntN(8) {
		row(cols + r.IntN(3) - 1)
	}
	b.WriteString("\n")
}

// randomPage returns a page of random tables in random places.
func randomPage(r *rand.Rand) []byte {
	var b strings.Builder
	if r.IntN(4) == 0 {
		b.WriteString("---\ntitle: T\n---\n")
	}
	if r.IntN(3) == 0 {
		b.WriteString("[x]: https://example.com/x\n[y]: /y \"T\"\n\n")
	}
	for range 1 + r.IntN(4) {
		switch r.IntN(8) {
		case 0:
			b.WriteString("# Heading *a* [l](u)\n\n")
		case 1:
			b.WriteString("Paragraph " + randomCell(r) + "\n\n")
		case 2:
			randomTable(r, &b, "> ")
		case 3:
			b.WriteString("- item\n\n")
			randomTable(r, &b, "  ")
		case 4:
			b.WriteString("<table><tr><td>\n\n")
			randomTable(r, &b, "")
			b.WriteString("</td></tr></table>\n\n")
		case 5:
			b.WriteString("::: info\n")
			randomTable(r, &b, "")
			b.WriteString(":::\n\n")
		default:
			randomTable(r, &b, "")
		}
	}
	return []byte(b.String())
}

func TestSimpleCellsFixtures(t *testing.T) {
	t.Parallel()
	var paths []string
	for _, pattern := range []string{"testdata/*.md", "../../testdata/*.md", "../../testdata/pages/*.md"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, m...)
	}
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sameAsGoldmark(t, path, src, defaultLimits)
	}
	sameAsGoldmark(t, "testpage", testpage.Bytes(300), defaultLimits)
	sameAsGoldmark(t, "tableOfRows", tableOfRows(300), defaultLimits)
}

func TestSimpleCellsRandom(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	low := defaultLimits
	low.emphasis, low.linkScan, low.columns, low.rows, low.tables = 3, 40, 4, 5, 3
	n := 3000
	if testing.Short() {
		n = 300
	}
	for i := range n {
		src := randomPage(r)
		sameAsGoldmark(t, fmt.Sprint("page ", i), src, defaultLimits)
		sameAsGoldmark(t, fmt.Sprint("page ", i, " with low limits"), src, low)
	}
}

// FuzzSimpleCells checks that the walker's simple cells render as goldmark's nodes would.
func FuzzSimpleCells(f *testing.F) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 50 {
		f.Add(randomPage(r))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		sameAsGoldmark(t, "fuzz", src, defaultLimits)
	})
}

// TestSimpleCellsOfRealPages checks that the cells of real pages are simple: plain text,
// <br> lists and links, so that large pages stay fast.
func TestSimpleCellsOfRealPages(t *testing.T) {
	t.Parallel()
	for name, src := range map[string][]byte{
		"seed":     []byte(readFile(t, seedPath)),
		"testpage": testpage.Bytes(100),
	} {
		pc := parser.NewContext()
		pc.Set(guardKey, &guardState{lim: defaultLimits})
		doc := markdown.Parser().Parse(text.NewReader(normalize(src)), parser.WithContext(pc))
		tables := 0
		for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
			table, ok := n.(*pipeTableNode)
			if !ok {
				continue
			}
			tables++
			// Only the header cells, with their "**Name**", are left to goldmark.
			if got := table.ChildCount(); got != table.columns {
				t.Errorf("%s: %d cells left to goldmark, want %d (the header's)", name, got, table.columns)
			}
		}
		if tables != 1 {
			t.Errorf("%s: %d pipe tables, want 1", name, tables)
		}
	}
}
