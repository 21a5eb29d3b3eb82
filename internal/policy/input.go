package policy

import (
	"bytes"
	"encoding/json"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// inputValue converts a Document to the value policies see as input: exactly its JSON form
// (same keys, null for nil slices, maps and pointers, omitempty fields left out), built directly
// instead of through encoding/json, which for a large page costs several times the evaluation
// itself (see BenchmarkInputValue). TestInputValueMatchesJSON fills every field of the Document
// by reflection and compares with encoding/json, so a field added to the Document and not here
// fails the tests.
func inputValue(doc *subprocessor.Document) (ast.Value, error) {
	var a alloc
	return a.document(doc)
}

// alloc hands out terms from slabs, one allocation for many terms: a large page has hundreds
// of thousands of them.
type alloc struct {
	slab []ast.Term
	// strings shares one term among equal strings: a long page repeats its purposes, data
	// items and locations, and every cell's text is also a field's or the index's.
	strings map[string]*ast.Term
	numbers map[int]*ast.Term // likewise for numbers
	// lists shares one term among equal lists of two or more strings (a row's data items,
	// locations and countries repeat down a long page); a list of one shares its string's
	// entry in lone.
	lists map[string]*ast.Term
	lone  map[*ast.Term]*ast.Term
	// rowLinks are the terms of the rows' links, which the index shares.
	rowLinks []*ast.Term
	// pairs is object's scratch space: ast.NewObject copies what it is given.
	pairs [][2]*ast.Term
	// places are the terms of rows' regions and cities, by location text and unresolved
	// locations (see placesTerms).
	places map[string][2]*ast.Term
}

const slabSize = 4096

func (a *alloc) term(v ast.Value) *ast.Term {
	if len(a.slab) == 0 {
		a.slab = make([]ast.Term, slabSize)
	}
	t := &a.slab[0]
	a.slab = a.slab[1:]
	t.Value = v
	return t
}

// keyTerms are the Document's object keys, made once.
var keyTerms = func() map[string]*ast.Term {
	names := []string{
		"path", "title", "front_matter", "updated", "notice", "subscription", "changelog", "tables",
		"subprocessors", "change", "context", "date", "text", "line", "days", "index", "column",
		"heading", "kind", "format", "header", "columns", "table", "name", "purpose", "data",
		"location", "locations", "countries", "unresolved_locations", "name_key", "category",
		"transfer", "effective", "links", "cells", "extra", "url", "status", "added", "removed",
		"modified", "base", "mode", "repository", "event", "pull_request", "number", "labels",
		"author", "base_sha", "head_sha", "now", "modifications", "suspected_replacements",
		"base_index", "fields", "field", "before", "after", "removed_index", "added_index",
		"index", "contents", "texts", "rows", "content", "page", "evidence", "unread_tables",
		"stray_rows", "reason", "layout", "reading", "role", "score", "lost_tables",
		"regions", "cities", "region", "country", "prose", "source", "last_change",
	}
	m := make(map[string]*ast.Term, len(names))
	for _, n := range names {
		m[n] = ast.StringTerm(n)
	}
	return m
}()

func (a *alloc) key(k string) *ast.Term {
	if t, ok := keyTerms[k]; ok {
		return t
	}
	return a.term(ast.String(k))
}

func (a *alloc) document(doc *subprocessor.Document) (ast.Value, error) {
	fm, err := anyTerm(doc.FrontMatter)
	if err != nil {
		return nil, err
	}
	kv := []kvPair{
		{"path", a.str(doc.Path)},
		{"title", a.str(doc.Title)},
		{"front_matter", fm},
		{"updated", a.updatedTerm(doc.Updated)},
		{"notice", a.noticeTerm(doc.Notice)},
		{"subscription", a.subscriptionTerm(doc.Subscription)},
		{"changelog", a.changelogTerm(doc.Changelog)},
		{"tables", a.tablesTerm(doc.Tables)},
		{"subprocessors", a.rowsTerm(doc.Subprocessors, true)},
		{"page", a.object(kvPair{"subprocessors", ast.InternedTerm(doc.Page.Subprocessors)}, kvPair{"evidence", a.strs(doc.Page.Evidence)})},
		{"unread_tables", array(a, doc.UnreadTables, func(u *subprocessor.UnreadTable) *ast.Term {
			return a.object(
				kvPair{"line", a.num(u.Line)},
				kvPair{"column", a.num(u.Column)},
				kvPair{"heading", a.str(u.Heading)},
				kvPair{"format", a.str(u.Format)},
				kvPair{"header", a.strs(u.Header)},
				kvPair{"kind", a.str(u.Kind)},
				kvPair{"reason", a.str(u.Reason)},
				kvPair{"columns", a.readingTerm(u.Columns)},
			)
		})},
		{"stray_rows", array(a, doc.StrayRows, func(s *subprocessor.StrayRow) *ast.Term {
			return a.object(kvPair{"line", a.num(s.Line)}, kvPair{"column", a.num(s.Column)}, kvPair{"reason", a.str(s.Reason)})
		})},
		{"prose", array(a, doc.Prose, func(p *subprocessor.ProseBlock) *ast.Term {
			return a.object(kvPair{"text", a.str(p.Text)}, kvPair{"line", a.num(p.Line)})
		})},
	}
	if doc.Change != nil {
		kv = append(kv, kvPair{"change", a.changeTerm(doc.Change)})
	}
	kv = append(kv, kvPair{"context", a.contextTerm(&doc.Context)})
	kv = append(kv, kvPair{"index", a.indexTerm(subprocessor.NewIndex(doc.Subprocessors))})
	return a.object(kv...).Value, nil
}

// indexTerm converts the rows' index, sharing the rows' terms: its link lists are the rows'
// own and its texts the same strings. A content is a new object, but there are few.
func (a *alloc) indexTerm(idx *subprocessor.Index) *ast.Term {
	return a.object(
		kvPair{"contents", a.object(
			kvPair{"contents", array(a, idx.Contents.Contents, func(c *subprocessor.Content) *ast.Term { return a.contentTerm(c.Row) })},
			kvPair{"rows", a.groups(idx.Contents.Rows)},
		)},
		kvPair{"cells", mapObject(a, idx.Cells, func(g subprocessor.TextGroups) *ast.Term {
			return a.object(kvPair{"texts", a.strs(g.Texts)}, kvPair{"rows", a.groups(g.Rows)})
		})},
		kvPair{"links", a.object(
			kvPair{"links", array(a, idx.Links.Rows, func(rows *[]int) *ast.Term { return a.rowLinks[(*rows)[0]] })},
			kvPair{"rows", a.groups(idx.Links.Rows)},
		)},
	)
}

// groups converts lists of row indexes.
func (a *alloc) groups(rows [][]int) *ast.Term {
	return array(a, rows, func(r *[]int) *ast.Term { return a.ints(*r) })
}

func (a *alloc) ints(ns []int) *ast.Term {
	return array(a, ns, func(n *int) *ast.Term { return a.num(*n) })
}

// array converts a slice as encoding/json writes it: null when nil, else each element by conv.
func array[T any](a *alloc, xs []T, conv func(*T) *ast.Term) *ast.Term {
	if xs == nil {
		return ast.InternedNullTerm
	}
	terms := make([]*ast.Term, len(xs))
	for i := range xs {
		terms[i] = conv(&xs[i])
	}
	return a.term(ast.NewArray(terms...))
}

// mapObject converts a map as encoding/json writes it: null when nil, else an object of each
// value by conv.
func mapObject[V any](a *alloc, m map[string]V, conv func(V) *ast.Term) *ast.Term {
	if m == nil {
		return ast.InternedNullTerm
	}
	pairs := make([]kvPair, 0, len(m))
	for k, v := range m {
		pairs = append(pairs, kvPair{k, conv(v)})
	}
	return a.object(pairs...)
}

type kvPair struct {
	key string
	val *ast.Term
}

func (a *alloc) object(kv ...kvPair) *ast.Term {
	if len(kv) == 0 {
		return ast.InternedEmptyObject
	}
	a.pairs = a.pairs[:0]
	for _, p := range kv {
		a.pairs = append(a.pairs, [2]*ast.Term{a.key(p.key), p.val})
	}
	return a.term(ast.NewObject(a.pairs...))
}

func (a *alloc) str(s string) *ast.Term {
	if s == "" {
		return ast.InternedEmptyString
	}
	if t, ok := a.strings[s]; ok {
		return t
	}
	if a.strings == nil {
		a.strings = map[string]*ast.Term{}
	}
	t := a.term(ast.String(s))
	a.strings[s] = t
	return t
}

func (a *alloc) num(i int) *ast.Term {
	if ast.HasInternedIntNumberTerm(i) {
		return ast.InternedTerm(i)
	}
	// A row's line number repeats in each of its cells, and the index lists every row.
	if t, ok := a.numbers[i]; ok {
		return t
	}
	if a.numbers == nil {
		a.numbers = map[int]*ast.Term{}
	}
	t := a.term(ast.Number(strconv.Itoa(i)))
	a.numbers[i] = t
	return t
}

// strs converts a list of strings. Equal lists share one term: values are never changed
// once made, so a term may appear anywhere any number of times.
func (a *alloc) strs(ss []string) *ast.Term {
	switch {
	case ss == nil:
		return ast.InternedNullTerm
	case len(ss) == 0:
		return ast.InternedEmptyArray
	case len(ss) == 1:
		s := a.str(ss[0])
		if t, ok := a.lone[s]; ok {
			return t
		}
		if a.lone == nil {
			a.lone = map[*ast.Term]*ast.Term{}
		}
		t := a.term(ast.NewArray(s))
		a.lone[s] = t
		return t
	}
	var key strings.Builder
	for _, s := range ss {
		key.WriteString(strconv.Itoa(len(s)))
		key.WriteByte(':')
		key.WriteString(s)
	}
	if t, ok := a.lists[key.String()]; ok {
		return t
	}
	if a.lists == nil {
		a.lists = map[string]*ast.Term{}
	}
	t := array(a, ss, func(s *string) *ast.Term { return a.str(*s) })
	a.lists[key.String()] = t
	return t
}

// anyTerm converts a decoded JSON or YAML value (front matter) through its JSON form, so any
// type it holds reads as encoding/json would write it.
func anyTerm(v any) (*ast.Term, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	x, err := ast.ValueFromReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return ast.NewTerm(x), nil
}

func (a *alloc) updatedTerm(u *subprocessor.Updated) *ast.Term {
	if u == nil {
		return ast.InternedNullTerm
	}
	kv := []kvPair{{"date", a.str(u.Date)}, {"text", a.str(u.Text)}, {"line", a.num(u.Line)}, {"source", a.str(u.Source)}}
	if u.LastChange != "" {
		kv = append(kv, kvPair{"last_change", a.str(u.LastChange)})
	}
	return a.object(kv...)
}

func (a *alloc) noticeTerm(n *subprocessor.Notice) *ast.Term {
	if n == nil {
		return ast.InternedNullTerm
	}
	return a.object(kvPair{"days", a.num(n.Days)}, kvPair{"text", a.str(n.Text)}, kvPair{"line", a.num(n.Line)})
}

func (a *alloc) subscriptionTerm(s *subprocessor.Subscription) *ast.Term {
	if s == nil {
		return ast.InternedNullTerm
	}
	return a.object(kvPair{"text", a.str(s.Text)}, kvPair{"line", a.num(s.Line)})
}

func (a *alloc) changelogTerm(entries []subprocessor.ChangeEntry) *ast.Term {
	return array(a, entries, func(e *subprocessor.ChangeEntry) *ast.Term {
		return a.object(kvPair{"date", a.str(e.Date)}, kvPair{"text", a.str(e.Text)}, kvPair{"line", a.num(e.Line)})
	})
}

func (a *alloc) tablesTerm(tables []subprocessor.Table) *ast.Term {
	return array(a, tables, func(t *subprocessor.Table) *ast.Term {
		return a.object(
			kvPair{"index", a.num(t.Index)},
			kvPair{"line", a.num(t.Line)},
			kvPair{"column", a.num(t.Column)},
			kvPair{"heading", a.str(t.Heading)},
			kvPair{"kind", a.str(t.Kind)},
			kvPair{"format", a.str(t.Format)},
			kvPair{"header", a.strs(t.Header)},
			kvPair{"columns", mapObject(a, t.Columns, a.num)},
			kvPair{"layout", a.str(t.Layout)},
			kvPair{"reading", a.readingTerm(t.Reading)},
		)
	})
}

// readingTerm converts the recogniser's reading of a table's columns.
func (a *alloc) readingTerm(cols []subprocessor.ColumnReading) *ast.Term {
	return array(a, cols, func(c *subprocessor.ColumnReading) *ast.Term {
		return a.object(
			kvPair{"index", a.num(c.Index)},
			kvPair{"header", a.str(c.Header)},
			kvPair{"role", a.str(c.Role)},
			kvPair{"score", ast.FloatNumberTerm(c.Score)},
			kvPair{"evidence", a.strs(c.Evidence)},
		)
	})
}

// rowsTerm converts a list of rows; for the document's own (not the base's), it keeps their
// links' terms for the index.
func (a *alloc) rowsTerm(rows []subprocessor.Row, own bool) *ast.Term {
	if rows == nil {
		return ast.InternedNullTerm
	}
	terms := make([]*ast.Term, len(rows))
	if own {
		a.rowLinks = make([]*ast.Term, len(rows))
	}
	convert := func(a *alloc, from, to int) {
		for i := from; i < to; i++ {
			terms[i] = a.rowTerm(&rows[i], i)
			if own {
				a.rowLinks[i] = terms[i].Value.(ast.Object).Get(keyTerms["links"])
			}
		}
	}
	// A long list is converted in parallel, a part per CPU, each with allocators of its own
	// (they share the row links slice, each part writing its own indexes).
	parts := min(runtime.GOMAXPROCS(0), len(rows)/parallelConversionRows)
	if parts < 2 {
		convert(a, 0, len(rows))
		return a.term(ast.NewArray(terms...))
	}
	var wg sync.WaitGroup
	for p := range parts {
		from, to := p*len(rows)/parts, (p+1)*len(rows)/parts
		part := a
		if p > 0 {
			part = &alloc{rowLinks: a.rowLinks}
		}
		wg.Go(func() { convert(part, from, to) })
	}
	wg.Wait()
	return a.term(ast.NewArray(terms...))
}

// parallelConversionRows is the number of rows per part from which rows are converted in
// parallel.
const parallelConversionRows = 1000

// rowTerm converts the row at index i of its list. The index key is i whatever r.Index says:
// a finding {"row": i} must name input.subprocessors[i], even for a document built by hand
// whose rows were never numbered.
func (a *alloc) rowTerm(r *subprocessor.Row, i int) *ast.Term {
	return a.object(a.rowPairs(r, i, nil)...)
}

// contentTerm converts a row's content: the row without the keys subprocessor.ContentOmits.
func (a *alloc) contentTerm(r *subprocessor.Row) *ast.Term {
	return a.object(a.rowPairs(r, 0, subprocessor.ContentOmits)...)
}

// rowPairs are the keys and values of the row at index i, without those in omit.
func (a *alloc) rowPairs(r *subprocessor.Row, i int, omit []string) []kvPair {
	effective := ast.InternedNullTerm
	if r.Effective != nil {
		effective = a.str(*r.Effective)
	}
	links := a.linksTerm(r.Links)
	cells := mapObject(a, r.Cells, func(c subprocessor.Cell) *ast.Term {
		return a.object(kvPair{"text", a.str(c.Text)}, kvPair{"line", a.num(c.Line)}, kvPair{"column", a.num(c.Column)})
	})
	extra := mapObject(a, r.Extra, a.str)
	regions, cities := a.placesTerms(r)
	kv := []kvPair{
		{"index", a.num(i)},
		{"table", a.num(r.Table)},
		{"line", a.num(r.Line)},
		{"name", a.str(r.Name)},
		{"purpose", a.str(r.Purpose)},
		{"data", a.strs(r.Data)},
		{"location", a.str(r.Location)},
		{"locations", a.strs(r.Locations)},
		{"countries", a.strs(r.Countries)},
		{"unresolved_locations", a.strs(r.UnresolvedLocations)},
		{"regions", regions},
		{"cities", cities},
		{"name_key", a.str(r.NameKey)},
		{"category", a.str(r.Category)},
		{"transfer", a.strs(r.Transfer)},
		{"effective", effective},
		{"links", links},
		{"cells", cells},
		{"extra", extra},
	}
	if r.Change != "" {
		kv = append(kv, kvPair{"change", a.str(r.Change)})
	}
	if omit != nil {
		kv = slices.DeleteFunc(kv, func(p kvPair) bool { return slices.Contains(omit, p.key) })
	}
	return kv
}

// placesTerms converts the row's regions and cities, which subprocessor.Row.Places derives
// from its locations (as its JSON does), once per distinct location: a long page names the
// same few places again and again.
func (a *alloc) placesTerms(r *subprocessor.Row) (regions, cities *ast.Term) {
	if len(r.UnresolvedLocations) == 0 {
		return ast.InternedEmptyArray, ast.InternedEmptyArray
	}
	var key strings.Builder
	key.WriteString(r.Location)
	for _, u := range r.UnresolvedLocations {
		key.WriteByte(0)
		key.WriteString(u)
	}
	if t, ok := a.places[key.String()]; ok {
		return t[0], t[1]
	}
	rs, cs := r.Places()
	regions = array(a, rs, func(x *subprocessor.Region) *ast.Term {
		return a.object(kvPair{"text", a.str(x.Text)}, kvPair{"region", a.str(x.Region)})
	})
	cities = array(a, cs, func(x *subprocessor.City) *ast.Term {
		return a.object(kvPair{"text", a.str(x.Text)}, kvPair{"country", a.str(x.Country)})
	})
	if a.places == nil {
		a.places = map[string][2]*ast.Term{}
	}
	a.places[key.String()] = [2]*ast.Term{regions, cities}
	return regions, cities
}

func (a *alloc) linksTerm(links []subprocessor.Link) *ast.Term {
	return array(a, links, func(l *subprocessor.Link) *ast.Term {
		return a.object(kvPair{"text", a.str(l.Text)}, kvPair{"url", a.str(l.URL)})
	})
}

func (a *alloc) changeTerm(c *subprocessor.Change) *ast.Term {
	base := ast.InternedNullTerm
	if c.Base != nil {
		base = a.object(
			kvPair{"path", a.str(c.Base.Path)},
			kvPair{"updated", a.updatedTerm(c.Base.Updated)},
			kvPair{"subprocessors", a.rowsTerm(c.Base.Subprocessors, false)},
			kvPair{"tables", a.tablesTerm(c.Base.Tables)},
		)
	}
	return a.object(
		kvPair{"status", a.str(c.Status)},
		kvPair{"added", a.strs(c.Added)},
		kvPair{"removed", a.strs(c.Removed)},
		kvPair{"modified", a.strs(c.Modified)},
		kvPair{"modifications", a.modificationsTerm(c.Modifications)},
		kvPair{"suspected_replacements", a.replacementsTerm(c.SuspectedReplacements)},
		kvPair{"lost_tables", a.ints(c.LostTables)},
		kvPair{"base", base},
	)
}

func (a *alloc) modificationsTerm(ms []subprocessor.Modification) *ast.Term {
	return array(a, ms, func(m *subprocessor.Modification) *ast.Term {
		return a.object(
			kvPair{"index", a.num(m.Index)},
			kvPair{"base_index", a.num(m.BaseIndex)},
			kvPair{"name", a.str(m.Name)},
			kvPair{"name_key", a.str(m.NameKey)},
			kvPair{"fields", array(a, m.Fields, func(f *subprocessor.FieldChange) *ast.Term {
				return a.object(
					kvPair{"field", a.str(f.Field)},
					kvPair{"before", a.str(f.Before)},
					kvPair{"after", a.str(f.After)},
					kvPair{"added", a.strs(f.Added)},
					kvPair{"removed", a.strs(f.Removed)},
				)
			})},
		)
	})
}

func (a *alloc) replacementsTerm(rs []subprocessor.Replacement) *ast.Term {
	return array(a, rs, func(r *subprocessor.Replacement) *ast.Term {
		return a.object(
			kvPair{"removed", a.str(r.Removed)},
			kvPair{"removed_index", a.num(r.RemovedIndex)},
			kvPair{"added", a.str(r.Added)},
			kvPair{"added_index", a.num(r.AddedIndex)},
			kvPair{"purpose", a.str(r.Purpose)},
		)
	})
}

func (a *alloc) contextTerm(c *subprocessor.Context) *ast.Term {
	kv := []kvPair{{"mode", a.str(c.Mode)}}
	for _, p := range []kvPair{{"repository", a.str(c.Repository)}, {"event", a.str(c.Event)}} {
		if p.val.Value.(ast.String) != "" {
			kv = append(kv, p)
		}
	}
	if pr := c.PullRequest; pr != nil {
		kv = append(kv, kvPair{"pull_request", a.object(
			kvPair{"number", a.num(pr.Number)},
			kvPair{"labels", a.strs(pr.Labels)},
			kvPair{"author", a.str(pr.Author)},
		)})
	}
	for _, p := range []kvPair{{"base_sha", a.str(c.BaseSHA)}, {"head_sha", a.str(c.HeadSHA)}} {
		if p.val.Value.(ast.String) != "" {
			kv = append(kv, p)
		}
	}
	kv = append(kv, kvPair{"now", a.str(c.Now)})
	return a.object(kv...)
}
