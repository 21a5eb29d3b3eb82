package subprocessor

import "github.com/subpolicy/subpolicy/internal/markdown"

// addStrayRows carries the page's broken table rows (lines that look like table rows but are
// shown as text) into the document, where SP023 reports them on subprocessor pages. Rows that
// belong with a table that is no subprocessor table (a rights table, a cookie table) drop no
// subprocessor: they are left out.
func addStrayRows(doc *Document, page *markdown.Page) {
	other := map[int]bool{}
	for _, u := range doc.UnreadTables {
		other[u.Line] = true
	}
	for _, s := range page.StrayRows {
		if s.Table > 0 && other[s.Table] {
			continue
		}
		doc.StrayRows = append(doc.StrayRows, StrayRow{Line: s.Line, Column: s.Column, Reason: s.Reason})
	}
}
