package markdown

import (
	"bytes"
	"fmt"
	"time"
)

// The limits of what Parse reads. A file past one of them is a *PosError that names the limit
// and where the file passes it, instead of minutes of work or gigabytes of memory: the input
// may come from an untrusted pull request.
const (
	// MaxTables is the most tables, pipe and HTML, nested ones included, that a file may hold.
	MaxTables = 10_000
	// MaxRows is the most body rows a table may have.
	MaxRows = 100_000
	// MaxTotalRows is the most body rows all the tables of a file may have together: a 10 MiB
	// file of short rows in many tables would otherwise be over a million rows and gigabytes
	// of policy input.
	MaxTotalRows = 100_000
	// MaxColumns is the most cells a table row may have: a pipe table's header and delimiter
	// row, any HTML table row.
	MaxColumns = 200
	// MaxCells bounds a table's rows times its header's columns, and the sum of that over a
	// file's tables. Every row is padded to the header's width, so a wide header over many
	// short lines would otherwise cost millions of empty cells. It bounds, separately, the
	// cells that HTML colspans and rowspans add to a table, and to all of a file's tables.
	MaxCells = 2_000_000
	// MaxNesting is how deeply block quotes and list items may nest, and, separately, HTML
	// elements. The Markdown parser's time grows with the square of the nesting.
	MaxNesting = 100
	// MaxParagraphLines is the most lines one paragraph may have (a table's rows are not a
	// paragraph): the Markdown parser's time on a paragraph grows with the square of its lines
	// when it holds links or link reference definitions.
	MaxParagraphLines = 5_000
	// MaxReferenceDefinitions is the most link reference definitions ("[a]: https://…") one
	// paragraph may start with: the Markdown parser's time on them grows with their number
	// times the lines that follow them.
	MaxReferenceDefinitions = 1_000
	// MaxEmphasisMarkers is the most emphasis and strikethrough markers (*, _, ~) one
	// paragraph, heading or table cell may hold: the Markdown parser's time to match them grows
	// faster than the square of their number.
	MaxEmphasisMarkers = 10_000
	// ParseTimeout bounds the time the Markdown parser may take on one file. Some inline
	// constructs (thousands of unclosed links, or of link reference definitions, in one
	// paragraph) cost it time that grows with the square of the paragraph; a file that takes
	// longer is an error rather than a stalled run. A 10 MiB page of ordinary Markdown takes
	// about 2 seconds.
	ParseTimeout = 30 * time.Second
	// MaxStrayRows is the most stray rows (see StrayRow) Page.StrayRows holds; further ones
	// are left out rather than failing the parse.
	MaxStrayRows = 10_000
)

// maxLinkScan bounds the bytes the Markdown parser may read in one paragraph, heading or table
// cell looking for the ends of link destinations: "[a](" repeated without a ")" makes it read
// the rest of the line at each of them. Counted up to the next space, an upper bound.
const maxLinkScan = 64 << 20

// limits are the limits one parse applies; tests lower them.
type limits struct {
	tables, rows, totalRows, columns, cells, nesting, paragraphLines, definitions, emphasis, linkScan, strayRows int
	timeout                                                                                                      time.Duration

	// complexCells leaves every pipe table cell to goldmark, even simple ones (see
	// simpleCell), for tests that check that both give the same page.
	complexCells bool
}

// defaultLimits are the limits Parse applies.
var defaultLimits = limits{
	tables:         MaxTables,
	rows:           MaxRows,
	totalRows:      MaxTotalRows,
	columns:        MaxColumns,
	cells:          MaxCells,
	nesting:        MaxNesting,
	paragraphLines: MaxParagraphLines,
	definitions:    MaxReferenceDefinitions,
	emphasis:       MaxEmphasisMarkers,
	linkScan:       maxLinkScan,
	strayRows:      MaxStrayRows,
	timeout:        ParseTimeout,
}

// checkStructure looks, before the Markdown parser does, for the block structures that
// would cost it far more than the size of the file: block quotes and lists nested deeper
// than lim.nesting, and pipe tables wider than lim.columns, longer than lim.rows or with more
// than lim.cells cells (GFM pads every row to the header's width).
//
// It reads lines, not CommonMark, so it estimates, and errs on the side of what an attacker
// could build: the nesting of a line is the number of block quote and list markers that start
// it plus the list items of earlier lines its indentation keeps it in; a delimiter row is any
// line the parser could take for one after a line that is not blank, and a table's row count
// is the number of lines after its delimiter row up to a line the parser must see as blank
// (see endsParagraph). It must never miss a table the parser makes. The walker checks the
// rows and columns of the tables the parser made exactly.
func checkStructure(src []byte, idx *lineIndex, lim limits) error {
	var (
		items     []int // content columns of the open list items, innermost last
		prevBlank = true
		prevStart = 0
		// The pipe table being counted: its columns, the offset of its header row, and the
		// lines after its delimiter row so far. cols == 0 when there is none.
		cols, tableStart, rows int
		totalRows, totalCells  int // the rows and cells of all pipe tables so far
	)
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		line := src[start:end]
		blank, err := lineNesting(line, &items, lim.nesting)
		if err != nil {
			return idx.errorAt(start+err.off, err.msg)
		}
		blank = blank && endsParagraph(line)
		delim := 0 // the cells of line as a delimiter row after a line that is not blank
		if !prevBlank && !blank {
			delim = quotedDelimiterCells(src[start:min(end+1, len(src))])
			if delim > lim.columns {
				return idx.errorAt(prevStart, fmt.Sprintf("table has %d columns, more than the limit of %d; split it into narrower tables", delim, lim.columns))
			}
		}
		switch {
		case cols > 0 && blank:
			cols = 0
		case cols > 0:
			// A delimiter row here may start a table of delim columns whose header is the
			// line before (when something the parser sees ended the table being counted).
			// Counting the rows from here on with the greater of the two widths bounds both.
			cols = max(cols, delim)
			rows++
			totalRows++
			totalCells += cols
			switch {
			case rows > lim.rows:
				return idx.errorAt(tableStart, fmt.Sprintf(
					"table has more than %d rows (counting the lines up to the next blank line); split it into smaller tables", lim.rows))
			case rows*cols > lim.cells:
				return idx.errorAt(tableStart, fmt.Sprintf(
					"table has %d columns and more than %d rows (counting the lines up to the next blank line), more than the %d cells read in one table; split it into smaller tables",
					cols, lim.cells/cols, lim.cells))
			case totalRows > lim.totalRows || totalCells > lim.cells:
				return idx.errorAt(tableStart, totalMsg(lim, totalRows, true))
			}
		case delim > 0:
			cols, tableStart, rows = delim, prevStart, 0
		}
		prevBlank, prevStart = blank, start
		start = end + 1
	}
	return nil
}

