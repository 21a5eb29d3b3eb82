package subprocessor

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// page is a subprocessor page at path with one table of rows ("| Name | Purpose | Data |
// Location | Link |" cells, without the outer pipes' spacing rules mattering).
func page(t *testing.T, path string, rows ...string) *Document {
	t.Helper()
	src := "# Subprocessors\n\nUpdated 2026-11-02\n\n| Name | Purpose | Data | Location | Link |\n|---|---|---|---|---|\n"
	for _, r := range rows {
		src += r + "\n"
	}
	doc, err := Parse(path, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

const (
	stripe  = "| Stripe, Inc. | Payment processing | Billing email, payment tokens | United States | [DPA](https://stripe.com/dpa) |"
	zendesk = "| Zendesk, Inc. | Customer support ticketing | Support tickets, names | United States | [Privacy](https://zendesk.com/privacy) |"
	aws     = "| Amazon Web Services, Inc. | Cloud hosting | Customer content | Ireland | [DPA](https://aws.amazon.com/dpa/) |"
)

// rowChanges lists "name:change" for every row of a document.
func rowChanges(rows []Row) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Name+":"+r.Change)
	}
	return out
}

func TestDiffNoChange(t *testing.T) {
	t.Parallel()
	base := page(t, "s.md", stripe, zendesk, aws)
	tests := []struct {
		name string
		rows []string
	}{
		{"same", []string{stripe, zendesk, aws}},
		{"rows reordered", []string{aws, stripe, zendesk}},
		{"whitespace and markup", []string{
			"|   **Stripe, Inc.**   |  Payment   processing  | _Billing email_,  payment tokens | `United States` | [DPA](https://stripe.com/dpa) |",
			"| Zendesk, Inc. | Customer support ticketing. | Support tickets, names | United States | [Privacy policy](https://zendesk.com/privacy/) |",
			aws,
		}},
		{"cell split into bullets", []string{
			"| Stripe, Inc. | Payment processing | * Billing email<br>* payment tokens | United States | [DPA](https://stripe.com/dpa) |",
			"| Zendesk, Inc. | Customer support ticketing | <ul><li>Names</li><li>Support tickets</li></ul> | United States | [Privacy](https://zendesk.com/privacy) |",
			aws,
		}},
		{"country spelled differently", []string{
			"| Stripe, Inc. | Payment processing | Billing email, payment tokens | USA | [DPA](https://stripe.com/dpa) |",
			zendesk, aws,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			head := page(t, "s.md", tt.rows...)
			c := Diff(base, head)
			if c.Changed() || c.Status != "unchanged" {
				t.Errorf("status %q, added %q, removed %q, modifications %+v; want no change", c.Status, c.Added, c.Removed, c.Modifications)
			}
			for _, r := range head.Subprocessors {
				if r.Change != "unchanged" {
					t.Errorf("row %q: change %q, want unchanged", r.Name, r.Change)
				}
			}
			if head.Change != c {
				t.Error("Diff did not set head.Change")
			}
		})
	}
}

func TestDiffRenameIsReplacement(t *testing.T) {
	t.Parallel()
	base := page(t, "s.md", stripe, zendesk)
	head := page(t, "s.md", stripe,
		"| Zendesk Support Holdings Ltd | Customer support ticketing | Support tickets, names | United States | [Privacy](https://zendesk.com/privacy) |")
	c := Diff(base, head)
	want := &Change{
		Status: "modified", Added: []string{"Zendesk Support Holdings Ltd"}, Removed: []string{"Zendesk, Inc."},
		Modified: []string{}, Modifications: []Modification{},
		SuspectedReplacements: []Replacement{{
			Removed: "Zendesk, Inc.", RemovedIndex: 1, Added: "Zendesk Support Holdings Ltd", AddedIndex: 1,
			Purpose: "Customer support ticketing",
		}},
		LostTables: []int{},
	}
	if diff := cmp.Diff(want, c, cmpIgnoreBase); diff != "" {
		t.Errorf("change (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Stripe, Inc.:unchanged", "Zendesk Support Holdings Ltd:added"}, rowChanges(head.Subprocessors)); diff != "" {
		t.Errorf("head rows (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Stripe, Inc.:unchanged", "Zendesk, Inc.:removed"}, rowChanges(c.Base.Subprocessors)); diff != "" {
		t.Errorf("base rows (-want +got):\n%s", diff)
	}
	// The base document itself is left alone.
	if base.Subprocessors[1].Change != "" {
		t.Errorf("Diff changed the base document's rows: %q", base.Subprocessors[1].Change)
	}
}

