package markdown

import (
	"bytes"
	"fmt"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown is the goldmark configuration: CommonMark plus GFM pipe tables, strikethrough and
// bare-URL links. Its parser is safe for concurrent use.
//
// Pipe tables come from pipeTableTransformer, at extension.Table's priority, rather than from
// extension.Table: it finds the same tables but leaves most cells to the walker (see
// pipeTableNode). extension.Table's HTML renderer is not needed, and neither is its AST
// transformer, which takes the backslash out of "\|" in code spans in cells but is quadratic
// in the number of such cells; the walker does that itself.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.Strikethrough, extension.Linkify),
	goldmark.WithParserOptions(
		parser.WithInlineParsers(util.Prioritized(guard{}, 0)),
		parser.WithParagraphTransformers(
			util.Prioritized(paragraphGuard{early: true}, 0), // before link reference definitions (100)
			util.Prioritized(pipeTableTransformer{}, 200),    // extension.Table's priority
			util.Prioritized(paragraphGuard{}, 1000),         // after tables
		),
	),
)

// parseMarkdown parses src with goldmark. A panic inside goldmark becomes an error, so that
// Parse never panics. So does a parse that goes on past deadline, lim.timeout after the start
// of the file's parse: goldmark cannot be interrupted, so it is left to end at the guard's next
// check, its result unused.
func parseMarkdown(src []byte, idx *lineIndex, lim limits, deadline time.Time) (ast.Node, error) {
	type result struct {
		doc ast.Node
		err error
	}
	state := &guardState{lim: lim}
	done := make(chan result, 1)
	go func() {
		defer func() {
			switch r := recover().(type) {
			case nil, guardStop:
			case guardLimit:
				done <- result{err: idx.errorAt(r.off, r.msg)}
			default:
				done <- result{err: &PosError{Line: 1, Column: 1, Msg: fmt.Sprintf("markdown parser failed: %v", r)}}
			}
		}()
		pc := parser.NewContext()
		pc.Set(guardKey, state)
		done <- result{doc: markdown.Parser().Parse(text.NewReader(src), parser.WithContext(pc))}
	}()
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case r := <-done:
		return r.doc, r.err
	case <-timer.C:
		state.stop.Store(true)
		return nil, &PosError{Line: 1, Column: 1, Msg: fmt.Sprintf(
			"the Markdown parser did not finish within %v; the page has a structure it is slow on, such as thousands of unclosed links or reference definitions in one paragraph", lim.timeout)}
	}
}

// walker turns a goldmark document into a Page. It visits nodes in document order and keeps
// the state that spans nodes: the current heading, the open HTML elements (HTML tables may
// be split over several HTML blocks with Markdown in between), and the stack of text sinks.
type walker struct {
	src     []byte
	idx     *lineIndex
	page    *Page
	heading string // text of the nearest heading so far

	// sinks receive inline text; the top one is current. A block pushes its own buffer,
	// an open HTML cell or heading pushes one, and an open HTML table pushes a discarding
	// one for the text between its cells.
	sinks []*textBuf

	stack  []element    // open HTML elements, outermost first
	tables []*htmlTable // open HTML tables, outermost first
	rows   int          // body rows of the tables so far, pipe and HTML
	cells  int          // and their cells, rows times header columns
	copies int          // cells that HTML colspans and rowspans added (see roomForCopy)

	// Reused buffers for pipe table rows.
	cell        textBuf
	cellSegs    []pipeCell
	simpleLinks [][2]int    // the text of each link of a simple cell in cell.b
	simpleDests [][]byte    // the destination of each link of a simple cell
	inCell      bool        // rendering a pipe table cell
	complex     ast.Node    // the next cell of the current pipe table that goldmark parsed
	strs        strArena    // texts of pipe table cells and links
	links       []Link      // links of pipe table cells (see linkSlab)
	freeBufs    []*textBuf  // text buffers to reuse (see getBuf)
	freeCells   []*htmlCell // HTML table cells to reuse (see getCell)

	lim      limits
	deadline time.Time // when the file's Markdown parsers must have finished (see parseMarkdown)
	nested   bool      // walking the Markdown of an HTML wrapper (see markdownRun)
	err      error

	// afterTable is the last pipe table, when the blocks walked since are at most HTML comments
	// and paragraphs of rows cut off from it (see strayRows).
	afterTable tableEnd
	rowFlags   []bool // reused by strayRows
}

// newWalker returns a walker that fills page from the normalised source src.
func newWalker(src []byte, idx *lineIndex, page *Page, lim limits) *walker {
	return &walker{src: src, idx: idx, page: page, cell: textBuf{first: -1}, lim: lim}
}

