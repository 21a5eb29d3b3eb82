package subprocessor

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// FuzzParseDate: never panics, and what it returns is "" or an ISO date that parses back to itself.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"May 16, 2024", "16th May 2024", "2024-02-29", "Sept. 3, 2024", "[EFFECTIVE DATE]", "", "2024-13-01", "Monday, 2 January 2006"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := ParseDate(s)
		if d == "" {
			return
		}
		if !isoDate.MatchString(d) || ParseDate(d) != d {
			t.Fatalf("ParseDate(%q) = %q, not a stable ISO date", s, d)
		}
	})
}

// FuzzNormalize: cell normalisation never panics, keeps valid UTF-8 valid, and yields no
// empty or untrimmed items.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"* a\n* b", "a, b and c", "USA / Ireland (Dublin)", "1. x\n2) y", "Inc.", "  *  ", "OpenAI, L.L.C.", "a;;b,,c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, items := range map[string][]string{"List": List(s), "Locations": Locations(s)} {
			for _, it := range items {
				if it == "" || it != strings.TrimSpace(it) {
					t.Fatalf("%s(%q) has item %q", name, s, it)
				}
				if utf8.ValidString(s) && !utf8.ValidString(it) {
					t.Fatalf("%s(%q) made invalid UTF-8 %q", name, s, it)
				}
			}
		}
		for _, place := range Locations(s) {
			if c := Country(place); c != "" && len(c) != 2 {
				t.Fatalf("Country(%q) = %q", place, c)
			}
		}
		if k := NameKey(s); k != strings.TrimSpace(k) || NameKey(k) != k {
			t.Fatalf("NameKey(%q) = %q, and NameKey of that is %q: not idempotent", s, k, NameKey(k))
		}
		_ = matchRole(s)
	})
}

// FuzzParse: a document is always built from any Markdown the parser accepts, deterministically,
// with every position inside the file, and it marshals to JSON whose lists are never null.
func FuzzParse(f *testing.F) {
	for _, p := range []string{"../../testdata/subprocessors.md", "../../testdata/pages/messy-cells.md", "../../testdata/pages/html-table.md", "../../testdata/pages/multiple-tables.md"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("| Name | Location |\n|---|---|\n| | |\n|A|\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := Parse("p.md", src)
		if err != nil {
			return
		}
		again, _ := Parse("p.md", src)
		if diff := cmp.Diff(doc, again); diff != "" {
			t.Fatalf("Parse is not deterministic:\n%s", diff)
		}
		lines := strings.Count(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n") + strings.Count(string(src), "\r") + 1
		for _, r := range doc.Subprocessors {
			for role, c := range r.Cells {
				if c.Line < 1 || c.Line > lines || c.Column < 1 {
					t.Fatalf("cell %s of row %d at %d:%d, file has %d lines", role, r.Line, c.Line, c.Column, lines)
				}
			}
			if r.Data == nil || r.Locations == nil || r.Countries == nil || r.Links == nil || r.Transfer == nil {
				t.Fatalf("row %d has a nil list: %+v", r.Line, r)
			}
		}
		b, err := json.Marshal(doc)
		if err != nil {
			t.Fatalf("document does not marshal: %v", err)
		}
		if strings.Contains(string(b), `"data":null`) || strings.Contains(string(b), `"subprocessors":null`) {
			t.Fatalf("null list in %s", b)
		}
	})
}
