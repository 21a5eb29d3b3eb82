package subprocessor

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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
		Prose:         []ProseBlock{},
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
		dates := scanBlocks(doc, page.Blocks)
		dates.frontMatter(doc.FrontMatter)
		dates.changeLog(doc.Changelog, page.Tables, readings)
		doc.Updated = dates.updated()
		doc.Prose = prose(page.Blocks)
	}
	return doc
}

// prose is the page's paragraphs and list items, within MaxProseBlocks and MaxProseBytes.
func prose(blocks []markdown.Block) []ProseBlock {
	out := []ProseBlock{}
	size := 0
	for _, b := range blocks {
		if b.Kind == markdown.Heading || b.Text == "" {
			continue
		}
		if len(out) == MaxProseBlocks || size+len(b.Text) > MaxProseBytes {
			break
		}
		size += len(b.Text)
		out = append(out, ProseBlock{Text: b.Text, Line: b.Line})
	}
	return out
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
	// noticeDays finds a stated notice period in days or weeks, in the lexicon's languages:
	// "at least 30 days' notice", "30 Tage im Voraus", "minstens 30 dagen", "4 weeks"; "notify … 30 days
	// before", "thirty (30) days in advance".
	noticeDays = regexp.MustCompile(`(?i)(?:^|[^\p{L}\d])(\d{1,3})\)?\s*(?:calendar\s+|business\s+|working\s+|kalender)?(days?|weeks?|(?:werk|kalender)?tage?n?|wochen?|jours?|semaines?|días|dias|semanas?|giorni|settimane|(?:werk)?dagen|weken|dage|dagar|veckor|uger|dní|dni|týdn[ůy]|tygodni|日|일)(?:[^\p{L}]|$)`)
	noticeWord = regexp.MustCompile(`(?i)(notice|notif(?:y|ied|ication)|inform|advance|prior|before|im voraus|vorher|vorab|benachrichtig|mitteil|à l'avance|avant|préavis|préalable|antelación|antecedencia|antecedência|anticipación|aviso|preavviso|anticipo|prima|van tevoren|vooraf|aankondig|op de hoogte|i förväg|innan|förhand|meddela|på forhånd|varsel|forud|předem|oznám|wcześniej|uprzedz|powiadom|事前|予告|사전|통지)`)
	// subscribe finds an offer to hear of changes to the list: "subscribe to updates",
	// "Subscribe via RSS", "sign up to be notified", "To receive notifications of changes,
	// please …", "If you would like to be notified, fill in this form", a notify form ("notify
	// me", "notification form"), a mailing list to join, an RSS, Atom or JSON feed (also a bare
	// feed URL), or watching the repository. Not the noun "subscribers" (a company's customers),
	// subscribing to a service or an agreement ("when You subscribe to the Service"), or a
	// notice the company sends ("Customers will be notified").
	subscribe = regexp.MustCompile(`(?i)` +
		// subscribe to updates, for updates, via RSS, by email, here
		`\bsubscrib(?:e|ing)(?:\s+(?:to|for))?\s+(?:(?:be|get|stay)\s+(?:notified|informed|updated)\b|receive\b|(?:e-?mail\s+)?(?:updates?|changes|notifications?|alerts?|notices?|news)\b|(?:this|our|the)\s+(?:page|list|(?:e-?mail\s+|mailing\s+)?(?:updates?|notifications?|alerts?)|mailing\s+list|newsletter|rss|atom|feed|change\s*log|sub-?processor)|(?:rss|atom|json)\b|(?:an?\s+|the\s+|our\s+)?feed\b|via\b|by\s+e-?mail\b|here\b|below\b|now\b|using\b|with\s+your\b|on\s+this\s+page\b)` +
		`|^\W*subscribe\W*$|\bsubscribe\s*[:»→]|\bto\s+subscribe\s*[,:.]|\bclick\s+here\s+to\s+subscribe\b` +
		// sign up to be notified, register for updates
		`|\b(?:sign[- ]?up|register|opt[- ]?in|enrol?l)\b[^.]{0,40}?\b(?:to\s+(?:be|get|stay)\s+(?:notified|informed|updated)|to\s+receive\b|for\s+(?:e-?mail\s+)?(?:updates|notifications|alerts|notices|changes|news)\b)` +
		// To be notified …, please fill in / contact; If you would like to receive notifications
		`|(?:^\W*|[.;:!?]\s+|\bif\s+you\s+(?:would\s+like|wish|want)\s+|\b(?:would\s+like|wish|want)\s+)to\s+(?:(?:be|get|stay)\s+(?:notified|informed|updated)\b[^.]{0,120}?\b(?:sign[- ]?up|subscribe|register|form|fill|click|follow|enter|submit|contact|e-?mail|write|send|let\s+us\s+know)|receive\s+(?:e-?mail\s+)?(?:notifications?|updates|alerts|notices)\b)` +
		`|(?:^\W*|[.!?:]\s+)get\s+notified\b` +
		// a notify form, a mailing list, a feed, a repository to watch
		`|\bnotify\s+me\b|\bnotif(?:y|ication)s?\s+(?:form|sign[- ]?up|list)\b|\bsubscription\s+(?:form|link|page|feed)\b|\b(?:notification|update|change)\s+subscriptions?\b` +
		`|\b(?:join|subscribe\s+to|sign\s+up\s+for)\s+(?:our|the|this)\s+(?:[\w-]+\s+)?(?:mailing|distribution|e-?mail)\s+list\b|\bour\s+(?:[\w-]+\s+)?mailing\s+list\b|\be-?mail\s+(?:updates|alerts)\b` +
		`|\b(?:rss|atom|json)\s+feed\b|\brss\b|https?://\S+?(?:\.(?:rss|atom|xml)|/feed\.json|/(?:feed|rss|atom))/?(?:[?#]\S*)?(?:\s|$)` +
		`|\bwatch(?:ing)?\s+(?:this|the)\s+(?:github\s+)?repo\w*`)
	changelogH = regexp.MustCompile(`(?i)\b(change\s*log|changelog|history|revision history|changes|updates|version history)\b`)
)

