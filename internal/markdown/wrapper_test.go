package markdown

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/yuin/goldmark/text"
)

// Pipe tables inside HTML and JSX wrappers, as MDX sites write them (see wrapperBlock).

func TestWrapperTables(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []Table
	}{
		{
			name: "div wrapper",
			src: "# Vendors\n\n" +
				"<div className=\"table-wrapper\">\n" +
				"| Name | Purpose |\n" + // 4
				"| --- | --- |\n" +
				"| [AWS](https://aws.example) | *Hosting*<br>EU `x` |\n" + // 6
				"</div>\n",
			want: []Table{{
				Format: "markdown", Line: 4, Column: 1, Heading: "Vendors",
				Header: row(4, cell(4, 3, "Name"), cell(4, 10, "Purpose")),
				Rows: []Row{row(6,
					cell(6, 3, "AWS", Link{Text: "AWS", URL: "https://aws.example"}),
					cell(6, 32, "Hosting\nEU x"),
				)},
			}},
		},
		{
			name: "nested Tabs and TabItems, indented, with headings",
			src: "## Regions\n\n" +
				"<Tabs>\n" +
				"  <TabItem value=\"eu\" label=\"EU\" default>\n" +
				"    | Name | Where |\n" + // 5
				"    |------|-------|\n" +
				"    | OVH  | FR    |\n" + // 7
				"  </TabItem>\n" +
				"  <TabItem\n" +
				"    value=\"us\"\n" +
				"    label={region > 1 ? \"US\" : \"Americas\"}>\n" +
				"### United States\n" + // 12
				"| Name | Where |\n" + // 13
				"|---|---|\n" +
				"| GCP | US |\n" + // 15
				"  </TabItem>\n" +
				"</Tabs>\n",
			want: []Table{
				{
					Format: "markdown", Line: 5, Column: 5, Heading: "Regions",
					Header: row(5, cell(5, 7, "Name"), cell(5, 14, "Where")),
					Rows:   []Row{row(7, cell(7, 7, "OVH"), cell(7, 14, "FR"))},
				},
				{
					Format: "markdown", Line: 13, Column: 1, Heading: "United States",
					Header: row(13, cell(13, 3, "Name"), cell(13, 10, "Where")),
					Rows:   []Row{row(15, cell(15, 3, "GCP"), cell(15, 9, "US"))},
				},
			},
		},
		{
			name: "text after the rows is a row, as in GFM",
			src: "<div>\n" +
				"| A | B |\n" +
				"|---|---|\n" +
				"| 1 | 2 |\n" +
				"Some text\n" +
				"</div>\n",
			want: []Table{{
				Format: "markdown", Line: 2, Column: 1,
				Header: row(2, cell(2, 3, "A"), cell(2, 7, "B")),
				Rows:   []Row{row(4, cell(4, 3, "1"), cell(4, 7, "2")), row(5, cell(5, 1, "Some text"), cell(5, 10, ""))},
			}},
		},
		{
			name: "summary above",
			src: "<details>\n<summary>Subprocessors</summary>\n\n| A | B |\n|---|---|\n| 1 | 2 |\n</details>\n" +
				"<details><summary>More</summary>\n| C |\n|---|\n</details>\n",
			want: []Table{
				{
					Format: "markdown", Line: 4, Column: 1,
					Header: row(4, cell(4, 3, "A"), cell(4, 7, "B")),
					Rows:   []Row{row(6, cell(6, 3, "1"), cell(6, 7, "2"))},
				},
				{Format: "markdown", Line: 9, Column: 1, Header: row(9, cell(9, 3, "C"))},
			},
		},
		{
			name: "in a block quote and a list item, with a tab and wide characters",
			src: "> <div>\n> \t| Ä | b |\n>  |---|---|\n> | ü | 2 |\n> </div>\n\n" +
				"- <div>\n  | x | y |\n  |---|---|\n  </div>\n",
			want: []Table{
				{
					Format: "markdown", Line: 2, Column: 4,
					Header: row(2, cell(2, 6, "Ä"), cell(2, 10, "b")),
					Rows:   []Row{row(4, cell(4, 5, "ü"), cell(4, 9, "2"))},
				},
				{Format: "markdown", Line: 8, Column: 3, Header: row(8, cell(8, 5, "x"), cell(8, 9, "y"))},
			},
		},
		{
			name: "CRLF and a table without a closing tag",
			src:  "<div>\r\n| A | B |\r\n|---|---|\r\n| 1 |  |",
			want: []Table{{
				Format: "markdown", Line: 2, Column: 1,
				Header: row(2, cell(2, 3, "A"), cell(2, 7, "B")),
				Rows:   []Row{row(4, cell(4, 3, "1"), cell(4, 6, ""))},
			}},
		},
		{
			name: "document order around wrappers",
			src: "| A |\n|---|\n\n<div>\n| B |\n|---|\n</div>\n\n<table><tr><td>C</td></tr></table>\n\n" +
				"<section>\n| D |\n|---|\n</section>\n",
			want: []Table{
				{Format: "markdown", Line: 1, Column: 1, Header: row(1, cell(1, 3, "A"))},
				{Format: "markdown", Line: 5, Column: 1, Header: row(5, cell(5, 3, "B"))},
				{Format: "html", Line: 9, Column: 8, Header: row(9, cell(9, 16, "C"))},
				{Format: "markdown", Line: 12, Column: 1, Header: row(12, cell(12, 3, "D"))},
			},
		},
		{
			name: "an HTML table block is still an HTML table",
			src:  "<table>\n<tr><td>\n| in | cell |\n|---|---|\n</td></tr>\n</table>\n",
			want: []Table{{Format: "html", Line: 2, Column: 1, Header: row(2, cell(3, 1, "| in | cell | |---|---|"))}},
		},
		{
			name: "a wrapper inside an HTML cell is cell text",
			src:  "<table><tr><td>\n\n<div>\n| in | cell |\n|---|---|\n</div>\n\n</td></tr></table>\n",
			want: []Table{{Format: "html", Line: 1, Column: 8, Header: row(1, cell(3, 1, "| in | cell | |---|---|"))}}, // the <div> starts the cell
		},
		{
			name: "comments, pre, code and script hide tables",
			src: "<div>\n<!--\n| a | b |\n|---|---|\n-->\n<pre>\n| c | d |\n|---|---|\n</pre>\n" +
				"<code>\n| e | f |\n|---|---|\n</code>\n<script>\n| g | h |\n|---|---|\n</script>\ntext <!-- i\n| i | j |\n|---|---|\n-->\n</div>\n",
		},
		{
			name: "a lone tag is not a wrapper of what follows a blank line",
			src:  "<div>\n\n| A |\n|---|\n\n</div>\n",
			want: []Table{{Format: "markdown", Line: 3, Column: 1, Header: row(3, cell(3, 3, "A"))}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			page := parse(t, tt.src)
			if diff := cmp.Diff(tt.want, page.Tables); diff != "" {
				t.Errorf("Tables of %q mismatch (-want +got):\n%s", tt.src, diff)
			}
			if page.StrayRows != nil {
				t.Errorf("StrayRows = %+v, want none", page.StrayRows)
			}
		})
	}
}

