package markdown

import (
	"bytes"
	"strings"
)

// Comment is an HTML comment of the page ("<!-- … -->") outside code: a comment block, a
// comment inline in a paragraph or a table cell, or one written after the last cell of a pipe
// table row (which GFM drops from the table, so it is invisible on the rendered page).
// Later stages read directives from comments, such as "subpolicy-ignore SP004: reason".
type Comment struct {
	Text    string // the text between "<!--" and "-->", trimmed
	Line    int    // 1-based line of the "<!--"
	EndLine int    // 1-based line of the comment's last character
}

// comment records an HTML comment token: raw is its source text as the tokenizer saw it,
// text its content, start the source offset of its "<!--".
func (w *walker) comment(start int, raw, text []byte) {
	line := w.idx.line(start)
	w.page.Comments = append(w.page.Comments, Comment{
		Text:    strings.TrimSpace(string(text)),
		Line:    line,
		EndLine: line + bytes.Count(raw, []byte{'\n'}),
	})
}

// trailingComments records the comments written on a pipe table row after its last kept
// cell, from offset from to the end of the row's line.
func (w *walker) trailingComments(from, rowStart int) {
	end := w.rowEnd(rowStart)
	for from < end {
		i := bytes.Index(w.src[from:end], []byte("<!--"))
		if i < 0 {
			return
		}
		open := from + i
		body := open + len("<!--")
		j := bytes.Index(w.src[body:end], []byte("-->"))
		if j < 0 {
			j = end - body // unclosed: the comment runs to the end of the row
		}
		w.comment(open, w.src[open:body+j], w.src[body:body+j])
		from = body + j + len("-->")
	}
}