// scanBlocks finds the page-level facts: the dates the page gives (see dateReader), a notice
// period, a subscription offer and change-log entries. Under a change-log heading ("Change
// log", "History", "Changes", "Updates"), a block is an entry when it opens with a date, when
// it stands under a dated heading ("### 2026-11-02"), or when it is a list item under a heading
// that names a change log in so many words; other prose there ("We will notify you …") is
// read like any other text.
func scanBlocks(doc *Document, blocks []markdown.Block) *dateReader {
	dates := &dateReader{}
	inLog, logLevel, logNamed := false, 0, false
	logDate, logDated := "", false // the dated heading within the change log, if any
	for _, b := range blocks {
		if b.Kind == markdown.Heading {
			if inLog && b.Level <= logLevel {
				inLog = false
			}
			if !inLog && changelogH.MatchString(b.Text) {
				inLog, logLevel, logNamed = true, b.Level, changeLogHeading(b.Text)
				logDate, logDated = "", false
				dates.skip()
				continue
			}
			if inLog {
				logDate, logDated = leadingDate(b.Text), startsWithDate(b.Text)
				if logDated {
					dates.skip()
					continue
				}
			}
		}
		if inLog && b.Kind != markdown.Heading {
			if startsWithDate(b.Text) || logDated || logNamed && b.Kind == markdown.ListItem {
				date := leadingDate(b.Text)
				if date == "" && !startsWithDate(b.Text) {
					date = logDate
				}
				doc.Changelog = append(doc.Changelog, ChangeEntry{Date: date, Text: b.Text, Line: b.Line})
				dates.skip()
				continue
			}
		}
		dates.block(b)
		if doc.Notice == nil && noticeOfSubprocessors(b.Text) {
			if m := noticeDays.FindStringSubmatch(b.Text); m != nil {
				days, _ := strconv.Atoi(m[1])
				if unit := strings.ToLower(m[2]); strings.HasPrefix(unit, "week") || strings.HasPrefix(unit, "woche") ||
					strings.HasPrefix(unit, "semaine") || strings.HasPrefix(unit, "semana") || strings.HasPrefix(unit, "settiman") ||
					strings.HasPrefix(unit, "weken") || strings.HasPrefix(unit, "veckor") || strings.HasPrefix(unit, "uger") ||
					strings.HasPrefix(unit, "týdn") || strings.HasPrefix(unit, "tygodni") {
					days *= 7
				}
				doc.Notice = &Notice{Days: days, Text: b.Text, Line: b.Line}
			}
		}
		if doc.Subscription == nil && offersSubscription(b) {
			doc.Subscription = &Subscription{Text: b.Text, Line: b.Line}
		}
	}
	return dates
}

