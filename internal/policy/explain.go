package policy

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/subpolicy/subpolicy/internal/finding"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// Explanation says how one finding came about: which rule produced it, through which
// expressions of the rule's body, and with which values (and where in the input document
// they come from). It is OPA's evaluation trace, filtered to the rule bodies that produced
// findings.
type Explanation struct {
	Finding finding.Finding
	Rule    Rule
	Set     string // deny, warn or info
	File    string // where the rule body that produced the finding is defined
	Line    int
	Steps   []Step  // the body's expressions that held, in order
	Inputs  []Value // the parts of the input document those expressions read (sp.location, input.updated.date)
	Values  []Value // the body's named variables, as bound for this finding
}

// Step is one expression of a rule body, as written.
type Step struct {
	File string
	Line int
	Text string
}

// Value is one variable of a rule body and what it was bound to.
type Value struct {
	Name  string
	Value string // the value as Rego prints it, shortened when long
	Input string // where in the input document the value is, e.g. input.subprocessors[10]; "" when it is not a part of it
	// Summary names an input row or table in a few words (`"Elastic", line 29`); "" for
	// other values.
	Summary string
}

// explainTimeoutFactor multiplies the policy timeout for Explain: tracing makes evaluation
// about twice as slow.
const explainTimeoutFactor = 3

// maxValueLen bounds how much of a value an explanation shows.
const maxValueLen = 160

// Explain evaluates doc again with tracing and explains each of findings (the findings
// Evaluate returned for doc, waived or not). A finding the trace does not account for is
// left out. Explanations follow the order of findings.
func (e *Engine) Explain(ctx context.Context, doc *subprocessor.Document, findings []finding.Finding) ([]Explanation, error) {
	if doc == nil {
		return nil, errors.New("policy: Explain needs a document")
	}
	if len(findings) == 0 {
		return nil, nil
	}
	input, err := inputValue(doc)
	if err != nil {
		return nil, fmt.Errorf("%s: converting the document for policies: %w", doc.Path, err)
	}
	wanted := map[string]bool{}
	for _, f := range findings {
		wanted[f.Rule] = true
	}
	// Only the result sets that produced findings are evaluated, traced.
	tr := &explainTracer{
		paths:     map[uint64][]*ast.Expr{},
		traced:    map[uint64]bool{},
		sets:      map[string]binding{},
		rewritten: e.compiler.RewrittenVars,
	}
	var query []string
	for _, b := range e.bindings {
		if wanted[b.rule.ID] {
			tr.sets[b.ref().String()] = b
			query = append(query, b.expr())
		}
	}
	if len(query) == 0 {
		return nil, nil
	}
	store := configStore(e.Config())
	limit := explainTimeoutFactor * e.timeout
	ectx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	_, err = rego.New(
		rego.Query(strings.Join(query, "; ")),
		rego.Compiler(e.compiler),
		rego.Store(store),
		rego.ParsedInput(input),
		rego.StrictBuiltinErrors(true),
		rego.QueryTracer(tr),
	).Eval(ectx)
	if err != nil {
		if ctx.Err() == nil && errors.Is(ectx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("%s: explaining the findings timed out after %s (tracing slows evaluation down; the limit is %d times the policy timeout): %w",
				doc.Path, limit, explainTimeoutFactor, context.DeadlineExceeded)
		}
		return nil, e.evalError(ctx, ectx, doc, err)
	}

	idx := newInputIndex(input)
	p := placer{doc: doc}
	byFinding := map[finding.Finding]*derivation{}
	for _, d := range tr.derivations {
		f, err := e.finding(&p, d.binding, d.key)
		if err != nil {
			continue // Evaluate reports malformed results
		}
		if _, seen := byFinding[f]; !seen {
			byFinding[f] = d
		}
	}
	var out []Explanation
	for _, f := range findings {
		key := f
		key.Waived = nil
		d, ok := byFinding[key]
		if !ok {
			continue
		}
		x := Explanation{Finding: f, Rule: d.binding.rule.Rule, Set: d.binding.set.name}
		if loc := d.rule.Location; loc != nil {
			x.File, x.Line = loc.File, loc.Row
		}
		x.Steps = steps(d.path)
		x.Inputs = inputsRead(input, idx, d.refs)
		for _, v := range d.vars {
			val := Value{Name: v.name, Value: short(v.value.String()), Input: idx.find(v.value)}
			if val.Input != "" {
				val.Summary = summary(v.value)
			}
			x.Values = append(x.Values, val)
		}
		out = append(out, x)
	}
	return out, nil
}

