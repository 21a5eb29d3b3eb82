package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/subpolicy/subpolicy/internal/history"
	"github.com/subpolicy/subpolicy/internal/report"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const hostile = "Evil ]]> <script>alert(1)</script> & Co\nnext line"

// sample is a history of two pages: an addition with an upcoming Effective date and a page
// notice period, a replacement, a location change, a removal and an unreadable version.
func sample() []*history.History {
	return []*history.History{
		{Path: "docs/subprocessors.md", Events: []history.Event{
			{Commit: "c3", Date: "2026-03-10T09:00:00Z", Path: "docs/subprocessors.md", Error: "invalid UTF-8", Line: 4, Summary: "this version could not be read: invalid UTF-8"},
			{Commit: "c2", Date: "2026-03-05T09:00:00Z", Path: "docs/subprocessors.md", Summary: `replaced "Zendesk" with "Intercom"; changed the location of "AWS"`,
				Changes: &report.FileChanges{
					SuspectedReplacements: []report.ReplacementRow{{Removed: report.ChangedRow{Name: "Zendesk", Purpose: "Support"}, Added: report.ChangedRow{Name: "Intercom", Purpose: "Support", Location: "United States"}}},
					Added:                 []report.ChangedRow{{Name: "Intercom", Purpose: "Support", Location: "United States"}},
					Removed:               []report.ChangedRow{{Name: "Zendesk", Purpose: "Support"}},
					Modified:              []report.ModifiedRow{{ChangedRow: report.ChangedRow{Name: "AWS"}, Fields: []subprocessor.FieldChange{{Field: "location", Before: "Ireland", After: "Germany"}}}},
				}},
			{Commit: "c1", Date: "2026-03-01T09:00:00Z", Path: "docs/subprocessors.md", Summary: `added "` + hostile + `"`, NoticeDays: 14,
				Changes: &report.FileChanges{Added: []report.ChangedRow{{Name: hostile, Purpose: "AI & <b>features</b>", Location: "United States", Effective: "2026-04-01"}}}},
		}},
		{Path: "legal/other page.md", Events: []history.Event{
			{Commit: "d1", Date: "2026-03-07T09:00:00Z", Path: "legal/other page.md", Summary: `removed "Slack"`,
				Changes: &report.FileChanges{Removed: []report.ChangedRow{{Name: "Slack", Purpose: "Chat"}}}},
		}},
	}
}

var opts = Options{SiteURL: "https://example.com/legal/subprocessors", Title: "Example subprocessors", NoticeDays: 30}

func TestEntries(t *testing.T) {
	es, err := Entries(sample(), opts)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range es {
		ids = append(ids, e.ID)
	}
	want := []string{
		"tag:example.com,2026-03-07:legal/other%20page.md@d1",
		"tag:example.com,2026-03-05:docs/subprocessors.md@c2",
		"tag:example.com,2026-03-01:docs/subprocessors.md@c1",
	}
	if strings.Join(ids, "\n") != strings.Join(want, "\n") {
		t.Fatalf("ids (newest first, the unreadable version left out) =\n%s", strings.Join(ids, "\n"))
	}
	if got := es[1].Text; got != "Intercom replaces Zendesk, for Support, in United States.\n"+
		`AWS: location changed from "Ireland" to "Germany".`+"\n"+
		"You may object until 2026-04-04 (30 days' notice from 2026-03-05)." {
		t.Errorf("replacement text =\n%s", got)
	}
	// The page's own notice period wins; an Effective date after publication is upcoming.
	if got := es[2].Text; !strings.Contains(got, "effective 2026-04-01 (upcoming).") || !strings.Contains(got, "until 2026-03-15 (14 days'") {
		t.Errorf("addition text =\n%s", got)
	}
	if strings.Contains(es[2].Title, "\n") || strings.Contains(es[2].Text, "Co\nnext") {
		t.Errorf("a line break from the page survived: %q / %q", es[2].Title, es[2].Text)
	}
	// No objection window for a removal.
	if strings.Contains(es[0].Text, "object") {
		t.Errorf("removal text = %q", es[0].Text)
	}
}

func TestEntriesSiteURL(t *testing.T) {
	for _, u := range []string{"", "example.com", "ftp://example.com/x", "https://"} {
		if _, err := Entries(sample(), Options{SiteURL: u}); err == nil || !strings.Contains(err.Error(), "http or https") {
			t.Errorf("site url %q: err = %v", u, err)
		}
	}
}

// The golden files fix each format's output byte for byte: it depends on the history only.
func TestWriteGolden(t *testing.T) {
	es, err := Entries(sample(), opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"atom", "rss", "json"} {
		var b bytes.Buffer
		if err := Write(&b, format, es, opts); err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "sample."+format)
		if *update {
			if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.Bytes(), want) {
			t.Errorf("%s differs from %s (go test ./internal/feed -update):\n%s", format, golden, b.String())
		}
		var again bytes.Buffer
		if err := Write(&again, format, es, opts); err != nil || !bytes.Equal(again.Bytes(), b.Bytes()) {
			t.Errorf("%s: a second run differs", format)
		}
	}
	if err := Write(&bytes.Buffer{}, "html", es, opts); err == nil {
		t.Error("an unknown format was written")
	}
}