func addTable(doc *Document, t markdown.Table, r reading) {
	if !r.taken {
		header := cellTexts(t.Header.Cells)
		if r.layout == "header_row" {
			header = r.header
		}
		doc.UnreadTables = append(doc.UnreadTables, UnreadTable{
			Line: t.Line, Column: t.Column, Heading: t.Heading, Format: t.Format,
			Header: header, Kind: r.kind, Reason: r.reason, Columns: r.cols,
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
	if !placeholderPlace.MatchString(row.Location) { // "A confirmar", "n.v.t.": SP010's, no place
		compound := false
		for _, place := range row.Locations {
			code := b.country(place)
			if head, _, ok := strings.Cut(place, "-"); code == "" && ok && !strings.Contains(head, " ") && b.country(head) != "" {
				compound = true // "VS-bedrijf", "US-selskap": a note about a US company, no spelling of a place
				continue
			}
			if code != "" {
				if !slices.Contains(row.Countries, code) {
					row.Countries = append(row.Countries, code)
				}
			} else {
				row.UnresolvedLocations = append(row.UnresolvedLocations, place)
			}
		}
		row.UnresolvedLocations = withoutCommentary(row.UnresolvedLocations, len(row.Countries) > 0 || compound)
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
			if shown[l.URL] && l.Text == l.URL || strings.HasPrefix(strings.ToLower(l.URL), "mailto:") || l.URL == "http://"+l.Text {
				// The text's own URL again; an e-mail address is a contact; a host name written
				// without a scheme ("www.acme.com", which GFM links) names a site, not a page.
				continue
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

var (
	// advanceWords say a period comes before a change; objectionWords that it is the time to
	// object after one ("Einspruch innerhalb von 14 Tagen"), which is no notice period.
	advanceWords   = regexp.MustCompile(`(?i)(advance|prior|notice|before|im voraus|vorab|vorher|à l'avance|préavis|avant|antelación|antecedencia|antecedência|preavviso|van tevoren|vooraf|i förväg|på forhånd|forud|předem|wcześniej|事前|사전)`)
	objectionWords = regexp.MustCompile(`(?i)(object|einspruch|widersprech|widerspruch|opposition|s'opposer|oposición|oponerse|opposizione|opporsi|bezwaar|invänd|indsigelse|námitk|sprzeciw|異議|이의)`)
)

// noticeOfSubprocessors says a block states the notice given before a subprocessor is added:
// it speaks of notice and of subprocessors (an audit announced "4 weeks in advance" is no
// such notice), and of a time before the change rather than a time to object after it.
func noticeOfSubprocessors(text string) bool {
	if !noticeWord.MatchString(text) || !subprocessorWords.MatchString(text) && !pageWords.MatchString(text) {
		return false
	}
	return !objectionWords.MatchString(text) || advanceWords.MatchString(text)
}

// placeholderPlace is a location cell that says the place is not known yet or does not apply,
// in the lexicon's languages: a placeholder (SP010), not a place to resolve.
var placeholderPlace = regexp.MustCompile(`(?i)^\s*(?:a confirmar|por confirmar|à confirmer|a confirmer|zu bestätigen|noch offen|te bevestigen|verifiëren|to be confirmed|to be verified|tbc|tbd|n\.v\.t\.?|n/a|k\.\s?a\.|nicht zutreffend|non applicable|no aplica|não se aplica)(?:[^\p{L}]|$)`)

// withoutCommentary drops the parts of a location cell that are prose around its places
// ("metadata en logs in de VS", "per il trattamento rilevante nel SEE …") when the cell names
// a country or region: they are notes, not misspelt places. A short capitalised part stays, so
// "Germany, Unitied States" still reads as a typo.
func withoutCommentary(unresolved []string, named bool) []string {
	for _, u := range unresolved {
		if named {
			break
		}
		if regionOf(u) != "" || cityOf(u) != "" {
			named = true
		}
		for _, w := range strings.FieldsFunc(u, func(r rune) bool { return !unicode.IsLetter(r) }) {
			// A code in capitals inside the prose: "logs in de VS", "Traitement UE via API".
			if len(w) >= 2 && strings.ToUpper(w) == w && (Country(w) != "" || regionOf(w) != "") {
				named = true
				break
			}
		}
	}
	if !named {
		return unresolved
	}
	kept := unresolved[:0]
	for _, u := range unresolved {
		first, _ := utf8.DecodeRuneInString(u)
		if regionOf(u) != "" || cityOf(u) != "" || len(strings.Fields(u)) <= 3 && !unicode.IsLower(first) {
			kept = append(kept, u)
		}
	}
	return kept
}
