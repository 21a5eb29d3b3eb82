package subprocessor

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseDateForms(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		// ISO and numeric.
		{"2024-05-16", "2024-05-16"},
		{"2024/05/16", "2024-05-16"},
		{"2024.05.16", "2024-05-16"},
		{"2024-5-6", "2024-05-06"},
		{"16.05.2024", "2024-05-16"},
		{"6.5.2024", "2024-05-06"},
		{"16-05-2024", "2024-05-16"},
		{"16/05/2024", "2024-05-16"},
		{"05/16/2024", "2024-05-16"},
		{"05/05/2024", "2024-05-05"},
		{"05/06/2024", ""}, // May 6 or June 5: not told
		{"31.02.2024", ""},
		{"2024-05", ""},
		{"1.2.3", ""},
		// English.
		{"May 16, 2024", "2024-05-16"},
		{"May, 15, 2025", "2025-05-15"},
		{"16 May 2024", "2024-05-16"},
		{"2nd June, 2025", "2025-06-02"},
		{"the 16th of May 2024", "2024-05-16"},
		{"Thursday, 16 May 2024", "2024-05-16"},
		{"Sept 3 2024", "2024-09-03"},
		// Other languages.
		{"16. Mai 2024", "2024-05-16"},
		{"1. März 2024", "2024-03-01"},
		{"Donnerstag, 16. Mai 2024", "2024-05-16"},
		{"1er mai 2024", "2024-05-01"},
		{"16 février 2024", "2024-02-16"},
		{"jeudi 16 mai 2024", "2024-05-16"},
		{"16 de mayo de 2024", "2024-05-16"},
		{"1º de diciembre de 2023", "2023-12-01"},
		{"16 maggio 2024", "2024-05-16"},
		{"16 mei 2024", "2024-05-16"},
		{"2 augustus 2026", "2026-08-02"},
		{"16 de maio de 2024", "2024-05-16"},
		{"16 março 2024", "2024-03-16"},
		{"16 maj 2024", "2024-05-16"},
		{"16 augusti 2024", "2024-08-16"},
		{"2024년 5월 16일", "2024-05-16"},
		{"2026년 04월 23일", "2026-04-23"},
		{"2024年5月16日", "2024-05-16"},
		// Not whole dates.
		{"January 2026", ""},
		{"2024", ""},
		{"16 May", ""},
		{"Q1 2024", ""},
		{"16 Foo 2024", ""},
		{"2024 5 16", ""},
	}
	for _, tt := range tests {
		if got := ParseDate(tt.in); got != tt.want {
			t.Errorf("ParseDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseDateMonth(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"January 2026":  "2026-01-01",
		"Dezember 2025": "2025-12-01",
		"mai 2024":      "2024-05-01",
		"2026년 4월":      "2026-04-01",
		"May 16, 2024":  "2024-05-16",
		"2024":          "",
		"13 2024":       "",
		"2024 12":       "", // only Korean and Japanese put the year first
	} {
		if got := parseDate(in, true); got != want {
			t.Errorf("parseDate(%q, month) = %q, want %q", in, got, want)
		}
	}
}

func TestLeadingDate(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		text, date string
		starts     bool
	}{
		{"2026-11-28 — Added OpenAI", "2026-11-28", true},
		{"November 28, 2026: Added OpenAI", "2026-11-28", true},
		{"16.05.2024: Anthropic hinzugefügt", "2024-05-16", true},
		{"May 2024: Added OpenAI", "", true},
		{"We will notify you 30 days before a change", "", false},
		{"Added OpenAI on 2026-11-28", "", false},
	} {
		if got := leadingDate(tt.text); got != tt.date {
			t.Errorf("leadingDate(%q) = %q, want %q", tt.text, got, tt.date)
		}
		if got := startsWithDate(tt.text); got != tt.starts {
			t.Errorf("startsWithDate(%q) = %v, want %v", tt.text, got, tt.starts)
		}
	}
}

// datedPage is a subprocessor page with head before its table and tail after it.
func datedPage(head, tail string) string {
	return head + "\n\n| Name | Purpose | Location |\n|---|---|---|\n| Amazon Web Services, Inc. | Hosting | United States |\n\n" + tail
}

func TestPageDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want *Updated
	}{
		{"updated line", datedPage("# Subprocessors\n\nUpdated May 16, 2024", ""),
			&Updated{Date: "2024-05-16", Text: "Updated May 16, 2024", Line: 3, Source: SourceLine}},
		{"bold DATE", datedPage("# Subprocessors\n\n**DATE: 16.05.2024**", ""),
			&Updated{Date: "2024-05-16", Text: "DATE: 16.05.2024", Line: 3, Source: SourceLine}},
		{"in a sentence", datedPage("# Subprocessors\n\nThis list was last updated on 16 May 2024 and replaces earlier versions.", ""),
			&Updated{Date: "2024-05-16", Text: "This list was last updated on 16 May 2024 and replaces earlier versions.", Line: 3, Source: SourceLine}},
		{"as of", datedPage("# Subprocessors\n\nAs of 2024/05/16, we use the following subprocessors.", ""),
			&Updated{Date: "2024-05-16", Text: "As of 2024/05/16, we use the following subprocessors.", Line: 3, Source: SourceLine}},
		{"current as of", datedPage("# Subprocessors\n\nThis list is current as of May 16, 2024.", ""),
			&Updated{Date: "2024-05-16", Text: "This list is current as of May 16, 2024.", Line: 3, Source: SourceLine}},
		{"effective date", datedPage("# Subprocessors\n\nEffective date: 1 January 2025", ""),
			&Updated{Date: "2025-01-01", Text: "Effective date: 1 January 2025", Line: 3, Source: SourceEffective}},
		{"an updated line beats an effective one", datedPage("# Subprocessors\n\nEffective date: 1 January 2027\n\nLast updated: 2026-11-01", ""),
			&Updated{Date: "2026-11-01", Text: "Last updated: 2026-11-01", Line: 5, Source: SourceLine}},
		{"Stand", datedPage("# Unterauftragsverarbeiter\n\nStand: 1. März 2024", ""),
			&Updated{Date: "2024-03-01", Text: "Stand: 1. März 2024", Line: 3, Source: SourceLine}},
		{"Stand, a month", datedPage("# Unterauftragsverarbeiter\n\nStand: Dezember 2025", ""),
			&Updated{Date: "2025-12-01", Text: "Stand: Dezember 2025", Line: 3, Source: SourceLine}},
		{"French", datedPage("# Sous-traitants\n\nDernière mise à jour : 16 mai 2024", ""),
			&Updated{Date: "2024-05-16", Text: "Dernière mise à jour : 16 mai 2024", Line: 3, Source: SourceLine}},
		{"Spanish", datedPage("# Subencargados\n\nÚltima actualización: 16 de mayo de 2024", ""),
			&Updated{Date: "2024-05-16", Text: "Última actualización: 16 de mayo de 2024", Line: 3, Source: SourceLine}},
		{"Italian", datedPage("# Sub-responsabili\n\nUltimo aggiornamento: 16 maggio 2024", ""),
			&Updated{Date: "2024-05-16", Text: "Ultimo aggiornamento: 16 maggio 2024", Line: 3, Source: SourceLine}},
		{"Dutch", datedPage("# Subverwerkers\n\nLaatst bijgewerkt: 16 mei 2024", ""),
			&Updated{Date: "2024-05-16", Text: "Laatst bijgewerkt: 16 mei 2024", Line: 3, Source: SourceLine}},
		{"Swedish", datedPage("# Underbiträden\n\nSenast uppdaterad: 16 maj 2024", ""),
			&Updated{Date: "2024-05-16", Text: "Senast uppdaterad: 16 maj 2024", Line: 3, Source: SourceLine}},
		{"Portuguese", datedPage("# Subprocessadores\n\nÚltima atualização: 16 de maio de 2024", ""),
			&Updated{Date: "2024-05-16", Text: "Última atualização: 16 de maio de 2024", Line: 3, Source: SourceLine}},
		{"after a separator", datedPage("# Subverwerkers\n\nVersie 2026-10 · geldig vanaf 1 oktober 2026", ""),
			&Updated{Date: "2026-10-01", Text: "Versie 2026-10 · geldig vanaf 1 oktober 2026", Line: 3, Source: SourceEffective}},
		{"one line of several", datedPage("# Sous-traitants\n\n**Version :** 1.0  \n**Date :** 2026-06-18", ""),
			&Updated{Date: "2026-06-18", Text: "Date : 2026-06-18", Line: 3, Source: SourceLine}},
		{"a later label of the line", datedPage("# Subprocessors\n\nEffective date: [insert date] · Last reviewed: 2026-03-30", ""),
			&Updated{Date: "2026-03-30", Text: "Effective date: [insert date] · Last reviewed: 2026-03-30", Line: 3, Source: SourceLine}},
		{"admonition (VitePress)", datedPage("# Subprocessors\n\n::: info Last updated\nMay 16, 2024\n:::", ""),
			&Updated{Date: "2024-05-16", Text: "May 16, 2024", Line: 4, Source: SourceLine}},
		{"admonition (GitHub alert)", datedPage("# Subprocessors\n\n> [!NOTE]\n> **Last updated**\n> 2024-05-16", ""),
			&Updated{Date: "2024-05-16", Text: "[!NOTE] Last updated 2024-05-16", Line: 3, Source: SourceLine}},
		{"admonition (MkDocs)", datedPage("# Subprocessors\n\n!!! info \"Last updated\"\n    16 May 2024", ""),
			&Updated{Date: "2024-05-16", Text: "!!! info \"Last updated\" 16 May 2024", Line: 3, Source: SourceLine}},
		{"admonition (GitBook)", datedPage("# Subprocessors\n\n{% hint style=\"info\" %}\n**Last updated**\n\n2024-05-16\n{% endhint %}", ""),
			&Updated{Date: "2024-05-16", Text: "Last updated 2024-05-16 {% endhint %}", Line: 6, Source: SourceLine}},
		{"a label, then the date on the next line", datedPage("# Subprocessors\n\n**Last updated**  \n16 May 2024", ""),
			&Updated{Date: "2024-05-16", Text: "Last updated 16 May 2024", Line: 3, Source: SourceLine}},
		{"a heading, then the date", datedPage("# Subprocessors\n\n## Last updated\n\n16 May 2024", ""),
			&Updated{Date: "2024-05-16", Text: "Last updated 16 May 2024", Line: 5, Source: SourceLine}},
		{"unreadable", datedPage("# Subprocessors\n\nLast updated: Q1 2024", ""),
			&Updated{Date: "", Text: "Last updated: Q1 2024", Line: 3, Source: SourceLine}},
		{"unreadable placeholder", datedPage("# Subprocessors\n\nUpdated [EFFECTIVE DATE]", ""),
			&Updated{Date: "", Text: "Updated [EFFECTIVE DATE]", Line: 3, Source: SourceLine}},
		{"a sentence that only mentions updates", datedPage("# Subprocessors\n\nUpdated lists are published on this page.", ""), nil},
		{"a signature line", datedPage("# Subprocessors", "Date: ______________"), nil},
		{"a template", datedPage("---\nlast_modified_date: 2026-07-06\n---\n# Subprocessors\n\n_Last updated: {{ page.last_modified_date | date: \"%B %-d, %Y\" }}_", ""),
			&Updated{Date: "2026-07-06", Text: "last_modified_date: 2026-07-06", Line: 1, Source: SourceFrontMatter}},
		{"front matter", datedPage("---\nlastmod: 2024-05-16T10:00:00Z\ndate: 2021-01-01\n---\n# Subprocessors", ""),
			&Updated{Date: "2024-05-16", Text: "lastmod: 2024-05-16T10:00:00Z", Line: 1, Source: SourceFrontMatter}},
		{"front matter lastUpdated", datedPage("---\nlastUpdated: 'May 16, 2024'\n---\n# Subprocessors", ""),
			&Updated{Date: "2024-05-16", Text: "lastUpdated: May 16, 2024", Line: 1, Source: SourceFrontMatter}},
		{"front matter date", datedPage("---\ndate: 2021-01-01\nlastmod: ':git'\n---\n# Subprocessors", ""),
			&Updated{Date: "2021-01-01", Text: "date: 2021-01-01", Line: 1, Source: SourceFrontMatter}},
		{"text before front matter", datedPage("---\nlast_updated: 2024-05-16\n---\n# Subprocessors\n\nLast updated: 2024-06-01", ""),
			&Updated{Date: "2024-06-01", Text: "Last updated: 2024-06-01", Line: 6, Source: SourceLine}},
		{"change-history table", datedPage("# Subprocessors", "## Revision history\n\n| Date | Change |\n|---|---|\n| 2024-01-10 | First version |\n| 2024-05-16 | Added OpenAI |\n| 2024-03-02 | Removed Zendesk |"),
			&Updated{Date: "2024-05-16", Text: "2024-05-16 | Added OpenAI", Line: 12, Source: SourceChangeLog, LastChange: "2024-05-16"}},
		{"change-log entries", datedPage("# Subprocessors", "## Change log\n\n- 2024-01-10: First version\n- 16 May 2024: Added OpenAI"),
			&Updated{Date: "2024-05-16", Text: "16 May 2024: Added OpenAI", Line: 10, Source: SourceChangeLog, LastChange: "2024-05-16"}},
		{"a stated date and a change log", datedPage("# Subprocessors\n\nUpdated: 2024-01-10", "## Change log\n\n- 2024-05-16: Added OpenAI"),
			&Updated{Date: "2024-01-10", Text: "Updated: 2024-01-10", Line: 3, Source: SourceLine, LastChange: "2024-05-16"}},
		{"no date", datedPage("# Subprocessors", "## Updates\n\nWe will post any updates to this page."), nil},
		{"in a long paragraph", datedPage("# Subprocessors\n\nWe use the subprocessors below to provide the service, host our infrastructure and send email; this list was last updated on 16 May 2024, and we will tell you before it changes.", ""),
			&Updated{Date: "2024-05-16", Text: "last updated on 16 May 2024", Line: 3, Source: SourceLine}},
		{"an announcement", datedPage("# Subprocessors\n\nThis list will be updated on 1 March 2027. As of 1 April 2027, we will use Beta Inc.", ""), nil},
		{"a date, then another sentence", datedPage("# Subprocessors\n\nThis list is current as of 16 May 2024. We will notify you of changes.", ""),
			&Updated{Date: "2024-05-16", Text: "This list is current as of 16 May 2024. We will notify you of changes.", Line: 3, Source: SourceLine}},
	}
	for _, tt := range tests {
		doc, err := Parse("subprocessors.md", []byte(tt.src))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if diff := cmp.Diff(tt.want, doc.Updated); diff != "" {
			t.Errorf("%s: updated (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestChangeLogEntries(t *testing.T) {
	t.Parallel()
	src := datedPage("# Subprocessors", strings.Join([]string{
		"## Updates to this list",
		"",
		"We will notify you at least 30 days before we engage a new subprocessor.",
		"",
		"- 2026-11-02: Added Anthropic",
		"",
		"## Change log",
		"",
		"### 2026-06-01",
		"",
		"- Added OpenAI, L.L.C.",
		"",
		"### Older",
		"",
		"- Removed Zendesk",
		"",
		"May 2024: Added Intercom",
		"",
		"## Changes",
		"",
		"Subscribe to changes by watching this repository.",
	}, "\n"))
	doc, err := Parse("subprocessors.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []ChangeEntry{
		{Date: "2026-11-02", Text: "2026-11-02: Added Anthropic", Line: 11},
		{Date: "2026-06-01", Text: "Added OpenAI, L.L.C.", Line: 17},
		{Date: "", Text: "Removed Zendesk", Line: 21},
		{Date: "", Text: "May 2024: Added Intercom", Line: 23},
	}
	if diff := cmp.Diff(want, doc.Changelog); diff != "" {
		t.Errorf("changelog (-want +got):\n%s", diff)
	}
	// The prose under "Updates" and "Changes" is read as text: a notice and a subscription.
	if doc.Notice == nil || doc.Notice.Days != 30 || doc.Notice.Line != 9 {
		t.Errorf("notice = %+v, want 30 days at line 9", doc.Notice)
	}
	if doc.Subscription == nil || doc.Subscription.Line != 27 {
		t.Errorf("subscription = %+v, want line 27", doc.Subscription)
	}
	if doc.Updated == nil || doc.Updated.Date != "2026-11-02" || doc.Updated.Source != SourceChangeLog {
		t.Errorf("updated = %+v, want the change log's latest date", doc.Updated)
	}
}
