package subprocessor

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
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
		_ = headerMeaningOf(s)
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
	for _, p := range []string{"24-alfred-fr-transposed", "35-onetimesecret-emptyheader", "16-letsur-ko", "14-desmos"} {
		b, err := os.ReadFile("../../testdata/realpages/pages/" + p + ".md")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("| Name | Location |\n|---|---|\n| | |\n|A|\n"))
	f.Add([]byte("### Acme\n\n| Field | Value |\n|---|---|\n| Purpose | Mail |\n| Location | EU |\n"))
	f.Add([]byte("|  |  |\n|---|---|\n| Vendor | Zweck |\n| A | B |\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := Parse("subprocessors.md", src)
		if err != nil {
			return
		}
		again, _ := Parse("subprocessors.md", src)
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
		for _, tb := range doc.Tables {
			if len(tb.Reading) != len(tb.Header) {
				t.Fatalf("table at line %d: %d readings for %d header cells", tb.Line, len(tb.Reading), len(tb.Header))
			}
			for role, i := range tb.Columns {
				if i < 0 || i >= len(tb.Header) || tb.Reading[i].Role != role {
					t.Fatalf("table at line %d: role %s at column %d, reading %+v", tb.Line, role, i, tb.Reading)
				}
			}
		}
		for _, u := range doc.UnreadTables {
			if u.Reason == "" {
				t.Fatalf("table at line %d left without a reason", u.Line)
			}
		}
		b, err := json.Marshal(doc)
		if err != nil {
			t.Fatalf("document does not marshal: %v", err)
		}
		for _, null := range []string{`"data":null`, `"subprocessors":null`, `"unread_tables":null`, `"stray_rows":null`, `"reading":null`, `"evidence":null`} {
			if strings.Contains(string(b), null) {
				t.Fatalf("%s in %s", null, b)
			}
		}
		if strings.Contains(string(b), `"data":null`) || strings.Contains(string(b), `"subprocessors":null`) {
			t.Fatalf("null list in %s", b)
		}
	})
}

// FuzzDiff: comparing any two pages the parser accepts never panics and is deterministic;
// every row of head is classified exactly once (added, modified or unchanged) and every base
// row once (removed, modified or unchanged), consistently with the name lists, the
// modifications and the suspected replacements; a page compared with itself, parsed again,
// is unchanged, and so is a page compared with itself with its rows in another order.
func FuzzDiff(f *testing.F) {
	const header = "# Subprocessors\n\nUpdated 2026-11-02\n\n| Name | Purpose | Data | Location | Link |\n|---|---|---|---|---|\n"
	const (
		stripe = "| Stripe, Inc. | Payment processing | Billing email, payment tokens | United States | [DPA](https://stripe.com/dpa) |\n"
		zen    = "| Zendesk, Inc. | Customer support ticketing | Support tickets, names | United States | [Privacy](https://zendesk.com/privacy) |\n"
		aws    = "| Amazon Web Services, Inc. | Cloud hosting | Customer content | Ireland | [DPA](https://aws.amazon.com/dpa/) |\n"
	)
	f.Add([]byte(header+stripe+zen+aws), []byte(header+aws+stripe+"| Intercom, Inc. | Customer support ticketing | Support tickets | USA | |\n"))
	f.Add([]byte(header+stripe+zen), []byte(header+stripe+"| Zendesk Support Holdings Ltd | Customer support ticketing | Support tickets, names | United States | |\n"))
	f.Add([]byte(header+"| Google LLC | Cloud hosting | Customer content | Ireland | |\n| Google LLC | Email delivery | Email addresses | United States | |\n"),
		[]byte(header+"| Google LLC | Email delivery | Email addresses, names | United States | |\n| Google LLC | Cloud hosting | Customer content | Ireland | |\n"))
	f.Add([]byte(header+"| A | p | x | |\n| A | p | y | |\n"), []byte(header+"| A | p | y | |\n| A | p | x | |\n"))
	for _, p := range []string{"../../testdata/subprocessors.md", "../../testdata/pages/multiple-tables.md"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, []byte(header+stripe))
	}
	f.Fuzz(func(t *testing.T, baseSrc, headSrc []byte) {
		parse := func(src []byte) *Document {
			doc, err := Parse("p.md", src)
			if err != nil {
				return nil
			}
			return doc
		}
		base, head := parse(baseSrc), parse(headSrc)
		if base == nil || head == nil {
			return
		}
		c := Diff(base, head)
		checkChange(t, c, base, head)
		if base.Subprocessors != nil {
			for _, r := range base.Subprocessors {
				if r.Change != "" {
					t.Fatalf("Diff changed the base document's row %q: %q", r.Name, r.Change)
				}
			}
		}

		again := parse(headSrc)
		if diff := cmp.Diff(c, Diff(parse(baseSrc), again)); diff != "" {
			t.Fatalf("Diff is not deterministic (-first +second):\n%s", diff)
		}
		if diff := cmp.Diff(head.Subprocessors, again.Subprocessors); diff != "" {
			t.Fatalf("Diff classified head's rows differently (-first +second):\n%s", diff)
		}
		if _, err := json.Marshal(c); err != nil {
			t.Fatalf("change does not marshal: %v", err)
		}

		for _, src := range [][]byte{baseSrc, headSrc} {
			checkUnchanged(t, "the page with itself", parse(src), parse(src))
			// The same rows in another order: reversed, and rotated by one.
			for _, order := range []func([]Row){slices.Reverse[[]Row], func(rows []Row) {
				if len(rows) > 1 {
					first := rows[0]
					copy(rows, rows[1:])
					rows[len(rows)-1] = first
				}
			}} {
				moved := parse(src)
				order(moved.Subprocessors)
				checkUnchanged(t, "the page with its rows reordered", parse(src), moved)
			}
		}
	})
}