// roomForRows reports whether the page may have n more table rows of cols cells each, those
// of the table at offset off, and counts them; it fails when not.
func (w *walker) roomForRows(off, n, cols int) bool {
	w.rows += n
	w.cells += n * cols
	if w.rows > w.lim.totalRows || w.cells > w.lim.cells {
		w.fail(off, totalMsg(w.lim, w.rows, false))
		return false
	}
	return true
}

// roomForTable reports whether the page may have one more table, the one at offset off,
// and fails when it already has as many tables as the limit allows.
func (w *walker) roomForTable(off int) bool {
	if len(w.page.Tables) >= w.lim.tables {
		w.fail(off, fmt.Sprintf("more than %d tables in one file; split the page", w.lim.tables))
		return false
	}
	return true
}

// document walks the whole document, then closes any HTML elements left open.
func (w *walker) document(doc ast.Node) error {
	w.children(doc)
	w.closeTo(0)
	return w.err
}

// fail records the first error, at source offset off.
func (w *walker) fail(off int, msg string) {
	if w.err == nil {
		w.err = w.idx.errorAt(off, msg)
	}
}

// children walks the block children of n.
func (w *walker) children(n ast.Node) {
	for c := n.FirstChild(); c != nil && w.err == nil; c = c.NextSibling() {
		w.block(c)
	}
}

// block walks one block node.
func (w *walker) block(n ast.Node) {
	switch n := n.(type) {
	case *ast.Heading:
		w.afterTable = tableEnd{}
		w.leaf(n, Heading, n.Level)
	case *ast.Paragraph, *ast.TextBlock:
		w.strayRows(n)
		w.leaf(n, Paragraph, 0)
	case *ast.ListItem:
		w.listItem(n)
	case *ast.HTMLBlock:
		w.htmlBlock(n)
	case *pipeTableNode:
		w.pipeTable(n)
	case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.ThematicBreak:
		// No prose here.
		w.afterTable = tableEnd{}
	default:
		w.children(n)
	}
}

// listItem walks a list item; its first paragraph is the list item's own text.
func (w *walker) listItem(li *ast.ListItem) {
	first := true
	for c := li.FirstChild(); c != nil && w.err == nil; c = c.NextSibling() {
		switch c.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			if first {
				first = false
				w.strayRows(c)
				w.leaf(c, ListItem, 0)
				continue
			}
		}
		w.block(c)
	}
}

// blockStart returns the offset of the first character of block n.
func blockStart(n ast.Node) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	if n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	return 0
}

// leaf renders a heading, paragraph or list item. Inside an open HTML cell or heading its
// text goes there, on a line of its own; otherwise it becomes a Block.
func (w *walker) leaf(n ast.Node, kind BlockKind, level int) {
	start := blockStart(n)
	if top := w.sink(); top.live() {
		top.brk()
		top.mark(start)
		w.inlineBlock(n)
		return
	}
	buf := w.getBuf()
	w.pushSink(buf)
	w.inlineBlock(n)
	w.removeSink(buf)
	text, links := buf.result()
	w.putBuf(buf)
	if kind == Heading {
		w.heading = text
	}
	if text == "" {
		return
	}
	w.page.Blocks = append(w.page.Blocks, Block{
		Kind:  kind,
		Level: level,
		Text:  text,
		Links: links,
		Line:  w.idx.line(start),
	})
}

// inlineBlock renders the inline content of n into the current sink. HTML elements opened
// inside it are closed at its end, as a browser closes them at the end of the paragraph.
func (w *walker) inlineBlock(n ast.Node) {
	depth := len(w.stack)
	w.inlines(n)
	w.closeTo(depth)
}

// inlines renders the inline children of n.
func (w *walker) inlines(n ast.Node) {
	for c := n.FirstChild(); c != nil && w.err == nil; c = c.NextSibling() {
		w.inline(c)
	}
}

// inline renders one inline node into the current sink.
func (w *walker) inline(n ast.Node) {
	switch n := n.(type) {
	case *ast.Text:
		w.textNode(n)
	case *ast.String:
		w.sink().text(n.Value)
	case *ast.Link:
		sink := w.sink()
		h := sink.openLink(string(decodeInline(n.Destination)))
		w.inlines(n)
		sink.closeLink(h)
	case *ast.AutoLink:
		w.autoLink(n)
	case *ast.RawHTML:
		w.rawHTML(n.Segments)
	default: // emphasis, strikethrough, code spans, image alt text
		w.inlines(n)
	}
}

// textNode renders a text node: escapes and references resolved unless it is raw (code),
// a soft line break as a space and a hard one as a line break. In a pipe table cell, "\|"
// is a pipe even in code.
func (w *walker) textNode(n *ast.Text) {
	sink := w.sink()
	value := n.Segment.Value(w.src)
	switch {
	case !n.IsRaw():
		value = decodeInline(value)
	case w.inCell:
		value = bytes.ReplaceAll(value, []byte(`\|`), []byte("|"))
	}
	sink.text(value)
	switch {
	case n.HardLineBreak():
		sink.brk()
	case n.SoftLineBreak():
		sink.space()
	}
}

