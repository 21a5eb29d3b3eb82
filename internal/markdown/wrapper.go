package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/text"
)

// MDX sites (Docusaurus, Nextra) write pipe tables inside JSX or HTML wrappers:
//
//	<div className="table-wrapper">
//	| Name | Purpose |
//	| --- | --- |
//	| AWS | Hosting |
//	</div>
//
// CommonMark makes all of that one HTML block (of type 6 or 7, which ends at a blank line),
// and the table would be lost. The walker reads such a block's lines line by line: the tag
// lines go to the HTML state as before, and each run of Markdown lines between them that holds
// a delimiter row is parsed as Markdown of its own (markdownRun), with the same machinery and
// the file's lines and columns.

// lineRange is a range of lines of an HTML block, from inclusive, to exclusive.
type lineRange struct{ from, to int }

// markdownRuns returns the runs of Markdown lines of the HTML block (of type 6 or 7) whose lines
// are segs that may hold a pipe table: runs of lines that do not start with '<' and do not
// start, or end, inside a tag, a comment or raw text (see htmlScanner), and in which a line
// with a '|' is followed by a delimiter row with a '|'.
func markdownRuns(src []byte, segs []text.Segment) []lineRange {
	var (
		s         htmlScanner
		runs      []lineRange
		start     = -1 // the first line of the current run, -1 when none
		candidate bool // the current run has a delimiter row after a line with a '|'
		prev      []byte
	)
	end := func(i int) {
		if start >= 0 && candidate {
			runs = append(runs, lineRange{start, i})
		}
		start, candidate = -1, false
	}
	for i, seg := range segs {
		seg.Start, seg.Stop = max(0, min(seg.Start, len(src))), max(0, min(seg.Stop, len(src)))
		line := src[seg.Start:max(seg.Start, seg.Stop)]
		t := bytes.TrimLeft(line, " \t")
		if s.inside() || len(t) == 0 || t[0] == '<' || t[0] == '\n' {
			end(i)
			s.scanTags(line)
			continue
		}
		if s.scanComments(line); s.comment {
			// "text <!--": the comment hides the lines that follow, and maybe this one.
			end(i)
			continue
		}
		if start < 0 {
			start = i
		} else if !candidate && bytes.IndexByte(prev, '|') >= 0 && bytes.IndexByte(t, '|') >= 0 && delimiterRowColumns(t) > 0 {
			candidate = true
		}
		prev = t
	}
	end(len(segs))
	return runs
}

// rawTextElements are the elements whose content markdownRuns never reads as Markdown: code,
// and what browsers do not read as HTML.
var rawTextElements = map[string]bool{"script": true, "style": true, "pre": true, "textarea": true, "code": true}

// htmlScanner follows, loosely and line by line, where the lines of an HTML block start: in
// text, inside a tag (which may span lines, with quoted attribute values and JSX expressions
// in braces), inside a comment or inside the raw text of an element of rawTextElements. It
// errs towards "inside": a line it is unsure of is not read as Markdown.
type htmlScanner struct {
	tag     bool   // inside a tag
	quote   byte   // the quote of the attribute value being read in a tag, 0 when none
	braces  int    // the open braces of a JSX expression in a tag
	last    byte   // the last non-blank byte of the tag so far
	rawName string // the tag's name, when it is the start tag of a raw text element
	comment bool   // inside a comment
	raw     string // the raw text element whose content is being read, "" when none
}

// inside reports whether the next line starts inside a tag, a comment or raw text.
func (s *htmlScanner) inside() bool {
	return s.tag || s.comment || s.raw != ""
}

