package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Hostile input: each case parses to the right result or fails with a *PosError that names
// the limit and points inside the file, and none takes long. The page under review may come
// from an untrusted pull request.

// quick is how long any case here may take; the slowest takes well under a second.
const quick = 10 * time.Second

// parseQuick parses src with lim, failing the test when it takes longer than quick. It
// returns the page, or the error, which must be a *PosError inside the file.
func parseQuick(t *testing.T, src []byte, lim limits) (*Page, *PosError) {
	t.Helper()
	start := time.Now()
	page, err := parseWith(src, lim)
	if d := time.Since(start); d > quick {
		t.Errorf("parse took %v on %d bytes, want under %v", d.Round(time.Millisecond), len(src), quick)
	}
	if err == nil {
		return page, nil
	}
	var pe *PosError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *PosError", err, err)
	}
	checkPosition(t, lineLengths(src), pe.Line, pe.Column, "error")
	return nil, pe
}

// wantError parses src and checks the error.
func wantError(t *testing.T, src []byte, lim limits, want *PosError) {
	t.Helper()
	page, got := parseQuick(t, src, lim)
	if got == nil {
		t.Fatalf("parsed %d tables, want error %v", len(page.Tables), want)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("error mismatch (-want +got):\n%s", diff)
	}
}

// pipeTable returns a pipe table of cols columns and rows body rows, each row "| r1c1 | … |".
func pipeTable(cols, rows int) []byte {
	var b bytes.Buffer
	for c := range cols {
		fmt.Fprintf(&b, "| h%d ", c+1)
	}
	b.WriteString("|\n" + strings.Repeat("|---", cols) + "|\n")
	for r := range rows {
		for c := range cols {
			fmt.Fprintf(&b, "| r%dc%d ", r+1, c+1)
		}
		b.WriteString("|\n")
	}
	return b.Bytes()
}