// TestWrapperText checks what becomes of the rest of a wrapper: its tags are HTML as before,
// the Markdown lines around its table are Markdown, and the lines of a wrapper without a
// table stay HTML text.
func TestWrapperText(t *testing.T) {
	t.Parallel()
	src := "<div>\n" + // 1
		"Intro with a [link](https://l.example).\n" +
		"| A | B |\n" +
		"|---|---|\n" +
		"| 1 | 2 <!-- in a cell --> |\n" + // 5
		"</div>\n" +
		"After the wrapper, HTML text.\n" +
		"\n" +
		"<div>\n" + // 9
		"Wrapper text only <!-- c -->\n" +
		"| a | b |\n" +
		"</div>\n" +
		"\n" +
		"<h3>From HTML</h3>\n" + // 14
		"<div>\n" +
		"| C |\n" +
		"|---|\n" +
		"</div>\n"
	page := parse(t, src)
	wantBlocks := []Block{
		{Kind: Paragraph, Text: "Intro with a link.", Links: []Link{{Text: "link", URL: "https://l.example"}}, Line: 2},
		{Kind: Heading, Level: 3, Text: "From HTML", Line: 14},
	}
	if diff := cmp.Diff(wantBlocks, page.Blocks); diff != "" {
		t.Errorf("Blocks mismatch (-want +got):\n%s", diff)
	}
	wantComments := []Comment{{Text: "in a cell", Line: 5, EndLine: 5}, {Text: "c", Line: 10, EndLine: 10}}
	if diff := cmp.Diff(wantComments, page.Comments); diff != "" {
		t.Errorf("Comments mismatch (-want +got):\n%s", diff)
	}
	wantTables := []Table{
		{
			Format: "markdown", Line: 3, Column: 1,
			Header: row(3, cell(3, 3, "A"), cell(3, 7, "B")),
			Rows:   []Row{row(5, cell(5, 3, "1"), cell(5, 7, "2"))},
		},
		{Format: "markdown", Line: 16, Column: 1, Heading: "From HTML", Header: row(16, cell(16, 3, "C"))},
	}
	if diff := cmp.Diff(wantTables, page.Tables); diff != "" {
		t.Errorf("Tables mismatch (-want +got):\n%s", diff)
	}
}

