package policy

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/subpolicy/subpolicy/internal/subprocessor"
	"github.com/subpolicy/subpolicy/internal/testpage"
)

// TestIndexAndFallbackAgree evaluates the default pack on pages twice: with the index the
// engine computes in Go (input.index) and without it, so that the pack's lib groups the rows
// itself in Rego. The findings must be the same: the two ways of grouping are one contract.
func TestIndexAndFallbackAgree(t *testing.T) {
	t.Parallel()
	e := mustLoad(t, Options{DefaultPack: true})
	docs := map[string]*subprocessor.Document{
		"generated page": mustParse(t, "generated.md", testpage.Bytes(300)),
		"same-name":      pathologicalDoc("same-name", 60),
		"two-spellings":  pathologicalDoc("two-spellings", 60),
	}
	pages, err := filepath.Glob("../../testdata/pages/*.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range append(pages, "../../testdata/subprocessors.md") {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		docs[filepath.Base(p)] = mustParse(t, p, src)
	}
	// Rows with a change (a field of their content) and rows without links or cells.
	changed := mustParse(t, "changed.md", testpage.Bytes(40))
	for i := range changed.Subprocessors {
		r := &changed.Subprocessors[i]
		switch i % 3 {
		case 0:
			r.Change = "added"
		case 1:
			r.Links, r.Cells = nil, nil
		}
	}
	docs["changed rows"] = changed

	// A pull request's page: rows added and removed against a base with more rows, whose
	// rows are converted too (and must not become the index's).
	head := mustParse(t, "head.md", testpage.Bytes(30))
	head.Subprocessors = head.Subprocessors[5:]
	for i := range head.Subprocessors {
		head.Subprocessors[i].Index = i
	}
	head.Change = subprocessor.Diff(mustParse(t, "base.md", testpage.Bytes(45)), head)
	docs["with a base"] = head

	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			doc.Context = subprocessor.Context{Mode: "local", Now: "2026-11-28T00:00:00Z"}
			withIndex, err := inputValue(doc)
			if err != nil {
				t.Fatal(err)
			}
			obj := withIndex.(ast.Object)
			if obj.Get(ast.StringTerm("index")) == nil {
				t.Fatal("the input has no index")
			}
			without := withoutIndex(withIndex)
			want, err := e.evaluate(context.Background(), doc, without)
			if err != nil {
				t.Fatal(err)
			}
			got, err := e.evaluate(context.Background(), doc, withIndex)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 && len(doc.Subprocessors) > 0 {
				t.Error("no findings: the comparison proves nothing on this page")
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("findings (-without index +with index):\n%s", diff)
			}
		})
	}
}

// withoutIndex is an input value without its index key: what the lib sees of a document
// written by hand.
func withoutIndex(input ast.Value) ast.Value {
	without := ast.NewObject()
	input.(ast.Object).Foreach(func(k, v *ast.Term) {
		if !k.Equal(ast.StringTerm("index")) {
			without.Insert(k, v)
		}
	})
	return without
}

func mustParse(t *testing.T, path string, src []byte) *subprocessor.Document {
	t.Helper()
	doc, err := subprocessor.Parse(path, src)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc
}
