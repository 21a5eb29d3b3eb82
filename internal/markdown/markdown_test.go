package markdown

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// seedPath is the real-world page the product was specified from.
const seedPath = "../../testdata/subprocessors.md"

// parse parses src and fails the test on error.
func parse(t testing.TB, src string) *Page {
	t.Helper()
	page, err := Parse([]byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return page
}

// readFile reads a test fixture.
func readFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// cell builds a Cell.
func cell(line, col int, text string, links ...Link) Cell {
	return Cell{Line: line, Column: col, Text: text, Links: links}
}

// row builds a Row.
func row(line int, cells ...Cell) Row {
	return Row{Line: line, Cells: cells}
}

// texts returns the texts of a row's cells.
func texts(r Row) []string {
	var out []string
	for _, c := range r.Cells {
		out = append(out, c.Text)
	}
	return out
}

func TestParseSeed(t *testing.T) {
	t.Parallel()
	page := parse(t, readFile(t, seedPath))

	wantFront := map[string]any{"title": "Subprocessors", "description": "Subprocessors", "date": "2024-05-16"}
	if diff := cmp.Diff(wantFront, page.FrontMatter); diff != "" {
		t.Errorf("FrontMatter mismatch (-want +got):\n%s", diff)
	}
	if _, err := json.Marshal(page); err != nil {
		t.Errorf("json.Marshal(page): %v", err)
	}

	wantBlocks := []Block{
		{Kind: Heading, Level: 2, Text: "Crescendo Third-Party Subprocessors & Crescendo Affiliates", Line: 8},
		{Kind: Paragraph, Text: "Updated May 16, 2024", Line: 10},
		{
			Kind: Paragraph,
			Text: "To support the delivery of our service, Crescendo engages certain Sub Processors to Process " +
				"Customer Personal Data in accordance with the terms and conditions of our Data Processing " +
				"Addendum (available at https://www.crescendocx.ai/msa).",
			Links: []Link{{Text: "https://www.crescendocx.ai/msa", URL: "https://www.crescendocx.ai/msa"}},
			Line:  12,
		},
		{Kind: Paragraph, Text: "The following table lists the Sub Processors, their function, and location.", Line: 14},
	}
	if diff := cmp.Diff(wantBlocks, page.Blocks); diff != "" {
		t.Errorf("Blocks mismatch (-want +got):\n%s", diff)
	}

	if len(page.Tables) != 1 {
		t.Fatalf("got %d tables, want 1", len(page.Tables))
	}
	tbl := page.Tables[0]
	if tbl.Format != "markdown" || tbl.Line != 17 || tbl.Column != 1 {
		t.Errorf("table Format, Line, Column = %q, %d, %d; want \"markdown\", 17, 1", tbl.Format, tbl.Line, tbl.Column)
	}
	if want := "Crescendo Third-Party Subprocessors & Crescendo Affiliates"; tbl.Heading != want {
		t.Errorf("table Heading = %q, want %q", tbl.Heading, want)
	}
	wantHeader := []string{"Name", "Purpose", "Data Shared with Subprocessor", "Location", "Links to subprocessor resources"}
	if diff := cmp.Diff(wantHeader, texts(tbl.Header)); diff != "" {
		t.Errorf("header mismatch (-want +got):\n%s", diff)
	}
	if len(tbl.Rows) != 11 {
		t.Fatalf("got %d body rows, want 11", len(tbl.Rows))
	}
	google := row(19,
		cell(19, 3, "Google Cloud Platform"),
		cell(19, 27, "Cloud Service Provider"),
		cell(19, 67, "* Real-time application\n* Storage of data and"),
		cell(19, 152, "United States"),
		cell(19, 168, "Privacy Resource Center", Link{Text: "Privacy Resource Center", URL: "https://cloud.google.com/privacy"}),
	)
	if diff := cmp.Diff(google, tbl.Rows[0]); diff != "" {
		t.Errorf("Google Cloud Platform row mismatch (-want +got):\n%s", diff)
	}
	elastic := tbl.Rows[10]
	if elastic.Line != 29 || elastic.Cells[0].Text != "Elastic" {
		t.Errorf("last row = line %d %q, want line 29 \"Elastic\"", elastic.Line, elastic.Cells[0].Text)
	}
	// The location cell is "|     |": its position is just after the opening pipe.
	if diff := cmp.Diff(cell(29, 151, ""), elastic.Cells[3]); diff != "" {
		t.Errorf("empty location cell mismatch (-want +got):\n%s", diff)
	}
}

func TestParseFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		want Page
	}{
		{
			file: "nested.md",
			want: Page{
				Blocks: []Block{
					{Kind: Heading, Level: 1, Text: "Nested tables", Line: 1},
					{Kind: ListItem, Text: "First item", Line: 3},
					{Kind: Paragraph, Text: "Quoted intro", Line: 9},
				},
				Tables: []Table{
					{ // in a list item
						Format: "markdown", Line: 5, Column: 3, Heading: "Nested tables",
						Header: row(5, cell(5, 5, "Item"), cell(5, 12, "Value")),
						Rows:   []Row{row(7, cell(7, 5, "a"), cell(7, 12, "1"))},
					},
					{ // in a block quote
						Format: "markdown", Line: 11, Column: 3, Heading: "Nested tables",
						Header: row(11, cell(11, 5, "Q"), cell(11, 9, "A")),
						Rows:   []Row{row(13, cell(13, 5, "why"), cell(13, 11, "because"))},
					},
					{ // in "::: info", no blank lines
						Format: "markdown", Line: 16, Column: 1, Heading: "Nested tables",
						Header: row(16, cell(16, 3, "Name"), cell(16, 10, "Where")),
						Rows:   []Row{row(18, cell(18, 3, "Acme"), cell(18, 10, "EU"))},
					},
					{ // in "::: warning Careful", blank lines around
						Format: "markdown", Line: 23, Column: 1, Heading: "Nested tables",
						Header: row(23, cell(23, 3, "K"), cell(23, 7, "V")),
						Rows:   []Row{row(25, cell(25, 3, "x"), cell(25, 6, ""))},
					},
					{ // in "::: tip" in a block quote
						Format: "markdown", Line: 30, Column: 3, Heading: "Nested tables",
						Header: row(30, cell(30, 5, "T"), cell(30, 9, "U")),
						Rows:   []Row{row(32, cell(32, 5, "t"), cell(32, 9, "u"))},
					},
				},
			},
		},
		{
			file: "html_table.md",
			want: Page{
				Blocks: []Block{
					{Kind: Heading, Level: 2, Text: "Subprocessors (HTML)", Line: 1},
					{Kind: Paragraph, Text: "Text after.", Line: 19},
				},
				Tables: []Table{
					{
						Format: "html", Line: 6, Column: 5, Heading: "Subprocessors (HTML)",
						Header: row(6, cell(6, 13, "Name"), cell(6, 26, "Purpose"), cell(6, 42, "Location")),
						Rows: []Row{
							row(9,
								cell(10, 11, "Acme & Co"),
								cell(11, 11, "Hosting\nStorage\nBackups"),
								cell(12, 11, "Acme privacy", Link{Text: "Acme privacy", URL: "https://acme.example/privacy"}),
							),
							row(14, cell(14, 13, "Beta"), cell(14, 42, "Email delivery"), cell(14, 72, "")),
						},
					},
					{ // split by blank lines, with Markdown inside a cell
						Format: "html", Line: 22, Column: 1, Heading: "Subprocessors (HTML)",
						Header: row(22, cell(22, 9, "Key"), cell(22, 21, "Notes")),
						Rows: []Row{row(23,
							cell(23, 9, "k1"),
							cell(25, 1, "Markdown in a cell with a link.\nitem A\nitem B", Link{Text: "link", URL: "https://md.example"}),
						)},
					},
				},
				Comments: []Comment{{Text: "hidden", Line: 14, EndLine: 14}},
			},
		},
		{
			file: "two_tables.md",
			want: Page{
				Blocks: []Block{
					{Kind: Paragraph, Text: "Intro paragraph spanning two lines.\nHard break above.", Line: 1},
					{Kind: Heading, Level: 1, Text: "First", Line: 5},
					{Kind: Heading, Level: 2, Text: "Second heading", Line: 11},
					{Kind: Paragraph, Text: "Some text before.", Line: 14},
				},
				Tables: []Table{
					{
						Format: "markdown", Line: 7, Column: 1, Heading: "First",
						Header: row(7, cell(7, 3, "A"), cell(7, 7, "B")),
						Rows:   []Row{row(9, cell(9, 3, "1"), cell(9, 7, "2"))},
					},
					{
						Format: "markdown", Line: 15, Column: 1, Heading: "Second heading",
						Header: row(15, cell(15, 3, "C"), cell(15, 7, "D")),
						Rows: []Row{
							row(17, cell(17, 3, "3"), cell(17, 6, "")),  // missing cell: at the end of the row
							row(18, cell(18, 3, "4"), cell(18, 7, "5")), // extra cell dropped
						},
					},
				},
			},
		},
		{
			file: "no_table.md",
			want: Page{
				Blocks: []Block{
					{Kind: Heading, Level: 1, Text: "Only prose", Line: 1},
					{
						Kind: Paragraph, Text: "Some emphasis, code | with pipe, and a link.", Line: 3,
						Links: []Link{{Text: "link", URL: "https://example.com"}},
					},
					// An HTML paragraph is prose too (the fixture's text predates this).
					{Kind: Paragraph, Text: "Raw HTML paragraph text is ignored", Line: 14},
					{Kind: ListItem, Text: "First", Line: 19},
					{Kind: ListItem, Text: "Second with lazy continuation", Line: 20},
					{Kind: Paragraph, Text: "Second paragraph of item two.", Line: 23},
					{Kind: ListItem, Text: "nested item", Line: 24},
				},
				Comments: []Comment{{Text: "a comment\nspanning lines", Line: 11, EndLine: 12}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			got := parse(t, readFile(t, filepath.Join("testdata", tt.file)))
			if diff := cmp.Diff(&tt.want, got); diff != "" {
				t.Errorf("Parse(%s) mismatch (-want +got):\n%s", tt.file, diff)
			}
		})
	}
}

