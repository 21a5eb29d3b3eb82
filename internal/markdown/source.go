package markdown

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"sort"
	"unicode/utf8"
)

// bom is the UTF-8 byte order mark.
var bom = []byte{0xEF, 0xBB, 0xBF}

// normalize returns a copy of src without a leading byte order mark and with every CRLF and
// every lone CR turned into LF. Each line keeps its characters, so lines and columns computed
// on the copy are those of the file as its user sees it.
func normalize(src []byte) []byte {
	src = bytes.TrimPrefix(src, bom)
	out := make([]byte, 0, len(src))
	for {
		i := bytes.IndexByte(src, '\r')
		if i < 0 {
			return append(out, src...)
		}
		out = append(out, src[:i]...)
		out = append(out, '\n')
		if i+1 < len(src) && src[i+1] == '\n' {
			i++
		}
		src = src[i+1:]
	}
}

// checkText reports the first NUL byte, or else the first byte that is not valid UTF-8.
// NUL bytes are looked for first because they are the surest sign of a binary file.
func checkText(src []byte, idx *lineIndex) error {
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return idx.errorAt(i, "NUL byte; this does not look like a text file")
	}
	if utf8.Valid(src) {
		return nil
	}
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n == 1 {
			return idx.errorAt(i, "invalid UTF-8")
		}
		i += n
	}
	return nil
}

// blank replaces every byte of b but line feeds with a space, keeping all offsets.
func blank(b []byte) {
	for i, c := range b {
		if c != '\n' {
			b[i] = ' '
		}
	}
}

// blankContainerFences blanks the fence lines of VitePress custom containers ("::: info",
// ":::"), including those inside block quotes or indented in list items, so that the Markdown
// parser sees a block boundary there, as VitePress does, rather than a paragraph line that
// would glue itself to a table. Container titles are dropped with their fence.
func blankContainerFences(src []byte) {
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		i := start
		for i < end && (src[i] == ' ' || src[i] == '\t' || src[i] == '>') {
			i++
		}
		if bytes.HasPrefix(src[i:end], []byte(":::")) {
			blank(src[i:end])
		}
		start = end + 1
	}
}

// lineIndex converts byte offsets into 1-based lines and columns, whatever the order of the
// queries: a binary search over the line starts finds the line, and character count
// checkpoints bound the counting for the column. It is built once per file. Columns count
// characters (runes); a tab counts as one.
//
// The index of a Markdown run read out of an HTML block (see walker.markdownRun) maps the
// lines of the run's own source to the lines of the file they were cut from: lineNo holds the
// 1-based file line of each of its lines, and colBase the characters of that file line before
// the part of it the run's line holds. Both are nil for the file's own index.
type lineIndex struct {
	src     []byte
	starts  []int // offset of the first byte of each line
	chars   []int // chars[k] is the number of characters in src[:k*charBlock]
	lineNo  []int // the file line of each line, nil when it is l+1
	colBase []int // characters before each line in its file line, nil when none
}

// charBlock is the spacing of the character count checkpoints.
const charBlock = 64

// newLineIndex indexes the line starts of src and counts its characters.
func newLineIndex(src []byte) *lineIndex {
	starts := make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
		starts = append(starts, off)
	}
	chars := make([]int, len(src)/charBlock+1)
	for k := 1; k < len(chars); k++ {
		chars[k] = chars[k-1] + countChars(src[(k-1)*charBlock:k*charBlock])
	}
	return &lineIndex{src: src, starts: starts, chars: chars}
}

// countChars counts the characters of UTF-8 text: the bytes that do not continue a
// multi-byte sequence. Unlike utf8.RuneCount it adds up over any split of b.
func countChars(b []byte) int {
	n := len(b)
	for ; len(b) >= 8; b = b[8:] {
		// The continuation bytes, 10xxxxxx, eight at a time.
		x := binary.LittleEndian.Uint64(b)
		n -= bits.OnesCount64(x &^ (x << 1) & 0x8080808080808080)
	}
	for _, c := range b {
		if c&0xC0 == 0x80 {
			n--
		}
	}
	return n
}

// position returns the 1-based line and column of the byte at offset off.
// Offsets outside the source are clamped to it.
func (x *lineIndex) position(off int) (line, col int) {
	off = max(0, min(off, len(x.src)))
	l := x.lineOf(off)
	return x.lineNumber(l), x.column(l, off)
}

// lineNumber returns the 1-based file line of the 0-based line l.
func (x *lineIndex) lineNumber(l int) int {
	if x.lineNo != nil {
		return x.lineNo[max(0, min(l, len(x.lineNo)-1))]
	}
	return l + 1
}

// lineOf returns the 0-based line of offset off, which is inside the source.
func (x *lineIndex) lineOf(off int) int {
	return sort.SearchInts(x.starts, off+1) - 1
}

// column returns the 1-based column of offset off, which is on the 0-based line l. It counts
// only the characters of that line, so that blanking other lines (front matter, container
// fences) after the index was built changes no column.
func (x *lineIndex) column(l, off int) int {
	base := 1
	if x.colBase != nil {
		base += x.colBase[max(0, min(l, len(x.colBase)-1))]
	}
	start := x.starts[l]
	first, last := (start+charBlock-1)/charBlock, off/charBlock // checkpoints inside the line
	if first >= last {
		return countChars(x.src[start:off]) + base
	}
	return countChars(x.src[start:first*charBlock]) + x.chars[last] - x.chars[first] + countChars(x.src[last*charBlock:off]) + base
}

// onLine reports whether offset off is on the 0-based line l.
func (x *lineIndex) onLine(l, off int) bool {
	return x.starts[l] <= off && off <= len(x.src) && (l+1 == len(x.starts) || off < x.starts[l+1])
}

// line returns the 1-based line of offset off.
func (x *lineIndex) line(off int) int {
	l, _ := x.position(off)
	return l
}

// errorAt returns a *PosError with msg at offset off.
func (x *lineIndex) errorAt(off int, msg string) *PosError {
	line, col := x.position(off)
	return &PosError{Line: line, Column: col, Msg: msg}
}
