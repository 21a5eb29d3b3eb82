package markdown

import (
	"bytes"
	"fmt"
	"math"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
)

// elemKind says what closing an open HTML element must do.
type elemKind uint8

// The element kinds.
const (
	elemOther   elemKind = iota
	elemRawText          // script or style: its text is not prose
	elemTable
	elemSection // thead, tbody or tfoot
	elemRow
	elemCell
	elemHeading
	elemLink
	elemProse // a p or li outside tables and headings: its text is a Paragraph or ListItem block
)

// element is an open HTML element.
type element struct {
	name  string
	kind  elemKind
	table *htmlTable // for table, section, row and cell elements
	cell  *htmlCell  // for cell elements
	buf   *textBuf   // the heading's text, or the sink holding the link
	link  int        // link handle in buf
	level int        // heading level
	pos   int        // offset of the start tag
}

// htmlTable is an HTML table being built.
type htmlTable struct {
	slot      int      // index in Page.Tables
	table     Table    // rows so far; Header is set once hasHeader
	hasHeader bool     // a header row has been chosen
	headerPos int      // offset of the header row's start tag
	rowPos    []int    // offset of each body row's start tag, by index in table.Rows
	tablePos  int      // offset of the <table> tag
	outside   *textBuf // discarding sink for text between cells
	inHead    bool     // inside <thead>
	row       *htmlRow // the open row, nil when none
	width     int      // the cells of the last row filed, room for those of the next

	// Spans (see Table). carries are the cells of earlier rows of the section whose rowspan
	// may reach the open row, by column; next is the first of them the open row has not yet
	// placed or passed, and spans are the carries the open row's own cells start, by column.
	// Carries past their last row are dropped when a row with cells is filed, so that rows
	// without cells cost nothing.
	carries, spans, spare []carry
	next                  int
	sectionRows           int // rows opened in the section so far, rows without cells included
	copies                int // cells that spans added to the table
}

// carry is a cell that a rowspan copies into later rows of its section.
type carry struct {
	col  int  // its column
	last int  // index in the section of the last row it fills
	th   bool // it is a <th>
	cell Cell
}

// htmlRow is an HTML table row being built.
type htmlRow struct {
	pos    int  // offset of the <tr> tag, or of the first cell when the tag is implied
	index  int  // index in its section
	inHead bool // the row is inside <thead>
	allTH  bool // every cell so far is a <th>
	cells  []Cell
}

// htmlCell is an open HTML table cell.
type htmlCell struct {
	buf   *textBuf
	after int // offset just after the cell's start tag
	th    bool
	cols  int // columns it fills, at least 1
	rows  int // rows it fills, at least 1; spanToEnd for the rest of the section
}

// spanToEnd is the rows of a cell with rowspan="0".
const spanToEnd = -1

// token is an HTML token's position in the source.
type token struct {
	start   int // offset of its first byte
	end     int // offset just after it
	content int // for text, offset of its first non-blank byte (end when it is all blank)
}

// voidElements never have content or an end tag.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true,
}

// blockElements are the elements that start on a line of their own. Their start tags close
// an open <p>, and their start and end tags break lines in cell text.
var blockElements = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "caption": true, "center": true,
	"dd": true, "details": true, "div": true, "dl": true, "dt": true, "fieldset": true, "figcaption": true,
	"figure": true, "footer": true, "form": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true,
	"h6": true, "header": true, "hr": true, "li": true, "main": true, "nav": true, "ol": true, "p": true,
	"pre": true, "section": true, "summary": true, "table": true, "ul": true,
}

