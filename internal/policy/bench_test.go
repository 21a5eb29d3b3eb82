package policy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/util"

	"github.com/subpolicy/subpolicy/internal/subprocessor"
	"github.com/subpolicy/subpolicy/internal/testpage"
)

// bigDoc builds a page with n subprocessor rows; every 100th has no location and every 250th
// repeats an earlier name.
func bigDoc(n int) *subprocessor.Document {
	doc := &subprocessor.Document{
		Path:  "docs/subprocessors.md",
		Title: "Subprocessors",
		Tables: []subprocessor.Table{{
			Index: 0, Line: 10, Column: 1, Heading: "Subprocessors", Kind: "third_party", Format: "markdown",
			Header:  []string{"Name", "Purpose", "Data", "Location", "Links"},
			Columns: map[string]int{"name": 0, "purpose": 1, "data": 2, "location": 3, "links": 4},
		}},
		Changelog: []subprocessor.ChangeEntry{},
		Context:   subprocessor.Context{Mode: "local", Now: "2026-11-28T00:00:00Z"},
	}
	doc.Subprocessors = make([]subprocessor.Row, n)
	for i := range n {
		line := 12 + i
		name := fmt.Sprintf("Vendor %d", i)
		if i > 0 && i%250 == 0 {
			name = fmt.Sprintf("Vendor %d", i-1)
		}
		loc := "United States"
		if i%100 == 0 {
			loc = ""
		}
		key := fmt.Sprintf("vendor %d", i)
		if i > 0 && i%250 == 0 {
			key = fmt.Sprintf("vendor %d", i-1)
		}
		var locs, countries []string
		if loc != "" {
			locs, countries = []string{loc}, []string{"US"}
		}
		doc.Subprocessors[i] = subprocessor.Row{
			Table: 0, Line: line, Name: name, Purpose: "Cloud hosting", Data: []string{"Contact data", "Usage data"},
			Location: loc, Locations: locs, Countries: countries, UnresolvedLocations: []string{},
			NameKey: key, Category: "Infrastructure", Transfer: []string{},
			Links: []subprocessor.Link{{Text: "Privacy", URL: "https://example.com/privacy"}},
			Cells: map[string]subprocessor.Cell{
				"name":     {Text: name, Line: line, Column: 3},
				"purpose":  {Text: "Cloud hosting", Line: line, Column: 20},
				"data":     {Text: "Contact data<br>Usage data", Line: line, Column: 36},
				"location": {Text: loc, Line: line, Column: 64},
				"links":    {Text: "[Privacy](https://example.com/privacy)", Line: line, Column: 80},
			},
			Extra: map[string]string{},
		}
	}
	return doc
}

// pathologicalDoc is bigDoc(n) reshaped into a page that defeats a rule keyed on the wrong
// thing:
//   - same-name: every row names the same entity (one name_key), with three purposes in turn;
//   - two-spellings: every row is in the same country, spelled "United States" and "USA" in
//     turn;
//   - same-line: every row sits on the same line, as in a minified one-line HTML table;
//   - all-empty: every row has an empty location and a placeholder purpose, so that the rules
//     on required fields report every row.
func pathologicalDoc(kind string, n int) *subprocessor.Document {
	doc := bigDoc(n)
	purposes := []string{"Cloud hosting", "Email delivery", "Customer support"}
	for i := range doc.Subprocessors {
		r := &doc.Subprocessors[i]
		cells := r.Cells
		switch kind {
		case "same-name":
			r.Name, r.NameKey, r.Purpose = "Vendor Inc.", "vendor", purposes[i%len(purposes)]
			setCell(cells, "name", r.Name)
			setCell(cells, "purpose", r.Purpose)
		case "two-spellings":
			loc := "United States"
			if i%2 == 1 {
				loc = "USA"
			}
			r.Location, r.Locations, r.Countries = loc, []string{loc}, []string{"US"}
			setCell(cells, "location", loc)
		case "same-line":
			r.Line = 12
			for k, c := range cells {
				c.Line, c.Column = 12, 1+i*100+c.Column
				cells[k] = c
			}
		case "all-empty":
			r.Location, r.Locations, r.Countries, r.Purpose = "", nil, nil, "TBD"
			setCell(cells, "location", "")
			setCell(cells, "purpose", "TBD")
		default:
			panic("unknown pathological page " + kind)
		}
	}
	return doc
}

