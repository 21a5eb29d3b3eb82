// Package markdown turns a Markdown file into what later stages need: its tables (GFM pipe
// tables and HTML <table> blocks) with a 1-based line and column for every row and cell, its
// front matter, and its text blocks (headings, paragraphs, list items) with their lines.
// It knows nothing about subprocessors.
package markdown

// Page is a parsed Markdown file.
type Page struct {
	// FrontMatter is the parsed YAML front matter, nil when the file has none.
	FrontMatter map[string]any
	// Blocks are the headings, paragraphs and list items outside tables, in document order.
	Blocks []Block
	// Tables are all tables in document order, wherever they are nested
	// (lists, block quotes, admonitions, HTML blocks).
	Tables []Table
}

// BlockKind says what a Block is.
type BlockKind string

// The block kinds.
const (
	Heading   BlockKind = "heading"
	Paragraph BlockKind = "paragraph"
	ListItem  BlockKind = "list_item"
)

// Block is a heading, paragraph or list item, as plain text.
type Block struct {
	Kind  BlockKind
	Level int    // heading level 1-6; 0 otherwise
	Text  string // plain text: markup stripped, entities decoded, whitespace collapsed
	Links []Link
	Line  int // 1-based line of the block's first character
}

// Table is a table with its position and the heading it sits under.
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
	// or, for an empty cell, at the position just after its opening delimiter.
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