// autoLink renders an autolink or a bare URL: its text is the URL as written.
func (w *walker) autoLink(n *ast.AutoLink) {
	sink := w.sink()
	label := n.Label(w.src)
	url := string(n.URL(w.src))
	if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(n.URL(w.src)), []byte("mailto:")) {
		url = "mailto:" + url
	}
	h := sink.openLink(url)
	sink.text(label)
	sink.closeLink(h)
}

// pipeTable converts a GFM pipe table. Its slot in Page.Tables is taken before its cells are
// rendered, because HTML inside a cell could open further tables. The cells of all rows share
// one allocation, and so do the texts of many rows' cells and links (see strArena).
func (w *walker) pipeTable(t *pipeTableNode) {
	start := w.skipBlanks(t.header.Start)
	switch {
	case t.columns > w.lim.columns:
		w.fail(start, fmt.Sprintf("table has %d columns, more than the limit of %d; split it into narrower tables", t.columns, w.lim.columns))
		return
	case len(t.rows) > w.lim.rows:
		w.fail(start, fmt.Sprintf("table has more than %d rows; split it into smaller tables", w.lim.rows))
		return
	case !w.roomForRows(start, len(t.rows), t.columns):
		return
	}
	if !w.roomForTable(start) {
		return
	}
	slot := len(w.page.Tables)
	w.page.Tables = append(w.page.Tables, Table{})
	tbl := Table{Format: "markdown", Heading: w.heading}
	if len(t.rows) > 0 {
		tbl.Rows = make([]Row, 0, len(t.rows))
	}
	slab := make([]Cell, (len(t.rows)+1)*t.columns)
	if cap(w.strs.buf) == 0 {
		// The texts take about as many bytes as the rows, and are flushed past strChunk.
		size := t.header.Stop - t.header.Start
		if len(t.rows) > 0 {
			size = t.rows[len(t.rows)-1].Stop - t.header.Start
		}
		w.strs.buf = make([]byte, 0, min(size, 2*strChunk))
	}
	w.complex = t.FirstChild()
	tbl.Header = w.pipeRow(t, t.header, true, slab[:0:t.columns])
	slab = slab[t.columns:]
	tbl.Line, tbl.Column = w.idx.position(start)
	for _, r := range t.rows {
		if w.err != nil {
			break
		}
		tbl.Rows = append(tbl.Rows, w.pipeRow(t, r, false, slab[:0:t.columns]))
		slab = slab[t.columns:]
		if len(w.strs.buf) >= strChunk {
			w.strs.flush()
		}
	}
	w.strs.flush()
	w.complex = nil
	w.page.Tables[slot] = tbl
	last := tbl.Line + 1 // the delimiter row
	if n := len(tbl.Rows); n > 0 {
		last = tbl.Rows[n-1].Line
	}
	w.afterTable = tableEnd{line: tbl.Line, last: last}
}

// pipeRow converts the pipe table row of table t whose line is seg, appending its cells to
// cells.
func (w *walker) pipeRow(t *pipeTableNode, seg text.Segment, header bool, cells []Cell) Row {
	start := w.skipBlanks(seg.Start)
	l := w.idx.lineOf(start)
	row := Row{Line: w.idx.lineNumber(l)}
	w.cellSegs = splitPipeRow(w.src, seg, t.columns, header, w.cellSegs[:0])
	end := -1 // end of the row's content, found when a cell is missing
	for _, c := range w.cellSegs {
		if w.err != nil {
			break
		}
		var pos int
		if !c.present {
			if end < 0 {
				end = w.rowEnd(start)
			}
			pos = end
		} else {
			pos = w.cellStart(c.seg, start)
		}
		var line, col int
		if w.idx.onLine(l, pos) { // always: a row is one line
			line, col = w.idx.lineNumber(l), w.idx.column(l, pos)
		} else {
			line, col = w.idx.position(pos)
		}
		cells = append(cells, Cell{Line: line, Column: col})
		cell := &cells[len(cells)-1]
		w.cell.reset()
		switch {
		case !c.present:
		case w.complex != nil && w.complex.Lines().At(0).Start == c.seg.Start:
			// pipeTableTransformer left this cell to goldmark.
			w.pushSink(&w.cell)
			w.inCell = true
			w.inlineBlock(w.complex)
			w.inCell = false
			w.removeSink(&w.cell)
			w.complex = w.complex.NextSibling()
			w.strs.addCollapsed(&cell.Text, w.cell.b)
			if len(w.cell.links) > 0 {
				cell.Links = w.linkSlab(len(w.cell.links))
				copy(cell.Links, w.cell.links)
			}
		default:
			w.simpleCell(cell, w.src[c.seg.Start:c.seg.Stop])
		}
	}
	if n := len(w.cellSegs); n > 0 && w.cellSegs[n-1].present {
		// GFM drops cells past the header's; comments written there still count.
		w.trailingComments(w.cellSegs[n-1].seg.Stop, start)
	}
	row.Cells = cells
	return row
}

