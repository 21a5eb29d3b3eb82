package subprocessor

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func parseFile(t *testing.T, path string) *Document {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Parse(path, src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", path, err)
	}
	return doc
}

func TestBuildSeedPage(t *testing.T) {
	t.Parallel()
	doc := parseFile(t, "../../testdata/subprocessors.md")
	if len(doc.Subprocessors) != 11 {
		t.Fatalf("%d rows, want 11", len(doc.Subprocessors))
	}
	if diff := cmp.Diff(&Updated{Date: "2024-05-16", Text: "Updated May 16, 2024", Line: 10, Source: SourceLine}, doc.Updated); diff != "" {
		t.Errorf("updated (-want +got):\n%s", diff)
	}
	if doc.Title != "Subprocessors" || doc.FrontMatter["date"] != "2024-05-16" {
		t.Errorf("title %q, front matter %v", doc.Title, doc.FrontMatter)
	}
	wantTable := Table{
		Index: 0, Line: 17, Column: 1,
		Heading: "Crescendo Third-Party Subprocessors & Crescendo Affiliates",
		Kind:    "third_party", Format: "markdown",
		Header:  []string{"Name", "Purpose", "Data Shared with Subprocessor", "Location", "Links to subprocessor resources"},
		Columns: map[string]int{"name": 0, "purpose": 1, "data": 2, "location": 3, "links": 4},
		Layout:  "rows",
	}
	if diff := cmp.Diff([]Table{wantTable}, doc.Tables, cmpopts.IgnoreFields(Table{}, "Reading")); diff != "" {
		t.Errorf("tables (-want +got):\n%s", diff)
	}
	// The reading says why: each column's role, and the header word and cells behind it.
	for i, role := range []string{"name", "purpose", "data", "location", "links"} {
		c := doc.Tables[0].Reading[i]
		if c.Role != role || len(c.Evidence) == 0 || !strings.HasPrefix(c.Evidence[0], "header word") {
			t.Errorf("reading of column %d: %+v, want role %s from its header word", i, c, role)
		}
	}
	if ev := doc.Tables[0].Reading[4].Evidence; !slices.Contains(ev, "11 of 11 cells hold links") {
		t.Errorf("links evidence %q, want the cells counted", ev)
	}
	gcp := doc.Subprocessors[0]
	if diff := cmp.Diff([]string{"Real-time application", "Storage of data and"}, gcp.Data); diff != "" {
		t.Errorf("GCP data (-want +got):\n%s", diff)
	}
	if gcp.NameKey != "google cloud platform" || gcp.Category != wantTable.Heading || gcp.Line != 19 {
		t.Errorf("GCP row = %+v", gcp)
	}
	if diff := cmp.Diff([]Link{{Text: "Privacy Resource Center", URL: "https://cloud.google.com/privacy"}}, gcp.Links); diff != "" {
		t.Errorf("GCP links (-want +got):\n%s", diff)
	}
	sendgrid := doc.Subprocessors[7]
	if sendgrid.Name != "Sendgrid (Twilio)" || sendgrid.NameKey != "sendgrid" || sendgrid.Countries[0] != "US" {
		t.Errorf("Sendgrid row = %+v", sendgrid)
	}
	elastic := doc.Subprocessors[10]
	want := Cell{Text: "", Line: 29, Column: 151}
	if elastic.Location != "" || len(elastic.Locations) != 0 || elastic.Cells["location"] != want {
		t.Errorf("Elastic location = %q %v, cell %+v; want empty at 29:151", elastic.Location, elastic.Locations, elastic.Cells["location"])
	}
	if doc.Notice != nil || doc.Subscription != nil || len(doc.Changelog) != 0 {
		t.Errorf("seed page has no notice, subscription or change log: %+v %+v %+v", doc.Notice, doc.Subscription, doc.Changelog)
	}
}

func TestBuildPageFacts(t *testing.T) {
	t.Parallel()
	doc := parseFile(t, "../../testdata/pages/multiple-tables.md")
	if len(doc.Tables) != 2 || doc.Tables[0].Kind != "third_party" || doc.Tables[1].Kind != "affiliate" {
		t.Fatalf("tables = %+v", doc.Tables)
	}
	if doc.Notice == nil || doc.Notice.Days != 30 || doc.Subscription == nil {
		t.Errorf("notice %+v, subscription %+v", doc.Notice, doc.Subscription)
	}
	wantLog := []ChangeEntry{
		{Date: "2026-11-02", Text: "2026-11-02 — Added Anthropic (AI), effective 2026-12-02.", Line: 30},
		{Date: "2026-06-01", Text: "2026-06-01 — Added OpenAI, L.L.C. (AI).", Line: 31},
	}
	if diff := cmp.Diff(wantLog, doc.Changelog); diff != "" {
		t.Errorf("changelog (-want +got):\n%s", diff)
	}
	openai := doc.Subprocessors[1]
	if openai.NameKey != "openai" || len(openai.Transfer) != 2 || openai.Table != 0 {
		t.Errorf("OpenAI row = %+v", openai)
	}
	support := doc.Subprocessors[3]
	if support.Table != 1 || support.Category != "Affiliates" || support.Countries[0] != "GB" {
		t.Errorf("affiliate row = %+v", support)
	}
}

