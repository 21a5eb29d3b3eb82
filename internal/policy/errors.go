package policy

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Error is a problem in a policy or data file, placed at a position in it. Its text is
// "file:line:column: message" (parts that are unknown are left out), followed by any
// source excerpt OPA gives, one indented line each.
type Error struct {
	File    string
	Line    int // 1-based; 0 when unknown
	Column  int // 1-based; 0 when unknown
	Message string
	Details []string // e.g. the offending source line and a caret under the column
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(":")
		if e.Line > 0 {
			b.WriteString(strconv.Itoa(e.Line))
			b.WriteString(":")
			if e.Column > 0 {
				b.WriteString(strconv.Itoa(e.Column))
				b.WriteString(":")
			}
		}
		b.WriteString(" ")
	}
	b.WriteString(e.Message)
	for _, d := range e.Details {
		b.WriteString("\n\t")
		b.WriteString(d)
	}
	return b.String()
}

// Errors is every problem found in a set of files; Load returns one when policies or data are
// wrong. Its text lists the problems one a line.
type Errors []*Error

func (es Errors) Error() string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// fromASTErrors converts OPA parse and compile errors, keeping OPA's code and message and the
// file name the module was parsed with (the path the user gave), and rewriting the error for
// a call to a removed built-in into one that says why it is removed.
func fromASTErrors(err error) Errors {
	var astErrs ast.Errors
	if !errors.As(err, &astErrs) {
		var one *ast.Error
		if !errors.As(err, &one) {
			return Errors{{Message: err.Error()}}
		}
		astErrs = ast.Errors{one}
	}
	out := make(Errors, 0, len(astErrs))
	shown := map[string]bool{} // OPA may report one syntax problem several ways: show the source once
	for _, ae := range astErrs {
		e := &Error{Message: ae.Code + ": " + ae.Message}
		if ae.Location != nil {
			e.File, e.Line, e.Column = ae.Location.File, ae.Location.Row, ae.Location.Col
			key := fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Column)
			if ae.Code == ast.ParseErr && ae.Details != nil && !shown[key] {
				e.Details = ae.Details.Lines()
				shown[key] = true
			}
		}
		if name, ok := removedBuiltinIn(ae); ok {
			e.Message = removedBuiltinMessage(name)
		}
		out = append(out, e)
	}
	return out
}
