package markdown

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestComments(t *testing.T) {
	src := "---\ntitle: x\n---\n" + // front matter: lines 1-3
		"<!-- subpolicy-ignore SP001: table-level -->\n" + // 4
		"| Name | Purpose |\n" + // 5
		"|---|---|\n" + // 6
		"| A | x <!-- in a cell --> |\n" + // 7
		"| B | y | <!-- after the last cell --> <!--second-->\n" + // 8
		"| C | `<!-- code span -->` |\n" + // 9
		"\n" +
		"Text <!-- inline --> more.\n" + // 11
		"\n" +
		"```\n<!-- fenced code -->\n```\n" + // 13-15
		"\n" +
		"> <!-- quoted\n> over two lines -->\n" + // 17-18
		"\n" +
		"<table>\n" + // 20
		"<tr><th>Name</th><th>Purpose</th></tr>\n" +
		"<!--\n  above D\n-->\n" + // 22-24
		"<tr><td>D <!-- in an HTML cell --></td><td>w</td></tr>\n" + // 25
		"</table>\n" +
		"<!-- unclosed"
	page, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []Comment{
		{Text: "subpolicy-ignore SP001: table-level", Line: 4, EndLine: 4},
		{Text: "in a cell", Line: 7, EndLine: 7},
		{Text: "after the last cell", Line: 8, EndLine: 8},
		{Text: "second", Line: 8, EndLine: 8},
		{Text: "inline", Line: 11, EndLine: 11},
		{Text: "quoted\nover two lines", Line: 17, EndLine: 18},
		{Text: "above D", Line: 22, EndLine: 24},
		{Text: "in an HTML cell", Line: 25, EndLine: 25},
		{Text: "unclosed", Line: 27, EndLine: 27},
	}
	if diff := cmp.Diff(want, page.Comments); diff != "" {
		t.Errorf("comments (-want +got):\n%s", diff)
	}
	// Comments change no table: the rows and cells are those of the page without them.
	if len(page.Tables) != 2 || len(page.Tables[0].Rows) != 3 || page.Tables[0].Rows[1].Cells[1].Text != "y" ||
		page.Tables[0].Rows[0].Cells[1].Text != "x" || page.Tables[1].Rows[0].Cells[0].Text != "D" {
		t.Errorf("tables changed by comments: %+v", page.Tables)
	}
}

func TestNoComments(t *testing.T) {
	page, err := Parse([]byte("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"))
	if err != nil {
		t.Fatal(err)
	}
	if page.Comments != nil {
		t.Errorf("comments = %+v, want none", page.Comments)
	}
}

// Found by FuzzParse: the tokenizer decodes a comment's entities in place, over its raw
// bytes, which then held one line break too many.
func TestCommentWithEntitiesEndsOnItsLine(t *testing.T) {
	page, err := Parse([]byte("<div>\n<!-- a &nbsp;&amp;&nbsp; b\nc -->\n</div>\n\ntext\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Comment{{Text: "a \u00a0&\u00a0 b\nc", Line: 2, EndLine: 3}}
	if diff := cmp.Diff(want, page.Comments); diff != "" {
		t.Errorf("comments (-want +got):\n%s", diff)
	}
}