func setCell(cells map[string]subprocessor.Cell, field, text string) {
	c := cells[field]
	c.Text = text
	cells[field] = c
}

var pathologicalKinds = []string{"same-name", "two-spellings", "same-line", "all-empty"}

// BenchmarkEvaluate20000Rows compares simple policies with the default pack on a large page.
func BenchmarkEvaluate20000Rows(b *testing.B) {
	doc := bigDoc(20000)
	for _, c := range []struct {
		name string
		opts Options
	}{
		{"simple-rules", Options{Policies: []string{"testdata/bench"}}},
		{"test-policies", Options{Policies: []string{"testdata/policies"}}},
		{"default-pack", Options{DefaultPack: true}},
	} {
		b.Run(c.name, func(b *testing.B) { benchEvaluate(b, c.opts, doc) })
	}
}

// BenchmarkEvaluateDefaultPack measures the default pack on pages of common sizes, a large
// page, and pathological pages at two sizes: the time per row stays flat when every rule is
// linear in the rows.
func BenchmarkEvaluateDefaultPack(b *testing.B) {
	for _, n := range []int{50, 200, 4000, 20000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) { benchEvaluate(b, Options{DefaultPack: true}, bigDoc(n)) })
	}
	for _, kind := range pathologicalKinds {
		for _, n := range []int{4000, 20000} {
			b.Run(fmt.Sprintf("%s/rows=%d", kind, n), func(b *testing.B) {
				benchEvaluate(b, Options{DefaultPack: true}, pathologicalDoc(kind, n))
			})
		}
	}
}

// BenchmarkEvaluateWithoutIndex evaluates the default pack on documents without input.index,
// as opa eval on a hand-written document would: the lib then groups the rows itself, and its
// ns/row must stay flat too (a group-by OPA cannot index is quadratic: 82 s at 4,000 rows).
func BenchmarkEvaluateWithoutIndex(b *testing.B) {
	e := mustLoad(b, Options{DefaultPack: true})
	for _, n := range []int{1000, 4000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			doc, err := subprocessor.Parse("generated.md", testpage.Bytes(n))
			if err != nil {
				b.Fatal(err)
			}
			doc.Context = subprocessor.Context{Mode: "local", Now: "2026-11-28T00:00:00Z"}
			input, err := inputValue(doc)
			if err != nil {
				b.Fatal(err)
			}
			without := withoutIndex(input)
			for b.Loop() {
				if _, err := e.evaluate(context.Background(), doc, without); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/row")
		})
	}
}

func benchEvaluate(b *testing.B, opts Options, doc *subprocessor.Document) {
	e := mustLoad(b, opts)
	fs, err := e.Evaluate(context.Background(), doc)
	if errors.Is(err, context.DeadlineExceeded) {
		// Reported, not failed: a benchmark is not a gate, and the timeout is the engine working.
		b.Skipf("policies did not finish %d rows within the %s timeout: %v", len(doc.Subprocessors), DefaultTimeout, err)
	}
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(fs)), "findings")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.Evaluate(context.Background(), doc); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(max(len(doc.Subprocessors), 1)), "ns/row")
}

// BenchmarkInputValue compares ways of turning a Document into the query's input value.
func BenchmarkInputValue(b *testing.B) {
	doc := bigDoc(20000)
	b.Run("marshal+ValueFromReader", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			bs, err := json.Marshal(doc)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := ast.ValueFromReader(bytes.NewReader(bs)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("marshal+UnmarshalJSON+InterfaceToValue", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			bs, err := json.Marshal(doc)
			if err != nil {
				b.Fatal(err)
			}
			var x any
			if err := util.UnmarshalJSON(bs, &x); err != nil {
				b.Fatal(err)
			}
			if _, err := ast.InterfaceToValue(x); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("inputValue", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := inputValue(doc); err != nil {
				b.Fatal(err)
			}
		}
	})
}
