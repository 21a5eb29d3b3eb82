package subprocessor

import "github.com/subpolicy/subpolicy/internal/markdown"

// addStrayRows carries the page's broken table rows (lines that look like table rows but are
// shown as text) into the document, where SP023 reports them on subprocessor pages.
func addStrayRows(doc *Document, page *markdown.Page) {
	for _, s := range page.StrayRows {
		doc.StrayRows = append(doc.StrayRows, StrayRow{Line: s.Line, Column: s.Column, Reason: s.Reason})
	}
}
