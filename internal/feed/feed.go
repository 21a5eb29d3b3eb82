// Package feed turns the change history of subprocessor pages into a feed customers can
// subscribe to: Atom 1.0, RSS 2.0 or JSON Feed 1.1, one entry per change, newest first.
//
// The output depends only on the history and the options: entry ids are tag URIs built from
// the site's host, the commit and the page, the feed's updated time is its newest entry's,
// so the same history gives a byte-identical file that can be committed or cached. Every text
// that comes from a page is escaped for the format (the XML and JSON encoders escape it as
// text; the HTML summary is escaped before it is put in), never markup.
package feed

import (
	"cmp"
	"fmt"
	"html"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gorilla/feeds"

	"github.com/subpolicy/subpolicy/internal/history"
	"github.com/subpolicy/subpolicy/internal/report"
)

// Options describe the feed.
type Options struct {
	// SiteURL is the page the feed is about (its link); its host names the entries' ids.
	SiteURL string
	// Title is the feed's title.
	Title string
	// NoticeDays is the notice period: the objection window of a change ends this many days
	// after it was published, unless the page states its own period in that version.
	NoticeDays int
}

// Entry is one change, as a customer reads it.
type Entry struct {
	ID        string
	Title     string
	Text      string    // plain text, one sentence per line
	Published time.Time // when the change was committed
	Path      string
}

// Entries are the feed's entries, newest first: one per readable change event.
func Entries(hs []*history.History, opts Options) ([]Entry, error) {
	u, err := url.Parse(opts.SiteURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("site url %q must be an http or https address, e.g. \"https://example.com/subprocessors\"", opts.SiteURL)
	}
	var es []Entry
	for _, h := range hs {
		for _, ev := range h.Events {
			if ev.Unreadable() {
				continue
			}
			t, err := time.Parse(time.RFC3339, ev.Date)
			if err != nil {
				return nil, fmt.Errorf("event %s: date %q: %w", report.ShortSHA(ev.Commit), ev.Date, err)
			}
			es = append(es, Entry{
				ID:        fmt.Sprintf("tag:%s,%s:%s@%s", u.Hostname(), t.Format(time.DateOnly), tagPath(h.Path), ev.Commit),
				Title:     title(ev),
				Text:      text(ev, t, opts),
				Published: t,
				Path:      h.Path,
			})
		}
	}
	// Newest first; a page's events are already in that order, which a tie (two commits in
	// one second) keeps; pages tie in the order of their paths.
	slices.SortStableFunc(es, func(a, b Entry) int {
		if c := b.Published.Compare(a.Published); c != 0 {
			return c
		}
		return cmp.Compare(a.Path, b.Path)
	})
	return es, nil
}

// tagPath is a page's path as the specific part of a tag URI (RFC 4151): its characters
// outside the URI's unreserved set and "/" percent-encoded.
func tagPath(p string) string {
	return strings.ReplaceAll(url.PathEscape(p), "%2F", "/")
}

