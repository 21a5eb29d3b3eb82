package markdown

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The pre-pass (checkStructure) guards the parser: it may count more table rows, columns and
// cells than the parser's tables have, never fewer.

// TestDelimiterRowsAgree checks quotedDelimiterCells, the pre-pass's delimiter rows, against
// delimiterRowColumns, the parser's, on lines where they once disagreed.
func TestDelimiterRowsAgree(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		line string
		want int // delimiterRowColumns, and quotedDelimiterCells whatever the prefix
	}{
		{":--", 1},      // no pipe: the pre-pass once saw none
		{"|  |---|", 0}, // a blank cell: the pre-pass once counted 1
		{"-- --|", 0},   // a space inside the dashes: the pre-pass once counted 1
		{"--", 1},       // with its line feed; a lazy line after a block quote
		{"-- ", 1},
		{"|---|:-:|", 2},
		{" | --- | :-- |", 2},
		{"|-|\t-:|", 2},
		{"|", 0},
		{"| |", 0},
		{"-|", 1},
		{"|-", 1},
		{"x|-", 0},
	} {
		line := []byte(tt.line + "\n")
		if got := delimiterRowColumns(line); got != tt.want {
			t.Errorf("delimiterRowColumns(%q) = %d, want %d", line, got, tt.want)
		}
		if got := goldmarkDelimiterColumns(line); got != tt.want {
			t.Errorf("goldmarkDelimiterColumns(%q) = %d, want %d", line, got, tt.want)
		}
		for _, prefix := range delimiterPrefixes {
			quoted := []byte(prefix + string(line))
			if got := quotedDelimiterCells(quoted); got != tt.want {
				t.Errorf("quotedDelimiterCells(%q) = %d, want %d", quoted, got, tt.want)
			}
		}
	}
}

// delimiterPrefixes are prefixes of block quote markers and indentation that the parser takes
// away from a line before it sees a delimiter row.
var delimiterPrefixes = []string{"", " ", "   ", "\t", ">", "> ", ">\t", "> > ", "  >  >   ", "    ", " > \t>"}

// TestDelimiterRowsExhaustive checks, on every short line over the characters that matter,
// that delimiterRowColumns counts as goldmark's table extension does (as
// goldmarkDelimiterColumns), and that the pre-pass counts the same behind any prefix of block
// quote markers and indentation.
func TestDelimiterRowsExhaustive(t *testing.T) {
	t.Parallel()
	alphabet := []byte(" \t-|:x\v")
	line := make([]byte, 0, 8)
	var try func(n int)
	try = func(n int) {
		for _, end := range []string{"", "\n"} {
			l := append(line, end...)
			want := goldmarkDelimiterColumns(l)
			if got := delimiterRowColumns(l); got != want {
				t.Fatalf("delimiterRowColumns(%q) = %d, want %d", l, got, want)
			}
			if want == 0 {
				continue
			}
			for _, prefix := range delimiterPrefixes {
				quoted := append([]byte(prefix), l...)
				if got := quotedDelimiterCells(quoted); got != want {
					t.Fatalf("quotedDelimiterCells(%q) = %d, want %d", quoted, got, want)
				}
			}
		}
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			line = append(line, c)
			try(n - 1)
			line = line[:len(line)-1]
		}
	}
	try(6)
}

// goldmarkDelimiterColumns is goldmark's table extension's reading of a delimiter row (its
// isTableDelim and parseDelimiter), as delimiterRowColumns once was.
func goldmarkDelimiterColumns(line []byte) int {
	if w, _ := util.IndentWidth(line, 0); w > 3 {
		return 0
	}
	allDashes := true
	for _, c := range line {
		if c != '-' {
			allDashes = false
		}
		if !util.IsSpace(c) && c != '-' && c != '|' && c != ':' {
			return 0
		}
	}
	if allDashes {
		return 0
	}
	cols := bytes.Split(line, []byte{'|'})
	if util.IsBlank(cols[0]) {
		cols = cols[1:]
	}
	if len(cols) > 0 && util.IsBlank(cols[len(cols)-1]) {
		cols = cols[:len(cols)-1]
	}
	for _, col := range cols {
		if !isDelimiterCell(col) {
			return 0
		}
	}
	return len(cols)
}