func TestBuildHTMLTable(t *testing.T) {
	t.Parallel()
	doc := parseFile(t, "../../testdata/pages/html-table.md")
	if len(doc.Subprocessors) != 2 || doc.Tables[0].Format != "html" {
		t.Fatalf("rows %d, tables %+v", len(doc.Subprocessors), doc.Tables)
	}
	stripe := doc.Subprocessors[0]
	if diff := cmp.Diff([]string{"Billing email", "Payment method tokens"}, stripe.Data); diff != "" {
		t.Errorf("Stripe data (-want +got):\n%s", diff)
	}
	if stripe.Cells["data"].Line != 13 || stripe.Links[0].URL != "https://stripe.com/legal/dpa" {
		t.Errorf("Stripe cells %+v links %+v", stripe.Cells, stripe.Links)
	}
	mailgun := doc.Subprocessors[1]
	if mailgun.Data[0] != "Email addresses & names" || mailgun.Cells["location"].Line != 21 {
		t.Errorf("Mailgun = %+v", mailgun)
	}
}

func TestBuildIgnoresDecoys(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"../../testdata/pages/decoys.md", "../../testdata/pages/no-table.md"} {
		doc := parseFile(t, p)
		if len(doc.Tables) != 0 || len(doc.Subprocessors) != 0 {
			t.Errorf("%s: tables %+v, rows %d; want none", p, doc.Tables, len(doc.Subprocessors))
		}
		if doc.Subprocessors == nil || doc.Tables == nil || doc.Changelog == nil {
			t.Errorf("%s: empty lists must be [] not null", p)
		}
	}
}

// TestRowLinksOnce: a row's links are each URL once, the links column's first, whether the row
// has a few links (compared directly) or many (a set).
func TestRowLinksOnce(t *testing.T) {
	t.Parallel()
	for _, n := range []int{3, 20} {
		var links, notes []string
		var want []string
		for i := range n {
			u := fmt.Sprintf("https://example.com/%d", i)
			links = append(links, fmt.Sprintf("[L%d](%s)", i, u))
			want = append(want, u)
		}
		// The notes column repeats every link and adds one.
		notes = append(notes, links...)
		notes = append(notes, "[extra](https://example.com/extra)")
		want = append(want, "https://example.com/extra")
		src := "# Subprocessors\n\n| Name | Purpose | Location | Links | Notes |\n|---|---|---|---|---|\n| Acme | Email | Germany | " +
			strings.Join(links, " ") + " | " + strings.Join(notes, " ") + " |\n"
		doc, err := Parse("p.md", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range doc.Subprocessors[0].Links {
			got = append(got, l.URL)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%d links: got %q, want %q", n, got, want)
		}
	}
}

// An HTML row with fewer cells than the header has every column: its missing cells are empty,
// placed at its <tr>, and its extra columns are keys with "" (never missing keys).
func TestBuildShortHTMLRow(t *testing.T) {
	t.Parallel()
	src := "# Subprocessors\n\n<table>\n<tr><th>Name</th><th>Purpose</th><th>Location</th><th>Notes</th></tr>\n" +
		"    <tr><td>Acme</td><td>Hosting</td></tr>\n</table>\n"
	doc, err := Parse("p.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Subprocessors) != 1 {
		t.Fatalf("%d rows, want 1", len(doc.Subprocessors))
	}
	r := doc.Subprocessors[0]
	want := map[string]Cell{
		"name":     {Text: "Acme", Line: 5, Column: 13},
		"purpose":  {Text: "Hosting", Line: 5, Column: 26},
		"location": {Text: "", Line: 5, Column: 5},
	}
	if diff := cmp.Diff(want, r.Cells); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"Notes": ""}, r.Extra); diff != "" {
		t.Errorf("extra (-want +got):\n%s", diff)
	}
}

// A notice period of subprocessors is read in the lexicon's languages, in days or weeks.
func TestNoticePeriodLanguages(t *testing.T) {
	t.Parallel()
	for text, days := range map[string]int{
		"We give at least 30 days' notice before adding a subprocessor.":                  30,
		"Wij kondigen een nieuwe subverwerker minstens 30 dagen van tevoren aan.":         30,
		"Neue Unterauftragsverarbeiter teilen wir 30 Tage im Voraus mit.":                 30,
		"Nous informons nos clients 30 jours à l'avance de tout sous-traitant ultérieur.": 30,
		"Informujemy klientów o nowych podprzetwarzających 14 dni wcześniej.":             14,
		"We notify customers 4 weeks in advance of any new subprocessor.":                 28,
		// Not a notice of subprocessors: an audit announced ahead, a time to object.
		"The customer announces an audit at least 4 weeks in advance.":                              0,
		"Gegen neue Unterauftragsverarbeiter kann innerhalb von 14 Tagen Einspruch erhoben werden.": 0,
	} {
		page := "# Subprocessors\n\n" + text + "\n\n| Subprocessor | Purpose | Location |\n|---|---|---|\n| Acme Inc. | Hosting | US |\n"
		doc, err := Parse("subprocessors.md", []byte(page))
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case days == 0 && doc.Notice != nil:
			t.Errorf("%q: notice %+v, want none", text, doc.Notice)
		case days > 0 && (doc.Notice == nil || doc.Notice.Days != days):
			t.Errorf("%q: notice %+v, want %d days", text, doc.Notice, days)
		}
	}
}

// Links are what the page links: not a host name written without a scheme ("www.acme.com",
// which GFM makes a link), nor an e-mail address; a bare https URL is one.
func TestRowLinksLeaveHostNamesAndAddresses(t *testing.T) {
	t.Parallel()
	page := "| Vendor | Purpose | Website |\n|---|---|---|\n| Acme Inc. | Hosting | www.acme.com, privacy@acme.com |\n| Gamma Ltd | CDN | https://gamma.net/dpa |\n"
	doc, err := Parse("subprocessors.md", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Subprocessors[0].Links; len(got) != 0 {
		t.Errorf("links %+v, want none", got)
	}
	if got := doc.Subprocessors[1].Links; len(got) != 1 || got[0].URL != "https://gamma.net/dpa" {
		t.Errorf("links %+v, want the bare https URL", got)
	}
}
