package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// pipeTableNode is a GFM pipe table as pipeTableTransformer leaves it in the goldmark
// document: the lines of its rows, and as children only the cells whose inline content
// goldmark must parse (see simpleCell), in document order. The walker splits the rows into
// cells again and renders the simple cells itself. A table of 20,000 rows so costs a few
// hundred goldmark nodes rather than hundreds of thousands.
type pipeTableNode struct {
	ast.BaseBlock
	columns int            // cells in every row: those of the delimiter row
	header  text.Segment   // the header row's line
	rows    []text.Segment // the body rows' lines
}

// kindPipeTable is the node kind of a pipeTableNode.
var kindPipeTable = ast.NewNodeKind("PipeTable")

// Kind implements ast.Node.
func (n *pipeTableNode) Kind() ast.NodeKind { return kindPipeTable }

// Dump implements ast.Node.
func (n *pipeTableNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// pipeTableTransformer is goldmark's GFM table paragraph transformer (extension.Table's),
// ported so that it makes a pipeTableNode: it finds the same tables, with the same rows and
// cells. Unlike goldmark's, it does not record cells with "\|" in code spans for its AST
// transformer, which Parse does not use (the walker takes the backslash out itself).
type pipeTableTransformer struct{}

// Transform implements parser.ParagraphTransformer.
func (pipeTableTransformer) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	if lines.Len() < 2 {
		return
	}
	src := reader.Source()
	for i := 1; i < lines.Len(); i++ {
		delim := lines.At(i)
		columns := delimiterRowColumns(delim.Value(src))
		if columns == 0 {
			continue
		}
		cells := splitPipeRow(src, lines.At(i-1), columns, true, make([]pipeCell, 0, columns))
		if len(cells) != columns {
			return
		}
		lim := guardOf(pc).lim
		maxMarks, maxScan := lim.emphasis, lim.linkScan
		if lim.complexCells {
			maxMarks = -1 // no cell is simple
		}
		table := &pipeTableNode{columns: columns, header: lines.At(i - 1)}
		table.SetPos(node.Pos())
		// The rows keep the paragraph's line array: the paragraph gets a copy of the lines
		// it keeps below, so nothing can write to it any more.
		table.rows = lines.Sliced(i+1, lines.Len())
		table.addComplexCells(src, cells, maxMarks, maxScan)
		for _, seg := range table.rows {
			cells = splitPipeRow(src, seg, columns, false, cells[:0])
			table.addComplexCells(src, cells, maxMarks, maxScan)
		}
		parent := node.Parent()
		parent.InsertAfter(parent, node, table)
		if i == 1 {
			parent.RemoveChild(parent, node)
			return
		}
		var kept text.Segments
		kept.AppendAll(lines.Sliced(0, i-1))
		last := kept.At(i - 2)
		last.Stop-- // trim the last line feed
		kept.Set(i-2, last)
		node.SetLines(&kept)
		return
	}
}

// addComplexCells appends as children the cells of a row that are not simple, as goldmark's
// TableCell nodes, which goldmark then parses.
func (n *pipeTableNode) addComplexCells(src []byte, cells []pipeCell, maxMarks, maxScan int) {
	for _, c := range cells {
		if !c.present || simpleCell(src[c.seg.Start:c.seg.Stop], maxMarks, maxScan) {
			continue
		}
		cell := east.NewTableCell()
		cell.SetPos(c.pos)
		cell.Lines().Append(c.seg)
		n.AppendChild(n, cell)
	}
}

// delimiterRowColumns returns the number of columns of a pipe table delimiter row such as
// "| --- | :-: |", 0 when line is none. It accepts exactly what goldmark's table extension
// does: line is a paragraph line (with its line feed, if any) inside any block quotes and
// list items.
func delimiterRowColumns(line []byte) int {
	if w, _ := util.IndentWidth(line, 0); w > 3 {
		return 0
	}
	if len(bytes.TrimLeft(line, "-")) == 0 {
		return 0 // dashes only (no line feed: the last line of the file)
	}
	return delimiterCells(line)
}