// title is the event's summary, capitalised, as a line: "Added "OpenAI"".
func title(ev history.Event) string {
	s := oneLine(ev.Summary)
	if s == "" {
		return "Subprocessors changed"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// text says what changed in the words of a notice, with the Effective dates and the end of
// the objection window.
func text(ev history.Event, published time.Time, opts Options) string {
	c := ev.Changes
	var lines []string
	replaced, added, removed := history.Parts(*c)
	for _, r := range replaced {
		lines = append(lines, fmt.Sprintf("%s replaces %s%s.", r.Added.Name, r.Removed.Name, rowDetails(r.Added, published)))
	}
	for _, r := range added {
		lines = append(lines, fmt.Sprintf("New subprocessor: %s%s.", r.Name, rowDetails(r, published)))
	}
	for _, r := range removed {
		lines = append(lines, fmt.Sprintf("No longer a subprocessor: %s.", r.Name))
	}
	for _, m := range c.Modified {
		var fs []string
		for _, f := range m.Fields {
			field := strings.TrimPrefix(f.Field, "extra.")
			switch {
			case f.Before == "":
				fs = append(fs, fmt.Sprintf("%s now %q", field, f.After))
			case f.After == "":
				fs = append(fs, fmt.Sprintf("%s no longer given (was %q)", field, f.Before))
			default:
				fs = append(fs, fmt.Sprintf("%s changed from %q to %q", field, f.Before, f.After))
			}
		}
		line := fmt.Sprintf("%s: %s", m.Name, strings.Join(fs, "; "))
		if m.Effective != "" {
			line += effective(m.Effective, published)
		}
		lines = append(lines, line+".")
	}
	days := opts.NoticeDays
	if ev.NoticeDays > 0 {
		days = ev.NoticeDays
	}
	if days > 0 && len(added)+len(replaced) > 0 {
		lines = append(lines, fmt.Sprintf("You may object until %s (%d days' notice from %s).",
			published.AddDate(0, 0, days).Format(time.DateOnly), days, published.Format(time.DateOnly)))
	}
	for i := range lines {
		lines[i] = oneLine(lines[i])
	}
	return strings.Join(lines, "\n")
}

// rowDetails is ", for Hosting, in Ireland, effective 2026-12-02 (upcoming)".
func rowDetails(r report.ChangedRow, published time.Time) string {
	var s string
	if r.Purpose != "" {
		s += ", for " + r.Purpose
	}
	if r.Location != "" {
		s += ", in " + r.Location
	}
	if r.Effective != "" {
		s += effective(r.Effective, published)
	}
	return s
}

// effective is ", effective 2026-12-02", marked upcoming when the date is after the change was
// published: a change announced ahead, as notice requires. (Upcoming is relative to the
// entry, not to the day the feed is built, so that the same history gives the same feed.)
func effective(date string, published time.Time) string {
	s := ", effective " + date
	if t, err := time.Parse(time.DateOnly, date); err == nil && t.After(published) {
		s += " (upcoming)"
	}
	return s
}

// oneLine folds line breaks and other control characters into spaces.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f || r == '\u2028' || r == '\u2029' }), " ")
}

// build is the feed in gorilla/feeds' model.
func build(es []Entry, opts Options) *feeds.Feed {
	f := &feeds.Feed{
		Title:       opts.Title,
		Link:        &feeds.Link{Href: opts.SiteURL},
		Description: "Changes to the list of subprocessors published at " + opts.SiteURL,
	}
	if len(es) > 0 {
		f.Updated = es[0].Published
		f.Created = es[len(es)-1].Published
	} else {
		f.Updated = time.Unix(0, 0).UTC()
	}
	for _, e := range es {
		f.Add(&feeds.Item{
			Title:       e.Title,
			Link:        &feeds.Link{Href: opts.SiteURL},
			Id:          e.ID,
			IsPermaLink: "false",
			Created:     e.Published,
			Updated:     e.Published,
			// An HTML summary (Atom type="html", RSS description): the text escaped first.
			Description: htmlText(e.Text),
		})
	}
	return f
}

// htmlText is plain text as HTML: escaped, one paragraph per line.
func htmlText(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		b.WriteString("<p>" + html.EscapeString(line) + "</p>")
	}
	return b.String()
}

// Write writes the feed in format (atom, rss or json).
func Write(w io.Writer, format string, es []Entry, opts Options) error {
	f := build(es, opts)
	switch format {
	case "atom":
		// An Atom feed names an author when its entries do not (RFC 4287, 4.1.1).
		f.Author = &feeds.Author{Name: opts.Title}
		return f.WriteAtom(w)
	case "rss":
		return f.WriteRss(w)
	case "json":
		jf := (&feeds.JSON{Feed: f}).JSONFeed()
		// JSON Feed's summary is plain text, and content_text says it all without HTML.
		for i, item := range jf.Items {
			item.Summary = ""
			item.ContentText = es[i].Text
			item.ContentHTML = ""
			item.Author, item.Authors = nil, nil
		}
		s, err := jf.ToJSON()
		if err != nil {
			return err
		}
		_, err = io.WriteString(w, s+"\n")
		return err
	}
	return fmt.Errorf("unknown feed format %q: use atom, rss or json", format)
}
