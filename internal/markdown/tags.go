package markdown

import (
	"bytes"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseStartTag parses a start tag on its own, such as `<a href="x" class=y>` or `<br/>`,
// and returns its lower-case name, the attributes that matter and whether it ends in "/>".
// ok is false for anything else, including tags whose attributes it cannot read plainly;
// the tokenizer handles those.
func parseStartTag(raw []byte) (name string, a tagAttrs, selfClosing, ok bool) {
	if len(raw) < 3 || raw[0] != '<' || raw[len(raw)-1] != '>' || !isASCIILetter(raw[1]) {
		return "", a, false, false
	}
	s := raw[1 : len(raw)-1]
	i := 1
	for i < len(s) && (isASCIILetter(s[i]) || isDigit(s[i]) || s[i] == '-') {
		i++
	}
	name = lowerTagName(s[:i])
	for {
		j := i + leadingSpace(s[i:])
		switch {
		case j == len(s):
			return name, a, false, true
		case s[j] == '/' && j == len(s)-1:
			return name, a, true, true
		case j == i:
			return "", a, false, false // no space before an attribute
		}
		key, val, n := parseAttr(s[j:])
		if n == 0 {
			return "", a, false, false
		}
		a.set(key, val)
		i = j + n
	}
}

// parseAttr parses an attribute, `key`, `key=value`, `key='value'` or `key="value"`, at
// the start of s and returns its lower-case key, its decoded value and its length;
// n == 0 when s does not start with one.
func parseAttr(s []byte) (key, val string, n int) {
	for n < len(s) && (isASCIILetter(s[n]) || isDigit(s[n]) || bytes.IndexByte([]byte("_:.-"), s[n]) >= 0) {
		n++
	}
	if n == 0 {
		return "", "", 0
	}
	key = string(bytes.ToLower(s[:n]))
	eq := n + leadingSpace(s[n:])
	if eq == len(s) || s[eq] != '=' {
		return key, "", n
	}
	v := eq + 1 + leadingSpace(s[eq+1:])
	if v == len(s) {
		return "", "", 0
	}
	var end int
	switch q := s[v]; q {
	case '"', '\'':
		i := bytes.IndexByte(s[v+1:], q)
		if i < 0 {
			return "", "", 0
		}
		val, end = string(s[v+1:v+1+i]), v+i+2
	default:
		end = v
		for end < len(s) && bytes.IndexByte([]byte(" \t\n\f\r\"'=<>`"), s[end]) < 0 {
			end++
		}
		if end == v {
			return "", "", 0
		}
		val = string(s[v:end])
	}
	return key, html.UnescapeString(val), end
}

// isASCIILetter reports whether c is an ASCII letter.
func isASCIILetter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// isDigit reports whether c is an ASCII digit.
func isDigit(c byte) bool {
	return '0' <= c && c <= '9'
}

// simpleEndTag recognises an end tag without attributes, "</name>", and returns its
// lower-case name.
func simpleEndTag(raw []byte) (string, bool) {
	if len(raw) < 4 || raw[0] != '<' || raw[1] != '/' || raw[len(raw)-1] != '>' {
		return "", false
	}
	name := bytes.TrimRight(raw[2:len(raw)-1], " \t\n")
	for _, c := range name {
		if !isASCIILetter(c) && !isDigit(c) && c != '-' {
			return "", false
		}
	}
	if len(name) == 0 {
		return "", false
	}
	return lowerTagName(name), true
}

// lowerTagName returns name in lower case as a string, allocating only for an unknown or
// upper-case name.
func lowerTagName(name []byte) string {
	for _, c := range name {
		if 'A' <= c && c <= 'Z' {
			return tagName(bytes.ToLower(name))
		}
	}
	return tagName(name)
}

// tagName returns name as a string, without allocating for known tags.
func tagName(name []byte) string {
	if a := atom.Lookup(name); a != 0 {
		return a.String()
	}
	return string(name)
}

// tagAttrs are the attributes of a start tag that matter here.
type tagAttrs struct {
	href    string
	hasHref bool
	alt     string
	// colspan and rowspan are a table cell's spans, at most MaxColumns and MaxRows; 0 when
	// the attribute is absent or is no non-negative integer, and for colspan="0" (1 column, as
	// browsers read it). rowsToEnd is rowspan="0": the rest of the table section.
	colspan, rowspan int
	rowsToEnd        bool
}

// set records attribute key (lower case) with its decoded value.
func (a *tagAttrs) set(key, val string) {
	switch key {
	case "href":
		a.href, a.hasHref = val, true
	case "alt":
		a.alt = val
	case "colspan":
		a.colspan, _ = parseSpan(val, MaxColumns)
	case "rowspan":
		var ok bool
		a.rowspan, ok = parseSpan(val, MaxRows)
		a.rowsToEnd = ok && a.rowspan == 0
	}
}

// parseSpan parses a colspan or rowspan value by HTML's rules for non-negative integers:
// leading white space and a "+" are skipped and anything after the digits is ignored, so
// "2px" is 2. Values over limit are limit. ok is false, and n 0, for a value that does not
// start with digits or is negative.
func parseSpan(val string, limit int) (n int, ok bool) {
	i := 0
	for i < len(val) && bytes.IndexByte([]byte(" \t\n\f\r"), val[i]) >= 0 {
		i++
	}
	if i < len(val) && val[i] == '+' {
		i++
	}
	if i == len(val) || !isDigit(val[i]) {
		return 0, false
	}
	for ; i < len(val) && isDigit(val[i]); i++ {
		n = min(n*10+int(val[i]-'0'), limit)
	}
	return n, true
}

// tokenAttrs returns the attributes of the tokenizer's current tag.
func tokenAttrs(z *html.Tokenizer, hasAttr bool) tagAttrs {
	var a tagAttrs
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		switch string(k) { // only the attributes that matter cost a string
		case "href", "alt", "colspan", "rowspan":
			a.set(string(k), string(v))
		}
	}
	return a
}

// bareTag recognises a tag without attributes or spaces, "<name>", or with end "</name>",
// as the HTML tokenizer's raw bytes of a start or end tag, and returns its lower-case name.
// The tokenizer's TagName copies the name of every tag; a table has many of these.
func bareTag(raw []byte, end bool) (string, bool) {
	i := 1
	if end {
		i = 2
	}
	if len(raw) < i+2 || raw[0] != '<' || end && raw[1] != '/' || raw[len(raw)-1] != '>' || !isASCIILetter(raw[i]) {
		return "", false
	}
	name := raw[i : len(raw)-1]
	for _, c := range name {
		if !isASCIILetter(c) && !isDigit(c) {
			return "", false
		}
	}
	return lowerTagName(name), true
}