func TestHostileEncodings(t *testing.T) {
	t.Parallel()
	const table = "# Vendors\n\n| Name | Location |\n|---|---|\n| Acme\tInc | Ireland |\n"
	want := []Table{{
		Format: "markdown", Line: 3, Column: 1, Heading: "Vendors",
		Header: row(3, cell(3, 3, "Name"), cell(3, 10, "Location")),
		Rows:   []Row{row(5, cell(5, 3, "Acme Inc"), cell(5, 14, "Ireland"))},
	}}
	tests := []struct {
		name string
		src  string
		want *PosError // nil: the table above
	}{
		{"LF", table, nil},
		{"CRLF", strings.ReplaceAll(table, "\n", "\r\n"), nil},
		{"CR", strings.ReplaceAll(table, "\n", "\r"), nil},
		{"BOM", "\uFEFF" + table, nil},
		{"BOM and CRLF", "\uFEFF" + strings.ReplaceAll(table, "\n", "\r\n"), nil},
		{"tab in a cell", table, nil}, // "Acme\tInc": a tab is a space, and one column
		{"invalid UTF-8 in a cell", strings.Replace(table, "Ireland", "Ire\xffland", 1), &PosError{Line: 5, Column: 17, Msg: "invalid UTF-8"}},
		{"invalid UTF-8 after CRLF", strings.ReplaceAll(strings.Replace(table, "Ireland", "\xc3(", 1), "\n", "\r\n"), &PosError{Line: 5, Column: 14, Msg: "invalid UTF-8"}},
		{"NUL byte in a cell", strings.Replace(table, "Ireland", "Ire\x00land", 1), &PosError{Line: 5, Column: 17, Msg: "NUL byte; this does not look like a text file"}},
		{"UTF-16", "\xff\xfe#\x00 \x00V\x00", &PosError{Line: 1, Column: 4, Msg: "NUL byte; this does not look like a text file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			page, err := parseQuick(t, []byte(tt.src), defaultLimits)
			if tt.want != nil {
				if diff := cmp.Diff(tt.want, err); diff != "" {
					t.Errorf("error mismatch (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, page.Tables); diff != "" {
				t.Errorf("Tables mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestHostileLongLines(t *testing.T) {
	t.Parallel()
	word := strings.Repeat("word ", 200_000) // 1 MB
	t.Run("paragraph", func(t *testing.T) {
		t.Parallel()
		page, err := parseQuick(t, []byte("# T\n\n"+word+"\n\nafter\n"), defaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Blocks) != 3 || len(page.Blocks[1].Text) != len(word)-1 || page.Blocks[2].Line != 5 {
			t.Errorf("got %d blocks, want the heading, the 1 MB paragraph and \"after\" on line 5", len(page.Blocks))
		}
	})
	t.Run("cell", func(t *testing.T) {
		t.Parallel()
		src := "| Name | Purpose |\n|---|---|\n| Acme | " + word + "| é |\n| Beta | b |\n"
		page, err := parseQuick(t, []byte(src), defaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		rows := page.Tables[0].Rows
		if len(rows) != 2 || len(rows[0].Cells[1].Text) != len(word)-1 || !cmp.Equal(rows[1].Cells[0], cell(4, 3, "Beta")) {
			t.Errorf("got rows %d, want the 1 MB cell and then Beta on line 4", len(rows))
		}
	})
	t.Run("without spaces", func(t *testing.T) {
		t.Parallel()
		long := strings.Repeat("x", 1<<20)
		page, err := parseQuick(t, []byte("| a | b |\n|---|---|\n| "+long+" | é |\n"), defaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if got := page.Tables[0].Rows[0].Cells[1]; !cmp.Equal(got, cell(3, 1<<20+6, "é")) {
			t.Errorf("cell after the long one = %+v, want é at column %d", got, 1<<20+6)
		}
	})
	t.Run("entities", func(t *testing.T) {
		t.Parallel()
		// Every "&" starts a search for the ";" of a reference; it looks only as far as the
		// longest one.
		page, err := parseQuick(t, []byte(strings.Repeat("&amp", 250_000)+"\n"), defaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Blocks) != 1 || len(page.Blocks[0].Text) != 1_000_000 {
			t.Errorf("got %d blocks, want one of 1 MB", len(page.Blocks))
		}
	})
}

func TestHostileManyTables(t *testing.T) {
	t.Parallel()
	t.Run("1000 tables", func(t *testing.T) {
		t.Parallel()
		var b bytes.Buffer
		for i := range 1000 {
			fmt.Fprintf(&b, "## Region %d\n\n| Name | Location |\n|---|---|\n| Vendor %d | Ireland |\n\n", i, i)
		}
		page, err := parseQuick(t, b.Bytes(), defaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Tables) != 1000 {
			t.Fatalf("got %d tables, want 1000", len(page.Tables))
		}
		last := page.Tables[999]
		if last.Line != 999*6+3 || last.Heading != "Region 999" || !cmp.Equal(last.Rows[0].Cells[0], cell(999*6+5, 3, "Vendor 999")) {
			t.Errorf("last table = %+v, want Vendor 999 under Region 999 on line %d", last, 999*6+3)
		}
	})
	t.Run("over the limit", func(t *testing.T) {
		t.Parallel()
		src := bytes.Repeat([]byte("| a |\n|---|\n\n"), MaxTables+1)
		wantError(t, src, defaultLimits, &PosError{Line: MaxTables*3 + 1, Column: 1, Msg: "more than 10000 tables in one file; split the page"})
	})
	t.Run("HTML tables over the limit", func(t *testing.T) {
		t.Parallel()
		src := bytes.Repeat([]byte("<table><tr><td>a</td></tr></table>\n\n"), 11)
		lim := defaultLimits
		lim.tables = 10
		wantError(t, src, lim, &PosError{Line: 21, Column: 1, Msg: "more than 10 tables in one file; split the page"})
	})
}

func TestHostileLargeTables(t *testing.T) {
	t.Parallel()
	// TestParseLargeTable parses MaxRows rows, unless -short.
	t.Run("20000 rows", func(t *testing.T) {
		t.Parallel()
		const n = 20_000
		page, err := parseQuick(t, tableOfRows(n), defaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if rows := page.Tables[0].Rows; len(rows) != n || rows[n-1].Line != n+4 || rows[n-1].Cells[0].Text != "Vendor 19999" {
			t.Errorf("got %d rows, want %d ending with Vendor 19999 on line %d", len(rows), n, n+4)
		}
	})
	t.Run("more rows than the limit", func(t *testing.T) {
		t.Parallel()
		// Found before the Markdown parser spends seconds on it.
		wantError(t, tableOfRows(MaxRows+1), defaultLimits, &PosError{
			Line: 3, Column: 1,
			Msg: "table has more than 100000 rows (counting the lines up to the next blank line); split it into smaller tables",
		})
	})
	t.Run("rows at and over a lower limit", func(t *testing.T) {
		t.Parallel()
		lim := defaultLimits
		lim.rows = 5
		src := append([]byte("# T\n\n"), pipeTable(2, 5)...)
		if _, err := parseQuick(t, src, lim); err != nil {
			t.Fatalf("5 rows with a limit of 5: %v", err)
		}
		src = append([]byte("# T\n\n"), pipeTable(2, 6)...)
		wantError(t, src, lim, &PosError{Line: 3, Column: 1, Msg: "table has more than 5 rows (counting the lines up to the next blank line); split it into smaller tables"})
		// An HTML table's first row is its header unless it has one.
		html := "<table>\n" + strings.Repeat("<tr><td>x</td></tr>\n", 6) + "</table>\n"
		if page, err := parseQuick(t, []byte(html), lim); err != nil || len(page.Tables[0].Rows) != 5 {
			t.Fatalf("HTML table of a header and 5 rows: %v", err)
		}
		html = "<table>\n" + strings.Repeat("<tr><td>x</td></tr>\n", 7) + "</table>\n"
		wantError(t, []byte(html), lim, &PosError{Line: 2, Column: 1, Msg: "table has more than 5 rows; split it into smaller tables"})
		html = "<table>\n<tr><th>h</th></tr>\n" + strings.Repeat("<tr><td>x</td></tr>\n", 6) + "</table>\n"
		wantError(t, []byte(html), lim, &PosError{Line: 2, Column: 1, Msg: "table has more than 5 rows; split it into smaller tables"})
	})
	t.Run("rows and cells in all tables", func(t *testing.T) {
		t.Parallel()
		lim := defaultLimits
		lim.totalRows = 10
		tables := func(n int, table string) []byte {
			return []byte("# T\n\n" + strings.Repeat(table+"\n", n))
		}
		pipe := string(pipeTable(2, 4)) // 6 lines: a header, a delimiter row, 4 rows
		if page, err := parseQuick(t, tables(2, pipe), lim); err != nil || len(page.Tables) != 2 {
			t.Fatalf("2 pipe tables of 4 rows with a limit of 10 in all: %v", err)
		}
		wantError(t, tables(3, pipe), lim, &PosError{Line: 17, Column: 1,
			Msg: "the tables of this file have more than 10 rows in all (counting the lines up to the next blank line after each table); split the page into several files"})
		// HTML tables count their body rows, the header row aside.
		html := "<table>\n<tr><th>h</th></tr>\n" + strings.Repeat("<tr><td>x</td></tr>\n", 4) + "</table>\n"
		if page, err := parseQuick(t, tables(2, html), lim); err != nil || len(page.Tables) != 2 {
			t.Fatalf("2 HTML tables of 4 rows with a limit of 10 in all: %v", err)
		}
		wantError(t, tables(3, html), lim, &PosError{Line: 20, Column: 1,
			Msg: "the tables of this file have more than 10 rows in all; split the page into several files"})
		// The line count sees pipe tables only; the parser's count sees all of them.
		mixed := append(tables(2, html), pipe...)
		wantError(t, mixed, lim, &PosError{Line: 19, Column: 1,
			Msg: "the tables of this file have more than 10 rows in all; split the page into several files"})
		// Cells count the same way, rows times the header's columns.
		lim = defaultLimits
		lim.cells = 30
		pipe6 := string(pipeTable(2, 6))
		html6 := "<table>\n<tr><th>h</th><th>i</th></tr>\n" + strings.Repeat("<tr><td>x</td></tr>\n", 6) + "</table>\n"
		if _, err := parseQuick(t, tables(2, pipe6), lim); err != nil {
			t.Fatalf("2 pipe tables of 12 cells with a limit of 30 in all: %v", err)
		}
		wantError(t, tables(3, pipe6), lim, &PosError{Line: 21, Column: 1,
			Msg: "the tables of this file have more than 30 cells in all (rows times header columns, counting the lines up to the next blank line after each table); split the page into several files"})
		wantError(t, append(tables(2, html6), pipe6...), lim, &PosError{Line: 23, Column: 1,
			Msg: "the tables of this file have more than 30 cells in all (rows times header columns); split the page into several files"})
	})
	t.Run("columns", func(t *testing.T) {
		t.Parallel()
		page, err := parseQuick(t, pipeTable(MaxColumns, 3), defaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(page.Tables[0].Rows[2].Cells); got != MaxColumns {
			t.Errorf("got %d cells, want %d", got, MaxColumns)
		}
		wantError(t, append([]byte("intro\n\n"), pipeTable(MaxColumns+1, 3)...), defaultLimits, &PosError{
			Line: 3, Column: 1, Msg: "table has 201 columns, more than the limit of 200; split it into narrower tables",
		})
		html := "<table>\n<tr>" + strings.Repeat("<td>x</td>", MaxColumns+1) + "</tr>\n</table>\n"
		wantError(t, []byte(html), defaultLimits, &PosError{Line: 2, Column: 1, Msg: "table row has more than 200 cells; split the table into narrower tables"})
	})
	t.Run("a wide header over many short rows", func(t *testing.T) {
		t.Parallel()
		// GFM pads every row to the header's width: 200 columns over 1 MB of "|" rows would
		// be 100 million cells.
		src := append(pipeTable(MaxColumns, 0), bytes.Repeat([]byte("|\n"), 500_000)...)
		wantError(t, src, defaultLimits, &PosError{
			Line: 1, Column: 1,
			Msg: "table has 200 columns and more than 10000 rows (counting the lines up to the next blank line), more than the 2000000 cells read in one table; split it into smaller tables",
		})
		// An HTML table's short rows are padded too.
		html := "# T\n\n<table>\n<tr>" + strings.Repeat("<th>h", MaxColumns) + "\n" + strings.Repeat("<tr><td>x\n", 10_001) + "</table>\n"
		wantError(t, []byte(html), defaultLimits, &PosError{
			Line: 4, Column: 1,
			Msg: "table has more than 2000000 cells (rows times the header's columns); split it into smaller tables",
		})
		page, err := parseQuick(t, []byte(strings.Replace(html, "<tr><td>x\n", "", 1)), defaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if rows := page.Tables[0].Rows; len(rows) != 10_000 || len(rows[9_999].Cells) != MaxColumns {
			t.Errorf("got %d rows, the last of %d cells; want 10000 rows of %d", len(rows), len(rows[len(rows)-1].Cells), MaxColumns)
		}
	})
}

func TestHostileNesting(t *testing.T) {
	t.Parallel()
	const msg = "block quotes and lists nested deeper than 100 levels; flatten them"
	staircase := func(n int, prefix, marker string) []byte {
		var b bytes.Buffer
		for i := range n {
			b.WriteString(prefix + strings.Repeat("  ", i) + marker + " item\n")
		}
		return b.Bytes()
	}
	tests := []struct {
		name string
		src  []byte
		want *PosError
	}{
		{"list markers on one line", []byte(strings.Repeat("- ", 20_000) + "x\n"), &PosError{Line: 1, Column: 201, Msg: msg}},
		{"ordered markers on one line", []byte(strings.Repeat("1. ", 20_000) + "x\n"), &PosError{Line: 1, Column: 301, Msg: msg}},
		{"block quote markers on one line", []byte(strings.Repeat(">", 20_000) + " x\n"), &PosError{Line: 1, Column: 101, Msg: msg}},
		{"block quotes and lists on one line", []byte("# T\n" + strings.Repeat("> * ", 10_000) + "x\n"), &PosError{Line: 2, Column: 201, Msg: msg}},
		{"indented list", staircase(1_000, "", "-"), &PosError{Line: 101, Column: 201, Msg: msg}},
		{"indented list in a block quote", staircase(1_000, ">", "*"), &PosError{Line: 100, Column: 200, Msg: msg}},
		{"block quote staircase", func() []byte {
			var b bytes.Buffer
			for i := range 2_000 {
				b.WriteString(strings.Repeat(">", i+1) + " x\n")
			}
			return b.Bytes()
		}(), &PosError{Line: 101, Column: 101, Msg: msg}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wantError(t, tt.src, defaultLimits, tt.want)
		})
	}

	t.Run("100 levels are fine", func(t *testing.T) {
		t.Parallel()
		for _, src := range [][]byte{
			[]byte(strings.Repeat("- ", 100) + "x\n"),
			[]byte(strings.Repeat(">", 100) + " x\n"),
			staircase(100, "", "-"),
			staircase(99, ">", "-"),
			// Lists that end make room for the next.
			bytes.Repeat(append(staircase(60, "", "-"), "\ntext\n\n"...), 5),
			bytes.Repeat(staircase(60, "", "-"), 5),
		} {
			if _, err := parseQuick(t, src, defaultLimits); err != nil {
				t.Errorf("%.40q…: %v", src, err)
			}
		}
	})
	t.Run("an ordinary nested list", func(t *testing.T) {
		t.Parallel()
		page, err := parseQuick(t, []byte("- a\n  - b\n    1. c\n       > d\n- e\n"), defaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Blocks) != 5 {
			t.Errorf("got %d blocks, want 5", len(page.Blocks))
		}
	})
}

// unclosedLinksColumn returns the column of the "](" at which a line of n characters made of
// "[a](" repeated passes maxLinkScan; the first is at column first.
func unclosedLinksColumn(first, n int) int {
	scanned := 0
	for col := first; ; col += 4 {
		scanned += n - col + 1
		if scanned > maxLinkScan {
			return col
		}
	}
}

func TestHostileSlowInline(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want *PosError
	}{
		{
			"emphasis markers", "# T\n\n" + strings.Repeat("*a_", 20_000) + "\n",
			&PosError{Line: 3, Column: 15_001, Msg: "more than 10000 emphasis markers (*, _ or ~) in one paragraph or table cell; escape them (\\*) or split the text"},
		},
		{
			"emphasis markers in a cell", "| a |\n|---|\n| " + strings.Repeat("~a*", 20_000) + " |\n",
			&PosError{Line: 3, Column: 15_003, Msg: "more than 10000 emphasis markers (*, _ or ~) in one paragraph or table cell; escape them (\\*) or split the text"},
		},
		{
			"unclosed links", "intro\n\n" + strings.Repeat("[a](", 50_000) + "\n",
			&PosError{Line: 3, Column: unclosedLinksColumn(3, 200_000), Msg: `too many links that do not close ("](" without ")" before the next space) in one paragraph or table cell; close them or escape their brackets (\[)`},
		},
		{
			"a long paragraph", strings.Repeat("[a]\n", 6_000),
			&PosError{Line: 5_001, Column: 1, Msg: "paragraph of more than 5000 lines; separate its parts with blank lines"},
		},
		{
			"reference definitions", strings.Repeat("[a]: https://example.com\n", 2_000) + "| a |\n|---|\n" + strings.Repeat("| x |\n", 50_000),
			&PosError{Line: 1_001, Column: 1, Msg: "more than 1000 link reference definitions in a row; separate them with blank lines"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wantError(t, []byte(tt.src), defaultLimits, tt.want)
		})
	}

	t.Run("ordinary amounts are fine", func(t *testing.T) {
		t.Parallel()
		var b strings.Builder
		b.WriteString("| Name | Links |\n|---|---|\n")
		for i := range 5_000 {
			fmt.Fprintf(&b, "| *Vendor* %d | [DPA](https://example.com/%d)[Privacy](https://example.com/p%d) ~~old~~ |\n", i, i, i)
		}
		b.WriteString("\n" + strings.Repeat("A line with a [link](https://example.com) and *emphasis*.\n", 4_000))
		b.WriteString("\n" + strings.Repeat("[r]: https://example.com\n", 900) + "\n")
		page, err := parseQuick(t, []byte(b.String()), defaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Tables[0].Rows) != 5_000 || len(page.Blocks) != 1 {
			t.Errorf("got %d rows and %d blocks, want 5000 and 1", len(page.Tables[0].Rows), len(page.Blocks))
		}
	})
}

func TestHostileParseTimeout(t *testing.T) {
	t.Parallel()
	// Unclosed links cost the Markdown parser time that grows with the square of the line;
	// with their own limit lifted, the timeout ends the parse. The parse left behind stops at
	// the guard's next check.
	lim := defaultLimits
	lim.linkScan = 1 << 62
	lim.timeout = 20 * time.Millisecond
	wantError(t, []byte(strings.Repeat("[a](", 50_000)), lim, &PosError{
		Line: 1, Column: 1,
		Msg: "the Markdown parser did not finish within 20ms; the page has a structure it is slow on, such as thousands of unclosed links or reference definitions in one paragraph",
	})
}