// derivation is one successful evaluation of a result-set rule body.
type derivation struct {
	binding binding
	rule    *ast.Rule
	key     *ast.Term // the element it added to the set
	path    []*ast.Expr
	vars    []namedValue
	refs    []boundRef
}

// boundRef is a reference an expression of the body reads, its head bound: the input
// document (base nil) or a variable's value.
type boundRef struct {
	name string    // the variable's name as written, or "input"
	base ast.Value // the variable's value; nil for input
	tail ast.Ref   // the ground path below it
}

type namedValue struct {
	name  string
	value ast.Value
}

// explainTracer records, for the result-set rules of interest, every body evaluation that
// added an element, with the body's expressions that held and its variables. It plugs
// variables only where a body succeeds, so tracing costs little more than evaluating.
type explainTracer struct {
	mu          sync.Mutex
	sets        map[string]binding     // "data.subpolicy.rules.x.deny" -> binding
	rewritten   map[ast.Var]ast.Var    // the compiler's generated variables -> the author's
	traced      map[uint64]bool        // query ids of the bodies of interest
	paths       map[uint64][]*ast.Expr // query id -> the expressions that hold so far
	derivations []*derivation
}

func (*explainTracer) Enabled() bool { return true }

func (*explainTracer) Config() topdown.TraceConfig { return topdown.TraceConfig{} }

func (t *explainTracer) TraceEvent(ev topdown.Event) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch n := ev.Node.(type) {
	case *ast.Expr:
		if ev.Op != topdown.EvalOp || !t.traced[ev.QueryID] {
			return
		}
		path := t.paths[ev.QueryID]
		for len(path) > 0 && path[len(path)-1].Index >= n.Index {
			path = path[:len(path)-1]
		}
		t.paths[ev.QueryID] = append(path, n)
	case *ast.Rule:
		b, ok := t.binding(n)
		if !ok {
			return
		}
		switch ev.Op {
		case topdown.EnterOp:
			t.traced[ev.QueryID] = true
			delete(t.paths, ev.QueryID)
		case topdown.ExitOp:
			t.exit(ev, n, b)
		}
	}
}

// binding returns the result set a rule adds to, when it is one of interest.
func (t *explainTracer) binding(r *ast.Rule) (binding, bool) {
	ref := r.Head.Ref()
	if r.Module == nil || r.Head.Key == nil || len(ref) != 1 {
		return binding{}, false
	}
	b, ok := t.sets[r.Module.Package.Path.String()+"."+ref[0].String()]
	return b, ok
}

// name is the name the author gave a variable the compiler may have renamed.
func (t *explainTracer) name(v ast.Var) string {
	if orig, ok := t.rewritten[v]; ok {
		return string(orig)
	}
	return string(v)
}