func TestParseCellText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cell string // the body cell's source, placed in "| <cell> |"
		want Cell   // expected at line 3
	}{
		{"plain", "Acme Corp", cell(3, 3, "Acme Corp")},
		{"escaped pipe", `a \| b`, cell(3, 3, "a | b")},
		{"escaped pipe in code", "`x \\| y`", cell(3, 3, "x | y")},
		{"emphasis", "*em* **strong** _u_ __uu__ ~~del~~", cell(3, 3, "em strong u uu del")},
		{"backslash escapes", `\*not em\* \\ \a`, cell(3, 3, `*not em* \ \a`)},
		{
			"link", `[Privacy *Center*](https://e.example/a?b=1&amp;c=2 "title")`,
			cell(3, 3, "Privacy Center", Link{Text: "Privacy Center", URL: "https://e.example/a?b=1&c=2"}),
		},
		{"autolink", "<https://a.example/x>", cell(3, 3, "https://a.example/x", Link{Text: "https://a.example/x", URL: "https://a.example/x"})},
		{"email autolink", "<dpo@a.example>", cell(3, 3, "dpo@a.example", Link{Text: "dpo@a.example", URL: "mailto:dpo@a.example"})},
		{"bare URL", "see https://b.example/p", cell(3, 3, "see https://b.example/p", Link{Text: "https://b.example/p", URL: "https://b.example/p"})},
		{"bare www", "www.c.example", cell(3, 3, "www.c.example", Link{Text: "www.c.example", URL: "http://www.c.example"})},
		{"image", "![Acme logo](logo.png) Acme", cell(3, 3, "Acme logo Acme")},
		{"linked image", "[![Logo](l.png)](https://l.example)", cell(3, 3, "Logo", Link{Text: "Logo", URL: "https://l.example"})},
		{"entities", "&amp; &lt;b&gt; &#65;&#x42; &copy; &bogus;", cell(3, 3, "& <b> AB © &bogus;")},
		{"nbsp", "a&nbsp;&nbsp; b", cell(3, 3, "a b")},
		{"br variants", "a<br>b<br/>c<br />d<BR>e", cell(3, 3, "a\nb\nc\nd\ne")},
		{"br runs and edges", "<br>a<br><br> <br>b<br>", cell(3, 3, "a\nb")},
		{"inline html stripped", `<span class="x">kept</span> <b>bold</b> <sup>1</sup>`, cell(3, 3, "kept bold 1")},
		{"html comment", "a <!-- not text --> b", cell(3, 3, "a b")},
		{"html link", `<a href="https://h.example">H &amp; co</a>`, cell(3, 3, "H & co", Link{Text: "H & co", URL: "https://h.example"})},
		{"unclosed html link", `<a href="https://h.example">H`, cell(3, 3, "H", Link{Text: "H", URL: "https://h.example"})},
		{
			"html link attributes", `<a class=x href='https://s.example/?a=1&amp;b=2' title="a > b">S</a>`,
			cell(3, 3, "S", Link{Text: "S", URL: "https://s.example/?a=1&b=2"}),
		},
		{"html link upper case", `<A HREF=https://u.example>U</A>`, cell(3, 3, "U", Link{Text: "U", URL: "https://u.example"})},
		{"html image alt", `<img src="l.png" alt="Logo &amp; co"/> x`, cell(3, 3, "Logo & co x")},
		{"html without href is not a link", `<a name="anchor">A</a>`, cell(3, 3, "A")},
		{"seed bullets", "*   Real-time application<br>*   Storage of data and", cell(3, 3, "* Real-time application\n* Storage of data and")},
		{"whitespace runs", "a \t  b\t", cell(3, 3, "a b")},
		{"unicode", "Zürich — 東京", cell(3, 3, "Zürich — 東京")},
		{"empty", "   ", cell(3, 2, "")},
		{"only br", "<br>", cell(3, 3, "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := "| Head |\n|------|\n| " + tt.cell + " |\n"
			page := parse(t, src)
			if len(page.Tables) != 1 || len(page.Tables[0].Rows) != 1 || len(page.Tables[0].Rows[0].Cells) != 1 {
				t.Fatalf("Parse(%q) = %+v, want one table with one body cell", src, page.Tables)
			}
			if diff := cmp.Diff(tt.want, page.Tables[0].Rows[0].Cells[0]); diff != "" {
				t.Errorf("cell %q mismatch (-want +got):\n%s", tt.cell, diff)
			}
		})
	}
}

