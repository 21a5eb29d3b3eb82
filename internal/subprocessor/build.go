package subprocessor

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/subpolicy/subpolicy/internal/markdown"
)

// Parse parses a Markdown file into its policy input document. The document's Context is
// left for the caller to fill.
func Parse(path string, src []byte) (*Document, error) {
	return ParseWith(path, src, Options{})
}

// ParseWith is Parse with the user's options (column mapping, subprocessor pages).
func ParseWith(path string, src []byte, opts Options) (*Document, error) {
	page, err := markdown.Parse(src)
	if err != nil {
		return nil, err
	}
	return BuildWith(path, page, opts), nil
}

// Build makes the policy input document of a parsed page.
func Build(path string, page *markdown.Page) *Document {
	return BuildWith(path, page, Options{})
}

// BuildWith makes the policy input document of a parsed page with the user's options.
func BuildWith(path string, page *markdown.Page, opts Options) *Document {
	doc := &Document{
		Path:          path,
		FrontMatter:   page.FrontMatter,
		Changelog:     []ChangeEntry{},
		Tables:        []Table{},
		Subprocessors: []Row{},
		UnreadTables:  []UnreadTable{},
		StrayRows:     []StrayRow{},
	}
	if doc.FrontMatter == nil {
		doc.FrontMatter = map[string]any{}
	}
	doc.Title = pageTitle(page)
	doc.Page = readPage(path, doc.Title, doc.FrontMatter, page.Blocks, opts)
	readings := make([]reading, len(page.Tables))
	for i, t := range page.Tables {
		readings[i] = recognise(t, doc.Page, opts)
	}
	setApart(readings, page.Tables)
	for i, t := range page.Tables {
		addTable(doc, t, readings[i])
	}
	addStrayRows(doc, page)
	// Page facts (Updated line, notice, subscription, change log) belong to subprocessor
	// pages; a page without a subprocessor table yields an empty document, and an audit of a
	// large docs tree does not pay for scanning the text of every other page.
	if len(doc.Tables) > 0 || doc.Page.Subprocessors {
		scanBlocks(doc, page.Blocks)
	}
	return doc
}

func pageTitle(page *markdown.Page) string {
	if t, ok := page.FrontMatter["title"].(string); ok && strings.TrimSpace(t) != "" {
		return strings.TrimSpace(t)
	}
	for _, b := range page.Blocks {
		if b.Kind == markdown.Heading && b.Level == 1 {
			return b.Text
		}
	}
	return ""
}

var (
	// noticeDays finds a stated notice period: "at least 30 days' notice", "notify … 30 days
	// before", "thirty (30) days in advance".
	noticeDays = regexp.MustCompile(`(?i)\b(\d{1,3})\)?\s*(?:calendar\s+|business\s+|working\s+)?days?\b`)
	noticeWord = regexp.MustCompile(`(?i)\b(notice|notif(?:y|ied|ication)|inform|advance|prior|before)\b`)
	subscribe  = regexp.MustCompile(`(?i)\b(subscrib\w*|rss|atom feed|notify me|sign up for (?:updates|notifications)|watch (?:this|the) repo\w*|email updates|mailing list)\b`)
	changelogH = regexp.MustCompile(`(?i)\b(change\s*log|changelog|history|revision history|changes|updates|version history)\b`)
)

// scanBlocks finds the page-level facts: the Updated line, a notice period, a subscription
// offer and change-log entries (items under a "Change log"/"History" heading).
func scanBlocks(doc *Document, blocks []markdown.Block) {
	inLog, logLevel := false, 0
	for _, b := range blocks {
		if b.Kind == markdown.Heading {
			if inLog && b.Level <= logLevel {
				inLog = false
			}
			if !inLog && changelogH.MatchString(b.Text) {
				inLog, logLevel = true, b.Level
				continue
			}
		}
		if inLog && b.Kind != markdown.Heading {
			doc.Changelog = append(doc.Changelog, ChangeEntry{Date: leadingDate(b.Text), Text: b.Text, Line: b.Line})
			continue
		}
		if doc.Updated == nil {
			if dateText, ok := matchUpdated(b.Text); ok {
				doc.Updated = &Updated{Date: ParseDate(dateText), Text: b.Text, Line: b.Line}
				continue
			}
		}
		if doc.Notice == nil && noticeWord.MatchString(b.Text) {
			if m := noticeDays.FindStringSubmatch(b.Text); m != nil {
				days, _ := strconv.Atoi(m[1])
				doc.Notice = &Notice{Days: days, Text: b.Text, Line: b.Line}
			}
		}
		if doc.Subscription == nil && subscribe.MatchString(b.Text) {
			doc.Subscription = &Subscription{Text: b.Text, Line: b.Line}
		}
	}
}

func addTable(doc *Document, t markdown.Table, r reading) {
	if !r.taken {
		header := cellTexts(t.Header.Cells)
		if r.layout == "header_row" {
			header = r.header
		}
		doc.UnreadTables = append(doc.UnreadTables, UnreadTable{
			Line: t.Line, Column: t.Column, Heading: t.Heading, Format: t.Format,
			Header: header, Reason: r.reason, Columns: r.cols,
		})
		return
	}
	table := Table{
		Index:   len(doc.Tables),
		Line:    t.Line,
		Column:  t.Column,
		Heading: t.Heading,
		Kind:    tableKind(t.Heading),
		Format:  t.Format,
		Layout:  r.layout,
		Header:  r.header,
		Columns: r.columns,
		Reading: r.cols,
	}
	doc.Tables = append(doc.Tables, table)
	b := rowBuilder{table: table, roleOf: map[int]bool{}, countries: map[string]string{}}
	for _, i := range table.Columns {
		b.roleOf[i] = true
	}
	for _, row := range r.rows {
		if row, ok := b.build(row); ok {
			row.Index = len(doc.Subprocessors)
			doc.Subprocessors = append(doc.Subprocessors, row)
		}
	}
}

