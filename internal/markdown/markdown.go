// Package markdown turns a Markdown file into what later stages need: its tables (GFM pipe
// tables and HTML <table> blocks) with a 1-based line and column for every row and cell, its
// front matter, and its text blocks (headings, paragraphs, list items) with their lines.
// It knows nothing about subprocessors.
//
// Lines and columns are 1-based. Columns count Unicode characters (a tab counts as one), and
// refer to the file as its user sees it: CRLF, lone CR and LF each end a line, and a leading
// UTF-8 byte order mark is not counted.
//
// Markdown is CommonMark with GFM pipe tables, strikethrough and bare-URL links. VitePress
// custom container fences ("::: info", ":::") end paragraphs, so a table written directly
// between them is still a table; the fence lines, titles included, are not text.
//
// HTML is read as a browser would, loosely: end tags may be left out, elements may be split
// over several HTML blocks with Markdown between them (text of Markdown blocks inside an
// HTML cell is part of that cell), and an HTML heading counts as a heading.
//
// Markdown inside an HTML or JSX wrapper is read as MDX sites (Docusaurus, Nextra) read it.
// CommonMark makes "<div className=\"table-wrapper\">", or "<Tabs>" and "<TabItem value=\"eu\">",
// followed directly by a pipe table, with no blank line, one HTML block, table included. Parse
// reads each run of lines of such a block between its tag lines (lines that start with a tag,
// or inside one, a comment, or a script, style, pre, textarea or code element) as Markdown of
// its own whenever a line with a "|" in it is followed by a delimiter row there: the
// indentation of its lines is taken away (MDX has no indented code), its table is a Table like
// any other, with the lines and columns of the file and the heading above, and its other
// Markdown (a paragraph before the table, say) gives Blocks too. It is read with the limits of
// the file, and the pre-pass over the file bounds it. Runs without a delimiter row, and runs
// where HTML text is expected (inside an HTML table, cell or heading), stay HTML text. Elements
// opened in the Markdown of a run are closed at its end.
//
// Lines that look like pipe table rows but that GitHub shows as text are reported as
// StrayRows: a would-be table whose delimiter row has a different number of cells than its
// header, rows without a delimiter row, rows cut off from the table above by a blank line or
// an HTML comment, and rows directly above a table's header row. See StrayRow.
package markdown

import (
	"fmt"
	"time"
)

// Page is a parsed Markdown file.
type Page struct {
	// FrontMatter is the parsed YAML or TOML front matter, nil when the file has none and empty
	// when it is empty. Its values can be marshalled as JSON: nested mappings are
	// map[string]any, a date is a "2006-01-02" string and a timestamp an RFC 3339 one.
	FrontMatter map[string]any
	// Blocks are the headings, paragraphs and list items outside tables, in document order;
	// HTML headings, <p> and <li> elements outside tables count as those too.
	Blocks []Block
	// Tables are all tables in document order, wherever they are nested
	// (lists, block quotes, admonitions, HTML blocks, the Markdown of HTML wrappers). A table
	// nested in an HTML table cell is a table of its own and not part of the cell's text.
	Tables []Table
	// Comments are the HTML comments outside code, in document order (see Comment).
	Comments []Comment
	// StrayRows are the runs of lines that look like pipe table rows but are not part of any
	// table, in document order, one for each run (see StrayRow); at most MaxStrayRows.
	StrayRows []StrayRow
}

// StrayRow is a run of lines that look like pipe table rows, but that GitHub shows as text
// because they are not part of any table. Parse reports, in paragraphs (never in code, nor in
// HTML blocks other than the Markdown of wrappers), with a line "looking like a row" when,
// once trimmed, it starts and ends with "|" and has at least 2 cells:
//
//   - a would-be table whose delimiter row ("|---|---|") has a different number of cells than
//     the row above it, its header: the whole paragraph is text. The run starts at the header
//     row, or at the first of the rows looking like one right above it;
//   - a paragraph's first rows, when the paragraph follows a pipe table and only a blank line
//     or an HTML comment separates them (rows cut off from the table; one is enough);
//   - two or more rows in a row in a paragraph without a delimiter row;
//   - rows directly above a table's header row, in the paragraph the table was cut out of:
//     GitHub shows them as text above the table.
//
// Text with pipes inside ("a | b"), a Liquid filter ("{{ x | date }}"), a lone row in prose
// and the rows of a paragraph with a grid table border ("+---+---+") are not reported.
type StrayRow struct {
	Line   int    // 1-based line of the run's first line
	Column int    // 1-based column of that line's first non-blank character
	Reason string // why the run is text, lower case, for a message
	// Table is the line of the table the rows belong with (cut off from it, or right above
	// its header row), 0 when there is none.
	Table int
}

// BlockKind says what a Block is.
type BlockKind string

// The block kinds.
const (
	Heading   BlockKind = "heading"
	Paragraph BlockKind = "paragraph"
	ListItem  BlockKind = "list_item"
)

