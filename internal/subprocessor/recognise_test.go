package subprocessor

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestHeaderMeaning(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ header, want string }{
		// The head of the phrase decides.
		{"**Name**", RoleName},
		{"Name of the Sub-processor", RoleName},
		{"Entity Name", RoleName},
		{"Thirdt Party Entity", RoleName},
		{"Supplier", RoleName},
		{"Data storage country", RoleLocation},
		{"Data location", RoleLocation},
		{"PROCESSING LOCATION", RoleLocation},
		{"Entity Country", RoleLocation},
		{"Localtion", RoleLocation}, // a typo
		{"Categories of data subjects", roleSubjects},
		{"Data subject categories", roleSubjects},
		{"Categories of Personal Data", RoleData},
		{"Personal data categories", RoleData},
		{"**Data Shared with Subprocessor**", RoleData},
		{"Data Processing Terms", RoleLinks},
		{"Entity type", RolePurpose},
		{"Processing purpose", RolePurpose},
		{"Purpose of processing", RolePurpose},
		{"Nature of Processing", RolePurpose},
		{"Subprocessor Activity", RolePurpose},
		{"Service Provided", RolePurpose},
		{"Use", RolePurpose},
		{"Role", RolePurpose},
		{"Categories of Third Parties to Which We Disclose", roleNone},
		{"Website / Security URL", RoleLinks},
		{"Regio / doorgifte", RoleLocation},
		{"Retention period", roleNone},
		{"Third-party service", RoleName},
		{"What we use it for", RolePurpose},
		{"Service description", RolePurpose},
		{"Geographic location", RoleLocation},
		{"Safeguards", RoleTransfer},
		{"Where data is stored", RoleLocation},
		{"Access to personal data", roleNone},
		{"Cookie", roleCookie},
		// Other languages.
		{"Unterauftragsverarbeiter", RoleName},
		{"Verarbeitungszweck", RolePurpose},
		{"Zweck der Verarbeitung", RolePurpose},
		{"Sitz", RoleLocation},
		{"Ort der Verarbeitung", RoleLocation},
		{"Art der Daten", RoleData},
		{"Betroffene Personen", roleSubjects},
		{"Sous-traitant ultérieur", RoleName},
		{"Finalité du traitement", RolePurpose},
		{"Localisation des données", RoleLocation},
		{"Catégories de données", RoleData},
		{"Personnes concernées", roleSubjects},
		{"Subencargado", RoleName},
		{"Finalidad", RolePurpose},
		{"Ubicación", RoleLocation},
		{"Fornitore", RoleName},
		{"Finalità del trattamento", RolePurpose},
		{"Luogo di trattamento", RoleLocation},
		{"Suboperador", RoleName},
		{"Finalidade", RolePurpose},
		{"Subverwerker", RoleName},
		{"Doel van de verwerking", RolePurpose},
		{"Underbiträde", RoleName},
		{"Syfte", RolePurpose},
		{"Účel", RolePurpose},
		{"Data zpracovávaná", RoleData},
		{"Podmiot przetwarzający", RoleName},
		{"Cel przetwarzania", RolePurpose},
		{"업체명", RoleName},
		{"위탁 업무", RolePurpose},
		{"이전 국가", RoleLocation},
		{"이전 항목", RoleData},
		{"보유 기간", roleNone},
		{"Underdatabehandler", RoleName},
		{"Formål", RolePurpose},
		{"Behandlingsregion", RoleLocation},
		{"Standort Verarbeitung", RoleLocation},
		{"Dataklasse", RoleData},
		{"Pourquoi", RolePurpose},
		{"Ce qu'il traite", RoleData},
		{"Behandlingsansvarlig", roleController},
		{"委託先", RoleName},
		{"利用目的", RolePurpose},
		{"所在国", RoleLocation},
		// Nothing.
		{"PRICE", ""},
		{"Plan", ""},
		{"", ""},
	} {
		if got := headerMeaningOf(tt.header).role; got != tt.want {
			t.Errorf("headerMeaningOf(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}

// readTables parses a page and returns its tables' readings as "role,role,…" (column order,
// "-" for none) for the tables taken, and the reasons of the tables left.
func readTables(t *testing.T, path, page string, opts Options) (taken []string, unread []string, doc *Document) {
	t.Helper()
	doc, err := ParseWith(path, []byte(page), opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range doc.Tables {
		roles := make([]string, len(tb.Header))
		for i := range roles {
			roles[i] = "-"
		}
		for role, i := range tb.Columns {
			roles[i] = role
		}
		taken = append(taken, tb.Layout+":"+strings.Join(roles, ","))
	}
	for _, u := range doc.UnreadTables {
		unread = append(unread, u.Reason)
	}
	return taken, unread, doc
}

func TestRecogniseTables(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, path, page string
		taken            []string
		unreadPrefix     []string
	}{
		{
			name:  "two location columns keep the processing one",
			page:  "| NAME | PURPOSE | PROVIDER LOCATION | PROCESSING LOCATION |\n|---|---|---|---|\n| Hetzner | Hosting | Germany | Finland |\n",
			taken: []string{"rows:name,purpose,-,location"},
		},
		{
			name:  "a column of marks is not data",
			page:  "| Entity | Subprocessing Activity | Location | Customer Data |\n|---|---|---|---|\n| AWS | Hosting | US | * |\n| Stripe | Payments | US | |\n| Slack | Chat | US | * |\n",
			taken: []string{"rows:name,purpose,location,-"},
		},
		{
			name:  "location cells give a column with an unknown header its role",
			page:  "| Vendor | Sitz? | Purpose |\n|---|---|---|\n| AWS | Deutschland | Hosting |\n| Stripe | Irland | Payments |\n",
			taken: []string{"rows:name,location,purpose"},
		},
		{
			name:         "a cookie table with a provider column",
			page:         "| Cookie | Proveedor | Finalidad | Duración |\n|---|---|---|---|\n| _ga | Google Analytics | Analítica | 2 años |\n",
			unreadPrefix: []string{"a cookie table"},
		},
		{
			name:         "a table under a cookie heading",
			page:         "## Cookies we set\n\n| Name | Provider | Purpose | Expiry |\n|---|---|---|---|\n| _ga | Google | Analytics | 2 years |\n",
			unreadPrefix: []string{"a cookie table (under"},
		},
		{
			name:         "a data-subject table",
			page:         "| Betrokkenen | Gegevens |\n|---|---|\n| Klanten | Naam, e-mail, telefoon |\n",
			unreadPrefix: []string{"a table of data subjects"},
		},
		{
			name:         "a change history",
			page:         "# Subprocessors\n\n| Date | Change |\n|---|---|\n| 2026-01-01 | Added Stripe |\n",
			unreadPrefix: []string{"a change history"},
		},
		{
			name:         "planned vendors",
			page:         "## Planned subprocessors\n\n| Subprocessor | Purpose | Location |\n|---|---|---|\n| Acme Inc. | Hosting | US |\n",
			unreadPrefix: []string{"listed under \"Planned subprocessors\""},
		},
		{
			name:         "one vendor on every row",
			page:         "| Vendor | Purpose | Region |\n|---|---|---|\n| Google | Analytics | US |\n| Google | Ads | US |\n| Google | Maps | US |\n",
			unreadPrefix: []string{"every row names the same vendor"},
		},
		{
			name:         "a document index",
			page:         "| Name | Purpose |\n|---|---|\n| [DPA](dpa.md) | Terms |\n| [Privacy](privacy.md) | Privacy |\n",
			unreadPrefix: []string{"the names link to pages of this site"},
		},
		{
			name:         "a plain name and description table elsewhere",
			path:         "docs/config.md",
			page:         "| Name | Description |\n|---|---|\n| timeout | How long to wait |\n",
			unreadPrefix: []string{"a generic name and description table"},
		},
		{
			name:  "the same table on a subprocessor page",
			path:  "legal/subprocessors.md",
			page:  "| Name | Description |\n|---|---|\n| Acme | Hosting |\n",
			taken: []string{"rows:name,purpose"},
		},
		{
			name:  "an empty header row",
			page:  "|  |  |  |\n|---|---|---|\n| Sub-Processor | Location | Purpose |\n| AWS | US | Hosting |\n",
			taken: []string{"header_row:name,location,purpose"},
		},
		{
			name:  "a header row holding only a title",
			page:  "| Our subprocessors |  |  |\n|---|---|---|\n| Sub-Processor | Location | Purpose |\n| AWS | US | Hosting |\n",
			taken: []string{"header_row:name,location,purpose"},
		},
		{
			name:  "a transposed table named by its field",
			page:  "### ST-01\n\n| Champ | Valeur |\n|---|---|\n| **Sous-traitant** | OpenAI, Inc. |\n| **Pays** | États-Unis |\n| **Services** | Inférence |\n",
			taken: []string{"transposed:name,location,purpose"},
		},
		{
			name:  "a transposed table named by its heading",
			page:  "### Stripe, Inc.\n\n| Field | Value |\n|---|---|\n| Purpose | Payments |\n| Location | United States |\n",
			taken: []string{"transposed:purpose,location,name"},
		},
		{
			name:  "a service column names the vendor where no column does",
			page:  "| Service | Description | Location |\n|---|---|---|\n| Stripe | Payment processing | US |\n| Postmark | Transactional email | US |\n",
			taken: []string{"rows:name,purpose,location"},
		},
		{
			name:  "but not beside a provider column",
			page:  "| Service | Provider | Region |\n|---|---|---|\n| Hosting | Hetzner Online GmbH | DE |\n| Email | Postmark | US |\n",
			taken: []string{"rows:purpose,name,location"},
		},
		{
			name:         "nor when it lists kinds of vendors",
			path:         "privacy.md",
			page:         "| Service | Purpose | Data shared |\n|---|---|---|\n| Payment provider | Billing | Card data |\n| Email provider | Mail | Addresses |\n",
			unreadPrefix: []string{"no column names the vendor"},
		},
		{
			name:  "use over role",
			page:  "| Subprocessor | Data storage country | Use | Role |\n|---|---|---|---|\n| Hetzner Online GmbH | Germany | Hosting | Infrastructure |\n",
			taken: []string{"rows:name,location,purpose,-"},
		},
		{
			name:         "pricing",
			page:         "| Plan | Price | Seats |\n|---|---|---|\n| Pro | $10 | 5 |\n",
			unreadPrefix: []string{"no column names the vendor"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.path
			if path == "" {
				path = "page.md"
			}
			taken, unread, _ := readTables(t, path, tt.page, Options{})
			if diff := cmp.Diff(tt.taken, taken); diff != "" {
				t.Errorf("tables taken (-want +got):\n%s", diff)
			}
			if len(unread) != len(tt.unreadPrefix) {
				t.Fatalf("unread tables %q, want %d", unread, len(tt.unreadPrefix))
			}
			for i, p := range tt.unreadPrefix {
				if !strings.HasPrefix(unread[i], p) {
					t.Errorf("unread reason %q, want it to start %q", unread[i], p)
				}
			}
		})
	}
}

func TestTransposedRow(t *testing.T) {
	t.Parallel()
	page := "### ST-01\n\n| Champ | Valeur |\n|---|---|\n| **Sous-traitant** | OpenAI, Inc. |\n| **Pays** | États-Unis |\n| **Services** | Inférence |\n| **Statut** | actif |\n\n" +
		"### ST-02\n\n| Champ | Valeur |\n|---|---|\n| **Sous-traitant** | N/A — local |\n| **Services** | TTS |\n"
	_, _, doc := readTables(t, "p.md", page, Options{})
	if len(doc.Subprocessors) != 1 {
		t.Fatalf("%d rows, want 1 (the N/A vendor is none)", len(doc.Subprocessors))
	}
	r := doc.Subprocessors[0]
	want := Row{Name: "OpenAI, Inc.", Purpose: "Inférence", Location: "États-Unis", Countries: []string{"US"}, Line: 5}
	got := Row{Name: r.Name, Purpose: r.Purpose, Location: r.Location, Countries: r.Countries, Line: r.Line}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("row (-want +got):\n%s", diff)
	}
	if r.Cells["location"].Line != 6 || r.Cells["location"].Column != 14 {
		t.Errorf("location cell at %d:%d, want 6:14 (the value cell)", r.Cells["location"].Line, r.Cells["location"].Column)
	}
	if r.Extra["Statut"] != "actif" {
		t.Errorf("extra %v, want the Statut field", r.Extra)
	}
}

func TestColumnMapping(t *testing.T) {
	t.Parallel()
	page := "| Col A | What they do | Zone |\n|---|---|---|\n| Acme | Email | Mars |\n"
	taken, _, _ := readTables(t, "p.md", page, Options{})
	if len(taken) != 0 {
		t.Fatalf("without a mapping the table is read as %q, want unread", taken)
	}
	opts := Options{Columns: map[string][]string{"name": {"col a"}, "location": {"  ZONE "}}}
	taken, _, doc := readTables(t, "p.md", page, opts)
	if diff := cmp.Diff([]string{"rows:name,purpose,location"}, taken); diff != "" {
		t.Errorf("mapped table (-want +got):\n%s", diff)
	}
	if ev := doc.Tables[0].Reading[0].Evidence; len(ev) != 1 || !strings.HasPrefix(ev[0], "configuration maps") {
		t.Errorf("evidence %q, want the configuration", ev)
	}
	// The mapping wins over the lexicon.
	opts = Options{Columns: map[string][]string{"purpose": {"Zone"}}}
	taken, _, _ = readTables(t, "p.md", "| Vendor | Zone | Purpose |\n|---|---|---|\n| Acme | Email | Hosting |\n", opts)
	if diff := cmp.Diff([]string{"rows:name,purpose,-"}, taken); diff != "" {
		t.Errorf("mapping over the lexicon (-want +got):\n%s", diff)
	}
}

func TestReadPage(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		path, page string
		opts       Options
		want       bool
	}{
		{"legal/subprocessors.md", "text\n", Options{}, true},
		{"docs/vendors.md", "---\ntitle: Liste des sous-traitants ultérieurs\n---\ntext\n", Options{}, true},
		{"docs/a.md", "# Unterauftragsverarbeiter\n", Options{}, true},
		{"docs/a.md", "# 수탁자 목록\n", Options{}, true},
		{"docs/a.md", "# Getting started\n\n### Our sub-processors\n", Options{}, false},
		{"docs/dossier.md", "# Dossier\n\n## Sous-traitants envisagés\n", Options{}, false},
		{"docs/dpa.md", "---\ndescription: how we engage sub-processors\n---\n# DPA\n", Options{}, false},
		{"docs/vendors.md", "# Vendors\n", Options{Pages: []string{"docs/vendors.md"}}, true},
		{"docs/vendors.md", "# Vendors\n", Options{Pages: []string{"*.md"}}, true},
		{"README.md", "# Project\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", Options{}, false},
	} {
		doc, err := ParseWith(tt.path, []byte(tt.page), tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		if doc.Page.Subprocessors != tt.want {
			t.Errorf("%s %q: subprocessor page %v (%q), want %v", tt.path, tt.page, doc.Page.Subprocessors, doc.Page.Evidence, tt.want)
		}
	}
}

func TestLookupPlaceKnowsCLDRNames(t *testing.T) {
	t.Parallel()
	for place, want := range map[string]string{
		"Niederlande": "NL", "États-Unis": "US", "Stany Zjednoczone": "US", "미국": "US", "日本": "JP",
		"Irlanda": "IE", "Tyskland": "DE", "Německo": "DE", "USA*": "US",
	} {
		if got, ok := lookupPlace(place); !ok || got != want {
			t.Errorf("lookupPlace(%q) = %q, %v; want %q", place, got, ok, want)
		}
	}
	for _, region := range []string{"EU", "European Union", "Europäische Union", "EEA", "EWR", "Worldwide", "Global"} {
		if got, ok := lookupPlace(region); !ok || got != "" {
			t.Errorf("lookupPlace(%q) = %q, %v; want a region that is no country", region, got, ok)
		}
	}
	if _, ok := lookupPlace("Acme Inc."); ok {
		t.Error("lookupPlace(\"Acme Inc.\") found a place")
	}
}

func TestSetApart(t *testing.T) {
	t.Parallel()
	// The page keeps its other vendors apart under another header row: left.
	page := "# Sub-processors\n\n## 1. Sub-processors\n\n| Sub-processor | Role | Data | Location |\n|---|---|---|---|\n| Acme Inc. | Hosting | Logs | US |\n\n" +
		"## 2. Service communications\n\n| Provider | Role | Data | Notes |\n|---|---|---|---|\n| Mailer | Email | Addresses | none |\n"
	taken, unread, _ := readTables(t, "p.md", page, Options{})
	if len(taken) != 1 || len(unread) != 1 || !strings.HasPrefix(unread[0], "other tables on the page say they list subprocessors") {
		t.Errorf("taken %q, unread %q; want the second table set apart", taken, unread)
	}
	// Tables split by category under one header row, and an affiliates table: all taken.
	page = "# Subprocessors\n\n## Subprocessors: infrastructure\n\n| Name | Purpose | Location |\n|---|---|---|\n| Acme | Hosting | US |\n\n" +
		"## Analytics\n\n| Name | Purpose | Location |\n|---|---|---|\n| Beta | Analytics | DE |\n\n" +
		"## Our affiliates\n\n| Name | Role | Country |\n|---|---|---|\n| Acme GmbH | Support | DE |\n"
	taken, unread, _ = readTables(t, "p.md", page, Options{})
	if len(taken) != 3 || len(unread) != 0 {
		t.Errorf("taken %q, unread %q; want all three tables", taken, unread)
	}
	// A name header alone sets nothing apart: a table with no heading of its own stays.
	page = "# Subprocessors\n\n| Name | Purpose | Location |\n|---|---|---|\n| Vercel Inc. | Hosting | US |\n\n" +
		"| Subprocessor | Purpose | Region |\n|---|---|---|\n| Resend Inc. | Email | US |\n"
	if taken, unread, _ = readTables(t, "p.md", page, Options{}); len(taken) != 2 {
		t.Errorf("taken %q, unread %q; want both tables", taken, unread)
	}
}

func TestDecoyKinds(t *testing.T) {
	t.Parallel()
	for page, reason := range map[string]string{
		"| Data | Controller | Processor | Why |\n|---|---|---|---|\n| Accounts | Us | Acme Inc. | Hosting |\n":           "a table of who controls and who processes what",
		"| Data class | Vendor | Why |\n|---|---|---|\n| Free text | Mistral | EU only |\n| Metrics | Fireworks | US |\n": "a table keyed by data",
		"## Inactive vendors\n\n| Vendor | Purpose | Region |\n|---|---|---|\n| Acme | Mail | EU |\n":                     "listed under \"Inactive vendors\"",
	} {
		_, unread, _ := readTables(t, "subprocessors.md", page, Options{})
		if len(unread) != 1 || !strings.HasPrefix(unread[0], reason) {
			t.Errorf("%q: unread %q, want a reason starting %q", page, unread, reason)
		}
	}
}

// A header of megabytes costs what a long one does: it is read from its first words.
func TestHugeHeaderIsReadFromItsStart(t *testing.T) {
	t.Parallel()
	huge := "Subprocessor " + strings.Repeat("word ", 400_000)
	if m := headerMeaningOf(huge); m.role != RoleName {
		t.Errorf("huge header read as %q, want name", m.role)
	}
	if m := headerMeaningOf(strings.Repeat("x", 1000) + " location"); m.role != "" {
		t.Errorf("a header whose role word is past the bytes read: %q, want none", m.role)
	}
}