// scanTags follows a line of tags and text.
func (s *htmlScanner) scanTags(line []byte) {
	for i := 0; i < len(line); {
		switch {
		case s.comment:
			j := bytes.Index(line[i:], []byte("-->"))
			if j < 0 {
				return
			}
			i += j + len("-->")
			s.comment = false
		case s.tag:
			c := line[i]
			i++
			switch {
			case s.quote != 0:
				if c == s.quote {
					s.quote = 0
				}
			case s.braces > 0:
				switch c {
				case '{':
					s.braces++
				case '}':
					s.braces--
				}
			case (c == '"' || c == '\'') && s.last == '=':
				s.quote = c
			case c == '{':
				s.braces++
			case c == '>':
				s.tag = false
				if s.rawName != "" && s.last != '/' {
					s.raw = s.rawName
				}
				continue
			}
			if c != ' ' && c != '\t' && c != '\n' {
				s.last = c
			}
		case s.raw != "":
			j := indexEndTag(line[i:], s.raw)
			if j < 0 {
				return
			}
			i += j // the end tag is read as a tag
			s.raw = ""
		default:
			j := bytes.IndexByte(line[i:], '<')
			if j < 0 {
				return
			}
			i += j
			rest := line[i:]
			if bytes.HasPrefix(rest, []byte("<!--")) {
				s.comment = true
				i += len("<!--")
				continue
			}
			k := 1
			if k < len(rest) && rest[k] == '/' {
				k++
			}
			switch {
			case k < len(rest) && isASCIILetter(rest[k]):
				n := k
				for n < len(rest) && isTagNameByte(rest[n]) {
					n++
				}
				s.tag, s.quote, s.braces, s.last, s.rawName = true, 0, 0, 0, ""
				if k == 1 {
					if name := lowerTagName(rest[k:n]); rawTextElements[name] {
						s.rawName = name
					}
				}
				i += n
			case k == 1 && len(rest) > 1 && (rest[1] == '!' || rest[1] == '?'):
				// A declaration or processing instruction: up to the next '>'.
				s.tag, s.quote, s.braces, s.last, s.rawName = true, 0, 0, 0, ""
				i += 2
			default:
				i++ // a '<' in text
			}
		}
	}
}

// scanComments follows a line of Markdown text, in which only comments matter: they may
// hide the lines that follow.
func (s *htmlScanner) scanComments(line []byte) {
	for {
		if s.comment {
			j := bytes.Index(line, []byte("-->"))
			if j < 0 {
				return
			}
			line = line[j+len("-->"):]
			s.comment = false
			continue
		}
		j := bytes.Index(line, []byte("<!--"))
		if j < 0 {
			return
		}
		line = line[j+len("<!--"):]
		s.comment = true
	}
}

// isTagNameByte reports whether c may be part of a tag name, JSX ones ("Tabs.Item",
// "x:y") included.
func isTagNameByte(c byte) bool {
	return isASCIILetter(c) || isDigit(c) || c == '-' || c == '_' || c == '.' || c == ':'
}

// indexEndTag returns the offset in b of the first end tag of the element name (lower case),
// "</name" in any case followed by something that does not continue the name, -1 when none.
func indexEndTag(b []byte, name string) int {
	for off := 0; ; {
		j := bytes.Index(b[off:], []byte("</"))
		if j < 0 {
			return -1
		}
		at := off + j
		rest := b[at+2:]
		if len(rest) >= len(name) && bytes.EqualFold(rest[:len(name)], []byte(name)) &&
			(len(rest) == len(name) || !isTagNameByte(rest[len(name)])) {
			return at
		}
		off = at + 2
	}
}

// wrapperBlock feeds an HTML block of type 6 or 7 to the HTML state, reading the runs of its
// lines that markdownRuns finds as Markdown (see markdownRun), unless the HTML state at that
// point makes them HTML text: inside an HTML table or heading, or inside raw text.
func (w *walker) wrapperBlock(segs []text.Segment) {
	var runs []lineRange
	if !w.nested {
		runs = markdownRuns(w.src, segs)
	}
	if len(runs) == 0 {
		w.feedHTML(segs)
		return
	}
	from := 0
	for _, r := range runs {
		w.feedParts(segs[from:r.from])
		from = r.from
		if w.err != nil {
			return
		}
		if !w.markdownAllowed() {
			continue
		}
		w.markdownRun(segs[r.from:r.to])
		from = r.to
	}
	if from < len(segs) && w.err == nil {
		w.afterTable = tableEnd{}
		w.feedParts(segs[from:])
	}
}

// feedParts feeds lines of an HTML block to the HTML state, as feedHTML does. Lines that are
// one start or end tag, as the lines around a wrapper's Markdown nearly always are, skip the
// tokenizer, which costs a 4 KiB buffer each time (see rawHTML).
func (w *walker) feedParts(segs []text.Segment) {
	for len(segs) > 0 && w.err == nil && w.tagLine(segs[0]) {
		segs = segs[1:]
	}
	if len(segs) > 0 && w.err == nil {
		w.feedHTML(segs)
	}
}

// tokenizerRawText are the elements whose start tag makes the HTML tokenizer read what follows
// as text: tagLine leaves them to it.
var tokenizerRawText = map[string]bool{
	"iframe": true, "noembed": true, "noframes": true, "noscript": true, "plaintext": true,
	"script": true, "style": true, "textarea": true, "title": true, "xmp": true,
}