// Block is a heading, paragraph or list item, as plain text. The first paragraph of a list
// item is the ListItem block; any further paragraphs in the item are Paragraph blocks.
// Blocks with no text are left out.
type Block struct {
	Kind  BlockKind
	Level int    // heading level 1-6; 0 otherwise
	Text  string // plain text: markup stripped, entities decoded, whitespace collapsed
	Links []Link
	Line  int // 1-based line of the block's first character
}

// Table is a table with its position and the heading it sits under.
//
// In a pipe table, a body row with fewer cells than the header is padded with empty cells
// placed at the end of the row, and cells beyond the header's are dropped, as GFM renders
// them. In an HTML table, the header is the first row inside <thead> or made only of <th>
// cells, or else the first row; rows without cells are dropped, a body row with fewer cells
// than the header is padded with empty cells placed at its <tr> tag (or its first cell's, when
// the tag is left out), and cells beyond the header's are kept. Spans are laid out as browsers
// lay them out, header rows included: a cell with colspan="N" fills N columns, and a cell with
// rowspan="N" also fills its column in the next N-1 rows of its section (<thead>, <tbody>,
// <tfoot>, or a run of rows outside them), or the rest of the section for rowspan="0"; each
// column it fills has a copy of it, with its text, links and position. A row's own cells take,
// in order, the columns that rowspans from above leave free; a rowspan's copy beyond a row's
// last own cell comes after empty cells, placed at the row's start tag, in the columns between,
// and a cell whose colspan covers a rowspan's column takes that column in its row. A row
// without cells of its own is dropped, though rowspans count it; no rows are added for a
// rowspan past its section's end. Spans over MaxColumns or MaxRows count as those limits.
// An HTML table without rows has the position of its <table> tag.
type Table struct {
	Format  string // "markdown" or "html"
	Line    int    // 1-based line of the header row
	Column  int    // 1-based column of the header row's first character
	Heading string // text of the nearest heading above the table, "" when none
	Header  Row
	Rows    []Row // body rows, alignment row excluded
}

// Row is one table row.
type Row struct {
	Line  int
	Cells []Cell
}

// Cell is a table cell.
type Cell struct {
	// Line and Column are 1-based and point at the cell's first content character,
	// or, for an empty cell, at the position just after its opening delimiter (the pipe, or
	// the <td> or <th> tag). Markup counts as content: for "**Name**" it is the first "*".
	Line   int
	Column int
	// Text is the plain text: emphasis, code, link and HTML markup stripped, entities decoded,
	// image alt text kept, each <br> or line break as "\n", runs of other whitespace collapsed
	// to one space, lines trimmed.
	Text  string
	Links []Link
}

// Link is a link or autolink inside a cell or block.
type Link struct {
	Text string
	URL  string
}

// PosError reports input that cannot be parsed, at a 1-based line and column of the file.
// Columns count Unicode characters (a tab counts as one), and line 1 column 1 is the first
// character after a UTF-8 byte order mark, if any.
type PosError struct {
	Line   int
	Column int
	Msg    string
}

// Error formats the error as "<line>:<column>: <message>".
func (e *PosError) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Msg)
}

// Parse parses a Markdown file. It never panics on any input.
//
// All lines and columns in the result are 1-based and refer to the file as given: CRLF and
// lone CR line endings each end one line, a leading UTF-8 byte order mark is not counted, and
// columns count Unicode characters, a tab counting as one.
//
// Bad input yields a *PosError: a NUL byte anywhere, invalid UTF-8, malformed YAML or TOML
// front matter, or input past one of the limits (MaxTables and the constants after it): block
// quotes and lists, or HTML elements, nested deeper than MaxNesting; more than MaxTables
// tables; a table with more than MaxRows rows, MaxColumns columns or MaxCells cells; a
// paragraph of more than MaxParagraphLines lines, MaxReferenceDefinitions link reference
// definitions or MaxEmphasisMarkers emphasis markers; a file the Markdown parser takes longer
// than ParseTimeout on.
func Parse(src []byte) (*Page, error) {
	return parseWith(src, defaultLimits)
}

// parseWith is Parse with the given limits.
func parseWith(src []byte, lim limits) (*Page, error) {
	text := normalize(src)
	idx := newLineIndex(text)
	if err := checkText(text, idx); err != nil {
		return nil, err
	}
	page := &Page{}
	if fm, ok := findFrontMatter(text); ok {
		meta, err := parseFrontMatter(fm, idx)
		if err != nil {
			return nil, err
		}
		page.FrontMatter = meta
		blank(text[:fm.end])
	}
	blankContainerFences(text)
	if err := checkStructure(text, idx, lim); err != nil {
		return nil, err
	}
	// The Markdown of HTML wrappers is parsed while walking: the time left for it is what the
	// whole document's parse leaves of lim.timeout.
	deadline := time.Now().Add(lim.timeout)
	doc, err := parseMarkdown(text, idx, lim, deadline)
	if err != nil {
		return nil, err
	}
	w := newWalker(text, idx, page, lim)
	w.deadline = deadline
	if err := w.document(doc); err != nil {
		return nil, err
	}
	return page, nil
}
