package markdown

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseHTMLTableSpans(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []Table
	}{
		{
			name: "rowspan and colspan in the body",
			src: "<table>\n" +
				"<tr><th>Category</th><th>Vendor</th><th>Purpose</th></tr>\n" +
				"<tr><td rowspan=\"2\">Infrastructure</td><td>AWS</td><td>Hosting</td></tr>\n" +
				"<tr><td>GCP</td><td>Backups</td></tr>\n" +
				"<tr><td>Email</td><td colspan=\"2\">Postmark (<a href=\"https://postmarkapp.com\">transactional</a> email)</td></tr>\n" +
				"</table>\n",
			want: []Table{{
				Format: "html", Line: 2, Column: 1,
				Header: row(2, cell(2, 9, "Category"), cell(2, 26, "Vendor"), cell(2, 41, "Purpose")),
				Rows: []Row{
					row(3, cell(3, 21, "Infrastructure"), cell(3, 44, "AWS"), cell(3, 56, "Hosting")),
					// The copy is at the spanning cell's position.
					row(4, cell(3, 21, "Infrastructure"), cell(4, 9, "GCP"), cell(4, 21, "Backups")),
					row(5, cell(5, 9, "Email"),
						cell(5, 35, "Postmark (transactional email)", Link{Text: "transactional", URL: "https://postmarkapp.com"}),
						cell(5, 35, "Postmark (transactional email)", Link{Text: "transactional", URL: "https://postmarkapp.com"})),
				},
			}},
		},
		{
			name: "rowspan and colspan in a header row",
			src: "<table><thead>\n" +
				"<tr><th rowspan=2>Name<th colspan=2>Contact\n" +
				"<tr><th>Email<th>Phone\n" +
				"</thead><tbody>\n" +
				"<tr><td>Acme<td>a@x<td>1\n" +
				"</table>\n",
			want: []Table{{
				Format: "html", Line: 2, Column: 1,
				Header: row(2, cell(2, 19, "Name"), cell(2, 37, "Contact"), cell(2, 37, "Contact")),
				// Only the first row of <thead> is the header; the rowspan reaches the second.
				Rows: []Row{
					row(3, cell(2, 19, "Name"), cell(3, 9, "Email"), cell(3, 18, "Phone")),
					row(5, cell(5, 9, "Acme"), cell(5, 17, "a@x"), cell(5, 24, "1")),
				},
			}},
		},
		{
			name: "rowspan from an all-th header row outside thead",
			src:  "<table>\n<tr><th rowspan=3>Region<th>Vendor\n<tr><td>Acme\n<tr><td>Beta\n<tr><td>Gamma</table>\n",
			want: []Table{{
				Format: "html", Line: 2, Column: 1,
				Header: row(2, cell(2, 19, "Region"), cell(2, 29, "Vendor")),
				Rows: []Row{
					row(3, cell(2, 19, "Region"), cell(3, 9, "Acme")),
					row(4, cell(2, 19, "Region"), cell(4, 9, "Beta")),
					// The span has ended: the row is short and padded at its <tr>.
					row(5, cell(5, 9, "Gamma"), cell(5, 1, "")),
				},
			}},
		},
		{
			name: "rowspan=0 fills the rest of its section only",
			src: "<table><thead><tr><th>A<th>B<th>C</thead>\n" +
				"<tbody>\n<tr><td>1<td>2<td rowspan=0>z\n<tr><td>3\n<tr><td>4<td>5<td>6<td>7\n</tbody>\n" +
				"<tbody><tr><td>8<td>9</tbody></table>\n",
			want: []Table{{
				Format: "html", Line: 1, Column: 15,
				Header: row(1, cell(1, 23, "A"), cell(1, 28, "B"), cell(1, 33, "C")),
				Rows: []Row{
					row(3, cell(3, 9, "1"), cell(3, 14, "2"), cell(3, 29, "z")),
					// A column left free before a rowspan's copy has an empty cell at the <tr>.
					row(4, cell(4, 9, "3"), cell(4, 1, ""), cell(3, 29, "z")),
					// Own cells take the columns the rowspan leaves free.
					row(5, cell(5, 9, "4"), cell(5, 14, "5"), cell(3, 29, "z"), cell(5, 19, "6"), cell(5, 24, "7")),
					row(7, cell(7, 16, "8"), cell(7, 21, "9"), cell(7, 8, "")),
				},
			}},
		},
		{
			name: "colspan and rowspan on one cell, and a row without cells",
			src: "<table><tr><th>A<th>B<th>C<th>D\n" +
				"<tr><td>1<td rowspan=3 colspan=2>x<td>4\n" +
				"<tr><td>5<td>6\n" +
				"<tr>\n" + // dropped, but the rowspan fills it: this is its last row
				"<tr><td>7<td>8</table>\n",
			want: []Table{{
				Format: "html", Line: 1, Column: 8,
				Header: row(1, cell(1, 16, "A"), cell(1, 21, "B"), cell(1, 26, "C"), cell(1, 31, "D")),
				Rows: []Row{
					row(2, cell(2, 9, "1"), cell(2, 34, "x"), cell(2, 34, "x"), cell(2, 39, "4")),
					row(3, cell(3, 9, "5"), cell(2, 34, "x"), cell(2, 34, "x"), cell(3, 14, "6")),
					row(5, cell(5, 9, "7"), cell(5, 14, "8"), cell(5, 1, ""), cell(5, 1, "")),
				},
			}},
		},
		{
			name: "spans past the end of the table",
			src:  "<table><tr><th>A<th>B\n<tr><td rowspan=5>r<td colspan=4>c</table>\n",
			want: []Table{{
				Format: "html", Line: 1, Column: 8,
				Header: row(1, cell(1, 16, "A"), cell(1, 21, "B")),
				// No rows are added for the rowspan; cells beyond the header's are kept.
				Rows: []Row{row(2, cell(2, 19, "r"), cell(2, 34, "c"), cell(2, 34, "c"), cell(2, 34, "c"), cell(2, 34, "c"))},
			}},
		},
		{
			name: "a colspan over a rowspan's column takes it",
			src:  "<table><tr><th>A<th>B<th>C\n<tr><td>1<td rowspan=3>r<td>3\n<tr><td colspan=3>w\n<tr><td>x<td>y</table>\n",
			want: []Table{{
				Format: "html", Line: 1, Column: 8,
				Header: row(1, cell(1, 16, "A"), cell(1, 21, "B"), cell(1, 26, "C")),
				Rows: []Row{
					row(2, cell(2, 9, "1"), cell(2, 24, "r"), cell(2, 29, "3")),
					row(3, cell(3, 19, "w"), cell(3, 19, "w"), cell(3, 19, "w")),
					row(4, cell(4, 9, "x"), cell(2, 24, "r"), cell(4, 14, "y")),
				},
			}},
		},
		{
			name: "spans that are not numbers, negative, zero or 1 are 1",
			src:  "<table><tr><th>A<th>B\n<tr><td colspan=x rowspan=-2>1<td colspan=0 rowspan=1>2\n<tr><td COLSPAN=' +2px'>3</table>\n",
			want: []Table{{
				Format: "html", Line: 1, Column: 8,
				Header: row(1, cell(1, 16, "A"), cell(1, 21, "B")),
				Rows: []Row{
					row(2, cell(2, 30, "1"), cell(2, 55, "2")),
					row(3, cell(3, 25, "3"), cell(3, 25, "3")),
				},
			}},
		},
		{
			name: "rowspans of a nested table stay in it",
			src:  "<table><tr><th>A<th>B\n<tr><td><table><tr><td rowspan=2>i</table><td>b\n<tr><td>c<td>d</table>\n",
			want: []Table{{
				Format: "html", Line: 1, Column: 8,
				Header: row(1, cell(1, 16, "A"), cell(1, 21, "B")),
				// The nested table is not part of the cell's text.
				Rows: []Row{row(2, cell(2, 9, ""), cell(2, 47, "b")), row(3, cell(3, 9, "c"), cell(3, 14, "d"))},
			}, {
				Format: "html", Line: 2, Column: 16,
				Header: row(2, cell(2, 34, "i")),
			}},
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

func TestParseSpan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		val  string
		n    int
		ok   bool
		attr string
	}{
		{"2", 2, true, ""},
		{" \t+3", 3, true, ""},
		{"2px", 2, true, ""},
		{"4.9", 4, true, ""},
		{"0", 0, true, ""},
		{"007", 7, true, ""},
		{"-1", 0, false, ""},
		{"x", 0, false, ""},
		{"", 0, false, ""},
		{"+", 0, false, ""},
		{"1000000", 200, true, ""},
		{"99999999999999999999999999", 200, true, ""},
	}
	for _, tt := range tests {
		if n, ok := parseSpan(tt.val, 200); n != tt.n || ok != tt.ok {
			t.Errorf("parseSpan(%q, 200) = %d, %v; want %d, %v", tt.val, n, ok, tt.n, tt.ok)
		}
	}
	// Both ways of reading a tag's attributes see the spans, clamped to the limits.
	const tag = `<td ColSpan="1000000" rowspan=0>`
	_, a, _, ok := parseStartTag([]byte(tag))
	want := tagAttrs{colspan: MaxColumns, rowsToEnd: true}
	if !ok || a != want {
		t.Errorf("parseStartTag(%q) = %+v, %v; want %+v", tag, a, ok, want)
	}
	_, a, _, _ = parseStartTag([]byte(`<td rowspan="1000000">`))
	if want := (tagAttrs{rowspan: MaxRows}); a != want {
		t.Errorf("rowspan=1000000 gives %+v, want %+v", a, want)
	}
	// In an HTML block, the tokenizer reads the tags.
	page := parse(t, "<table><tr><th>A<th>B<th>C\n<tr><td data-x=\"a<b\" colspan=\"3\">x</table>\n")
	if got := texts(page.Tables[0].Rows[0]); !cmp.Equal(got, []string{"x", "x", "x"}) {
		t.Errorf("tokenized colspan=3 gives cells %q, want 3 of x", got)
	}
}