// delimiterCells returns the number of cells of line split as a pipe table delimiter row, 0
// when line is not one. It is delimiterRowColumns without the checks for indentation and for a
// line of dashes only, so it accepts every line delimiterRowColumns does, with the same count,
// and does so with any spaces and tabs before the line taken away (see quotedDelimiterCells).
func delimiterCells(line []byte) int {
	if !delimiterBytesOnly(line) {
		return 0
	}
	// Split at every '|', leaving out a blank first and a blank last cell.
	cells := 0
	for first := true; ; first = false {
		cell, rest, more := bytes.Cut(line, []byte{'|'})
		switch {
		case (first || !more) && util.IsBlank(cell):
		case !isDelimiterCell(cell):
			return 0
		default:
			cells++
		}
		if !more {
			return cells
		}
		line = rest
	}
}

// delimiterBytesOnly reports whether line is made of the bytes of delimiter rows only: '-',
// '|', ':' and those util.IsSpace takes for spaces.
func delimiterBytesOnly(line []byte) bool {
	for _, c := range line {
		if !delimiterBytes[c] {
			return false
		}
	}
	return true
}

// delimiterBytes holds the bytes delimiterBytesOnly accepts.
var delimiterBytes = func() (t [256]bool) {
	for c := range len(t) {
		t[c] = util.IsSpace(byte(c)) || c == '-' || c == '|' || c == ':'
	}
	return t
}()

// isDelimiterCell reports whether a delimiter row cell matches `^\s*:?-+:?\s*$`, where \s is
// an ASCII space, tab, line feed, form feed or carriage return.
func isDelimiterCell(b []byte) bool {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }
	i, j := 0, len(b)
	for i < j && isSpace(b[i]) {
		i++
	}
	for j > i && isSpace(b[j-1]) {
		j--
	}
	if i < j && b[i] == ':' {
		i++
	}
	if j > i && b[j-1] == ':' {
		j--
	}
	if i == j {
		return false
	}
	for _, c := range b[i:j] {
		if c != '-' {
			return false
		}
	}
	return true
}

// pipeCell is a cell of a pipe table row.
type pipeCell struct {
	seg     text.Segment // the trimmed content
	present bool         // false for a cell GFM adds to a row that has too few
	pos     int          // the position goldmark gives the cell's node
}

// splitPipeRow appends to cells the cells of the table row whose line is seg, as goldmark's
// table extension splits it: a body row gets exactly columns cells, padded with empty ones or
// cut, a header row all its cells, padded to columns.
func splitPipeRow(src []byte, seg text.Segment, columns int, header bool, cells []pipeCell) []pipeCell {
	npos := seg
	seg = seg.TrimLeftSpace(src)
	seg = seg.TrimRightSpace(src)
	line := src[seg.Start:seg.Stop]
	pos, limit := 0, len(line)
	if len(line) > 0 && line[pos] == '|' {
		pos++
	}
	if len(line) > 0 && line[limit-1] == '|' {
		limit--
	}
	i := 0
	for ; pos < limit; i++ {
		if i >= columns && !header {
			return cells
		}
		closure := pos
		for closure < limit {
			i := bytes.IndexByte(line[closure:limit], '|')
			if i < 0 {
				closure = limit
				break
			}
			closure += i
			if closure == 0 || line[closure-1] != '\\' {
				break
			}
			closure++
		}
		c := text.NewSegment(seg.Start+pos, seg.Start+closure)
		c = c.TrimLeftSpace(src)
		c = c.TrimRightSpace(src)
		cells = append(cells, pipeCell{seg: c, present: true, pos: npos.Start + pos - npos.Padding})
		pos = closure + 1
	}
	for ; i < columns; i++ {
		cells = append(cells, pipeCell{})
	}
	return cells
}

// simpleCell reports whether b, the content of a pipe table cell, is simple. A simple cell is
// made of
//
//   - text without '\\', '`', '_', '~', '[', ']', '<' or '@', without "![", without a '*' that
//     is followed by anything but a space or a tab (so no '*' can open emphasis), and without
//     "http:", "https:", "ftp:" or "www." (so nothing in it is a bare URL or e-mail address);
//   - "<br>", "<br/>" and "<br />" tags;
//   - inline links "[text](destination)" whose text is text as above without '*', '(' or ')'
//     (bare URLs and e-mail addresses are fine there: goldmark does not look for them in link
//     text), and whose destination is not empty and has no space, control character, '(',
//     ')', '<', '>' or '\\'.
//
// goldmark parses such a cell into text, raw HTML <br> tags and links only, and the guard can
// pass neither of its limits in it (at most maxMarks emphasis markers, at most maxScan link
// bytes scanned), so the walker renders it directly (walker.simpleCell) as it would render
// goldmark's nodes.
func simpleCell(b []byte, maxMarks, maxScan int) bool {
	marks, links := 0, 0
	for i := 0; i < len(b); {
		tok := nextSimpleToken(b[i:])
		switch tok.kind {
		case tokenNone:
			return false
		case tokenText:
			marks += tok.stars
		case tokenLink:
			links++
		}
		i += tok.n
	}
	return marks <= maxMarks && (links == 0 || len(b) <= maxScan/links)
}

