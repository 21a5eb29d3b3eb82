package markdown

import (
	"bytes"
	"fmt"
	"sync/atomic"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// guard watches goldmark from the inside, changing nothing. As an inline parser that goldmark
// tries first, it sees every character that may start emphasis, strikethrough, a link or an
// image; as paragraphGuard, every paragraph, before and after goldmark's own paragraph
// transformers. It ends a parse that has run out of time at the next of these, so that a parse
// parseMarkdown abandoned stops using a CPU, and it ends with a limit error a parse that would
// cost goldmark time growing with the square of a paragraph or faster (MaxParagraphLines,
// MaxReferenceDefinitions, MaxEmphasisMarkers, maxLinkScan). It keeps its state in the parse's
// context, so one goldmark parser serves every parse at once.
type guard struct{}

// paragraphGuard is the guard's paragraph transformer. The early one runs before goldmark's
// (link reference definitions, then tables) and counts the reference definitions a paragraph
// starts with: goldmark copies the paragraph's remaining lines once per definition. The late
// one runs after them and counts the lines of what is still a paragraph: goldmark reads a
// paragraph's text by scanning its lines, once per link.
type paragraphGuard struct{ early bool }

// guardKey is the parse context key of the *guardState.
var guardKey = parser.NewContextKey()

// guardState is one parse's guard state. parseMarkdown sets one in the context of every parse.
type guardState struct {
	stop    atomic.Bool // set when the parse has run out of time
	lim     limits      // the parse's limits
	marks   int         // emphasis markers seen in the current inline block
	scanned int         // link destination bytes goldmark may have read so far, at most
	space   int         // offset of the first space at or after the last "](" seen
}

// guardOf returns the parse's guard state, panicking with guardStop when the parse has run out
// of time.
func guardOf(pc parser.Context) *guardState {
	s := pc.Get(guardKey).(*guardState)
	if s.stop.Load() {
		panic(guardStop{})
	}
	return s
}

// Transform implements parser.ParagraphTransformer.
func (g paragraphGuard) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	s := guardOf(pc)
	lines := node.Lines()
	if !g.early {
		if maxLines := s.lim.paragraphLines; lines.Len() > maxLines {
			panic(guardLimit{off: lines.At(maxLines).Start, msg: fmt.Sprintf(
				"paragraph of more than %d lines; separate its parts with blank lines", maxLines)})
		}
		return
	}
	maxDefs := s.lim.definitions
	if lines.Len() <= maxDefs {
		return
	}
	src := reader.Source()
	for i := range maxDefs + 1 {
		seg := lines.At(i)
		l := bytes.TrimLeft(seg.Value(src), " \t")
		if len(l) == 0 || l[0] != '[' || !bytes.Contains(l, []byte("]:")) {
			return
		}
	}
	panic(guardLimit{off: lines.At(maxDefs).Start, msg: fmt.Sprintf(
		"more than %d link reference definitions in a row; separate them with blank lines", maxDefs)})
}

// guardStop is the panic that ends an abandoned parse.
type guardStop struct{}

// guardLimit is the panic that ends a parse at offset off with message msg.
type guardLimit struct {
	off int
	msg string
}

// Trigger implements parser.InlineParser.
func (guard) Trigger() []byte { return []byte{'*', '_', '~', '[', ']', '!'} }

// Parse implements parser.InlineParser: it panics to end the parse, or returns nil.
func (guard) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	s := guardOf(pc)
	line, seg := block.PeekLine()
	switch {
	case len(line) == 0:
	case line[0] == '*' || line[0] == '_' || line[0] == '~':
		s.marks++
		if s.marks > s.lim.emphasis {
			panic(guardLimit{off: seg.Start, msg: fmt.Sprintf(
				"more than %d emphasis markers (*, _ or ~) in one paragraph or table cell; escape them (\\*) or split the text", s.lim.emphasis)})
		}
	case line[0] == ']' && len(line) > 1 && line[1] == '(':
		// goldmark reads a link's destination up to the next space, or the ")" that
		// closes it; where it is not closed, it does so again for every "](" on the line.
		if s.space <= seg.Start {
			i := bytes.IndexAny(line, " \t\n")
			if i < 0 {
				i = len(line)
			}
			s.space = seg.Start + i
		}
		s.scanned += min(s.space, seg.Start+len(line)) - seg.Start
		if s.scanned > s.lim.linkScan {
			panic(guardLimit{off: seg.Start, msg: "too many links that do not close (\"](\" without \")\" before the next space) in one paragraph or table cell; close them or escape their brackets (\\[)"})
		}
	}
	return nil
}

// CloseBlock implements parser.CloseBlocker: the counts start again in every inline block.
func (guard) CloseBlock(_ ast.Node, _ text.Reader, pc parser.Context) {
	s := pc.Get(guardKey).(*guardState)
	s.marks, s.scanned, s.space = 0, 0, 0
}