// atomFeed is what RFC 4287 requires of a feed and its entries.
type atomFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Author  []struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Summary struct {
			Type string `xml:"type,attr"`
			Text string `xml:",chardata"`
		} `xml:"summary"`
		Link []struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func TestAtomIsValidAndHoldsNoMarkup(t *testing.T) {
	es, _ := Entries(sample(), opts)
	var b bytes.Buffer
	if err := Write(&b, "atom", es, opts); err != nil {
		t.Fatal(err)
	}
	var f atomFeed
	dec := xml.NewDecoder(&b)
	dec.Strict = true
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("not well-formed Atom: %v", err)
	}
	if f.ID == "" || f.Title == "" || len(f.Author) != 1 || f.Updated != "2026-03-07T09:00:00Z" {
		t.Errorf("feed id %q, title %q, %d authors, updated %q", f.ID, f.Title, len(f.Author), f.Updated)
	}
	if len(f.Entries) != 3 {
		t.Fatalf("%d entries, want 3", len(f.Entries))
	}
	for _, e := range f.Entries {
		if e.ID == "" || e.Title == "" {
			t.Errorf("an entry lacks id or title: %+v", e)
		}
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("entry %s: updated %q is not RFC 3339", e.ID, e.Updated)
		}
	}
	// The hostile name is text: in the title as is, and escaped inside the HTML summary, so
	// that a reader rendering the summary shows "<script>" instead of running it.
	last := f.Entries[2]
	if !strings.Contains(last.Title, "Evil ]]> <script>alert(1)</script> & Co next line") {
		t.Errorf("title = %q", last.Title)
	}
	if last.Summary.Type != "html" || strings.Contains(last.Summary.Text, "<script>") || strings.Contains(last.Summary.Text, "<b>") ||
		!strings.Contains(last.Summary.Text, "&lt;script&gt;") || !strings.Contains(last.Summary.Text, "AI &amp; &lt;b&gt;features") {
		t.Errorf("summary = %q", last.Summary.Text)
	}
}

func TestRSSIsValid(t *testing.T) {
	es, _ := Entries(sample(), opts)
	var b bytes.Buffer
	if err := Write(&b, "rss", es, opts); err != nil {
		t.Fatal(err)
	}
	var f struct {
		XMLName xml.Name `xml:"rss"`
		Version string   `xml:"version,attr"`
		Channel struct {
			Title          string `xml:"title"`
			Link           string `xml:"link"`
			Description    string `xml:"description"`
			ManagingEditor string `xml:"managingEditor"`
			Items          []struct {
				Title       string `xml:"title"`
				Description string `xml:"description"`
				PubDate     string `xml:"pubDate"`
				GUID        struct {
					IsPermaLink string `xml:"isPermaLink,attr"`
					ID          string `xml:",chardata"`
				} `xml:"guid"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	dec := xml.NewDecoder(&b)
	dec.Strict = true
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("not well-formed RSS: %v", err)
	}
	c := f.Channel
	if f.Version != "2.0" || c.Title == "" || c.Link == "" || c.Description == "" || len(c.Items) != 3 {
		t.Fatalf("channel = %+v", f)
	}
	if c.ManagingEditor != "" {
		t.Errorf("managingEditor %q: RSS wants an e-mail address there, and there is none", c.ManagingEditor)
	}
	for _, it := range c.Items {
		if _, err := time.Parse(time.RFC1123Z, it.PubDate); err != nil || it.GUID.IsPermaLink != "false" || it.GUID.ID == "" {
			t.Errorf("item %q: pubDate %q, guid %+v", it.Title, it.PubDate, it.GUID)
		}
		if strings.Contains(it.Description, "<script>") {
			t.Errorf("description holds markup: %q", it.Description)
		}
	}
}

func TestJSONFeed(t *testing.T) {
	es, _ := Entries(sample(), opts)
	var b bytes.Buffer
	if err := Write(&b, "json", es, opts); err != nil {
		t.Fatal(err)
	}
	var f map[string]any
	dec := json.NewDecoder(&b)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		t.Fatal(err)
	}
	// JSON Feed 1.1: version and title are required; every item has an id and content.
	if f["version"] != "https://jsonfeed.org/version/1.1" || f["title"] != opts.Title {
		t.Errorf("version %v, title %v", f["version"], f["title"])
	}
	items, _ := f["items"].([]any)
	if len(items) != 3 {
		t.Fatalf("%d items", len(items))
	}
	for _, it := range items {
		m := it.(map[string]any)
		id, _ := m["id"].(string)
		text, _ := m["content_text"].(string)
		if id == "" || text == "" || m["content_html"] != nil {
			t.Errorf("item %v: want an id and content_text only", m)
		}
		if _, err := time.Parse(time.RFC3339, m["date_published"].(string)); err != nil {
			t.Errorf("item %s: date_published %v", id, m["date_published"])
		}
	}
	if text := items[2].(map[string]any)["content_text"].(string); !strings.Contains(text, "Evil ]]> <script>alert(1)</script> & Co next line") {
		t.Errorf("content_text (plain text, JSON-escaped only) = %q", text)
	}
}