func TestWrapperLimits(t *testing.T) {
	t.Parallel()
	wrapped := func(table []byte) string { return "<div>\n" + string(table) + "</div>\n\n" }
	t.Run("tables", func(t *testing.T) {
		t.Parallel()
		lim := defaultLimits
		lim.tables = 3
		src := strings.Repeat(wrapped(pipeTable(1, 1)), 4)
		wantError(t, []byte(src), lim, &PosError{Line: 20, Column: 1, Msg: "more than 3 tables in one file; split the page"})
	})
	t.Run("rows", func(t *testing.T) {
		t.Parallel()
		lim := defaultLimits
		lim.rows = 5
		if _, err := parseQuick(t, []byte(wrapped(pipeTable(2, 4))), lim); err != nil {
			t.Fatalf("4 rows with a limit of 5: %v", err)
		}
		// The closing tag counts as a row until the blank line: the pre-pass overestimates.
		wantError(t, []byte(wrapped(pipeTable(2, 5))), lim, &PosError{Line: 2, Column: 1,
			Msg: "table has more than 5 rows (counting the lines up to the next blank line); split it into smaller tables"})
	})
	t.Run("rows in all", func(t *testing.T) {
		t.Parallel()
		lim := defaultLimits
		lim.totalRows = 10
		src := strings.Repeat(wrapped(pipeTable(2, 2)), 3)
		if _, err := parseQuick(t, []byte(src), lim); err != nil {
			t.Fatalf("3 tables of 2 rows (and a closing tag) with a limit of 10 in all: %v", err)
		}
		wantError(t, []byte(src+wrapped(pipeTable(2, 2))), lim, &PosError{Line: 23, Column: 1,
			Msg: "the tables of this file have more than 10 rows in all (counting the lines up to the next blank line after each table); split the page into several files"})
	})
	t.Run("columns", func(t *testing.T) {
		t.Parallel()
		wantError(t, []byte(wrapped(pipeTable(MaxColumns+1, 1))), defaultLimits, &PosError{Line: 2, Column: 1,
			Msg: "table has 201 columns, more than the limit of 200; split it into narrower tables"})
	})
	t.Run("a wide header over many short rows", func(t *testing.T) {
		t.Parallel()
		src := "<div>\n" + string(pipeTable(MaxColumns, 0)) + strings.Repeat("|\n", 20_000) + "</div>\n"
		wantError(t, []byte(src), defaultLimits, &PosError{Line: 2, Column: 1,
			Msg: "table has 200 columns and more than 10000 rows (counting the lines up to the next blank line), more than the 2000000 cells read in one table; split it into smaller tables"})
	})
	t.Run("indented rows", func(t *testing.T) {
		t.Parallel()
		// The wrapper's indentation is taken away; the pre-pass counts indented rows too.
		lim := defaultLimits
		lim.rows = 5
		src := "<Tabs>\n" + strings.ReplaceAll(string(pipeTable(2, 6)), "|", "        |") + "</Tabs>\n"
		src = strings.ReplaceAll(src, "|        |", "||")
		wantError(t, []byte(src), lim, &PosError{Line: 2, Column: 1,
			Msg: "table has more than 5 rows (counting the lines up to the next blank line); split it into smaller tables"})
	})
	t.Run("emphasis in a cell", func(t *testing.T) {
		t.Parallel()
		src := "<div>\n| a |\n|---|\n| " + strings.Repeat("~a*", 20_000) + " |\n</div>\n"
		wantError(t, []byte(src), defaultLimits, &PosError{Line: 4, Column: 15_003,
			Msg: "more than 10000 emphasis markers (*, _ or ~) in one paragraph or table cell; escape them (\\*) or split the text"})
	})
	t.Run("many wrappers", func(t *testing.T) {
		t.Parallel()
		var b bytes.Buffer
		for i := range 5_000 {
			fmt.Fprintf(&b, "<div>\n| Name | Where |\n|---|---|\n| V%d | EU |\n</div>\n\n", i)
		}
		page, err := parseQuick(t, b.Bytes(), defaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Tables) != 5_000 || !cmp.Equal(page.Tables[4_999].Rows[0].Cells[0], cell(4_999*6+4, 3, "V4999")) {
			t.Errorf("got %d tables, want 5000 ending with V4999", len(page.Tables))
		}
	})
}

