package markdown

import (
	"bytes"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"
)

// textBuf collects the plain text of a cell, block or heading. Content whitespace is kept as
// spaces and explicit line breaks as '\n'; result collapses and trims. A nil or discarding
// textBuf swallows everything, which lets callers write to "the current sink" blindly.
type textBuf struct {
	b         []byte
	links     []Link
	linkStart []int // offset in b where each link's text starts
	first     int   // source offset of the first content, -1 before any
	discard   bool  // text written here is dropped
}

// newTextBuf returns an empty textBuf.
func newTextBuf() *textBuf {
	return &textBuf{first: -1}
}

// reset empties t for reuse.
func (t *textBuf) reset() {
	t.b = t.b[:0]
	t.links = t.links[:0]
	t.linkStart = t.linkStart[:0]
	t.first = -1
}

// live reports whether writes to t are kept.
func (t *textBuf) live() bool {
	return t != nil && !t.discard
}

// text appends content, turning line feeds and carriage returns into spaces: only brk makes
// line breaks.
func (t *textBuf) text(s []byte) {
	if !t.live() {
		return
	}
	from := len(t.b)
	t.b = append(t.b, s...)
	for i, c := range t.b[from:] {
		if c == '\n' || c == '\r' {
			t.b[from+i] = ' '
		}
	}
}

// space appends a space.
func (t *textBuf) space() {
	if t.live() {
		t.b = append(t.b, ' ')
	}
}

// brk appends a line break.
func (t *textBuf) brk() {
	if t.live() {
		t.b = append(t.b, '\n')
	}
}

// mark records off as the position of the first content, unless one is known.
func (t *textBuf) mark(off int) {
	if t.live() && t.first < 0 {
		t.first = off
	}
}

// openLink starts a link to url whose text is what is written until closeLink, and returns
// its handle (-1 when t drops text).
func (t *textBuf) openLink(url string) int {
	if !t.live() {
		return -1
	}
	t.links = append(t.links, Link{URL: url})
	t.linkStart = append(t.linkStart, len(t.b))
	return len(t.links) - 1
}

// closeLink sets the text of the link with handle h.
func (t *textBuf) closeLink(h int) {
	if !t.live() || h < 0 || h >= len(t.links) {
		return
	}
	t.links[h].Text = collapse(t.b[t.linkStart[h]:])
}

// result returns the normalised text and the links, nil when there are none.
func (t *textBuf) result() (string, []Link) {
	if t == nil {
		return "", nil
	}
	return collapse(t.b), t.linksCopy()
}

// linksCopy returns a copy of the links, nil when there are none.
func (t *textBuf) linksCopy() []Link {
	if t == nil || len(t.links) == 0 {
		return nil
	}
	return append([]Link(nil), t.links...)
}

// collapse normalises collected text: runs of whitespace become one space, each line is
// trimmed, and empty lines are dropped.
func collapse(b []byte) string {
	var buf [256]byte // most texts fit: one allocation, the string's
	return string(appendCollapsed(buf[:0], b))
}

// appendCollapsed appends the collapsed form of b to out.
func appendCollapsed(out, b []byte) []byte {
	start := len(out)
	pendingSpace, pendingBreak := false, false
	for i := 0; i < len(b); {
		// A run of printable ASCII, the common case, is copied at once.
		j := i
		for j < len(b) && ' ' < b[j] && b[j] < utf8.RuneSelf {
			j++
		}
		if j > i {
			if pendingBreak {
				out = append(out, '\n')
			} else if pendingSpace {
				out = append(out, ' ')
			}
			pendingSpace, pendingBreak = false, false
			out = append(out, b[i:j]...)
			i = j
			continue
		}
		r, n := rune(b[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRune(b[i:])
		}
		switch {
		case r == '\n':
			pendingBreak = len(out) > start
			pendingSpace = false
		case unicode.IsSpace(r):
			pendingSpace = len(out) > start && !pendingBreak
		default:
			if pendingBreak {
				out = append(out, '\n')
			} else if pendingSpace {
				out = append(out, ' ')
			}
			pendingSpace, pendingBreak = false, false
			if r == utf8.RuneError && n == 1 {
				out = utf8.AppendRune(out, r)
			} else {
				out = append(out, b[i:i+n]...)
			}
		}
		i += n
	}
	return out
}

// decodeInline resolves backslash escapes of ASCII punctuation and HTML entity and numeric
// character references in one pass, the way CommonMark text and link destinations are read.
// It returns s itself when there is nothing to resolve.
func decodeInline(s []byte) []byte {
	if bytes.IndexByte(s, '\\') < 0 && bytes.IndexByte(s, '&') < 0 {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s) && util.IsPunct(s[i+1]):
			out = append(out, s[i+1])
			i += 2
		case c == '&':
			if r, n := decodeReference(s[i:]); n > 0 {
				out = append(out, r...)
				i += n
				continue
			}
			out = append(out, c)
			i++
		default:
			out = append(out, c)
			i++
		}
	}
	return out
}

// decodeReference decodes the entity ("&amp;") or numeric ("&#35;", "&#x23;") reference at
// the start of s and returns its characters and length, or n == 0 when there is none.
func decodeReference(s []byte) (chars []byte, n int) {
	// The search for ';' looks no further than the longest reference, so that text full
	// of '&' without ';' stays linear.
	end := bytes.IndexByte(s[:min(len(s), 41)], ';')
	if end < 2 || end > 40 {
		return nil, 0
	}
	body := s[1:end]
	if body[0] != '#' {
		if e, ok := util.LookUpHTML5EntityByName(string(body)); ok {
			return e.Characters, end + 1
		}
		return nil, 0
	}
	digits, base, maxLen := body[1:], 10, 7
	if len(digits) > 0 && (digits[0] == 'x' || digits[0] == 'X') {
		digits, base, maxLen = digits[1:], 16, 6
	}
	if len(digits) == 0 || len(digits) > maxLen {
		return nil, 0
	}
	v, err := strconv.ParseUint(string(digits), base, 32)
	if err != nil {
		return nil, 0
	}
	return utf8.AppendRune(nil, util.ToValidRune(rune(v))), end + 1
}

// strArena builds strings that share one allocation: it collects their bytes, and flush
// makes one string of them all and stores a substring in each destination. Pipe table cells
// use it, so that the texts and links of a large table cost a few hundred allocations rather
// than several per row. The destinations must not move before flush.
type strArena struct {
	buf  []byte
	refs []strRef
}

// strRef is a string strArena is to store.
type strRef struct {
	dst      *string
	from, to int // its bytes in buf
}

// strChunk is the size past which a pipe table flushes its strArena.
const strChunk = 16 << 10

// add adds a string of the bytes b, to be stored in *dst.
func (a *strArena) add(dst *string, b []byte) {
	from := len(a.buf)
	a.buf = append(a.buf, b...)
	a.refs = append(a.refs, strRef{dst, from, len(a.buf)})
}

// addCollapsed adds collapse(b), to be stored in *dst.
func (a *strArena) addCollapsed(dst *string, b []byte) {
	from := len(a.buf)
	a.buf = appendCollapsed(a.buf, b)
	a.refs = append(a.refs, strRef{dst, from, len(a.buf)})
}

// flush stores all strings added since the last flush.
func (a *strArena) flush() {
	s := string(a.buf)
	for _, r := range a.refs {
		*r.dst = s[r.from:r.to]
	}
	a.buf = a.buf[:0]
	clear(a.refs) // drop the pointers
	a.refs = a.refs[:0]
}