// tagLine handles the line seg of an HTML block when it is a single start or end tag between
// blanks, as the tokenizer would, and reports whether it did.
func (w *walker) tagLine(seg text.Segment) bool {
	if n := len(w.stack); n > 0 && w.stack[n-1].kind == elemRawText {
		return false
	}
	seg.Start, seg.Stop = max(0, min(seg.Start, len(w.src))), max(0, min(seg.Stop, len(w.src)))
	start, stop := seg.Start, max(seg.Start, seg.Stop)
	for start < stop && isHTMLSpace(w.src[start]) {
		start++
	}
	end := stop
	for end > start && isHTMLSpace(w.src[end-1]) {
		end--
	}
	raw := w.src[start:end]
	name, isEnd := simpleEndTag(raw)
	var (
		a           tagAttrs
		selfClosing bool
	)
	if !isEnd {
		var ok bool
		if name, a, selfClosing, ok = parseStartTag(raw); !ok || tokenizerRawText[name] {
			return false
		}
	}
	w.htmlSpace(w.src[seg.Start:start])
	if isEnd {
		w.endTag(name)
	} else {
		w.startTag(name, a, selfClosing, token{start: start, end: end, content: end})
	}
	w.htmlSpace(w.src[end:stop])
	return true
}

// isHTMLSpace reports whether c is ASCII white space to the HTML tokenizer.
func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// htmlSpace writes the white space between tags b to the current sink, as htmlText would.
func (w *walker) htmlSpace(b []byte) {
	if len(b) == 0 {
		return
	}
	if sink := w.sink(); sink.live() && (len(w.stack) == 0 || w.stack[len(w.stack)-1].kind != elemRawText) {
		sink.text(b)
	}
}

// markdownAllowed reports whether Markdown lines of an HTML block here may be read as
// Markdown: they are not text of an HTML table, of an open HTML heading or cell, or raw text.
func (w *walker) markdownAllowed() bool {
	if len(w.tables) > 0 || w.sink().live() {
		return false
	}
	for _, e := range w.stack {
		if e.kind == elemRawText {
			return false
		}
	}
	return true
}

// markdownRun parses the lines segs of an HTML block as Markdown of their own and walks it,
// filling the same page. Its source is its lines, each without the indentation before its
// first character (MDX indents JSX children, and has no indented code); its index maps its
// lines and columns to the file's. The file's pre-pass has seen its tables (a delimiter row
// there is one in the file, after a line that is not blank, and a table there ends no later
// than the file's blank line after it); it gets its own pre-pass too, and its own parse under
// the file's deadline. Its HTML is its own: elements opened in it are closed at its end.
func (w *walker) markdownRun(segs []text.Segment) {
	size := 0
	for _, seg := range segs {
		size += max(0, seg.Stop-seg.Start) + 1
	}
	sub := make([]byte, 0, size)
	lineNo := make([]int, 0, len(segs)+1)
	colBase := make([]int, 0, len(segs)+1)
	last := 0 // characters of the last line, without its line feed
	for _, seg := range segs {
		stop := max(0, min(seg.Stop, len(w.src)))
		start := min(w.skipBlanks(seg.Start), stop)
		l := w.idx.lineOf(start)
		lineNo = append(lineNo, w.idx.lineNumber(l))
		colBase = append(colBase, w.idx.column(l, start)-1)
		line := w.src[start:stop]
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i] // a segment is one line; make sure
		}
		sub = append(sub, line...)
		sub = append(sub, '\n')
		last = countChars(line)
	}
	// The empty line after the last line feed is the end of the last line.
	lineNo = append(lineNo, lineNo[len(lineNo)-1])
	colBase = append(colBase, colBase[len(colBase)-1]+last)

	idx := newLineIndex(sub)
	idx.lineNo, idx.colBase = lineNo, colBase
	if err := checkStructure(sub, idx, w.lim); err != nil {
		w.setErr(err)
		return
	}
	doc, err := parseMarkdown(sub, idx, w.lim, w.deadline)
	if err != nil {
		w.setErr(err)
		return
	}
	c := newWalker(sub, idx, w.page, w.lim)
	c.deadline, c.nested = w.deadline, true
	c.heading, c.rows, c.cells, c.copies = w.heading, w.rows, w.cells, w.copies
	err = c.document(doc)
	w.heading, w.rows, w.cells, w.copies = c.heading, c.rows, c.cells, c.copies
	w.afterTable = c.afterTable
	if err != nil {
		w.setErr(err)
	}
}

// setErr records err unless an error is recorded already.
func (w *walker) setErr(err error) {
	if w.err == nil {
		w.err = err
	}
}