// exit records a result-set rule body that succeeded, plugging its variables while they
// are bound.
func (t *explainTracer) exit(ev topdown.Event, r *ast.Rule, b binding) {
	kt, ok := plugged(ev, r.Head.Key)
	if !ok || kt == nil || !kt.IsGround() {
		return
	}
	d := &derivation{binding: b, rule: r, key: kt, path: slices.Clone(t.paths[ev.QueryID])}
	seen := map[string]bool{}
	vars := ast.NewVarSet()
	ast.WalkVars(r.Body, func(v ast.Var) bool { vars.Add(v); return false })
	for v := range vars {
		name := t.name(v)
		if !userVar(name) || seen[name] {
			continue
		}
		val := ev.Plug(ast.NewTerm(v))
		if val == nil || !val.IsGround() {
			continue
		}
		seen[name] = true
		d.vars = append(d.vars, namedValue{name: name, value: val.Value})
	}
	slices.SortFunc(d.vars, func(a, b namedValue) int { return cmp.Compare(a.name, b.name) })
	d.refs = t.readRefs(d.path, ev)
	t.derivations = append(t.derivations, d)
}

// plugged is ev.Plug(term), and false for an event without bindings, which explains
// nothing: Plug panics on such an event, and OPA offers no way to ask first. Only that call
// is guarded, so a bug elsewhere in the tracer is not hidden.
func plugged(ev topdown.Event, term *ast.Term) (t *ast.Term, ok bool) {
	defer func() {
		if recover() != nil {
			t, ok = nil, false
		}
	}()
	return ev.Plug(term), true
}

// readRefs lists the references the expressions read whose head is the input or a variable
// the author named, with their variables' values plugged in ("sp.cells[field]" becomes
// sp.cells["location"]); references with a part still unknown are left out.
func (t *explainTracer) readRefs(path []*ast.Expr, ev topdown.Event) []boundRef {
	var out []boundRef
	seen := map[string]bool{}
	for _, x := range path {
		ast.WalkRefs(x, func(ref ast.Ref) bool {
			if len(ref) < 2 {
				return false
			}
			head, ok := ref[0].Value.(ast.Var)
			if !ok {
				return false
			}
			br := boundRef{name: "input"}
			if !head.Equal(ast.InputRootDocument.Value) {
				br.name = t.name(head)
				if !userVar(br.name) {
					return false
				}
				base := ev.Plug(ast.NewTerm(head))
				if base == nil || !base.IsGround() {
					return false
				}
				br.base = base.Value
			}
			for _, term := range ref[1:] {
				if _, ok := term.Value.(ast.Var); ok {
					term = ev.Plug(term)
				}
				switch term.Value.(type) {
				case ast.String, ast.Number:
				default:
					return false
				}
				br.tail = append(br.tail, term)
			}
			key := br.name + br.tail.String()
			if !seen[key] {
				seen[key] = true
				out = append(out, br)
			}
			return false
		})
	}
	return out
}

// inputsRead resolves the references a body read against the input document, keeping those
// that lead into it, once each.
func inputsRead(input ast.Value, idx *inputIndex, refs []boundRef) []Value {
	var out []Value
	seen := map[string]bool{}
	for _, r := range refs {
		base, at := input, "input"
		if r.base != nil {
			base, at = r.base, idx.find(r.base)
			if at == "" {
				continue // a value computed by the policy, not a part of the input
			}
		}
		val, err := base.Find(r.tail)
		if err != nil {
			continue
		}
		if _, row := val.(ast.Object); row {
			continue // a whole row or table: Values names it
		}
		suffix := pathSuffix(r.tail)
		if seen[at+suffix] {
			continue
		}
		seen[at+suffix] = true
		out = append(out, Value{Name: r.name + suffix, Value: short(val.String()), Input: at + suffix})
	}
	return out
}

// pathSuffix renders a ground path as it follows a name: .key, ["odd key"] or [3].
func pathSuffix(tail ast.Ref) string {
	var b strings.Builder
	for _, t := range tail {
		switch v := t.Value.(type) {
		case ast.String:
			if ast.IsVarCompatibleString(string(v)) {
				b.WriteString("." + string(v))
			} else {
				b.WriteString("[" + strconv.Quote(string(v)) + "]")
			}
		default:
			b.WriteString("[" + t.String() + "]")
		}
	}
	return b.String()
}

// userVar reports whether a variable name is one the policy's author wrote (the compiler's
// own start with "__" or "$").
func userVar(name string) bool {
	return name != "" && name != "_" && !strings.HasPrefix(name, "__") && !strings.HasPrefix(name, "$")
}