// totalMsg is the error of a file whose tables have more rows than lim.totalRows (rows of
// them so far), or else more cells than lim.cells; lines says that rows are counted as lines.
func totalMsg(lim limits, rows int, lines bool) string {
	const counting = "counting the lines up to the next blank line after each table"
	if rows > lim.totalRows {
		if lines {
			return fmt.Sprintf("the tables of this file have more than %d rows in all (%s); split the page into several files", lim.totalRows, counting)
		}
		return fmt.Sprintf("the tables of this file have more than %d rows in all; split the page into several files", lim.totalRows)
	}
	if lines {
		return fmt.Sprintf("the tables of this file have more than %d cells in all (rows times header columns, %s); split the page into several files", lim.cells, counting)
	}
	return fmt.Sprintf("the tables of this file have more than %d cells in all (rows times header columns); split the page into several files", lim.cells)
}

// nestingError is a nesting limit passed at byte off of a line.
type nestingError struct {
	off int
	msg string
}

// lineNesting returns whether a line is blank once its block quote markers are set aside,
// or an error when its nesting (see checkStructure) passes limit. items holds the content
// columns of the list items open before the line, and is updated for the next line.
func lineNesting(line []byte, items *[]int, limit int) (blank bool, err *nestingError) {
	stack := *items
	defer func() { *items = stack }()
	i, col, quotes := 0, 0, 0
	first := true // no list marker seen yet on this line
	for {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			if line[i] == '\t' {
				col += 4 - col%4
			} else {
				col++
			}
			i++
		}
		if i == len(line) {
			return true, nil
		}
		n := 0 // length of a list marker at i
		switch c := line[i]; {
		case c == '>':
			n = -1
		case c == '-' || c == '+' || c == '*':
			n = 1
		case '0' <= c && c <= '9':
			for n < len(line)-i && n < 9 && '0' <= line[i+n] && line[i+n] <= '9' {
				n++
			}
			if i+n < len(line) && (line[i+n] == '.' || line[i+n] == ')') {
				n++
			} else {
				n = 0
			}
		}
		switch {
		case n < 0:
			i++
			col++
			quotes++
		case n == 0 || (i+n < len(line) && line[i+n] != ' ' && line[i+n] != '\t'):
			return false, nil
		default:
			// A list marker closes the items of earlier lines whose content it is left of,
			// and opens an item whose content starts after it.
			if first {
				first = false
				for len(stack) > 0 && stack[len(stack)-1] > col {
					stack = stack[:len(stack)-1]
				}
			}
			i += n
			col += n
			stack = append(stack, col+1)
		}
		if len(stack)+quotes > limit {
			off := i - 1
			if n > 0 {
				off = i - n
			}
			stack = stack[:0]
			return false, &nestingError{off: off, msg: fmt.Sprintf("block quotes and lists nested deeper than %d levels; flatten them", limit)}
		}
	}
}

// quotedDelimiterCells returns the number of cells of line as a pipe table delimiter row
// (see delimiterCells) once the block quote markers and indentation before it are taken away,
// 0 when it is not one. line has its line feed, if any. Where the parser sees a delimiter row
// on a line, it sees the line without the markers and indentation of the block quotes and list
// items around it (which are only spaces, tabs and '>'), possibly with spaces for part of a
// tab, and delimiterRowColumns counts its columns: quotedDelimiterCells returns the same
// count, since delimiterCells does with any spaces and tabs before the line taken away and
// only accepts more lines than delimiterRowColumns.
func quotedDelimiterCells(line []byte) int {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == '>') {
		i++
	}
	if !delimiterBytesOnly(line[i:]) {
		return 0 // most lines, without a call
	}
	return delimiterCells(line[i:])
}

// endsParagraph reports whether line, which lineNesting found blank, is no paragraph line to
// the parser, so that it ends any pipe table before it. It is when line is spaces, tabs and
// '>' only, and no '>' follows 4 columns of spaces and tabs or more (counted from the start of
// the line or the '>' before): every '>' is then a block quote marker to the parser, and the
// rest of the line is blank. A line such as "    >", "-" or "1." may instead be the next line
// of a paragraph.
func endsParagraph(line []byte) bool {
	col, from := 0, 0 // the column of the next byte, and the column after the last '>'
	for _, c := range line {
		switch c {
		case ' ':
			col++
		case '\t':
			col += 4 - col%4
		case '>':
			if col-from >= 4 {
				return false
			}
			col++
			from = col
		default:
			return false
		}
	}
	return true
}