// simpleCell renders a simple cell (see simpleCell) whose content is b into cell, as
// rendering what goldmark makes of it would: text with its escapes and references resolved,
// a line break for each <br> tag, and links.
func (w *walker) simpleCell(cell *Cell, b []byte) {
	t := &w.cell
	links := w.simpleLinks[:0]
	for i := 0; i < len(b); {
		tok := nextSimpleToken(b[i:])
		switch tok.kind {
		case tokenText:
			t.text(decodeInline(tok.text))
		case tokenBreak:
			t.brk()
		case tokenLink:
			from := len(t.b)
			t.text(decodeInline(tok.text))
			links = append(links, [2]int{from, len(t.b)})
			w.simpleDests = append(w.simpleDests, tok.dest)
		default:
			i = len(b) // not simple: cannot happen
			continue
		}
		i += tok.n
	}
	w.strs.addCollapsed(&cell.Text, t.b)
	if len(links) > 0 {
		cell.Links = w.linkSlab(len(links))
		for k, l := range links {
			w.strs.add(&cell.Links[k].URL, decodeInline(w.simpleDests[k]))
			w.strs.addCollapsed(&cell.Links[k].Text, t.b[l[0]:l[1]])
		}
	}
	w.simpleLinks, w.simpleDests = links, w.simpleDests[:0]
}

// linkSlab returns room for n links, carved out of a shared allocation.
func (w *walker) linkSlab(n int) []Link {
	if cap(w.links)-len(w.links) < n {
		// Small pages get small chunks: each is twice the last, up to linkChunk.
		w.links = make([]Link, 0, max(n, min(2*cap(w.links), linkChunk), 4))
	}
	l := w.links[len(w.links) : len(w.links)+n : len(w.links)+n]
	w.links = w.links[:len(w.links)+n]
	return l
}

// linkChunk is the number of links allocated at once for pipe table cells.
const linkChunk = 256

// cellStart returns the position of a pipe table cell whose trimmed content is seg: its first
// character, or for an empty cell the position just after the pipe that opens it.
func (w *walker) cellStart(seg text.Segment, rowStart int) int {
	if seg.Start < seg.Stop {
		return seg.Start
	}
	i := seg.Start
	for i > rowStart && isBlank(w.src[i-1]) {
		i--
	}
	return i
}

// rowEnd returns the offset just after the last non-blank character of the row starting at
// start; cells a short row lacks are placed there.
func (w *walker) rowEnd(start int) int {
	end := bytes.IndexByte(w.src[start:], '\n')
	if end < 0 {
		end = len(w.src)
	} else {
		end += start
	}
	for end > start && isBlank(w.src[end-1]) {
		end--
	}
	return end
}

// skipBlanks returns the offset of the first non-blank byte at or after off on its line.
func (w *walker) skipBlanks(off int) int {
	off = max(0, min(off, len(w.src)))
	for off < len(w.src) && isBlank(w.src[off]) {
		off++
	}
	return off
}

// isBlank reports whether c is white space within a line.
func isBlank(c byte) bool {
	return c != '\n' && util.IsSpace(c)
}

// sink returns the current text sink, nil when there is none.
func (w *walker) sink() *textBuf {
	if len(w.sinks) == 0 {
		return nil
	}
	return w.sinks[len(w.sinks)-1]
}

// getBuf returns an empty text buffer, one putBuf gave back if there is one.
func (w *walker) getBuf() *textBuf {
	if n := len(w.freeBufs); n > 0 {
		t := w.freeBufs[n-1]
		w.freeBufs = w.freeBufs[:n-1]
		return t
	}
	return newTextBuf()
}

// putBuf gives back a text buffer nothing uses any more, for getBuf to reuse.
func (w *walker) putBuf(t *textBuf) {
	t.reset()
	w.freeBufs = append(w.freeBufs, t)
}

// pushSink makes t the current sink.
func (w *walker) pushSink(t *textBuf) {
	w.sinks = append(w.sinks, t)
}

// removeSink removes t from the sink stack, wherever it is: an HTML cell may be closed
// while a block's buffer is above it.
func (w *walker) removeSink(t *textBuf) {
	for i := len(w.sinks) - 1; i >= 0; i-- {
		if w.sinks[i] == t {
			w.sinks = append(w.sinks[:i], w.sinks[i+1:]...)
			return
		}
	}
}
