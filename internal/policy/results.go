package policy

import (
	"fmt"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/subpolicy/subpolicy/internal/finding"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// findings converts the query's bindings (one result set each) into sorted, unique findings.
func (e *Engine) findings(doc *subprocessor.Document, bindings map[string]any) ([]finding.Finding, error) {
	p := placer{doc: doc}
	var out []finding.Finding
	seen := map[finding.Finding]bool{}
	for _, b := range e.bindings {
		t, ok := bindings[b.name].(*ast.Term)
		if !ok {
			continue
		}
		set, ok := t.Value.(ast.Set)
		if !ok {
			return nil, e.resultError(doc, b, "is %s, not a set", ast.ValueName(t.Value))
		}
		var err error
		set.Foreach(func(elem *ast.Term) {
			if err != nil {
				return
			}
			var f finding.Finding
			f, err = e.finding(&p, b, elem)
			if err == nil && !seen[f] {
				seen[f] = true
				out = append(out, f)
			}
		})
		if err != nil {
			return nil, err
		}
	}
	finding.Sort(out)
	return out, nil
}

func (e *Engine) resultError(doc *subprocessor.Document, b binding, format string, args ...any) error {
	return &EvalError{Path: doc.Path, msg: fmt.Sprintf("%s: policy error: rule %s (%s): %s %s",
		doc.Path, b.rule.ID, b.rule.File, b.set.name, fmt.Sprintf(format, args...))}
}

// finding converts one element of a result set: a string (a page-level message) or an object
// {"msg", "subprocessor"?, "name_key"?, "field"?, "line"?, "column"?, "row"?}; null counts as
// absent. "row" is an index into input.subprocessors: the row completes what is not given.
func (e *Engine) finding(p *placer, b binding, elem *ast.Term) (finding.Finding, error) {
	f := finding.Finding{
		Rule:     b.rule.ID,
		Title:    b.rule.Title,
		Severity: b.set.severity,
		Path:     p.doc.Path,
		DocURL:   b.rule.DocURL,
	}
	bad := func(format string, args ...any) (finding.Finding, error) {
		return finding.Finding{}, e.resultError(p.doc, b, "contains %s: %s", excerpt(elem), fmt.Sprintf(format, args...))
	}
	switch v := elem.Value.(type) {
	case ast.String:
		f.Message = string(v)
		f.Line, f.Column = 1, 1
		return f, nil
	case ast.Object:
		mt := v.Get(ast.InternedTerm("msg"))
		if mt == nil {
			return bad(`each element must be a string or an object with a string "msg"`)
		}
		msg, ok := mt.Value.(ast.String)
		if !ok {
			return bad(`each element must be a string or an object with a string "msg"`)
		}
		f.Message = string(msg)
		line, column, row := 0, 0, -1
		for _, key := range []struct {
			name  string
			s     *string
			n     *int
			least int
		}{
			{name: "subprocessor", s: &f.Subprocessor},
			{name: "name_key", s: &f.NameKey},
			{name: "field", s: &f.Field},
			{name: "line", n: &line, least: 1},
			{name: "column", n: &column, least: 1},
			{name: "row", n: &row, least: 0},
		} {
			t := v.Get(ast.InternedTerm(key.name))
			if t == nil || t.Value.Compare(ast.NullValue) == 0 {
				continue // absent or null: not given
			}
			if key.s != nil {
				s, ok := t.Value.(ast.String)
				if !ok {
					return bad("%q must be a string", key.name)
				}
				*key.s = string(s)
				continue
			}
			n, ok := wholeNumber(t, key.least)
			if !ok {
				return bad("%q must be a whole number from %d", key.name, key.least)
			}
			*key.n = n
		}
		if row >= 0 {
			if row >= len(p.doc.Subprocessors) {
				return bad(`"row" must be the index of a row of input.subprocessors (this page has %d)`, len(p.doc.Subprocessors))
			}
			line, column = fromRow(&f, &p.doc.Subprocessors[row], line, column)
		}
		f.Line, f.Column = p.place(line, column, f.Subprocessor, f.NameKey, f.Field)
		return f, nil
	}
	return bad(`each element must be a string or an object with a string "msg"`)
}

// fromRow completes a finding given as {"row": i}: what the policy left out is taken from the
// row, the way the pack's lib.row_finding and lib.cell_finding used to spell it out in Rego
// (building those objects per finding cost more than the checks on a large page):
//   - the subprocessor's name and name_key, each when not blank;
//   - the position (unless the finding gives a line): the cell of the finding's field, else the
//     name cell, else the row's line.
func fromRow(f *finding.Finding, r *subprocessor.Row, line, column int) (int, int) {
	if f.Subprocessor == "" && strings.TrimSpace(r.Name) != "" {
		f.Subprocessor = r.Name
	}
	if f.NameKey == "" && strings.TrimSpace(r.NameKey) != "" {
		f.NameKey = r.NameKey
	}
	if line > 0 {
		return line, column
	}
	for _, field := range []string{f.Field, "name"} {
		if c, ok := r.Cells[field]; ok && field != "" && c.Line > 0 {
			return c.Line, c.Column
		}
	}
	return r.Line, 0
}

// wholeNumber reads an integer of at least least.
func wholeNumber(t *ast.Term, least int) (int, bool) {
	n, ok := t.Value.(ast.Number)
	if !ok {
		return 0, false
	}
	i, ok := n.Int()
	return i, ok && i >= least
}

// placer finds where a finding goes in the document; its row indexes are built on first use.
type placer struct {
	doc    *subprocessor.Document
	byName map[string]*subprocessor.Row
	byKey  map[string]*subprocessor.Row
}

// place returns a finding's line and column: the explicit line (and column, else 1) when given;
// else the named subprocessor's cell for the field, or its row; else line 1, column 1.
func (p *placer) place(line, column int, name, nameKey, field string) (int, int) {
	if line > 0 {
		return line, max(column, 1)
	}
	if row := p.row(name, nameKey); row != nil {
		if c, ok := row.Cells[field]; ok && field != "" && c.Line > 0 {
			return c.Line, max(c.Column, 1)
		}
		if row.Line > 0 {
			return row.Line, 1
		}
	}
	return 1, 1
}

// row finds a subprocessor by name key when one is given, else by name; the first row wins.
func (p *placer) row(name, nameKey string) *subprocessor.Row {
	if name == "" && nameKey == "" {
		return nil
	}
	if p.byName == nil {
		p.byName = make(map[string]*subprocessor.Row, len(p.doc.Subprocessors))
		p.byKey = make(map[string]*subprocessor.Row, len(p.doc.Subprocessors))
		for i := range p.doc.Subprocessors {
			r := &p.doc.Subprocessors[i]
			if _, ok := p.byName[r.Name]; !ok {
				p.byName[r.Name] = r
			}
			if _, ok := p.byKey[r.NameKey]; !ok && r.NameKey != "" {
				p.byKey[r.NameKey] = r
			}
		}
	}
	if nameKey != "" {
		if r, ok := p.byKey[nameKey]; ok {
			return r
		}
	}
	if name != "" {
		return p.byName[name]
	}
	return nil
}

// excerpt shows a value in a message, shortened when long.
func excerpt(t *ast.Term) string { return clip(t.String(), 120) }