// headingLevels maps heading tags to their level.
var headingLevels = map[string]int{"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

// htmlBlock feeds an HTML block to the HTML state. Elements stay open across blocks, so
// that Markdown between "<td>" and "</td>" is cell text, but a heading left open ends with
// its block rather than swallowing the rest of the page. The Markdown lines of a wrapper,
// such as a pipe table right after "<div>", are read as Markdown (see wrapperBlock).
func (w *walker) htmlBlock(n *ast.HTMLBlock) {
	segs := make([]text.Segment, 0, n.Lines().Len()+1)
	for i := 0; i < n.Lines().Len(); i++ {
		segs = append(segs, n.Lines().At(i))
	}
	if n.HasClosure() {
		segs = append(segs, n.ClosureLine)
	}
	if len(segs) > 0 && n.HTMLBlockType == ast.HTMLBlockType2 {
		w.afterComment(segs[0].Start)
	} else {
		w.afterTable = tableEnd{}
	}
	depth := len(w.stack)
	switch n.HTMLBlockType {
	case ast.HTMLBlockType6, ast.HTMLBlockType7:
		w.wrapperBlock(segs)
	default:
		w.feedHTML(segs)
	}
	if i := w.find(func(e element) bool { return e.kind == elemHeading || e.kind == elemProse }, nil); i >= depth {
		w.closeTo(i)
	}
}

// rawHTML feeds inline raw HTML to the HTML state. A single start or end tag, as Markdown
// inline HTML nearly always is, skips the tokenizer, which costs a 4 KiB buffer each time.
func (w *walker) rawHTML(segs *text.Segments) {
	if segs.Len() == 1 {
		seg := segs.At(0)
		raw := w.src[seg.Start:seg.Stop]
		if name, ok := simpleEndTag(raw); ok {
			w.endTag(name)
			return
		}
		if name, a, selfClosing, ok := parseStartTag(raw); ok {
			w.startTag(name, a, selfClosing, token{start: seg.Start, end: seg.Stop, content: seg.Stop})
			return
		}
	}
	w.feedHTML(segs.Sliced(0, segs.Len()))
}

// feedHTML tokenizes HTML made of the source ranges segs, in order, tracking each token's
// source offset through the tokenizer's raw bytes.
func (w *walker) feedHTML(segs []text.Segment) {
	m := newOffsetMap(w.src, segs)
	z := html.NewTokenizer(bytes.NewReader(m.data))
	off := 0
	for w.err == nil {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		raw := z.Raw()
		tok := token{start: m.pos(off)}
		if tt == html.TextToken {
			tok.content = m.pos(off + leadingSpace(raw))
		}
		off += len(raw)
		tok.end = m.pos(off)
		w.htmlToken(z, tt, tok)
	}
}

// leadingSpace returns the number of leading ASCII white space bytes of b.
func leadingSpace(b []byte) int {
	return len(b) - len(bytes.TrimLeft(b, " \t\n\f\r"))
}

// offsetMap maps offsets in the concatenation of source ranges back to the source.
// Queries must not decrease.
type offsetMap struct {
	data   []byte
	ranges []text.Segment
	cum    []int // offset in data of each range
	k      int   // range of the last query
}

// newOffsetMap concatenates the ranges of src, merging adjacent ones; a single range is
// used in place.
func newOffsetMap(src []byte, segs []text.Segment) *offsetMap {
	m := &offsetMap{}
	for _, s := range segs {
		s.Start, s.Stop = max(0, min(s.Start, len(src))), max(0, min(s.Stop, len(src)))
		if s.Stop <= s.Start {
			continue
		}
		if n := len(m.ranges); n > 0 && m.ranges[n-1].Stop == s.Start {
			m.ranges[n-1].Stop = s.Stop
			continue
		}
		m.ranges = append(m.ranges, text.NewSegment(s.Start, s.Stop))
	}
	if len(m.ranges) == 1 {
		m.data = src[m.ranges[0].Start:m.ranges[0].Stop]
		m.cum = []int{0}
		return m
	}
	for _, r := range m.ranges {
		m.cum = append(m.cum, len(m.data))
		m.data = append(m.data, src[r.Start:r.Stop]...)
	}
	return m
}

// pos returns the source offset of offset off in the concatenation.
func (m *offsetMap) pos(off int) int {
	if len(m.ranges) == 0 {
		return 0
	}
	for m.k+1 < len(m.ranges) && off >= m.cum[m.k+1] {
		m.k++
	}
	return m.ranges[m.k].Start + off - m.cum[m.k]
}

// htmlToken handles one HTML token.
func (w *walker) htmlToken(z *html.Tokenizer, tt html.TokenType, tok token) {
	switch tt {
	case html.TextToken:
		w.htmlText(z, tok)
	case html.StartTagToken, html.SelfClosingTagToken:
		if name, ok := bareTag(z.Raw(), false); ok && tt == html.StartTagToken {
			w.startTag(name, tagAttrs{}, false, tok)
			return
		}
		name, hasAttr := z.TagName()
		w.startTag(tagName(name), tokenAttrs(z, hasAttr), tt == html.SelfClosingTagToken, tok)
	case html.EndTagToken:
		if name, ok := bareTag(z.Raw(), true); ok {
			w.endTag(name)
			return
		}
		name, _ := z.TagName()
		w.endTag(tagName(name))
	case html.CommentToken:
		// Text decodes entities in place, over the bytes Raw returns: count the lines first.
		// (Found by FuzzParse: "<!-- a &nbsp; b" then a line break ended a line too late.)
		raw := bytes.Clone(z.Raw())
		w.comment(tok.start, raw, z.Text())
	}
}

// htmlText writes text to the current sink, unless it is script or style code.
func (w *walker) htmlText(z *html.Tokenizer, tok token) {
	sink := w.sink()
	if !sink.live() || len(w.stack) > 0 && w.stack[len(w.stack)-1].kind == elemRawText {
		return
	}
	if tok.content < tok.end {
		sink.mark(tok.content)
	}
	sink.text(z.Text())
}

// startTag handles a start tag.
func (w *walker) startTag(name string, a tagAttrs, selfClosing bool, tok token) {
	if blockElements[name] {
		if len(w.stack) > 0 && w.stack[len(w.stack)-1].name == "p" {
			w.closeTo(len(w.stack) - 1)
		}
		w.sink().brk()
	}
	switch name {
	case "table":
		w.sink().mark(tok.start)
		w.openTable(tok)
		return
	case "thead", "tbody", "tfoot", "tr", "td", "th":
		if len(w.tables) > 0 && !selfClosing {
			w.openTablePart(name, a, tok)
			return
		}
	}
	sink := w.sink()
	sink.mark(tok.start)
	switch {
	case name == "br":
		sink.brk()
		return
	case name == "img":
		sink.text([]byte(a.alt))
		return
	case voidElements[name] || selfClosing:
		return
	case name == "li":
		w.closeListItem()
	}
	e := element{name: name, pos: tok.start}
	switch {
	case name == "script" || name == "style":
		e.kind = elemRawText
	case name == "a":
		if a.hasHref {
			e.kind, e.buf, e.link = elemLink, sink, sink.openLink(a.href)
		}
	case headingLevels[name] > 0 && !sink.live():
		e.kind, e.buf, e.level = elemHeading, w.getBuf(), headingLevels[name]
		w.pushSink(e.buf)
	case (name == "p" || name == "li") && !sink.live():
		e.kind, e.buf = elemProse, w.getBuf()
		w.pushSink(e.buf)
	}
	w.push(e)
}

// endTag handles an end tag by closing the element it matches, with everything opened
// inside it. An end tag that matches nothing in scope is ignored, as browsers do.
func (w *walker) endTag(name string) {
	switch name {
	case "br":
		w.sink().brk()
		return
	case "table":
		if i := w.find(func(e element) bool { return e.kind == elemTable }, nil); i >= 0 {
			w.closeTo(i)
		}
		return
	}
	boundary := func(e element) bool { return e.kind == elemTable || e.kind == elemCell }
	switch name {
	case "thead", "tbody", "tfoot", "tr", "td", "th":
		boundary = func(e element) bool { return e.kind == elemTable }
	}
	if i := w.find(func(e element) bool { return e.name == name }, boundary); i >= 0 {
		w.closeTo(i)
	}
	if blockElements[name] {
		w.sink().brk()
	}
}

// find returns the index of the innermost open element that match accepts, searching
// outwards and stopping at an element that boundary accepts; -1 when there is none.
func (w *walker) find(match, boundary func(element) bool) int {
	for i := len(w.stack) - 1; i >= 0; i-- {
		if match(w.stack[i]) {
			return i
		}
		if boundary != nil && boundary(w.stack[i]) {
			return -1
		}
	}
	return -1
}

// closeListItem closes an open <li> when another starts.
func (w *walker) closeListItem() {
	i := w.find(func(e element) bool { return e.name == "li" }, func(e element) bool {
		return e.name == "ul" || e.name == "ol" || e.kind == elemTable || e.kind == elemCell
	})
	if i >= 0 {
		w.closeTo(i)
	}
}

// push opens an element, failing when that nests HTML too deeply.
func (w *walker) push(e element) bool {
	if len(w.stack) >= w.lim.nesting {
		w.fail(e.pos, fmt.Sprintf("html nesting deeper than %d levels", w.lim.nesting))
		return false
	}
	w.stack = append(w.stack, e)
	return true
}

// closeTo closes open elements, innermost first, until depth remain.
func (w *walker) closeTo(depth int) {
	for len(w.stack) > depth {
		e := w.stack[len(w.stack)-1]
		w.stack = w.stack[:len(w.stack)-1]
		w.closeElement(e)
	}
}

// closeElement finishes what an element's end means.
func (w *walker) closeElement(e element) {
	switch e.kind {
	case elemLink:
		e.buf.closeLink(e.link)
	case elemHeading:
		w.closeHeading(e)
	case elemProse:
		w.closeProse(e)
	case elemCell:
		w.closeCell(e)
	case elemRow:
		w.closeRow(e.table)
	case elemSection:
		e.table.inHead = false
		e.table.newSection()
	case elemTable:
		w.closeTable(e.table)
	}
}

// closeHeading turns an HTML heading into a Block and makes it the current heading.
func (w *walker) closeHeading(e element) {
	w.removeSink(e.buf)
	text, links := e.buf.result()
	w.putBuf(e.buf)
	w.heading = text
	if text == "" {
		return
	}
	w.page.Blocks = append(w.page.Blocks, Block{
		Kind:  Heading,
		Level: e.level,
		Text:  text,
		Links: links,
		Line:  w.idx.line(e.pos),
	})
}

// closeProse files the text of an HTML paragraph or list item as a block, as Markdown's are:
// "<p><em>Last updated: 30 April 2018</em></p>" dates a page written in HTML.
func (w *walker) closeProse(e element) {
	w.removeSink(e.buf)
	text, links := e.buf.result()
	w.putBuf(e.buf)
	if text == "" {
		return
	}
	kind := Paragraph
	if e.name == "li" {
		kind = ListItem
	}
	w.page.Blocks = append(w.page.Blocks, Block{Kind: kind, Text: text, Links: links, Line: w.idx.line(e.pos)})
}

// openTable opens an HTML table, taking its slot in Page.Tables.
func (w *walker) openTable(tok token) {
	t := &htmlTable{
		slot:     len(w.page.Tables),
		table:    Table{Format: "html", Heading: w.heading},
		tablePos: tok.start,
		outside:  &textBuf{first: -1, discard: true},
	}
	if !w.roomForTable(tok.start) || !w.push(element{name: "table", kind: elemTable, table: t, pos: tok.start}) {
		return
	}
	w.page.Tables = append(w.page.Tables, Table{})
	w.tables = append(w.tables, t)
	w.pushSink(t.outside)
}

// implicitEnds lists, for each table part, the open parts its start tag closes.
var implicitEnds = map[string][]elemKind{
	"thead": {elemSection, elemRow, elemCell},
	"tbody": {elemSection, elemRow, elemCell},
	"tfoot": {elemSection, elemRow, elemCell},
	"tr":    {elemRow, elemCell},
	"td":    {elemCell},
	"th":    {elemCell},
}

// openTablePart opens a section, row or cell of the innermost open table, first closing
// what its start implies is finished: a new cell ends the open cell, a new row the open
// row, a new section the open section. a are the attributes of a cell.
func (w *walker) openTablePart(name string, a tagAttrs, tok token) {
	t := w.tables[len(w.tables)-1]
	w.closeOutermostInTable(implicitEnds[name])
	e := element{name: name, table: t, pos: tok.start}
	switch name {
	case "thead", "tbody", "tfoot":
		e.kind = elemSection
		if w.push(e) {
			t.inHead = name == "thead"
			t.newSection()
		}
	case "tr":
		e.kind = elemRow
		if w.push(e) {
			t.row = t.newRow(tok.start)
		}
	default:
		w.openCell(t, e, a, tok)
	}
}

// newSection makes the rows that follow a new section of t, out of reach of the rowspans
// before.
func (t *htmlTable) newSection() {
	t.carries, t.spans, t.next, t.sectionRows = t.carries[:0], t.spans[:0], 0, 0
}

// newRow returns a new row of t whose <tr> tag, or first cell, is at offset pos.
func (t *htmlTable) newRow(pos int) *htmlRow {
	t.next, t.spans = 0, t.spans[:0]
	r := &htmlRow{pos: pos, index: t.sectionRows, inHead: t.inHead, allTH: true}
	t.sectionRows++
	if t.width > 0 {
		r.cells = make([]Cell, 0, t.width)
	}
	return r
}

// getCell returns a new open cell, reusing one putCell gave back if there is one.
func (w *walker) getCell(after int, th bool) *htmlCell {
	if n := len(w.freeCells); n > 0 {
		c := w.freeCells[n-1]
		w.freeCells = w.freeCells[:n-1]
		*c = htmlCell{buf: c.buf, after: after, th: th}
		return c
	}
	return &htmlCell{buf: newTextBuf(), after: after, th: th}
}

// putCell gives back a closed cell, for getCell to reuse with its text buffer.
func (w *walker) putCell(c *htmlCell) {
	c.buf.reset()
	w.freeCells = append(w.freeCells, c)
}

// openCell opens a cell, and before it a row when the <tr> was left out.
func (w *walker) openCell(t *htmlTable, e element, a tagAttrs, tok token) {
	inRow := w.find(func(e element) bool { return e.kind == elemRow }, func(e element) bool { return e.kind == elemTable })
	if inRow < 0 {
		if !w.push(element{name: "tr", kind: elemRow, table: t, pos: tok.start}) {
			return
		}
		t.row = t.newRow(tok.start)
	}
	e.kind = elemCell
	e.cell = w.getCell(tok.end, e.name == "th")
	e.cell.cols = max(1, min(a.colspan, w.lim.columns))
	e.cell.rows = max(1, min(a.rowspan, w.lim.rows))
	if a.rowsToEnd {
		e.cell.rows = spanToEnd
	}
	if w.push(e) {
		w.pushSink(e.cell.buf)
	}
}

// closeOutermostInTable closes the outermost open element of one of kinds within the
// innermost table, with everything inside it.
func (w *walker) closeOutermostInTable(kinds []elemKind) {
	found := -1
	for i := len(w.stack) - 1; i >= 0 && w.stack[i].kind != elemTable; i-- {
		for _, k := range kinds {
			if w.stack[i].kind == k {
				found = i
			}
		}
	}
	if found >= 0 {
		w.closeTo(found)
	}
}

// closeCell appends a finished cell to its row, once for each column it spans, after the
// cells that rowspans of earlier rows carry into the columns before it. Its position is that
// of its first content, or just after its start tag when it has none.
func (w *walker) closeCell(e element) {
	c := e.cell
	w.removeSink(c.buf)
	defer w.putCell(c)
	t := e.table
	row := t.row
	if row == nil {
		return
	}
	pos := c.buf.first
	if pos < 0 {
		pos = c.after
	}
	if !w.placeCarries(t, row, false) || !w.roomForCell(row) {
		return
	}
	text, links := c.buf.result()
	line, col := w.idx.position(pos)
	cell := Cell{Line: line, Column: col, Text: text, Links: links}
	row.allTH = row.allTH && c.th
	for k := range c.cols {
		if k > 0 && (!w.roomForCell(row) || !w.roomForCopy(t, row)) {
			return
		}
		if c.rows != 1 {
			last := row.index + c.rows - 1
			if c.rows == spanToEnd {
				last = math.MaxInt
			}
			t.spans = append(t.spans, carry{col: len(row.cells), last: last, th: c.th, cell: cell})
		}
		row.cells = append(row.cells, cell) // the copies share the links
	}
}

// roomForCell reports whether row may have one more cell, and fails when not.
func (w *walker) roomForCell(row *htmlRow) bool {
	if len(row.cells) >= w.lim.columns {
		w.fail(row.pos, fmt.Sprintf("table row has more than %d cells; split the table into narrower tables", w.lim.columns))
		return false
	}
	return true
}

// roomForCopy reports whether a span may add one more cell to table t, whose open row is
// row, and counts it; it fails when not. The cells that spans add, a table's and a file's,
// are bounded by lim.cells apart from its rows times its header's columns: a short row padded
// to the header's width costs as many cells either way.
func (w *walker) roomForCopy(t *htmlTable, row *htmlRow) bool {
	t.copies++
	w.copies++
	switch {
	case t.copies > w.lim.cells:
		pos := row.pos // the open row, when it would be the header
		switch {
		case t.hasHeader:
			pos = t.headerPos
		case len(t.rowPos) > 0:
			pos = t.rowPos[0]
		}
		w.fail(pos, fmt.Sprintf("table has more than %d cells (rows times the header's columns); split it into smaller tables", w.lim.cells))
		return false
	case w.copies > w.lim.cells:
		w.fail(row.pos, totalMsg(w.lim, w.rows, false))
		return false
	}
	return true
}

// placeCarries adds to row, the open row of t, the cells that rowspans of earlier rows of its
// section carry into it: those in its next columns, up to the first column no carry fills,
// or, at the end of the row, all that remain, with an empty cell placed at the row's start tag
// in each column between them that no cell fills. A carry whose column a cell of the row
// already fills (one with a colspan) is passed over.
func (w *walker) placeCarries(t *htmlTable, row *htmlRow, end bool) bool {
	for ; t.next < len(t.carries); t.next++ {
		c := &t.carries[t.next]
		switch {
		case c.last < row.index || c.col < len(row.cells):
			continue
		case c.col > len(row.cells) && !end:
			return true
		}
		for len(row.cells) < c.col {
			if !w.roomForCopy(t, row) {
				return false
			}
			line, col := w.idx.position(row.pos)
			row.cells = append(row.cells, Cell{Line: line, Column: col})
		}
		if !w.roomForCell(row) || !w.roomForCopy(t, row) {
			return false
		}
		row.cells = append(row.cells, c.cell)
		row.allTH = row.allTH && c.th
	}
	return true
}

// mergeSpans makes the carries of t, after its row of index i in the section is filed, those
// of earlier rows that reach past it and those its own cells start; a cell of the row
// replaces an earlier carry in its column.
func (t *htmlTable) mergeSpans(i int) {
	merged := t.spare[:0]
	old, spans := t.carries, t.spans
	for len(old) > 0 || len(spans) > 0 {
		switch {
		case len(old) > 0 && old[0].last <= i:
			old = old[1:]
		case len(spans) == 0 || len(old) > 0 && old[0].col < spans[0].col:
			merged = append(merged, old[0])
			old = old[1:]
		case len(old) > 0 && old[0].col == spans[0].col:
			old = old[1:]
		default:
			merged = append(merged, spans[0])
			spans = spans[1:]
		}
	}
	t.spare, t.carries, t.spans, t.next = t.carries[:0], merged, t.spans[:0], 0
}

// closeRow files the finished row of t: the first row inside <thead> or made only of <th>
// cells is the header, the others are body rows. A row without cells of its own is dropped,
// though the rowspans of rows above fill it as they would any row. Rowspans fill the columns
// a row's own cells leave free in turn.
func (w *walker) closeRow(t *htmlTable) {
	r := t.row
	t.row = nil
	if r == nil || len(r.cells) == 0 {
		return
	}
	if !w.placeCarries(t, r, true) {
		return
	}
	t.mergeSpans(r.index)
	t.width = len(r.cells)
	row := Row{Line: w.idx.line(r.pos), Cells: r.cells}
	switch {
	case !t.hasHeader && (r.inHead || r.allTH):
		t.hasHeader, t.headerPos, t.table.Header = true, r.pos, row
	default:
		// Without a header row so far, the first row will be the header.
		if body := len(t.table.Rows) + 1; body > w.lim.rows && (t.hasHeader || body > w.lim.rows+1) {
			pos := t.rowPos[0]
			if t.hasHeader {
				pos = t.headerPos
			}
			w.fail(pos, fmt.Sprintf("table has more than %d rows; split it into smaller tables", w.lim.rows))
			return
		}
		t.table.Rows = append(t.table.Rows, row)
		t.rowPos = append(t.rowPos, r.pos)
	}
}

// closeTable stores a finished table in its slot. Without a <thead> or all-<th> row its
// first row is the header. The table's position is that of its header row's start tag, or
// of the <table> tag when it has no rows. A body row with fewer cells than the header is
// padded with empty cells placed at the row's start tag, as a pipe table's is at the row's
// end, so that every column of the header has a cell in every row.
func (w *walker) closeTable(t *htmlTable) {
	w.removeSink(t.outside)
	w.sink().brk()
	w.tables = w.tables[:len(w.tables)-1]
	if !t.hasHeader && len(t.table.Rows) > 0 {
		t.table.Header = t.table.Rows[0]
		t.table.Rows = t.table.Rows[1:]
		t.hasHeader, t.headerPos = true, t.rowPos[0]
		t.rowPos = t.rowPos[1:]
	}
	pos := t.tablePos
	if t.hasHeader {
		pos = t.headerPos
	}
	width := len(t.table.Header.Cells)
	if len(t.table.Rows) > 0 && width > w.lim.cells/len(t.table.Rows) {
		w.fail(pos, fmt.Sprintf("table has more than %d cells (rows times the header's columns); split it into smaller tables", w.lim.cells))
		return
	}
	if !w.roomForRows(pos, len(t.table.Rows), width) {
		return
	}
	for i := range t.table.Rows {
		r := &t.table.Rows[i]
		if len(r.Cells) >= width {
			continue
		}
		line, col := w.idx.position(t.rowPos[i])
		for len(r.Cells) < width {
			r.Cells = append(r.Cells, Cell{Line: line, Column: col})
		}
	}
	t.table.Line, t.table.Column = w.idx.position(pos)
	if len(t.table.Rows) == 0 {
		t.table.Rows = nil
	}
	w.page.Tables[t.slot] = t.table
}
