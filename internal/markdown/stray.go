package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// tableEnd is the end of the last pipe table, for the rows cut off from it (see strayRows).
type tableEnd struct {
	line    int  // the table's line (its header row's); 0 when there is none
	last    int  // the line of its last row
	ended   bool // what ended it is known: comment, or else a blank line
	comment bool // an HTML comment right after its last row ended it
}

// afterComment notes an HTML comment block starting at offset off: right after a pipe table,
// it is what ended the table. Comments keep the table as the last one, so that rows after
// them are rows cut off from it.
func (w *walker) afterComment(off int) {
	if a := &w.afterTable; a.line > 0 && !a.ended {
		a.ended = true
		a.comment = w.idx.line(off) == a.last+1
	}
}

// strayRows reports the stray rows of a paragraph (see StrayRow), at most one run. The
// paragraph is what goldmark's paragraph transformers left of it: a pipe table was cut out of
// it, with the lines after the table's header row, when it had one.
func (w *walker) strayRows(n ast.Node) {
	after := w.afterTable
	w.afterTable = tableEnd{}
	lines := n.Lines()
	if lines.Len() == 0 || len(w.page.StrayRows) >= w.lim.strayRows {
		return
	}
	raw := func(i int) []byte {
		seg := lines.At(i)
		seg.Start, seg.Stop = max(0, min(seg.Start, len(w.src))), max(0, min(seg.Stop, len(w.src)))
		return w.src[seg.Start:max(seg.Start, seg.Stop)]
	}
	rows := w.rowFlags[:0] // which lines look like rows
	for range lines.Len() {
		rows = append(rows, false)
	}
	w.rowFlags = rows
	for i := range rows {
		t := trimSpace(raw(i))
		if isGridBorder(t) {
			return // a grid table: its rows are not a pipe table gone wrong
		}
		rows[i] = isPipeRow(t)
	}

	// A would-be delimiter row whose cells are not the header's: goldmark's table transformer
	// looks at the first delimiter row only, and leaves the whole paragraph as text.
	for i := 1; i < lines.Len(); i++ {
		seg := lines.At(i)
		delim := delimiterRowColumns(seg.Value(w.src))
		if delim == 0 {
			continue
		}
		header := trimSpace(raw(i - 1))
		cells := pipeRowCells(header)
		if cells == delim || !bytes.ContainsRune(header, '|') || !bytes.ContainsRune(raw(i), '|') {
			break
		}
		first := i - 1
		for first > 0 && rows[first-1] {
			first--
		}
		w.strayRow(lines.At(first), fmt.Sprintf("the delimiter row has %s but the header has %d, so the table is shown as text",
			countOf(delim, "cell"), cells), 0)
		return
	}

	// Rows cut off from the table above by a blank line or comment.
	lead := 0
	for lead < len(rows) && rows[lead] {
		lead++
	}
	below := w.tableBelow(n)
	if after.line > 0 && lead > 0 && (lead < len(rows) || below == 0) {
		what := "a blank line"
		if after.ended && after.comment {
			what = "an HTML comment"
		}
		reason := fmt.Sprintf("this row follows %s that ended the table at line %d, so it is shown as text", what, after.line)
		if lead > 1 {
			reason = fmt.Sprintf("these rows follow %s that ended the table at line %d, so they are shown as text", what, after.line)
		}
		w.strayRow(lines.At(0), reason, after.line)
		if lead == len(rows) {
			// Rows only: further cut-off rows after them are cut off from the same table.
			after.ended = true
			w.afterTable = after
		}
		return
	}

	// Rows without a delimiter row, or right above the header row of the table cut out of the
	// paragraph (which GitHub shows as text above the table).
	for i := 0; i < len(rows); {
		if !rows[i] {
			i++
			continue
		}
		j := i
		for j < len(rows) && rows[j] {
			j++
		}
		switch {
		case j == len(rows) && below > 0:
			reason := fmt.Sprintf("this row is right above the header row of the table at line %d, so it is shown as text", below)
			if j-i > 1 {
				reason = fmt.Sprintf("these rows are right above the header row of the table at line %d, so they are shown as text", below)
			}
			w.strayRow(lines.At(i), reason, below)
			return
		case j-i > 1:
			w.strayRow(lines.At(i), fmt.Sprintf("a header row and rows without a delimiter row (%s) are shown as text",
				delimiterExample(pipeRowCells(trimSpace(raw(i))))), 0)
			return
		}
		i = j
	}
}

// tableBelow returns the line of the pipe table cut out of paragraph n, right below it, 0
// when there is none.
func (w *walker) tableBelow(n ast.Node) int {
	t, ok := n.NextSibling().(*pipeTableNode)
	lines := n.Lines()
	if !ok || lines.Len() == 0 {
		return 0
	}
	last := w.idx.lineOf(max(0, min(lines.At(lines.Len()-1).Start, len(w.src))))
	header := w.skipBlanks(t.header.Start)
	if w.idx.lineOf(header) != last+1 {
		return 0
	}
	return w.idx.line(header)
}

// strayRow reports a stray row run whose first line is seg.
func (w *walker) strayRow(seg text.Segment, reason string, table int) {
	if len(w.page.StrayRows) >= w.lim.strayRows {
		return
	}
	line, col := w.idx.position(w.skipBlanks(seg.Start))
	w.page.StrayRows = append(w.page.StrayRows, StrayRow{Line: line, Column: col, Reason: reason, Table: table})
}

// trimSpace returns b without the spaces (as util.IsSpace has them) around it.
func trimSpace(b []byte) []byte {
	return util.TrimRightSpace(util.TrimLeftSpace(b))
}

// isPipeRow reports whether the trimmed line t looks like a pipe table row: it starts and ends
// with '|' and has at least 2 cells.
func isPipeRow(t []byte) bool {
	return len(t) >= 3 && t[0] == '|' && t[len(t)-1] == '|' && pipeRowCells(t) >= 2
}

// isGridBorder reports whether the trimmed line t is a border line of a grid table, such as
// "+-----+-----+" or "+=====+=====+".
func isGridBorder(t []byte) bool {
	if len(t) < 3 || t[0] != '+' || t[len(t)-1] != '+' {
		return false
	}
	for _, c := range t {
		if c != '+' && c != '-' && c != '=' && c != ':' {
			return false
		}
	}
	return true
}

// pipeRowCells returns the number of cells splitPipeRow finds in the trimmed line t as a
// header row (before padding), without allocating.
func pipeRowCells(t []byte) int {
	pos, limit := 0, len(t)
	if len(t) > 0 && t[pos] == '|' {
		pos++
	}
	if len(t) > 0 && t[limit-1] == '|' {
		limit--
	}
	cells := 0
	for ; pos < limit; cells++ {
		closure := pos
		for closure < limit {
			if t[closure] == '|' && (closure == 0 || t[closure-1] != '\\') {
				break
			}
			closure++
		}
		pos = closure + 1
	}
	return cells
}

// countOf returns "1 cell" or "n cells".
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// delimiterExample returns the delimiter row a table of n columns lacks, quoted.
func delimiterExample(n int) string {
	if n > 6 {
		return fmt.Sprintf(`"| --- |" for each of the %d columns`, n)
	}
	return `"|` + strings.Repeat(" --- |", n) + `"`
}