func TestHostileSpans(t *testing.T) {
	t.Parallel()
	t.Run("a huge colspan fills the columns allowed", func(t *testing.T) {
		t.Parallel()
		page, err := parseQuick(t, []byte("<table><tr><td colspan=\"1000000\">x</td></tr></table>\n"), defaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(page.Tables[0].Header.Cells); got != MaxColumns {
			t.Errorf("got %d cells, want %d", got, MaxColumns)
		}
		wantError(t, []byte("<table>\n<tr><td colspan=\"1000000\">x</td><td>y</td></tr></table>\n"), defaultLimits,
			&PosError{Line: 2, Column: 1, Msg: "table row has more than 200 cells; split the table into narrower tables"})
		// Columns that rowspans fill count too.
		lim := defaultLimits
		lim.columns = 4
		wantError(t, []byte("<table>\n<tr><td rowspan=2 colspan=3>x<td>y\n<tr><td>a<td>b</table>\n"), lim,
			&PosError{Line: 3, Column: 1, Msg: "table row has more than 4 cells; split the table into narrower tables"})
	})
	t.Run("a huge rowspan fills the rows allowed", func(t *testing.T) {
		t.Parallel()
		lim := defaultLimits
		lim.rows = 5
		src := "<table><tr><th>A<th>B\n<tr><td rowspan=\"1000000\">r<td>1\n" + strings.Repeat("<tr><td>x\n", 4) + "</table>\n"
		page, err := parseQuick(t, []byte(src), lim)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range page.Tables[0].Rows {
			if got := r.Cells[0].Text; got != "r" {
				t.Errorf("row %d starts with %q, want r", i+1, got)
			}
		}
		// No rows for the span: the row limit counts rows of the source.
		src = "<table><tr><th>A\n<tr><td rowspan=\"1000000\">r\n" + strings.Repeat("<tr></tr>\n", 100) + "</table>\n"
		if page, err := parseQuick(t, []byte(src), lim); err != nil || len(page.Tables[0].Rows) != 1 {
			t.Errorf("a rowspan over 100 empty rows: %v, want 1 row", err)
		}
		src = "<table><tr><th>A\n" + strings.Repeat("<tr><td rowspan=0>r\n", 6) + "</table>\n"
		wantError(t, []byte(src), lim, &PosError{Line: 1, Column: 8, Msg: "table has more than 5 rows; split it into smaller tables"})
	})
	t.Run("cells that spans add to a table", func(t *testing.T) {
		t.Parallel()
		lim := defaultLimits
		lim.cells = 30
		// 3 rowspans over 10 rows add 30 cells; over 11, 33. The rows times the header's
		// columns are fewer.
		table := func(rows int) string {
			return "<table>\n<tr><th>A\n<tr><td rowspan=0>a<td rowspan=0>b<td rowspan=0>c<td>d\n" +
				strings.Repeat("<tr><td>x\n", rows) + "</table>\n"
		}
		if _, err := parseQuick(t, []byte(table(10)), lim); err != nil {
			t.Fatalf("30 cells of spans with a limit of 30: %v", err)
		}
		wantError(t, []byte(table(11)), lim, &PosError{Line: 2, Column: 1,
			Msg: "table has more than 30 cells (rows times the header's columns); split it into smaller tables"})
		// And to all of a file's tables.
		wantError(t, []byte(table(5)+"\n"+table(5)+"\n"+table(1)), lim, &PosError{Line: 24, Column: 1,
			Msg: "the tables of this file have more than 30 cells in all (rows times header columns); split the page into several files"})
		// Tables in the Markdown of a wrapper count too: a run with a pipe table is Markdown
		// of its own, and "> <table>" in it an HTML table (15 cells of spans, then 15 and 3).
		quoted := "> " + strings.ReplaceAll(strings.TrimSuffix(table(5), "\n"), "\n", "\n> ") + "\n"
		wrapped := "<div>\n| A |\n| - |\n| 1 |\n" + quoted + "</div>\n\n"
		if _, err := parseQuick(t, []byte(wrapped+table(5)), lim); err != nil {
			t.Fatalf("30 cells of spans in all: %v", err)
		}
		if _, err := parseQuick(t, []byte(wrapped+table(5)+"\n"+table(1)), lim); err == nil ||
			!strings.Contains(err.Error(), "the tables of this file have more than 30 cells in all") {
			t.Errorf("spans inside a wrapper's Markdown are not counted for the file: err = %v", err)
		}
		// With the default limits: 20,000 rows of one cell with colspan=200 over a
		// 1-column header would be 4 million cells.
		src := "<table>\n<tr><th>A\n" + strings.Repeat("<tr><td colspan=200>x\n", 20_000) + "</table>\n"
		wantError(t, []byte(src), defaultLimits, &PosError{Line: 2, Column: 1,
			Msg: "table has more than 2000000 cells (rows times the header's columns); split it into smaller tables"})
	})
	t.Run("rows without cells under wide rowspans cost nothing", func(t *testing.T) {
		t.Parallel()
		// 199 rowspans over 1 MB of empty rows: each costs nothing, though the spans fill it.
		src := "<table>\n<tr>" + strings.Repeat("<td rowspan=0>r", MaxColumns-1) + "\n" +
			strings.Repeat("<tr></tr>", 100_000) + "\n<tr><td>x</table>\n"
		page, err := parseQuick(t, []byte(src), defaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if rows := page.Tables[0].Rows; len(rows) != 1 || len(rows[0].Cells) != MaxColumns || rows[0].Cells[0].Text != "r" || rows[0].Cells[MaxColumns-1].Text != "x" {
			t.Errorf("got %d rows, want 1 of %d cells, the rowspans' copies then x", len(rows), MaxColumns)
		}
		// A row with a cell of its own after them has no column left.
		wantError(t, []byte(strings.Replace(src, "r\n", "r<td rowspan=0>r\n", 1)), defaultLimits,
			&PosError{Line: 4, Column: 1, Msg: "table row has more than 200 cells; split the table into narrower tables"})
	})
}