func tableKind(heading string) string {
	h := strings.ToLower(heading)
	if strings.Contains(h, "affiliate") && !strings.Contains(h, "third") && !strings.Contains(h, "sub") {
		return "affiliate"
	}
	return "third_party"
}

// rowBuilder builds the rows of one table, with what its rows share worked out once.
type rowBuilder struct {
	table  Table
	roleOf map[int]bool // the columns that have a role
	// countries caches Country: a long table names the same few places again and again.
	countries map[string]string
}

// country is Country(place), looked up once per table.
func (b *rowBuilder) country(place string) string {
	code, ok := b.countries[place]
	if !ok {
		code = Country(place)
		b.countries[place] = code
	}
	return code
}

// build turns a body row into a subprocessor entry. A row whose cells are all empty is
// skipped (separators some pages use); a row with an empty name is kept, so policies can say so.
func (b *rowBuilder) build(r markdown.Row) (Row, bool) {
	t := b.table
	cell := func(role string) markdown.Cell {
		i, ok := t.Columns[role]
		if !ok || i >= len(r.Cells) {
			return markdown.Cell{Line: r.Line, Column: 1}
		}
		return r.Cells[i]
	}
	empty := true
	for _, c := range r.Cells {
		if strings.TrimSpace(c.Text) != "" {
			empty = false
		}
	}
	if empty {
		return Row{}, false
	}

	row := Row{
		Table:               t.Index,
		Line:                r.Line,
		Name:                singleLine(cell(RoleName).Text),
		Purpose:             singleLine(cell(RolePurpose).Text),
		Data:                List(cell(RoleData).Text),
		Location:            singleLine(cell(RoleLocation).Text),
		Locations:           Locations(cell(RoleLocation).Text),
		Countries:           []string{},
		UnresolvedLocations: []string{},
		Category:            singleLine(cell(RoleCategory).Text),
		Transfer:            List(cell(RoleTransfer).Text),
		Links:               []Link{},
		Cells:               map[string]Cell{},
		Extra:               map[string]string{},
	}
	row.NameKey = NameKey(row.Name)
	if row.Category == "" {
		row.Category = t.Heading
	}
	if _, ok := t.Columns[RoleEffective]; ok {
		if d := ParseDate(singleLine(cell(RoleEffective).Text)); d != "" {
			row.Effective = &d
		}
	}
	for _, place := range row.Locations {
		if code := b.country(place); code != "" {
			if !slices.Contains(row.Countries, code) {
				row.Countries = append(row.Countries, code)
			}
		} else {
			row.UnresolvedLocations = append(row.UnresolvedLocations, place)
		}
	}
	for role := range t.Columns {
		c := cell(role)
		row.Cells[role] = Cell{Text: singleLine(c.Text), Line: c.Line, Column: c.Column}
	}
	for i, c := range r.Cells {
		if !b.roleOf[i] && i < len(t.Header) && t.Header[i] != "" {
			row.Extra[t.Header[i]] = singleLine(c.Text)
		}
	}
	// Links: the links column first, then any other cell's links, each URL once.
	order := []int{}
	if i, ok := t.Columns[RoleLinks]; ok && i < len(r.Cells) {
		order = append(order, i)
	}
	for i := range r.Cells {
		if len(order) == 0 || i != order[0] {
			order = append(order, i)
		}
	}
	// A link whose text is a URL other than its target ("<a href="https://x.com/">https://x.com</a>")
	// can come with a second link for that text: the target is the one link.
	var shown map[string]bool
	for _, c := range r.Cells {
		for _, l := range c.Links {
			if l.Text != l.URL && isURL(l.Text) {
				if shown == nil {
					shown = map[string]bool{}
				}
				shown[l.Text] = true
			}
		}
	}
	var seen map[string]bool // for a row of many links; a few are compared directly
	for _, i := range order {
		for _, l := range r.Cells[i].Links {
			if shown[l.URL] && l.Text == l.URL || strings.HasPrefix(strings.ToLower(l.URL), "mailto:") {
				continue // the text's own URL again; an e-mail address is a contact, not a link
			}
			if seen == nil && len(row.Links) >= 8 {
				seen = map[string]bool{}
				for _, s := range row.Links {
					seen[s.URL] = true
				}
			}
			dup := seen[l.URL]
			if seen == nil {
				dup = slices.ContainsFunc(row.Links, func(s Link) bool { return s.URL == l.URL })
			}
			if !dup {
				if seen != nil {
					seen[l.URL] = true
				}
				row.Links = append(row.Links, Link{Text: l.Text, URL: l.URL})
			}
		}
	}
	return row, true
}

// isURL says s is an absolute http(s) URL.
func isURL(s string) bool {
	return (strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")) && !strings.ContainsAny(s, " \t\n")
}