var cmpIgnoreBase = cmp.FilterPath(func(p cmp.Path) bool { return p.String() == "Base" }, cmp.Ignore())

func TestDiffModifiedFields(t *testing.T) {
	t.Parallel()
	base := page(t, "s.md", stripe, aws)
	head := page(t, "s.md",
		"| Stripe, Inc. | Payment processing and fraud detection | Billing email, payment tokens, IP addresses | United States | [DPA](https://stripe.com/dpa) |",
		"| Amazon Web Services, Inc. | Cloud hosting | Customer content | Ireland, USA | [DPA](https://aws.amazon.com/dpa/) |",
		"| OpenAI, L.L.C. | AI Service Provider | Prompts | United States | [Privacy](https://openai.com/privacy) |",
	)
	c := Diff(base, head)
	want := []Modification{
		{Index: 0, BaseIndex: 0, Name: "Stripe, Inc.", NameKey: "stripe", Fields: []FieldChange{
			{Field: "purpose", Before: "Payment processing", After: "Payment processing and fraud detection", Added: []string{}, Removed: []string{}},
			{Field: "data", Before: "Billing email; payment tokens", After: "Billing email; payment tokens; IP addresses", Added: []string{"IP addresses"}, Removed: []string{}},
		}},
		{Index: 1, BaseIndex: 1, Name: "Amazon Web Services, Inc.", NameKey: "amazon web services", Fields: []FieldChange{
			{Field: "location", Before: "Ireland", After: "Ireland, USA", Added: []string{"USA"}, Removed: []string{}},
		}},
	}
	if diff := cmp.Diff(want, c.Modifications); diff != "" {
		t.Errorf("modifications (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Stripe, Inc.", "Amazon Web Services, Inc."}, c.Modified); diff != "" {
		t.Errorf("modified (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"OpenAI, L.L.C."}, c.Added); diff != "" {
		t.Errorf("added (-want +got):\n%s", diff)
	}
	if len(c.SuspectedReplacements) != 0 || len(c.Removed) != 0 {
		t.Errorf("removed %q, replacements %+v; want none", c.Removed, c.SuspectedReplacements)
	}
	if diff := cmp.Diff([]string{"Stripe, Inc.:modified", "Amazon Web Services, Inc.:modified", "OpenAI, L.L.C.:added"}, rowChanges(head.Subprocessors)); diff != "" {
		t.Errorf("head rows (-want +got):\n%s", diff)
	}
	if c.Base.Updated == nil || c.Base.Updated.Date != "2026-11-02" || c.Base.Path != "s.md" {
		t.Errorf("base state = %+v", c.Base)
	}
}

func TestDiffOtherFields(t *testing.T) {
	t.Parallel()
	parse := func(src string) *Document {
		doc, err := Parse("s.md", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	const header = "## Subprocessors\n\n| Name | Purpose | Category | Transfer | Effective | Notes | Link |\n|---|---|---|---|---|---|---|\n"
	base := parse(header + "| Acme GmbH | Email delivery | Email | SCC | 2026-01-01 | no training | [a](https://a.example/) |\n")
	head := parse(header + "| ACME GmbH | Email delivery | Messaging | SCC; DPF | 2026-02-01 | | [b](https://b.example) |\n")
	c := Diff(base, head)
	var fields []string
	for _, m := range c.Modifications {
		for _, f := range m.Fields {
			fields = append(fields, f.Field+": "+f.Before+" -> "+f.After+" +"+strings.Join(f.Added, ",")+" -"+strings.Join(f.Removed, ","))
		}
	}
	want := []string{
		"transfer: SCC -> SCC; DPF +DPF -",
		"links: https://a.example/ -> https://b.example +https://b.example -https://a.example/",
		"category: Email -> Messaging + -",
		"effective: 2026-01-01 -> 2026-02-01 + -",
		"extra.Notes: no training ->  + -",
	}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
}

func TestDiffSeveralRowsOfOneEntity(t *testing.T) {
	t.Parallel()
	base := page(t, "s.md",
		"| Google LLC | Cloud hosting | Customer content | Ireland | [p](https://google.com/privacy) |",
		"| Google LLC | Email delivery | Email addresses | United States | [p](https://google.com/privacy) |",
	)
	// The rows swap places and the email row gains a data category: the match follows the
	// purpose, not the position.
	head := page(t, "s.md",
		"| Google LLC | Email delivery | Email addresses, names | United States | [p](https://google.com/privacy) |",
		"| Google LLC | Cloud hosting | Customer content | Ireland | [p](https://google.com/privacy) |",
	)
	c := Diff(base, head)
	if len(c.Modifications) != 1 || c.Modifications[0].Index != 0 || c.Modifications[0].BaseIndex != 1 ||
		c.Modifications[0].Fields[0].Field != "data" {
		t.Errorf("modifications = %+v, want the email row's data", c.Modifications)
	}
	// A changed purpose still matches within the table when the entity has one row there.
	head = page(t, "s.md",
		"| Google LLC | Cloud hosting | Customer content | Ireland | [p](https://google.com/privacy) |",
		"| Google LLC | Transactional email delivery | Email addresses | United States | [p](https://google.com/privacy) |",
	)
	c = Diff(base, head)
	if len(c.Added)+len(c.Removed) != 0 || len(c.Modifications) != 1 || c.Modifications[0].Fields[0].Field != "purpose" {
		t.Errorf("added %q removed %q modifications %+v; want one purpose change", c.Added, c.Removed, c.Modifications)
	}
}

// Found by FuzzDiff: rows of one entity with the same purpose and table, told apart only by
// their data, paired in page order, so swapping them read as two modifications.
func TestDiffSwappedRowsOfOneEntity(t *testing.T) {
	t.Parallel()
	eu := "| Acme GmbH | Hosting | EU customer content | Germany | [p](https://acme.example/p) |"
	us := "| Acme GmbH | Hosting | US customer content | United States | [p](https://acme.example/p) |"
	c := Diff(page(t, "s.md", eu, us, stripe), page(t, "s.md", stripe, us, eu))
	if c.Changed() || c.Status != "unchanged" {
		t.Errorf("status %q, modifications %+v; want no change", c.Status, c.Modifications)
	}
	// One of them changed: only that one is modified, whatever the order.
	us2 := strings.Replace(us, "US customer content", "US customer content, support tickets", 1)
	c = Diff(page(t, "s.md", eu, us), page(t, "s.md", us2, eu))
	if len(c.Modifications) != 1 || c.Modifications[0].Index != 0 || c.Modifications[0].BaseIndex != 1 || len(c.Added)+len(c.Removed) != 0 {
		t.Errorf("added %q removed %q modifications %+v; want the US row's data", c.Added, c.Removed, c.Modifications)
	}
}

func TestDiffFiles(t *testing.T) {
	t.Parallel()
	base := page(t, "old.md", stripe, zendesk)

	added := page(t, "new.md", stripe)
	c := Diff(nil, added)
	if c.Status != "added" || c.Base != nil || !cmp.Equal(c.Added, []string{"Stripe, Inc."}) || added.Subprocessors[0].Change != "added" {
		t.Errorf("added file: %+v", c)
	}

	c = Diff(base, nil)
	if c.Status != "removed" || !cmp.Equal(c.Removed, []string{"Stripe, Inc.", "Zendesk, Inc."}) || len(c.Added) != 0 {
		t.Errorf("removed file: %+v", c)
	}
	if diff := cmp.Diff([]string{"Stripe, Inc.:removed", "Zendesk, Inc.:removed"}, rowChanges(c.Base.Subprocessors)); diff != "" {
		t.Errorf("removed file's rows (-want +got):\n%s", diff)
	}

	renamed := page(t, "new.md", stripe, zendesk)
	c = Diff(base, renamed)
	if c.Status != "renamed" || c.Changed() || c.Base.Path != "old.md" {
		t.Errorf("renamed file: %+v", c)
	}

	if Diff(nil, nil) != nil {
		t.Error("Diff(nil, nil) is not nil")
	}
	// A page without rows at the base: every row is added, the base is still known.
	empty := page(t, "s.md")
	head := page(t, "s.md", stripe)
	if c := Diff(empty, head); c.Status != "modified" || len(c.Added) != 1 || c.Base == nil || c.Base.Subprocessors == nil {
		t.Errorf("from an empty page: %+v", c)
	}
}

// Every example page compared with itself, parsed twice, is unchanged.
func TestDiffExamplePagesWithThemselves(t *testing.T) {
	t.Parallel()
	paths, err := filepath.Glob("../../testdata/pages/*.md")
	if err != nil {
		t.Fatal(err)
	}
	paths = append(paths, "../../testdata/subprocessors.md")
	for _, p := range paths {
		base, head := parseFile(t, p), parseFile(t, p)
		if c := Diff(base, head); c.Changed() || c.Status != "unchanged" || len(c.SuspectedReplacements) != 0 {
			t.Errorf("%s: %+v", p, c)
		}
	}
}

func TestLostTables(t *testing.T) {
	t.Parallel()
	table := func(heading string, header ...string) Table { return Table{Heading: heading, Header: header} }
	infra := table("Infrastructure", "Name", "Purpose", "Location")
	affiliates := table("Affiliates", "Entity", "Function", "Location")
	for _, tt := range []struct {
		name       string
		base, head []Table
		want       []int
	}{
		{"unchanged", []Table{infra, affiliates}, []Table{infra, affiliates}, []int{}},
		{"second lost", []Table{infra, affiliates}, []Table{infra}, []int{1}},
		{"first lost", []Table{infra, affiliates}, []Table{affiliates}, []int{0}},
		{"heading reworded, second lost", []Table{infra, affiliates}, []Table{table("Hosting", "Name", "Purpose", "Location")}, []int{1}},
		{"header renamed, second lost", []Table{infra, affiliates}, []Table{table("Infrastructure", "Vendor", "Purpose", "Location")}, []int{1}},
		{"case and punctuation are no change", []Table{infra}, []Table{table("infrastructure.", "NAME", "purpose", "Location ")}, []int{}},
		{"identical tables, one lost: the last", []Table{infra, infra}, []Table{infra}, []int{1}},
		{"page removed", []Table{infra, affiliates}, nil, []int{0, 1}},
		{"more tables", []Table{infra}, []Table{infra, affiliates}, []int{}},
	} {
		if got := lostTables(tt.base, tt.head); !slices.Equal(got, tt.want) {
			t.Errorf("%s: lost %v, want %v", tt.name, got, tt.want)
		}
	}
	// The diff carries them, a page with no base none.
	c := Diff(&Document{Tables: []Table{infra, affiliates}}, &Document{Tables: []Table{infra}})
	if !slices.Equal(c.LostTables, []int{1}) {
		t.Errorf("Diff lost tables %v, want [1]", c.LostTables)
	}
	if c := Diff(nil, &Document{Tables: []Table{infra}}); c.LostTables == nil || len(c.LostTables) != 0 {
		t.Errorf("an added page's lost tables %v, want []", c.LostTables)
	}
}