// steps lists a body's expressions as written, in evaluation order: once per source position,
// and leaving out the parts of an expression the compiler evaluates on their own (the
// "sp.purpose" of "not lib.is_empty_value(sp.purpose)").
func steps(path []*ast.Expr) []Step {
	var locs []*ast.Location
	seen := map[string]bool{}
	for _, x := range path {
		loc := x.Location
		if loc == nil || loc.File == "" {
			continue
		}
		key := fmt.Sprintf("%s:%d", loc.File, loc.Offset)
		if seen[key] {
			continue
		}
		seen[key] = true
		locs = append(locs, loc)
	}
	inside := func(a, b *ast.Location) bool {
		return a != b && a.File == b.File && a.Offset >= b.Offset && a.Offset+len(a.Text) <= b.Offset+len(b.Text) &&
			len(a.Text) < len(b.Text)
	}
	var out []Step
	for _, loc := range locs {
		if slices.ContainsFunc(locs, func(b *ast.Location) bool { return inside(loc, b) }) {
			continue
		}
		text, _, more := strings.Cut(strings.TrimSpace(string(loc.Text)), "\n")
		if more {
			text += " …"
		}
		out = append(out, Step{File: loc.File, Line: loc.Row, Text: text})
	}
	return out
}

// summary describes a row or table of the input in a few words: its name or heading and line.
func summary(v ast.Value) string {
	obj, ok := v.(ast.Object)
	if !ok {
		return ""
	}
	line := obj.Get(ast.InternedTerm("line"))
	if line == nil {
		return ""
	}
	for _, k := range []string{"name", "heading"} {
		if t := obj.Get(ast.InternedTerm(k)); t != nil {
			if _, ok := t.Value.(ast.String); ok {
				return fmt.Sprintf("%v, line %v", t, line)
			}
		}
	}
	return fmt.Sprintf("line %v", line)
}

// short shortens a printed value to maxValueLen characters.
func short(s string) string { return clip(s, maxValueLen) }

// clip cuts s to at most n bytes and a "…", at a character boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// inputIndex finds where a composite value sits in the input document: a row, a table, a
// cell, a link.
type inputIndex struct {
	paths map[int][]indexed // by hash
}

type indexed struct {
	value ast.Value
	path  string
}

// inputIndexDepth is how deep into the input document values are indexed
// (input.subprocessors[3].cells.name is depth 4).
const inputIndexDepth = 4

func newInputIndex(input ast.Value) *inputIndex {
	idx := &inputIndex{paths: map[int][]indexed{}}
	idx.add(input, "input", 0)
	return idx
}

func (x *inputIndex) add(v ast.Value, path string, depth int) {
	if depth > 0 {
		switch v.(type) {
		case ast.Object, *ast.Array, ast.Set:
			h := v.Hash()
			x.paths[h] = append(x.paths[h], indexed{value: v, path: path})
		}
	}
	if depth >= inputIndexDepth {
		return
	}
	switch v := v.(type) {
	case ast.Object:
		for _, k := range v.Keys() {
			name, ok := k.Value.(ast.String)
			if !ok {
				continue
			}
			p := path + "." + string(name)
			if !ast.IsVarCompatibleString(string(name)) {
				p = path + "[" + strconv.Quote(string(name)) + "]"
			}
			x.add(v.Get(k).Value, p, depth+1)
		}
	case *ast.Array:
		for i := 0; i < v.Len(); i++ {
			x.add(v.Elem(i).Value, path+"["+strconv.Itoa(i)+"]", depth+1)
		}
	}
}

// find returns the first path holding v, "" when v is not a composite part of the input.
func (x *inputIndex) find(v ast.Value) string {
	for _, c := range x.paths[v.Hash()] {
		if c.value.Compare(v) == 0 {
			return c.path
		}
	}
	return ""
}