// TestPrepassSeesParserTables checks on pages that once got past the pre-pass, and random
// ones, that it sees every table the parser makes (see prepassSeesTables).
func TestPrepassSeesParserTables(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		"a\n:--\nb\nc\n",                              // a delimiter row without a pipe
		"> foo\n--\nbar\nbaz\n",                       // a lazy line of two dashes
		"| a |\n|---|\n# h\nx|y|z\n-|-|-\n1\n2\n3\n",  // a table after the one counted
		"| a |\n|---|\n    >\n1\n2\n3\n",              // "    >" is a row, not a blank line
		"| a |\n|---|\n1.\n1\n2\n3\n",                 // and so is "1."
		"> a\n    >\n--\n1\n2\n3\n",                   // "    >" as a header
		"> > | a |\n> > |---|\n>     >\n> 2\n",        // ">     >" is a row
		"- | a |\n  |---|\n      >\n  2\n",            // and so is "      >" in a list item
		"- a\n\n  | a | b |\n  |---|---|\n  1\n  2\n", // a table in a list item
		"| a |\n|---|\n1\n\t>\n2\n",                   // "\t>" is a row: a tab is 4 columns
	} {
		prepassSeesTables(t, []byte(src))
	}
	for _, path := range append([]string{seedPath}, fixtures(t)...) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		prepassSeesTables(t, src)
	}
	r := rand.New(rand.NewPCG(5, 6))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for range n {
		prepassSeesTables(t, randomBlocks(r))
	}
	for range n / 10 {
		prepassSeesTables(t, randomPage(r))
	}
}

// prepassSeesTables checks that for every pipe table the parser makes in src, the pre-pass
// fails with limits just below the table's columns, rows and cells.
func prepassSeesTables(t *testing.T, src []byte) {
	t.Helper()
	src = normalize(src)
	if fm, ok := findFrontMatter(src); ok {
		blank(src[:fm.end])
	}
	blankContainerFences(src)
	idx := newLineIndex(src)
	if err := checkStructure(src, idx, defaultLimits); err != nil {
		return
	}
	pc := parser.NewContext()
	pc.Set(guardKey, &guardState{lim: defaultLimits})
	doc := markdown.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		table, ok := n.(*pipeTableNode)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		cols, rows := table.columns, len(table.rows)
		check := func(what string, lim limits) {
			t.Helper()
			if checkStructure(src, idx, lim) == nil {
				t.Errorf("pre-pass misses the %s of a table of %d columns and %d rows in %q", what, cols, rows, src)
			}
		}
		lim := defaultLimits
		lim.columns = cols - 1
		check("columns", lim)
		if rows > 0 {
			lim = defaultLimits
			lim.rows = rows - 1
			check("rows", lim)
			lim = defaultLimits
			lim.totalRows = rows - 1
			check("rows in all", lim)
			lim = defaultLimits
			lim.cells = rows*cols - 1
			check("cells", lim)
		}
		return ast.WalkContinue, nil
	})
}

// randomBlocks returns a page of lines made of block quote markers, list markers,
// indentation and pieces of pipe tables.
func randomBlocks(r *rand.Rand) []byte {
	prefixes := []string{"", "", "", "> ", ">", "  ", "    ", "\t", "- ", "1. ", "> > ", "   >", "  > ", ">     "}
	bodies := []string{
		"| a | b |", "a|b", "|---|---|", "-|-", "--", ":--", "---", "-", "-- ", "1.", "", "", "x",
		"# h", "| a |", "|-|", "|:-:|", ">", "    >", "a | b | c", "-|-|-", "```", "<div>", "*",
	}
	var b strings.Builder
	for range 2 + r.IntN(12) {
		fmt.Fprintf(&b, "%s%s%s\n", prefixes[r.IntN(len(prefixes))], prefixes[r.IntN(len(prefixes))], bodies[r.IntN(len(bodies))])
	}
	return []byte(b.String())
}