func TestParseCellPositions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []Row // header, then body rows
	}{
		{
			name: "unescaped pipe in code splits cells, as in GFM",
			src:  "| a | b |\n|---|---|\n| `x | y` |\n",
			want: []Row{row(1, cell(1, 3, "a"), cell(1, 7, "b")), row(3, cell(3, 3, "`x"), cell(3, 8, "y`"))},
		},
		{
			name: "escaped pipes do not split and shift nothing",
			src:  "| a | b |\n|---|---|\n| `x \\| y` |  |\n",
			want: []Row{row(1, cell(1, 3, "a"), cell(1, 7, "b")), row(3, cell(3, 3, "x | y"), cell(3, 13, ""))},
		},
		{
			name: "no outer pipes",
			src:  "a | b\n--|--\n1 |  \n",
			want: []Row{row(1, cell(1, 1, "a"), cell(1, 5, "b")), row(3, cell(3, 1, "1"), cell(3, 4, ""))},
		},
		{
			name: "empty cells",
			src:  "| a | b | c |\n|---|---|---|\n|   |\t| |\n",
			want: []Row{
				row(1, cell(1, 3, "a"), cell(1, 7, "b"), cell(1, 11, "c")),
				row(3, cell(3, 2, ""), cell(3, 6, ""), cell(3, 8, "")),
			},
		},
		{
			name: "multibyte characters count once",
			src:  "| é | ü |\n|---|---|\n| 東京 | x |\n",
			want: []Row{row(1, cell(1, 3, "é"), cell(1, 7, "ü")), row(3, cell(3, 3, "東京"), cell(3, 8, "x"))},
		},
		{
			name: "tab counts once",
			src:  "|\ta | b |\n|---|---|\n|\t1\t|\t2 |\n",
			want: []Row{row(1, cell(1, 3, "a"), cell(1, 7, "b")), row(3, cell(3, 3, "1"), cell(3, 7, "2"))},
		},
		{
			name: "indented table",
			src:  "   | a |\n   |---|\n   |  |\n",
			want: []Row{row(1, cell(1, 6, "a")), row(3, cell(3, 5, ""))},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			page := parse(t, tt.src)
			if len(page.Tables) != 1 {
				t.Fatalf("got %d tables, want 1", len(page.Tables))
			}
			got := append([]Row{page.Tables[0].Header}, page.Tables[0].Rows...)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("rows of %q mismatch (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

func TestParseBlocks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []Block
	}{
		{
			name: "soft and hard breaks",
			src:  "one\ntwo  \nthree\\\nfour<br>five <br/> six\n",
			want: []Block{{Kind: Paragraph, Text: "one two\nthree\nfour\nfive\nsix", Line: 1}},
		},
		{
			name: "heading levels and setext",
			src:  "# One\n\n###### Six ######\n\nTwo\n---\n\n#\n",
			want: []Block{
				{Kind: Heading, Level: 1, Text: "One", Line: 1},
				{Kind: Heading, Level: 6, Text: "Six", Line: 3},
				{Kind: Heading, Level: 2, Text: "Two", Line: 5},
			},
		},
		{
			name: "comments and html blocks are not text",
			src:  "<!-- hidden -->\n\na <!-- inline --> b\n\n<div>\nignored\n</div>\n\n<script>\nvar x = 1;\n</script>\n",
			want: []Block{{Kind: Paragraph, Text: "a b", Line: 3}},
		},
		{
			name: "html headings are headings",
			src:  "<h2 id=\"x\">HTML <em>heading</em></h2>\n\n| a |\n|---|\n",
			want: []Block{{Kind: Heading, Level: 2, Text: "HTML heading", Line: 1}},
		},
		{
			name: "unclosed html heading ends with its block",
			src:  "<h2>Unclosed\n\nParagraph after.\n",
			want: []Block{
				{Kind: Heading, Level: 2, Text: "Unclosed", Line: 1},
				{Kind: Paragraph, Text: "Paragraph after.", Line: 3},
			},
		},
		{
			name: "list items and block quotes",
			src:  "- a\n- b\n  - c\n\n> quoted\n> text\n\n1) d\n\n   e\n",
			want: []Block{
				{Kind: ListItem, Text: "a", Line: 1},
				{Kind: ListItem, Text: "b", Line: 2},
				{Kind: ListItem, Text: "c", Line: 3},
				{Kind: Paragraph, Text: "quoted text", Line: 5},
				{Kind: ListItem, Text: "d", Line: 8},
				{Kind: Paragraph, Text: "e", Line: 10},
			},
		},
		{
			name: "links in blocks",
			src:  "See [terms](/terms), <https://x.example> and https://y.example.\n",
			want: []Block{{
				Kind: Paragraph, Text: "See terms, https://x.example and https://y.example.", Line: 1,
				Links: []Link{
					{Text: "terms", URL: "/terms"},
					{Text: "https://x.example", URL: "https://x.example"},
					{Text: "https://y.example", URL: "https://y.example"},
				},
			}},
		},
		{
			name: "container fences are not text",
			src:  "::: details Click me\nInside.\n:::\n",
			want: []Block{{Kind: Paragraph, Text: "Inside.", Line: 2}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			page := parse(t, tt.src)
			if diff := cmp.Diff(tt.want, page.Blocks); diff != "" {
				t.Errorf("Blocks of %q mismatch (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

func TestParseHTMLTables(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []Table
	}{
		{
			name: "omitted end tags and implied row",
			src:  "<table>\n<th>A<th>B\n<tr><td>1<td>2\n<tr><td>3</table>\n",
			want: []Table{{
				Format: "html", Line: 2, Column: 1,
				Header: row(2, cell(2, 5, "A"), cell(2, 10, "B")),
				// The short row is padded at its <tr>.
				Rows: []Row{row(3, cell(3, 9, "1"), cell(3, 14, "2")), row(4, cell(4, 9, "3"), cell(4, 1, ""))},
			}},
		},
		{
			name: "short rows padded at their start tag, or first cell when the tr is implied",
			src:  "<table>\n<tr><th>A</th><th>B</th><th>C</th></tr>\n  <tr><td>1</td></tr>\n</table>\n<table><thead><tr><th>A<th>B</thead>\n<td>x</table>\n",
			want: []Table{{
				Format: "html", Line: 2, Column: 1,
				Header: row(2, cell(2, 9, "A"), cell(2, 19, "B"), cell(2, 29, "C")),
				Rows:   []Row{row(3, cell(3, 11, "1"), cell(3, 3, ""), cell(3, 3, ""))},
			}, {
				Format: "html", Line: 5, Column: 15,
				Header: row(5, cell(5, 23, "A"), cell(5, 28, "B")),
				Rows:   []Row{row(6, cell(6, 5, "x"), cell(6, 1, ""))},
			}},
		},
		{
			name: "no header row: the first row is the header",
			src:  "<table><tr><td>a</td></tr><tr><td>b</td></tr></table>\n",
			want: []Table{{
				Format: "html", Line: 1, Column: 8,
				Header: row(1, cell(1, 16, "a")),
				Rows:   []Row{row(1, cell(1, 35, "b"))},
			}},
		},
		{
			name: "row headers do not make a header row",
			src:  "<table>\n<tr><th>Name</th><th>Where</th></tr>\n<tr><th>Acme</th><td>EU</td></tr>\n</table>\n",
			want: []Table{{
				Format: "html", Line: 2, Column: 1,
				Header: row(2, cell(2, 9, "Name"), cell(2, 22, "Where")),
				Rows:   []Row{row(3, cell(3, 9, "Acme"), cell(3, 22, "EU"))},
			}},
		},
		{
			name: "nested table is a table of its own",
			src:  "<table><tr><th>Outer</th></tr><tr><td>x<table><tr><td>inner</td></tr></table>y</td></tr></table>\n",
			want: []Table{
				{
					Format: "html", Line: 1, Column: 8,
					Header: row(1, cell(1, 16, "Outer")),
					Rows:   []Row{row(1, cell(1, 39, "x\ny"))},
				},
				{
					Format: "html", Line: 1, Column: 47,
					Header: row(1, cell(1, 55, "inner")),
				},
			},
		},
		{
			name: "inside a block quote",
			src:  "# H\n> <table>\n> <tr><td>q</td></tr>\n> </table>\n",
			want: []Table{{Format: "html", Line: 3, Column: 3, Heading: "H", Header: row(3, cell(3, 11, "q"))}},
		},
		{
			name: "script text is not cell text",
			src:  "<table><tr><td>a<script>var b;</script><style>p{}</style></td></tr></table>\n",
			want: []Table{{Format: "html", Line: 1, Column: 8, Header: row(1, cell(1, 16, "a"))}},
		},
		{
			name: "html heading above",
			src:  "# Markdown\n\n<h3>Vendors</h3>\n<table><tr><th>A</th></tr></table>\n",
			want: []Table{{Format: "html", Line: 4, Column: 8, Heading: "Vendors", Header: row(4, cell(4, 16, "A"))}},
		},
		{
			name: "block elements in a cell break lines",
			src:  "<table><tr><td><p>a</p><p>b</p><ul><li>c<li>d</ul>e</td></tr></table>\n",
			want: []Table{{Format: "html", Line: 1, Column: 8, Header: row(1, cell(1, 16, "a\nb\nc\nd\ne"))}},
		},
		{
			name: "minified on one line",
			src:  "<table><tr><th>Ä</th><th>B</th></tr><tr><td>1</td><td>2</td></tr><tr><td>3</td><td> </td></tr></table>",
			want: []Table{{
				Format: "html", Line: 1, Column: 8,
				Header: row(1, cell(1, 16, "Ä"), cell(1, 26, "B")),
				Rows:   []Row{row(1, cell(1, 45, "1"), cell(1, 55, "2")), row(1, cell(1, 74, "3"), cell(1, 84, ""))},
			}},
		},
		{
			name: "empty table",
			src:  "text\n\n<table></table>\n",
			want: []Table{{Format: "html", Line: 3, Column: 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			page := parse(t, tt.src)
			if diff := cmp.Diff(tt.want, page.Tables); diff != "" {
				t.Errorf("Tables of %q mismatch (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

func TestParseLineEndings(t *testing.T) {
	t.Parallel()
	const doc = "---\ntitle: T\n---\n# H\n\n| a | b |\n|---|---|\n| 1 |  |\n\npara\nline two\n"
	want := &Page{
		FrontMatter: map[string]any{"title": "T"},
		Blocks: []Block{
			{Kind: Heading, Level: 1, Text: "H", Line: 4},
			{Kind: Paragraph, Text: "para line two", Line: 10},
		},
		Tables: []Table{{
			Format: "markdown", Line: 6, Column: 1, Heading: "H",
			Header: row(6, cell(6, 3, "a"), cell(6, 7, "b")),
			Rows:   []Row{row(8, cell(8, 3, "1"), cell(8, 6, ""))},
		}},
	}
	tests := []struct {
		name string
		src  string
	}{
		{"LF", doc},
		{"CRLF", strings.ReplaceAll(doc, "\n", "\r\n")},
		{"CR", strings.ReplaceAll(doc, "\n", "\r")},
		{"BOM", "\uFEFF" + doc},
		{"BOM and CRLF", "\uFEFF" + strings.ReplaceAll(doc, "\n", "\r\n")},
		{"no final newline", strings.TrimSuffix(doc, "\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(want, parse(t, tt.src)); diff != "" {
				t.Errorf("Parse mismatch (-want +got):\n%s", diff)
			}
		})
	}

	t.Run("mixed", func(t *testing.T) {
		t.Parallel()
		page := parse(t, "a\r\n\rb\n\r\nc\r")
		want := []Block{{Kind: Paragraph, Text: "a", Line: 1}, {Kind: Paragraph, Text: "b", Line: 3}, {Kind: Paragraph, Text: "c", Line: 5}}
		if diff := cmp.Diff(want, page.Blocks); diff != "" {
			t.Errorf("Blocks mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("BOM does not count as a column", func(t *testing.T) {
		t.Parallel()
		page := parse(t, "\uFEFF| a |\n|---|\n")
		if diff := cmp.Diff(row(1, cell(1, 3, "a")), page.Tables[0].Header); diff != "" {
			t.Errorf("header mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	const nul = "NUL byte; this does not look like a text file"
	tests := []struct {
		name string
		src  string
		want *PosError
	}{
		{"invalid UTF-8", "# ok\nab\xffc\n", &PosError{Line: 2, Column: 3, Msg: "invalid UTF-8"}},
		{"invalid UTF-8 after multibyte", "héllo \xc3(", &PosError{Line: 1, Column: 7, Msg: "invalid UTF-8"}},
		{"invalid UTF-8 after BOM", "\uFEFFab\xfe", &PosError{Line: 1, Column: 3, Msg: "invalid UTF-8"}},
		{"invalid UTF-8 after CR and CRLF", "a\rb\r\n\xff", &PosError{Line: 3, Column: 1, Msg: "invalid UTF-8"}},
		{"truncated rune at end", "ok\n\xe6\x9d", &PosError{Line: 2, Column: 1, Msg: "invalid UTF-8"}},
		{"NUL byte", "abc\n\x00", &PosError{Line: 2, Column: 1, Msg: nul}},
		{"NUL wins over invalid UTF-8", "\xff\x00", &PosError{Line: 1, Column: 2, Msg: nul}},
		{
			"malformed front matter", "---\ntitle: a\nbad: [\n---\n# H\n",
			&PosError{Line: 3, Column: 1, Msg: "invalid front matter: did not find expected node content"},
		},
		{
			"front matter lines are file lines", "---\na: 1\na: 2\n---\n",
			&PosError{Line: 3, Column: 1, Msg: `invalid front matter: mapping key "a" already defined at line 2`},
		},
		{
			"front matter is a list", "---\n- a\n- b\n---\n",
			&PosError{Line: 2, Column: 1, Msg: `front matter must be a mapping of keys to values, not "list"`},
		},
		{
			"html nested too deeply", strings.Repeat("<div>", 101) + "\n",
			&PosError{Line: 1, Column: 501, Msg: "html nesting deeper than 100 levels"},
		},
		{
			"html nested too deeply across blocks", "# T\n\n" + strings.Repeat("<section>\n\ntext\n\n", 101),
			&PosError{Line: 3 + 100*4, Column: 1, Msg: "html nesting deeper than 100 levels"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			page, err := Parse([]byte(tt.src))
			var got *PosError
			if !errors.As(err, &got) {
				t.Fatalf("Parse(%q) = %v, %v; want *PosError", tt.src, page, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("error mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPosErrorString(t *testing.T) {
	t.Parallel()
	err := &PosError{Line: 3, Column: 7, Msg: "invalid UTF-8"}
	if got, want := err.Error(), "3:7: invalid UTF-8"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestParseHTMLDepthLimit(t *testing.T) {
	t.Parallel()
	src := strings.Repeat("<div>", 100) + "\n\n" + strings.Repeat("</div>", 100) + "\n\n<table><tr><td>ok</td></tr></table>\n"
	page := parse(t, src)
	if len(page.Tables) != 1 || page.Tables[0].Header.Cells[0].Text != "ok" {
		t.Errorf("Tables = %+v, want one table with cell \"ok\"", page.Tables)
	}
	// Unclosed inline elements end with their paragraph and do not pile up.
	page = parse(t, strings.Repeat("<span>text\n\n", 150))
	if len(page.Blocks) != 150 {
		t.Errorf("got %d blocks, want 150", len(page.Blocks))
	}
}

func TestParseFrontMatter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		src        string
		want       map[string]any
		wantBlocks []Block
	}{
		{name: "only a fence", src: "---"},
		{name: "only a fence and newline", src: "---\n"},
		{name: "unclosed", src: "---\ntitle: x\n", wantBlocks: []Block{{Kind: Paragraph, Text: "title: x", Line: 2}}},
		{name: "empty", src: "---\n---\n", want: map[string]any{}},
		{name: "comment only", src: "---\n# c\n---\nhi\n", want: map[string]any{}, wantBlocks: []Block{{Kind: Paragraph, Text: "hi", Line: 4}}},
		{
			name: "values",
			src: "---  \ndate: 2024-05-16\nwhen: 2024-05-16T10:30:00Z\nzoned: 2024-05-16T10:30:00+02:00\n" +
				"n: 3\nf: 1.5\nnan: .nan\ninf: -.inf\nok: true\nnothing: ~\nlist: [a, 1]\n" +
				"nested:\n  deep: {k: v}\n  2024-01-02: date key\n  7: int key\n---\nBody\n",
			want: map[string]any{
				"date": "2024-05-16", "when": "2024-05-16T10:30:00Z", "zoned": "2024-05-16T10:30:00+02:00",
				"n": 3, "f": 1.5, "nan": ".nan", "inf": "-.inf", "ok": true, "nothing": nil,
				"list": []any{"a", 1},
				"nested": map[string]any{
					"deep":       map[string]any{"k": "v"},
					"2024-01-02": "date key",
					"7":          "int key",
				},
			},
			wantBlocks: []Block{{Kind: Paragraph, Text: "Body", Line: 17}},
		},
		{
			name: "not front matter when not first",
			src:  "\n---\ntitle: x\n---\n",
			wantBlocks: []Block{
				{Kind: Heading, Level: 2, Text: "title: x", Line: 3},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			page := parse(t, tt.src)
			if diff := cmp.Diff(tt.want, page.FrontMatter); diff != "" {
				t.Errorf("FrontMatter mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantBlocks, page.Blocks); diff != "" {
				t.Errorf("Blocks mismatch (-want +got):\n%s", diff)
			}
			if _, err := json.Marshal(page); err != nil {
				t.Errorf("json.Marshal(page): %v", err)
			}
		})
	}
}

func TestParseDoesNotModifyInput(t *testing.T) {
	t.Parallel()
	src := []byte("\uFEFF---\r\ntitle: x\r\n---\r\n::: info\r\n| a |\r\n|---|\r\n:::\r\n")
	orig := string(src)
	parse(t, string(src))
	if _, err := Parse(src); err != nil {
		t.Fatal(err)
	}
	if string(src) != orig {
		t.Errorf("Parse modified its input: %q", src)
	}
}

func TestParseLargeTable(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	t.Parallel()
	const n = 100000
	page := parse(t, string(tableOfRows(n)))
	if len(page.Tables) != 1 || len(page.Tables[0].Rows) != n {
		t.Fatalf("got %d tables, want one with %d rows", len(page.Tables), n)
	}
	last := page.Tables[0].Rows[n-1]
	want := row(n+4,
		cell(n+4, 3, "Vendor 99999"),
		cell(n+4, 18, "Cloud hosting"),
		cell(n+4, 34, "* Real-time\n* Storage"),
		cell(n+4, 65, "United States"),
		cell(n+4, 81, "Policy", Link{Text: "Policy", URL: "https://example.com/99999"}),
	)
	if diff := cmp.Diff(want, last); diff != "" {
		t.Errorf("last row mismatch (-want +got):\n%s", diff)
	}
}

// HTML paragraphs and list items outside tables are blocks, as Markdown's are; inside a cell
// or a heading their text stays the cell's or the heading's.
func TestHTMLProseBlocks(t *testing.T) {
	t.Parallel()
	src := "<div>\n<p style=\"text-align: right;\"><em>Last Updated: 30 April 2018</em></p>\n<ul><li>One</li><li>Two</li></ul>\n" +
		"<table><tr><th>Name</th></tr><tr><td><p>In a cell</p></td></tr></table>\n</div>\n"
	p, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []Block{
		{Kind: Paragraph, Text: "Last Updated: 30 April 2018", Line: 2},
		{Kind: ListItem, Text: "One", Line: 3},
		{Kind: ListItem, Text: "Two", Line: 3},
	}
	if diff := cmp.Diff(want, p.Blocks); diff != "" {
		t.Errorf("blocks (-want +got):\n%s", diff)
	}
	if len(p.Tables) != 1 || p.Tables[0].Rows[0].Cells[0].Text != "In a cell" {
		t.Errorf("the cell lost its text: %+v", p.Tables)
	}
}

// TOML front matter between "+++" lines (Hugo, Zola) is front matter too, with its errors at
// their line of the file.
func TestTOMLFrontMatter(t *testing.T) {
	t.Parallel()
	p, err := Parse([]byte("+++\ntitle = \"Subprocessors\"\ndate = 2024-05-16\n\n[extra]\nlast_updated = \"2026-07-30\"\n+++\n\n# Subprocessors\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"title": "Subprocessors", "date": "2024-05-16", "extra": map[string]any{"last_updated": "2026-07-30"}}
	if diff := cmp.Diff(want, p.FrontMatter); diff != "" {
		t.Errorf("front matter (-want +got):\n%s", diff)
	}
	if len(p.Blocks) != 1 || p.Blocks[0].Text != "Subprocessors" || p.Blocks[0].Line != 9 {
		t.Errorf("blocks %+v, want only the heading at line 9", p.Blocks)
	}
	_, err = Parse([]byte("+++\ntitle = \"ok\"\nbroken = \n+++\n"))
	var perr *PosError
	if !errors.As(err, &perr) || perr.Line != 3 || !strings.HasPrefix(perr.Msg, "invalid front matter: ") {
		t.Errorf("error %v, want invalid front matter at line 3", err)
	}
}