// simpleToken is a piece of a simple cell (see simpleCell).
type simpleToken struct {
	kind  int
	n     int    // length
	stars int    // the '*' in text
	text  []byte // text, or a link's text
	dest  []byte // a link's destination
}

// The kinds of simpleToken.
const (
	tokenNone = iota // not simple
	tokenText
	tokenBreak
	tokenLink
)

// nextSimpleToken returns the simple token b starts with; b is not empty.
func nextSimpleToken(b []byte) simpleToken {
	switch b[0] {
	case '<':
		if n := brTag(b); n > 0 {
			return simpleToken{kind: tokenBreak, n: n}
		}
	case '[':
		if label, dest, n := simpleLink(b); n > 0 {
			return simpleToken{kind: tokenLink, n: n, text: label, dest: dest}
		}
	default:
		if n, stars := simpleText(b); n > 0 {
			return simpleToken{kind: tokenText, n: n, stars: stars, text: b[:n]}
		}
	}
	return simpleToken{}
}

// brTag returns the length of the "<br>", "<br/>" or "<br />" tag b starts with, 0 when none.
func brTag(b []byte) int {
	switch {
	case len(b) >= 4 && string(b[:4]) == "<br>":
		return 4
	case len(b) >= 5 && string(b[:5]) == "<br/>":
		return 5
	case len(b) >= 6 && string(b[:6]) == "<br />":
		return 6
	}
	return 0
}

// simpleText returns the length of the run of simple text (see simpleCell) b starts with, up
// to the next '<' or '[', and the number of '*' in it; n == 0 when b does not start with
// simple text.
func simpleText(b []byte) (n, stars int) {
	for ; n < len(b); n++ {
		if !textSpecial[b[n]] {
			continue
		}
		switch b[n] {
		case '<', '[':
			return n, stars
		case '\\', '`', '_', '~', ']', '@':
			return 0, 0
		case '*':
			if n+1 < len(b) && b[n+1] != ' ' && b[n+1] != '\t' {
				return 0, 0
			}
			stars++
		case '!':
			if n+1 < len(b) && b[n+1] == '[' {
				return 0, 0
			}
		case ':':
			// goldmark's Linkify extension takes "http:", "https:" and "ftp:" for the start
			// of a URL.
			if hasSuffix(b[:n], "http") || hasSuffix(b[:n], "https") || hasSuffix(b[:n], "ftp") {
				return 0, 0
			}
		case '.':
			// And "www." too.
			if hasSuffix(b[:n], "www") {
				return 0, 0
			}
		}
	}
	return n, stars
}

// textSpecial holds the bytes simpleText looks at.
var textSpecial = func() (t [256]bool) {
	for _, c := range []byte("<[\\`_~]@*!:.") {
		t[c] = true
	}
	return t
}()

// hasSuffix reports whether b ends with s.
func hasSuffix(b []byte, s string) bool {
	return len(b) >= len(s) && string(b[len(b)-len(s):]) == s
}

// simpleLink parses the simple inline link (see simpleCell) b starts with and returns its
// text, its destination and its length; n == 0 when b does not start with one.
func simpleLink(b []byte) (label, dest []byte, n int) {
	i := 1
	for i < len(b) && b[i] != ']' {
		switch b[i] {
		case '\\', '`', '_', '~', '[', '<', '*', '(', ')':
			return nil, nil, 0
		case '!':
			if i+1 < len(b) && b[i+1] == '[' {
				return nil, nil, 0
			}
		}
		i++
	}
	if i == 1 || i > 998 || i+1 >= len(b) || b[i+1] != '(' {
		return nil, nil, 0
	}
	label = b[1:i]
	j := i + 2
	for j < len(b) && b[j] != ')' {
		switch c := b[j]; {
		case c <= ' ' || c == 0x7f || c == '(' || c == '<' || c == '>' || c == '\\':
			return nil, nil, 0
		}
		j++
	}
	if j == i+2 || j == len(b) {
		return nil, nil, 0
	}
	return label, b[i+2 : j], j + 1
}