// TestPrepassSeesWrapperTables checks that the pre-pass sees the tables the walker reads in
// wrappers, as prepassSeesTables does for those of the document: with limits just below a
// table's columns, rows and cells, it fails.
func TestPrepassSeesWrapperTables(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(9, 10))
	n := 10000
	if testing.Short() {
		n = 1000
	}
	tables := 0
	for range n {
		tables += prepassSeesPageTables(t, randomWrappers(r))
		prepassSeesPageTables(t, randomBlocks(r))
	}
	if tables < n/10 {
		t.Errorf("only %d tables in %d random pages", tables, n)
	}
}

// TestRandomWrappers checks FuzzParse's invariants on random pages of wrappers, and that
// their simple cells render as goldmark's nodes would.
func TestRandomWrappers(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(13, 14))
	n := 10000
	if testing.Short() {
		n = 1000
	}
	for i := range n {
		src := randomWrappers(r)
		if i%10 == 0 {
			src = append(src, randomPage(r)...)
		}
		page, err := Parse(src)
		if err != nil {
			checkPosition(t, lineLengths(src), err.(*PosError).Line, err.(*PosError).Column, "error")
			continue
		}
		checkPage(t, lineLengths(src), page)
		if i%10 == 0 {
			sameAsGoldmark(t, fmt.Sprint("page ", i), src, defaultLimits)
		}
	}
}

// prepassSeesPageTables checks that for every pipe table of the page src, the pre-pass fails
// with limits just below the table's columns, rows and cells, and returns the number of pipe
// tables.
func prepassSeesPageTables(t *testing.T, src []byte) int {
	t.Helper()
	page, err := Parse(src)
	if err != nil {
		return 0
	}
	text := normalize(src)
	if fm, ok := findFrontMatter(text); ok {
		blank(text[:fm.end])
	}
	blankContainerFences(text)
	idx := newLineIndex(text)
	n := 0
	for _, tbl := range page.Tables {
		if tbl.Format != "markdown" {
			continue
		}
		n++
		cols, rows := len(tbl.Header.Cells), len(tbl.Rows)
		check := func(what string, lim limits) {
			t.Helper()
			if checkStructure(text, idx, lim) == nil {
				t.Errorf("pre-pass misses the %s of the table of %d columns and %d rows at line %d in %q", what, cols, rows, tbl.Line, src)
			}
		}
		lim := defaultLimits
		lim.columns = cols - 1
		check("columns", lim)
		if rows > 0 {
			lim = defaultLimits
			lim.rows = rows - 1
			check("rows", lim)
			lim = defaultLimits
			lim.cells = rows*cols - 1
			check("cells", lim)
		}
	}
	return n
}

// randomWrappers returns a page of lines of wrapper tags, pieces of pipe tables, block quote
// and list markers, indentation, comments and text.
func randomWrappers(r *rand.Rand) []byte {
	prefixes := []string{"", "", "", "", "  ", "    ", "\t", "> ", ">", "- ", "1. ", "   >"}
	bodies := []string{
		"<div>", "</div>", "<div className=\"table-wrapper\">", "<Tabs>", "<TabItem value=\"eu\">", "</TabItem>",
		"<TabItem", "value=\"x\">", "<details>", "<summary>S</summary>", "<!--", "-->", "<pre>", "</pre>", "<table>", "<td>",
		"| a | b |", "|---|---|", "| a |", "|-|", "a | b", "-|-", "|---|---|---|", "| 1 | 2 | 3 |", "--", ":--", "",
		"", "text", "# h", "```", ">", "| x |", "- | y |",
	}
	var b strings.Builder
	for range 2 + r.IntN(14) {
		fmt.Fprintf(&b, "%s%s\n", prefixes[r.IntN(len(prefixes))], bodies[r.IntN(len(bodies))])
	}
	return []byte(b.String())
}

