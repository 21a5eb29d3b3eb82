package markdown

import (
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/yuin/goldmark/text"
)

func TestStrayRows(t *testing.T) {
	t.Parallel()
	const (
		table    = "| a | b |\n|---|---|\n| 1 | 2 |\n" // lines 1-3
		noDelim2 = `a header row and rows without a delimiter row ("| --- | --- |") are shown as text`
	)
	// stray is one stray run; its Table is the table line its reason names, if any.
	stray := func(line, col int, reason string) []StrayRow {
		table := 0
		if m := regexp.MustCompile(`table at line (\d+)`).FindStringSubmatch(reason); m != nil {
			table, _ = strconv.Atoi(m[1])
		}
		return []StrayRow{{Line: line, Column: col, Reason: reason, Table: table}}
	}
	tests := []struct {
		name string
		src  string
		want []StrayRow
	}{
		{
			"delimiter row with fewer cells", "| Name | Purpose | Location |\n|---|---|\n| AWS | Hosting | US |\n",
			stray(1, 1, "the delimiter row has 2 cells but the header has 3, so the table is shown as text"),
		},
		{
			"delimiter row of one cell after text", "Our vendors:\n| a | b |\n| --- |\n",
			stray(2, 1, "the delimiter row has 1 cell but the header has 2, so the table is shown as text"),
		},
		{
			"rows above the header count", "| x | y |\n| a | b | c |\n|---|---|\n",
			stray(1, 1, "the delimiter row has 2 cells but the header has 3, so the table is shown as text"),
		},
		{
			"no outer pipes", "a | b | c\n--|--\n",
			stray(1, 1, "the delimiter row has 2 cells but the header has 3, so the table is shown as text"),
		},
		{"rows without a delimiter row", "| Name | Purpose |\n| AWS | Hosting |\n", stray(1, 1, noDelim2)},
		{"after text", "Our vendors:\n  | Name | Purpose |\n| AWS | Hosting |\n", stray(2, 3, noDelim2)},
		{
			"wide", "| a | b | c | d | e | f | g |\n| 1 | 2 | 3 | 4 | 5 | 6 | 7 |\n",
			stray(1, 1, `a header row and rows without a delimiter row ("| --- |" for each of the 7 columns) are shown as text`),
		},
		{
			"rows cut off by a blank line", table + "\n| 3 | 4 |\n| 5 | 6 |\n",
			stray(5, 1, "these rows follow a blank line that ended the table at line 1, so they are shown as text"),
		},
		{
			"one row cut off by a blank line", "# H\n\n" + table + "\n  | 3 | 4 |\n",
			stray(7, 3, "this row follows a blank line that ended the table at line 3, so it is shown as text"),
		},
		{
			"a row and text cut off", table + "\n| 3 | 4 |\nNote: more to come.\n",
			stray(5, 1, "this row follows a blank line that ended the table at line 1, so it is shown as text"),
		},
		{
			"cut off by a comment", table + "<!-- EU vendors -->\n| 3 | 4 |\n",
			stray(5, 1, "this row follows an HTML comment that ended the table at line 1, so it is shown as text"),
		},
		{
			"cut off by a comment, then a blank line", table + "<!--\nEU vendors\n-->\n\n| 3 | 4 |\n",
			stray(8, 1, "this row follows an HTML comment that ended the table at line 1, so it is shown as text"),
		},
		{
			"a comment after the blank line", table + "\n<!-- EU vendors -->\n| 3 | 4 |\n",
			stray(6, 1, "this row follows a blank line that ended the table at line 1, so it is shown as text"),
		},
		{
			"each cut-off paragraph", table + "\n| 3 | 4 |\n\n| 5 | 6 |\n",
			[]StrayRow{
				{Line: 5, Column: 1, Reason: "this row follows a blank line that ended the table at line 1, so it is shown as text", Table: 1},
				{Line: 7, Column: 1, Reason: "this row follows a blank line that ended the table at line 1, so it is shown as text", Table: 1},
			},
		},
		{
			"in a block quote", "> | a | b |\n> |---|---|\n>\n> | c | d |\n",
			stray(4, 3, "this row follows a blank line that ended the table at line 1, so it is shown as text"),
		},
		{"in a list item", "- Vendors\n  | a | b |\n  | c | d |\n", stray(2, 3, noDelim2)},
		{
			"right above the header row", "| Subprocessors | |\n| Name | Where |\n|---|---|\n| AWS | US |\n",
			stray(1, 1, "this row is right above the header row of the table at line 2, so it is shown as text"),
		},
		{
			"rows right above the header row", "Intro\n| A | B |\n| C | D |\n| Name | Where |\n|---|---|\n",
			stray(2, 1, "these rows are right above the header row of the table at line 4, so they are shown as text"),
		},
		{
			"in a wrapper", "<div>\n| a | b |\n|---|\n</div>\n",
			stray(2, 1, "the delimiter row has 1 cell but the header has 2, so the table is shown as text"),
		},
		{
			"after a wrapper's table", "<div>\n" + table + "\n| 3 | 4 |\n",
			stray(6, 1, "this row follows a blank line that ended the table at line 2, so it is shown as text"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			page := parse(t, tt.src)
			if diff := cmp.Diff(tt.want, page.StrayRows); diff != "" {
				t.Errorf("StrayRows of %q mismatch (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

func TestNoStrayRows(t *testing.T) {
	t.Parallel()
	const table = "| a | b |\n|---|---|\n| 1 | 2 |\n"
	for name, src := range map[string]string{
		"fenced code":                     "```\n| a | b |\n| c | d |\n```\n",
		"fenced code after table":         table + "\n```\n| a | b |\n```\n",
		"indented code":                   "text\n\n    | a | b |\n    | c | d |\n",
		"ASCII art in a fence":            "```\n+---+---+\n| a | b |\n+---+---+\n|   |   |\n```\n",
		"a pipe in prose":                 "Use a | b to pipe.\n",
		"pipes inside text":               "a | b | c\nd | e | f\n",
		"Liquid filters":                  "{{ page.date | date: \"%Y\" }}\n{{ page.x | upcase }}\n",
		"a lone row":                      "Text\n\n| a | b |\n",
		"a lone row after text":           table + "\nText\n\n| a | b |\n",
		"a row after a heading":           table + "\n## Next\n| a | b |\n",
		"a row after a list":              table + "\n- item\n\n| a | b |\n",
		"one-cell rows":                   "| a |\n| b |\n",
		"one-cell row after table":        table + "\n| 3 |\n",
		"empty rows":                      "||\n||\n",
		"grid table":                      "+---+---+\n| a | b |\n| c | d |\n+===+===+\n",
		"tables":                          table + "\n" + table + "\n> " + table,
		"short header":                    "| a |\n|---|---|\n| 1 | 2 |\n",
		"setext heading":                  "| a | b |\n---\n",
		"HTML table":                      "<table>\n<tr><td>\n| a | b |\n| c | d |\n</td></tr>\n</table>\n",
		"wrapper without a delimiter row": "<div>\n| a | b |\n| c | d |\n</div>\n",
		"comment":                         "<!--\n| a | b |\n| c | d |\n-->\n",
		"comment after a table":           table + "\n<!--\n| a | b |\n-->\n",
		"absolute values":                 "|x| is the size.\n",
	} {
		page := parse(t, src)
		if page.StrayRows != nil {
			t.Errorf("%s: StrayRows of %q = %+v, want none", name, src, page.StrayRows)
		}
	}
}

func TestStrayRowsLimit(t *testing.T) {
	t.Parallel()
	lim := defaultLimits
	lim.strayRows = 3
	page, err := parseQuick(t, []byte(strings.Repeat("| a | b |\n| c | d |\n\n", 5)), lim)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.StrayRows) != 3 || page.StrayRows[2].Line != 7 {
		t.Errorf("StrayRows = %+v, want 3, the last at line 7", page.StrayRows)
	}
}

// TestPipeRowCells checks pipeRowCells against splitPipeRow on random lines.
func TestPipeRowCells(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(11, 12))
	pieces := []string{"|", "|", "a", " ", "\\", "\\|", "`", "\t", "||", "b c"}
	for range 20000 {
		var b strings.Builder
		for range r.IntN(10) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		src := []byte(b.String())
		want := len(splitPipeRow(src, text.NewSegment(0, len(src)), 0, true, nil))
		if got := pipeRowCells(trimSpace(src)); got != want {
			t.Fatalf("pipeRowCells(%q) = %d, want %d", src, got, want)
		}
	}
}