// checkUnchanged fails unless head, compared with base, is unchanged in every row.
func checkUnchanged(t *testing.T, what string, base, head *Document) {
	t.Helper()
	c := Diff(base, head)
	checkChange(t, c, base, head)
	if c.Changed() || c.Status != "unchanged" || len(c.SuspectedReplacements) > 0 {
		t.Fatalf("%s: status %q, added %q, removed %q, modifications %+v; want no change", what, c.Status, c.Added, c.Removed, c.Modifications)
	}
}

// checkChange checks that c classifies every row of base and head exactly once, consistently.
func checkChange(t *testing.T, c *Change, base, head *Document) {
	t.Helper()
	if c == nil || c.Base == nil || len(c.Base.Subprocessors) != len(base.Subprocessors) || head.Change != c {
		t.Fatalf("Diff = %+v; want a change with the base's %d rows, set on head", c, len(base.Subprocessors))
	}
	count := func(rows []Row, valid ...string) map[string][]int {
		out := map[string][]int{}
		for i, r := range rows {
			if !slices.Contains(valid, r.Change) {
				t.Fatalf("row %d %q has change %q, want one of %q", i, r.Name, r.Change, valid)
			}
			out[r.Change] = append(out[r.Change], i)
		}
		return out
	}
	h := count(head.Subprocessors, "added", "modified", "unchanged")
	b := count(c.Base.Subprocessors, "removed", "modified", "unchanged")
	names := func(rows []Row, idx []int) []string {
		out := []string{}
		for _, i := range idx {
			out = append(out, rows[i].Name)
		}
		return out
	}
	switch {
	case !slices.Equal(c.Added, names(head.Subprocessors, h["added"])):
		t.Fatalf("Added %q, but the rows marked added are %q", c.Added, names(head.Subprocessors, h["added"]))
	case !slices.Equal(c.Removed, names(c.Base.Subprocessors, b["removed"])):
		t.Fatalf("Removed %q, but the base rows marked removed are %q", c.Removed, names(c.Base.Subprocessors, b["removed"]))
	case !slices.Equal(c.Modified, names(head.Subprocessors, h["modified"])):
		t.Fatalf("Modified %q, but the rows marked modified are %q", c.Modified, names(head.Subprocessors, h["modified"]))
	case len(h["unchanged"]) != len(b["unchanged"]) || len(h["modified"]) != len(b["modified"]) || len(c.Modifications) != len(h["modified"]):
		t.Fatalf("%d unchanged and %d modified head rows, %d and %d base rows, %d modifications",
			len(h["unchanged"]), len(h["modified"]), len(b["unchanged"]), len(b["modified"]), len(c.Modifications))
	}
	seen, seenBase := map[int]bool{}, map[int]bool{}
	for _, m := range c.Modifications {
		if seen[m.Index] || seenBase[m.BaseIndex] || m.Index < 0 || m.Index >= len(head.Subprocessors) || m.BaseIndex < 0 || m.BaseIndex >= len(c.Base.Subprocessors) ||
			head.Subprocessors[m.Index].Change != "modified" || c.Base.Subprocessors[m.BaseIndex].Change != "modified" || len(m.Fields) == 0 ||
			head.Subprocessors[m.Index].NameKey != c.Base.Subprocessors[m.BaseIndex].NameKey {
			t.Fatalf("modification %+v does not pair one modified head row with one modified base row of the same name_key", m)
		}
		seen[m.Index], seenBase[m.BaseIndex] = true, true
	}
	clear(seen)
	clear(seenBase)
	for _, r := range c.SuspectedReplacements {
		if seen[r.AddedIndex] || seenBase[r.RemovedIndex] || r.AddedIndex < 0 || r.AddedIndex >= len(head.Subprocessors) || r.RemovedIndex < 0 || r.RemovedIndex >= len(c.Base.Subprocessors) ||
			head.Subprocessors[r.AddedIndex].Change != "added" || c.Base.Subprocessors[r.RemovedIndex].Change != "removed" {
			t.Fatalf("suspected replacement %+v does not pair one added row with one removed row", r)
		}
		seen[r.AddedIndex], seenBase[r.RemovedIndex] = true, true
	}
}
