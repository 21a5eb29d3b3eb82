package policy

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

func TestReadingOptions(t *testing.T) {
	t.Parallel()
	got, err := readingOptions(map[string]any{
		"columns":            map[string]any{"name": []any{"Col A"}, "purpose": "What"},
		"subprocessor_pages": []any{"legal/*.md"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := subprocessor.Options{Columns: map[string][]string{"name": {"Col A"}, "purpose": {"What"}}, Pages: []string{"legal/*.md"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("options (-want +got):\n%s", diff)
	}
	for cfg, msg := range map[string]map[string]any{
		`columns: unknown role "vendor"; the roles are name, purpose, location, data, links, transfer, effective, category`: {"columns": map[string]any{"vendor": []any{"x"}}},
		`columns must be an object of roles to header texts, e.g. {"name": ["Vendor"]}; got a list`:                         {"columns": []any{"x"}},
		`columns.name: want header texts as strings, got a number`:                                                          {"columns": map[string]any{"name": []any{json.Number("1")}}},
		`subprocessor_pages: want a string or a list of strings, got an object`:                                             {"subprocessor_pages": map[string]any{}},
	} {
		if _, err := readingOptions(msg); err == nil || err.Error() != cfg {
			t.Errorf("error %v, want %q", err, cfg)
		}
	}
}
