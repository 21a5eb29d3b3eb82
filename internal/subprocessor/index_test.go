package subprocessor

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNewIndex(t *testing.T) {
	t.Parallel()
	cell := func(text string) Cell { return Cell{Text: text, Line: 1, Column: 1} }
	row := func(name, purpose string, links []Link) Row {
		return Row{Name: name, NameKey: strings.ToLower(name), Purpose: purpose, Data: []string{"Names"},
			Links: links, Cells: map[string]Cell{"name": cell(name), "purpose": cell(purpose)}}
	}
	dpa := []Link{{Text: "DPA", URL: "https://example.com/dpa"}}
	rows := []Row{
		row("Acme", "Email", dpa),
		row("Beta", "Hosting", nil),
		row("Acme", "Email", []Link{{Text: "Privacy", URL: "https://acme.example/privacy"}}),
		row("Gamma", "Email", dpa),
	}
	rows[3].Line = 40 // the line sets a row apart, it is no content
	idx := NewIndex(rows)

	if want := [][]int{{0, 2, 3}, {1}}; !cmp.Equal(idx.Contents.Rows, want) || len(idx.Contents.Contents) != 2 {
		t.Errorf("content groups %v, want %v", idx.Contents.Rows, want)
	}
	want := map[string]TextGroups{
		"name":    {Texts: []string{"Acme", "Beta", "Gamma"}, Rows: [][]int{{0, 2}, {1}, {3}}},
		"purpose": {Texts: []string{"Email", "Hosting"}, Rows: [][]int{{0, 2, 3}, {1}}},
	}
	if diff := cmp.Diff(want, idx.Cells); diff != "" {
		t.Errorf("cell groups (-want +got):\n%s", diff)
	}
	if want := [][]int{{0, 3}, {1}, {2}}; !cmp.Equal(idx.Links.Rows, want) || !cmp.Equal(idx.Links.Links[1], []Link(nil)) {
		t.Errorf("link groups %v %v, want rows %v", idx.Links.Links, idx.Links.Rows, want)
	}

	// A content's JSON is the row's without what sets a row apart.
	b, err := json.Marshal(idx.Contents.Contents[0])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range ContentOmits {
		if _, ok := m[k]; ok {
			t.Errorf("content has key %q: %s", k, b)
		}
	}
	if m["purpose"] != "Email" {
		t.Errorf("content %s lacks the purpose", b)
	}
}

// TestGroupKeyTellsEveryContentFieldApart changes one field of a row at a time, by reflection,
// so that a field added to Row and forgotten in the key (two rows grouped as one content
// while they differ) fails here. Fields a content omits must not change the key.
func TestGroupKeyTellsEveryContentFieldApart(t *testing.T) {
	t.Parallel()
	base := Row{Data: []string{}, Locations: nil, Extra: map[string]string{}}
	key := func(r Row) string { return string(groupKey(nil, &r)) }
	rt := reflect.TypeFor[Row]()
	for i := range rt.NumField() {
		f := rt.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		variants := []Row{base, base}
		v := reflect.ValueOf(&variants[1]).Elem().Field(i)
		switch v.Kind() {
		case reflect.Int:
			v.SetInt(7)
		case reflect.String:
			v.SetString("x")
		case reflect.Slice:
			if v.IsNil() {
				v.Set(reflect.MakeSlice(v.Type(), 0, 0)) // empty is not nil
			} else {
				v.Set(reflect.Append(v, reflect.Zero(v.Type().Elem())))
			}
		case reflect.Map:
			if v.IsNil() {
				v.Set(reflect.MakeMap(v.Type()))
			} else {
				m := reflect.MakeMap(v.Type())
				m.SetMapIndex(reflect.ValueOf("k"), reflect.Zero(v.Type().Elem()))
				v.Set(m)
			}
		case reflect.Pointer:
			v.Set(reflect.New(v.Type().Elem()))
		default:
			t.Fatalf("field %s of kind %s: teach this test to change it", f.Name, v.Kind())
		}
		same := key(variants[0]) == key(variants[1])
		if omitted := slices.Contains(ContentOmits, name); omitted != same {
			t.Errorf("field %s (%q): changing it changes the key: %v, want %v", f.Name, name, !same, !omitted)
		}
	}
}
