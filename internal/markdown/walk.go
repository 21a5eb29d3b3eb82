package markdown

import (
	"bytes"
	"fmt"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown is the goldmark configuration: CommonMark plus GFM pipe tables, strikethrough and
// bare-URL links. Its parser is safe for concurrent use.
var markdown = goldmark.New(
	goldmark.WithExtensions(pipeTables{}, extension.Strikethrough, extension.Linkify),
	goldmark.WithParserOptions(
		parser.WithInlineParsers(util.Prioritized(guard{}, 0)),
		parser.WithParagraphTransformers(
			util.Prioritized(paragraphGuard{early: true}, 0), // before link reference definitions (100)
			util.Prioritized(paragraphGuard{}, 1000),         // after tables (200)
		),
	),
)

// pipeTables is extension.Table without its HTML renderer, which Parse does not need, and
// without its AST transformer, which takes the backslash out of "\|" in code spans in cells
// but is quadratic in the number of such cells; the walker does that itself.
type pipeTables struct{}

// Extend adds the GFM table paragraph transformer to m, at extension.Table's priority.
func (pipeTables) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithParagraphTransformers(
		util.Prioritized(extension.NewTableParagraphTransformer(), 200),
	))
}

// parseMarkdown parses src with goldmark. A panic inside goldmark becomes an error, so that
// Parse never panics. So does a parse that takes longer than lim.timeout: goldmark cannot be
// interrupted, so it is left to end at the guard's next check, its result unused.
func parseMarkdown(src []byte, idx *lineIndex, lim limits) (ast.Node, error) {
	type result struct {
		doc ast.Node
		err error
	}
	state := &guardState{maxLines: lim.paragraphLines, maxDefs: lim.definitions, maxMarks: lim.emphasis, maxScan: lim.linkScan}
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
	timer := time.NewTimer(lim.timeout)
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

	// Reused buffers for pipe table rows.
	cell    textBuf
	rowText []byte
	rowEnds []int
	inCell  bool // rendering a pipe table cell

	lim limits
	err error
}

// newWalker returns a walker that fills page from the normalised source src.
func newWalker(src []byte, idx *lineIndex, page *Page, lim limits) *walker {
	return &walker{src: src, idx: idx, page: page, cell: textBuf{first: -1}, lim: lim}
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
		w.leaf(n, Heading, n.Level)
	case *ast.Paragraph, *ast.TextBlock:
		w.leaf(n, Paragraph, 0)
	case *ast.ListItem:
		w.listItem(n)
	case *ast.HTMLBlock:
		w.htmlBlock(n)
	case *east.Table:
		w.pipeTable(n)
	case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.ThematicBreak:
		// No prose here.
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
	buf := newTextBuf()
	w.pushSink(buf)
	w.inlineBlock(n)
	w.removeSink(buf)
	text, links := buf.result()
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
// one allocation.
func (w *walker) pipeTable(t *east.Table) {
	start := 0
	if t.FirstChild() != nil {
		start = w.skipBlanks(t.FirstChild().Pos())
	}
	nrows := t.ChildCount()
	switch {
	case len(t.Alignments) > w.lim.columns:
		w.fail(start, fmt.Sprintf("table has %d columns, more than the limit of %d; split it into narrower tables", len(t.Alignments), w.lim.columns))
		return
	case nrows-1 > w.lim.rows:
		w.fail(start, fmt.Sprintf("table has more than %d rows; split it into smaller tables", w.lim.rows))
		return
	}
	if !w.roomForTable(start) {
		return
	}
	slot := len(w.page.Tables)
	w.page.Tables = append(w.page.Tables, Table{})
	tbl := Table{Format: "markdown", Heading: w.heading}
	if nrows > 1 {
		tbl.Rows = make([]Row, 0, nrows-1)
	}
	slab := make([]Cell, 0, nrows*len(t.Alignments))
	for r := t.FirstChild(); r != nil && w.err == nil; r = r.NextSibling() {
		start := w.skipBlanks(r.Pos())
		n := min(r.ChildCount(), cap(slab)-len(slab))
		row := w.pipeRow(r, start, slab[len(slab):len(slab):len(slab)+n])
		slab = slab[:len(slab)+n]
		if _, ok := r.(*east.TableHeader); ok {
			tbl.Header = row
			tbl.Line, tbl.Column = w.idx.position(start)
			continue
		}
		tbl.Rows = append(tbl.Rows, row)
	}
	w.page.Tables[slot] = tbl
}

// pipeRow converts a pipe table row whose first character is at offset start, appending its
// cells to cells. The texts of a row's cells share one string.
func (w *walker) pipeRow(r ast.Node, start int, cells []Cell) Row {
	row := Row{Line: w.idx.line(start)}
	texts, ends := w.rowText[:0], w.rowEnds[:0]
	end := -1 // end of the row's content, found when a cell is missing
	for c := r.FirstChild(); c != nil && w.err == nil; c = c.NextSibling() {
		var pos int
		if c.Lines().Len() == 0 {
			if end < 0 {
				end = w.rowEnd(start)
			}
			pos = end
		} else {
			pos = w.cellStart(c.Lines().At(0), start)
		}
		w.cell.reset()
		w.pushSink(&w.cell)
		w.inCell = true
		w.inlineBlock(c)
		w.inCell = false
		w.removeSink(&w.cell)
		texts = appendCollapsed(texts, w.cell.b)
		ends = append(ends, len(texts))
		line, col := w.idx.position(pos)
		cells = append(cells, Cell{Line: line, Column: col, Links: w.cell.linksCopy()})
	}
	if last := r.LastChild(); last != nil && last.Lines().Len() > 0 {
		// GFM drops cells past the header's; comments written there still count.
		w.trailingComments(last.Lines().At(0).Stop, start)
	}
	all, from := string(texts), 0
	for i, to := range ends {
		cells[i].Text = all[from:to]
		from = to
	}
	w.rowText, w.rowEnds = texts, ends
	row.Cells = cells
	return row
}

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