// TestTagLinesAsTokenizer checks that feeding lines of HTML with feedParts, whose tag lines skip
// the HTML tokenizer (see tagLine), gives what feedHTML gives: the same text, links and open
// elements.
func TestTagLinesAsTokenizer(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		"<div>\n  <span>\ta</span>\n<em>\nb\n</em>\n<br/>\nc\n</div>\n",
		"<a href=\"https://x.example?a=1&amp;b=2\">\nlink\n</a>\n<img alt=\"A &amp; B\" />\n",
		"<p>\n<div class=x>\ntext\n</div>\n",
		"<h2>\nHead\n</h2>\n<li>\na\n<li>\nb\n",
		" <DIV CLASS='A'>\t\n</Div >\nx\n<Tabs.Item>\ny\n<script>\nz\n</script>\n",
		"<style>\n.a { }\n</style>\n<textarea>\n<b>\n</textarea>\n",
	} {
		b := []byte(src)
		var segs []text.Segment
		for start := 0; start < len(b); {
			end := bytes.IndexByte(b[start:], '\n') + start + 1
			segs = append(segs, text.NewSegment(start, end))
			start = end
		}
		feed := func(f func(*walker, []text.Segment)) (string, []Link, []string) {
			w := newWalker(b, newLineIndex(b), &Page{}, defaultLimits)
			buf := newTextBuf()
			w.pushSink(buf)
			f(w, segs)
			var open []string
			for _, e := range w.stack {
				open = append(open, e.name)
			}
			text, links := buf.result()
			return text, links, open
		}
		wantText, wantLinks, wantOpen := feed((*walker).feedHTML)
		gotText, gotLinks, gotOpen := feed((*walker).feedParts)
		if diff := cmp.Diff(wantText, gotText); diff != "" {
			t.Errorf("text of %q mismatch (-feedHTML +feedParts):\n%s", src, diff)
		}
		if diff := cmp.Diff(wantLinks, gotLinks); diff != "" {
			t.Errorf("links of %q mismatch (-feedHTML +feedParts):\n%s", src, diff)
		}
		if diff := cmp.Diff(wantOpen, gotOpen); diff != "" {
			t.Errorf("open elements of %q mismatch (-feedHTML +feedParts):\n%s", src, diff)
		}
	}
}

// TestParseMDXFixture parses a page as Docusaurus sites write them: tables in <Tabs>, in a
// <div> wrapper, in <details>, a row cut off from a table and a broken table.
func TestParseMDXFixture(t *testing.T) {
	t.Parallel()
	got := parse(t, readFile(t, filepath.Join("testdata", "mdx_wrappers.md")))
	want := &Page{
		FrontMatter: map[string]any{"title": "Subprocessors"},
		Blocks: []Block{
			{Kind: Paragraph, Text: "import Tabs from '@theme/Tabs'; import TabItem from '@theme/TabItem';", Line: 4},
			{Kind: Heading, Level: 1, Text: "Subprocessors", Line: 7},
			{Kind: Paragraph, Text: "Last updated: May 16, 2024", Line: 9},
			{Kind: Heading, Level: 2, Text: "Support tools", Line: 32},
			{Kind: Paragraph, Text: "| Intercom | Chat |", Line: 38},
			{Kind: Paragraph, Text: "| Name | Purpose | Until | | --- | --- | | Mailchimp | Email | 2023 |", Line: 42},
		},
		Tables: []Table{
			{ // between <TabItem> lines, with blank lines: a table of the document
				Format: "markdown", Line: 14, Column: 1, Heading: "Subprocessors",
				Header: row(14, cell(14, 3, "Name"), cell(14, 10, "Purpose"), cell(14, 20, "Location")),
				Rows:   []Row{row(16, cell(16, 3, "Amazon Web Services"), cell(16, 25, "Hosting"), cell(16, 35, "Ireland"))},
			},
			{ // right after <TabItem>, indented
				Format: "markdown", Line: 20, Column: 5, Heading: "Subprocessors",
				Header: row(20, cell(20, 7, "Name"), cell(20, 14, "Purpose"), cell(20, 24, "Location")),
				Rows:   []Row{row(22, cell(22, 7, "Google Cloud"), cell(22, 22, "Analytics\nLogs"), cell(22, 43, "United States"))},
			},
			{ // in a <div> wrapper
				Format: "markdown", Line: 27, Column: 1, Heading: "Subprocessors",
				Header: row(27, cell(27, 3, "Name"), cell(27, 10, "Purpose")),
				Rows: []Row{row(29,
					cell(29, 3, "Stripe", Link{Text: "Stripe", URL: "https://stripe.com"}),
					cell(29, 34, "Payments"),
				)},
			},
			{
				Format: "markdown", Line: 34, Column: 1, Heading: "Support tools",
				Header: row(34, cell(34, 3, "Name"), cell(34, 10, "Purpose")),
				Rows:   []Row{row(36, cell(36, 3, "Zendesk"), cell(36, 13, "Support"))},
			},
		},
		StrayRows: []StrayRow{
			{Line: 38, Column: 1, Reason: "this row follows a blank line that ended the table at line 34, so it is shown as text", Table: 34},
			{Line: 42, Column: 1, Reason: "the delimiter row has 2 cells but the header has 3, so the table is shown as text"},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse(mdx_wrappers.md) mismatch (-want +got):\n%s", diff)
	}
}
