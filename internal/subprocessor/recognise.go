package subprocessor

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/subpolicy/subpolicy/internal/markdown"
)

// Options tell the recogniser what the user knows about their pages.
type Options struct {
	// Columns maps a role (name, purpose, data, location, links, transfer, effective,
	// category) to header texts that have it, matched case- and whitespace-insensitively.
	// A mapped column always gets its role, and a table with a mapped name column is a
	// subprocessor table.
	Columns map[string][]string
	// Pages are path patterns (doublestar-free: path.Match against the path and its base
	// name) of pages that are subprocessor pages whatever their title.
	Pages []string
}

// ColumnRoles are the roles a column can be given, in the order ties are broken.
var ColumnRoles = []string{RoleName, RolePurpose, RoleLocation, RoleData, RoleLinks, RoleTransfer, RoleEffective, RoleCategory}

// ColumnReading is how the recogniser read one column: its role ("" for none), the score of
// that role and the evidence, so that `subpolicy parse` can show why.
type ColumnReading struct {
	Index    int      `json:"index"`
	Header   string   `json:"header"`
	Role     string   `json:"role"`
	Score    float64  `json:"score"`
	Evidence []string `json:"evidence"`
}

// UnreadTable is a table on the page that was not taken as a subprocessor table, and why.
type UnreadTable struct {
	Line    int      `json:"line"`
	Column  int      `json:"column"`
	Heading string   `json:"heading"`
	Format  string   `json:"format"`
	Header  []string `json:"header"`
	// Kind says what the table is instead, as one word: cookies, change_history,
	// data_subjects, roles, keyed_by_data, not_current, one_vendor, document_index, set_apart,
	// or, for a table that is no subprocessor table for want of columns, no_name, name_only,
	// generic.
	Kind    string          `json:"kind"`
	Reason  string          `json:"reason"`
	Columns []ColumnReading `json:"columns"`
}

// PageReading says whether the page is a subprocessor page, and what says so.
type PageReading struct {
	Subprocessors bool     `json:"subprocessors"`
	Evidence      []string `json:"evidence"`
}

// reading is the recogniser's verdict on one table.
type reading struct {
	taken   bool
	kind    string // why not taken, as a word (UnreadTable.Kind)
	reason  string
	layout  string // rows, header_row (the header is the first body row), transposed
	header  []string
	columns map[string]int
	cols    []ColumnReading
	rows    []markdown.Row
	meaning []headerMeaning // of each header, read once
}

// candidate is one way of reading a column: a role and its score.
type candidate struct {
	col   int
	role  string
	score float64
}

// sampleRows bounds the rows whose cells are weighed: content scoring costs the same on a
// table of 20 rows and one of 20,000.
const sampleRows = 64

var (
	// pageWords are what the path, title, front matter or top heading of a subprocessor page
	// says, in the lexicon's languages. Only these make a page a subprocessor page, which
	// fails closed (SP022) when no table of it is read: no broader word may.
	pageWords = regexp.MustCompile(`(?i)(sub[-\s_]?processor|subprocesador|sub[-\s]?encargad|unterauftrags?verarbeit|unterauftragnehmer|weitere auftragsverarbeiter|sous[-\s]?traitan|sub[-\s]?responsa|suboperador|subprocessador|sub[-\s]?verwerker|underbiträd|underdatabehandler|podprzetwarzaj|podprocesor|subzpracovatel|poddodavatel|alihankkij|수탁자|위탁업체|수탁업체|委託先|再委託|サブプロセッサ|third[-\s]party (service providers|processors|sub-?processors))`)
	// subprocessorWords are pageWords and the broader words that, in a heading above a table,
	// say it lists vendors that process data.
	subprocessorWords = regexp.MustCompile(`(?i)(sub[-\s_]?processor|sub[-\s_]?processing|subprocesador|sub[-\s]?encargad|unterauftrags?verarbeit|unterauftragnehmer|weitere auftragsverarbeiter|auftragsverarbeiter|sous[-\s]?traitan|sub[-\s]?responsa|suboperador|subprocessador|subcontratante|sub[-\s]?verwerker|underbiträd|underdatabehandler|podprzetwarzaj|podprocesor|subzpracovatel|poddodavatel|alihankkij|수탁|위탁|委託先|再委託|サブプロセッサ|third[-\s]party (service providers|processors|vendors)|data processors|service providers|vendor list|list of vendors|\bprocessors\b)`)
	// exclusionWords in the heading above a table say its vendors are not current.
	exclusionWords = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(planned|proposed|upcoming|future|former|formerly|removed|previous|past|retired|discontinued|deprecated|no longer|not used|under evaluation|inactive|not active|not yet active|inaktiv\p{L}*|nicht aktiv|non attiv\p{L}*|non ancora attiv\p{L}*|inactif\p{L}*|inactiv\p{L}*|inativ\p{L}*|niet actief|inaktiv|geplant\p{L}*|ehemalig\p{L}*|entfernt\p{L}*|künftig\p{L}*|prévu\p{L}*|planifié\p{L}*|envisagé\p{L}*|ancien\p{L}*|retiré\p{L}*|previst\p{L}*|planificad\p{L}*|anterior\p{L}*|eliminad\p{L}*|precedent\p{L}*|rimoss\p{L}*|planejad\p{L}*|antig\p{L}*|removid\p{L}*|gepland\p{L}*|voormalig\p{L}*|verwijderd\p{L}*|planerad\p{L}*|tidigare|borttagn\p{L}*|plánovan\p{L}*|dřívější|odstraněn\p{L}*|planowan\p{L}*|był\p{L}*|usunięt\p{L}*|予定|旧|예정|이전\s*업체)(?:[^\p{L}]|$)`)
)

// readPage decides whether the page is a subprocessor page from its path, its title (front
// matter or level-1 heading) or the user's list of pages.
func readPage(p string, title string, fm map[string]any, blocks []markdown.Block, opts Options) PageReading {
	var r PageReading
	for _, pat := range opts.Pages {
		whole, _ := path.Match(pat, p)
		base, _ := path.Match(pat, path.Base(p))
		if whole || base {
			r.Evidence = append(r.Evidence, fmt.Sprintf("configuration: pages %q", pat))
		}
	}
	if pageWords.MatchString(strings.TrimSuffix(path.Base(p), path.Ext(p))) {
		r.Evidence = append(r.Evidence, fmt.Sprintf("path %q", p))
	}
	if title != "" && pageWords.MatchString(title) {
		r.Evidence = append(r.Evidence, fmt.Sprintf("title %q", clipText(title)))
	}
	// What names the page: front matter that titles it, and its top headings. A description
	// or a section heading deeper in the page only mentions subprocessors.
	for _, k := range []string{"title", "sidebar_label", "nav_title", "linkTitle", "slug", "permalink"} {
		if v, ok := fm[k].(string); ok && pageWords.MatchString(v) && v != title {
			r.Evidence = append(r.Evidence, fmt.Sprintf("front matter %s %q", k, clipText(v)))
			break
		}
	}
	for _, b := range blocks {
		if b.Kind == markdown.Heading && b.Level == 1 && pageWords.MatchString(b.Text) && b.Text != title {
			r.Evidence = append(r.Evidence, fmt.Sprintf("heading %q at line %d", clipText(b.Text), b.Line))
			break
		}
	}
	r.Subprocessors = len(r.Evidence) > 0
	if r.Evidence == nil {
		r.Evidence = []string{}
	}
	return r
}

func clipText(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return s
}

// recognise reads one table.
func recognise(t markdown.Table, page PageReading, opts Options) reading {
	header := cellTexts(t.Header.Cells)
	rows := t.Rows
	layout := "rows"
	if nonEmpty(header) <= min(1, len(header)-2) && len(rows) > 1 {
		// An empty header row, or one holding only a title: the real column names are the
		// first body row's.
		h := cellTexts(rows[0].Cells)
		if countHeaderWords(h) >= 2 || mapped(h, opts) {
			header, rows, layout = h, rows[1:], "header_row"
		}
	}
	if r, ok := transposed(t, header, rows, opts); ok {
		return r
	}
	r := readColumns(header, rows, opts)
	r.layout = layout
	r.rows = rows
	r.decide(t, page)
	return r
}

func cellTexts(cells []markdown.Cell) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = singleLine(c.Text)
	}
	return out
}

// nonEmpty counts the cells that hold text.
func nonEmpty(ss []string) int {
	n := 0
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			n++
		}
	}
	return n
}

// countHeaderWords counts the cells that read as a column role.
func countHeaderWords(cells []string) int {
	n := 0
	for _, c := range cells {
		if m := headerMeaningOf(c); isColumnRole(m.role) && m.weight >= 2 {
			n++
		}
	}
	return n
}

func isColumnRole(role string) bool { return slices.Contains(ColumnRoles, role) }

// mappedRole returns the role the user's mapping gives a header, or "".
func mappedRole(header string, opts Options) string {
	h := foldHeader(header)
	if h == "" {
		return ""
	}
	for _, role := range ColumnRoles {
		for _, want := range opts.Columns[role] {
			if foldHeader(want) == h {
				return role
			}
		}
	}
	return ""
}

func mapped(header []string, opts Options) bool {
	for _, h := range header {
		if mappedRole(h, opts) != "" {
			return true
		}
	}
	return false
}

// foldHeader folds a header for the user's mapping: case and runs of white space.
func foldHeader(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// readColumns scores every role for every column and gives each role its best column.
func readColumns(header []string, rows []markdown.Row, opts Options) reading {
	r := reading{header: header, columns: map[string]int{}, cols: make([]ColumnReading, len(header)), meaning: make([]headerMeaning, len(header))}
	var cands []candidate
	sample := rows[:min(len(rows), sampleRows)]
	for i, h := range header {
		cr := ColumnReading{Index: i, Header: h, Evidence: []string{}}
		if role := mappedRole(h, opts); role != "" {
			cands = append(cands, candidate{i, role, 100})
			cr.Evidence = append(cr.Evidence, fmt.Sprintf("configuration maps %q to %s", h, role))
			r.cols[i] = cr
			continue
		}
		scores := map[string]float64{}
		m := headerMeaningOf(h)
		r.meaning[i] = m
		if m.role != "" {
			cr.Evidence = append(cr.Evidence, fmt.Sprintf("header word %q: %s", m.phrase, m.role))
			if isColumnRole(m.role) {
				scores[m.role] += m.weight
				if m.role == RoleLocation {
					// The place of processing over a seat or an address, but an address is
					// still a location where there is no other.
					scores[m.role] = max(scores[m.role]+locationPreference(h), 1)
				}
				if m.role == RolePurpose && m.weight <= 1 {
					scores[RoleCategory] += 1 // "Type", "Category": a kind of service, or the category
				}
			} else {
				for _, role := range ColumnRoles {
					scores[role] -= m.weight // "retention", "data subjects": no role at all
				}
			}
		}
		c := weighCells(sample, i)
		for role, s := range c.scores {
			scores[role] += s
		}
		cr.Evidence = append(cr.Evidence, c.evidence...)
		if i == 0 && m.role == "" && strings.TrimSpace(h) == "" {
			scores[RoleName] += 1 // an unnamed first column usually names the vendor
		}
		for role, s := range scores {
			if s >= 1 && isColumnRole(role) {
				cands = append(cands, candidate{i, role, s})
			}
		}
		r.cols[i] = cr
	}
	used := r.assign(cands)
	if _, ok := r.columns[RoleName]; !ok {
		// No column names the vendor, but a "Service" or "Tool" column holds short, distinct
		// names while another column says what they do: the service is the vendor.
		if i, ok := r.serviceNames(rows, cands); ok {
			cands = append(cands, candidate{i, RoleName, 2.9})
			r.cols[i].Evidence = append(r.cols[i].Evidence, "no column names the vendor; this one holds short, distinct names and another says what they do")
			r.columns = map[string]int{}
			for j := range r.cols {
				r.cols[j].Role, r.cols[j].Score = "", 0
			}
			used = r.assign(cands)
		}
	}
	r.fallbackPurpose(rows, used)
	return r
}

// assign gives each role its best column, best scores first, each column one role.
func (r *reading) assign(cands []candidate) map[int]bool {
	sort.SliceStable(cands, func(a, b int) bool {
		if cands[a].score != cands[b].score {
			return cands[a].score > cands[b].score
		}
		if ra, rb := slices.Index(ColumnRoles, cands[a].role), slices.Index(ColumnRoles, cands[b].role); ra != rb {
			return ra < rb
		}
		return cands[a].col < cands[b].col
	})
	used := map[int]bool{}
	for _, c := range cands {
		if used[c.col] {
			continue
		}
		if _, taken := r.columns[c.role]; taken {
			continue
		}
		r.columns[c.role] = c.col
		used[c.col] = true
		r.cols[c.col].Role = c.role
		r.cols[c.col].Score = c.score
	}
	return used
}

// serviceWords are headers that name a service, which is the vendor where no column names one.
var serviceWords = map[string]bool{"service": true, "services": true, "tool": true, "tools": true, "product": true,
	"platform": true, "application": true, "app": true, "software": true, "system": true, "solution": true,
	"dienst": true, "tjänst": true, "tjeneste": true, "servicio": true, "serviço": true, "servizio": true, "služba": true, "usługa": true, "서비스": true, "サービス": true}

// serviceNames finds a column headed like a service whose cells look like names (short,
// distinct, not a kind of vendor such as "Payment provider"), beside another column that can
// be the purpose.
func (r *reading) serviceNames(rows []markdown.Row, cands []candidate) (int, bool) {
	sample := rows[:min(len(rows), sampleRows)]
	for i, h := range r.header {
		words := strings.Fields(normalizeHeader(h))
		if len(words) == 0 || len(words) > 3 || !serviceWords[words[len(words)-1]] {
			continue // "Service", "Cloud service", "Tool"
		}
		other := slices.ContainsFunc(cands, func(c candidate) bool { return c.col != i && c.role == RolePurpose && c.score >= 2 })
		if !other {
			continue
		}
		var n, short int
		distinct := map[string]bool{}
		for _, row := range sample {
			if i >= len(row.Cells) {
				continue
			}
			t := strings.TrimSpace(singleLine(row.Cells[i].Text))
			if t == "" {
				continue
			}
			n++
			distinct[strings.ToLower(t)] = true
			if w := strings.Fields(t); len(w) <= 4 && !kindOfVendor(strings.ToLower(w[len(w)-1])) {
				short++
			}
		}
		if n > 0 && short*10 >= n*8 && len(distinct)*10 >= n*8 {
			return i, true
		}
	}
	return 0, false
}

// fallbackScore is the score of a purpose read from no word of its header: too weak to make a
// table a subprocessor table without a page or heading that says it is one.
const fallbackScore = 0.5

// fallbackPurpose gives a table with a clear name column but no purpose column its first
// column of words whose header the lexicon does not know ("Department", "Trigger"): what a
// reader takes for what each vendor is there for.
func (r *reading) fallbackPurpose(rows []markdown.Row, used map[int]bool) {
	if _, ok := r.columns[RolePurpose]; ok {
		return
	}
	if i, ok := r.columns[RoleName]; !ok || r.cols[i].Score < 2 {
		return // only a table whose name column is clear: "| | Premium | Standard |" is none
	}
	sample := rows[:min(len(rows), sampleRows)]
	for i, h := range r.header {
		if used[i] || r.meaning[i].role != "" || strings.TrimSpace(h) == "" || strings.TrimSpace(h) == "#" {
			continue
		}
		var n, text int
		for _, row := range sample {
			if i >= len(row.Cells) {
				continue
			}
			n++
			t := strings.TrimSpace(row.Cells[i].Text)
			// Words, not identifiers, figures or versions ("gpt-4o", "99.9%").
			if t != "" && !markers[strings.ToLower(t)] && len(row.Cells[i].Links) == 0 && !isPlaceCell(t) && !strings.ContainsAny(t, "0123456789") {
				text++
			}
		}
		if n == 0 || text*2 < n {
			continue
		}
		r.columns[RolePurpose] = i
		used[i] = true
		r.cols[i].Role, r.cols[i].Score = RolePurpose, fallbackScore
		r.cols[i].Evidence = append(r.cols[i].Evidence, "the table has no purpose column; this is its first other column of text")
		return
	}
}

// locationPreference prefers the place of processing over a corporate seat when a table has
// both ("PROCESSING LOCATION" over "PROVIDER LOCATION"), as a reviewer reads the table.
func locationPreference(header string) float64 {
	h := " " + normalizeHeader(header) + " "
	for _, w := range []string{" processing ", " hosting ", " hosted ", " server", " storage ", " data ", " stored ", " verarbeitung", " hébergement ", " traitement ", " tratamiento ", " trattamento ", " 이전 ", " 処理 ", " 保管 "} {
		if strings.Contains(h, w) {
			return 1.5
		}
	}
	for _, w := range []string{" provider ", " corporate ", " company ", " entity ", " headquarters ", " registered ", " legal ", " incorporation ", " office ", " anschrift ", " adresse ", " address ", " domicil", " selskabsdomicil ", " sitz ", " siège ", " sede "} {
		if strings.Contains(h, w) {
			return -1.5
		}
	}
	return 0
}

// cellEvidence is what a column's cells say about its role.
type cellEvidence struct {
	scores   map[string]float64
	evidence []string
}

// markers are cells that only flag a row: a tick, a star, yes or no.
var markers = map[string]bool{
	"*": true, "x": true, "✓": true, "✔": true, "✅": true, "❌": true, "✗": true, "•": true,
	"yes": true, "no": true, "y": true, "n": true, "ja": true, "nein": true, "oui": true, "non": true,
	"sí": true, "si": true, "sim": true, "não": true, "nee": true, "nej": true, "tak": true, "nie": true,
	"ano": true, "ne": true, "-": true, "–": true, "—": true, "n/a": true, "na": true, "예": true,
	"아니오": true, "はい": true, "いいえ": true, "true": true, "false": true,
}

// dataTerms are words that mark a cell as listing categories of personal data.
var dataTerms = regexp.MustCompile(`(?i)(e-?mail|\bname|address|\bip\b|phone|telephone|contact|usage data|log|device|payment|billing|account|metadata|content|identifier|location data|cookie|profile|credentials|messages|transcripts|recordings|adresse|nom\b|téléphone|nombre|correo|dirección|telefon|anschrift|naam|adres|telefoon|namn|adress|jméno|adresa|imię|nazwisko|이메일|이름|연락처|전화|주소|氏名|メール|住所|電話)`)

// weighCells weighs the cells of column i over the sampled rows.
func weighCells(rows []markdown.Row, i int) cellEvidence {
	ev := cellEvidence{scores: map[string]float64{}}
	var n, placesN, urls, legal, marks, dates, dataN, long, relNames int
	distinct := map[string]bool{}
	for _, row := range rows {
		if i >= len(row.Cells) {
			continue
		}
		c := row.Cells[i]
		text := strings.TrimSpace(c.Text)
		if text == "" {
			continue
		}
		n++
		distinct[strings.ToLower(text)] = true
		if markers[strings.ToLower(strings.Trim(text, " .*"))] || strings.Trim(text, "*\\ ") == "" {
			marks++
			continue
		}
		if isPlaceCell(text) {
			placesN++
		}
		if len(c.Links) > 0 || strings.HasPrefix(text, "http://") || strings.HasPrefix(text, "https://") {
			urls++
			if len(c.Links) > 0 && !strings.Contains(c.Links[0].URL, "://") && !strings.HasPrefix(c.Links[0].URL, "mailto:") {
				relNames++
			}
		}
		if hasLegalForm(text) {
			legal++
		}
		if len(text) <= 40 && digits(text) >= 4 && ParseDate(text) != "" { // every date has a year
			dates++
		}
		if len(strings.Fields(text)) > 6 {
			long++
		}
		if strings.ContainsAny(text, ",;\n") && dataTerms.MatchString(text) {
			dataN++
		}
	}
	if n == 0 {
		return ev
	}
	frac := func(k int) float64 { return float64(k) / float64(n) }
	say := func(what string, k int) {
		ev.evidence = append(ev.evidence, fmt.Sprintf("%d of %d cells %s", k, n, what))
	}
	if f := frac(placesN); f >= 0.5 {
		ev.scores[RoleLocation] += 2.5 * f
		ev.scores[RoleName] -= 2 * f
		ev.scores[RolePurpose] -= f
		say("are countries or regions", placesN)
	}
	if f := frac(urls); f >= 0.5 {
		ev.scores[RoleLinks] += 1.5 * f
		say("hold links", urls)
		if frac(relNames) >= 0.5 {
			say("link to pages of this site", relNames)
		}
	}
	if f := frac(legal); f >= 0.3 {
		ev.scores[RoleName] += 1.5 * f
		say("end in a legal form", legal)
	}
	if f := frac(marks); f >= 0.5 {
		ev.scores[RoleData] -= 3
		ev.scores[RolePurpose] -= 2
		ev.scores[RoleLocation] -= 2
		ev.scores[RoleName] -= 2
		say("are only marks (yes/no, *, ✓)", marks)
	}
	if f := frac(dates); f >= 0.5 {
		ev.scores[RoleEffective] += 1.5 * f
		ev.scores[RoleName] -= 2
		say("are dates", dates)
	}
	if f := frac(dataN); f >= 0.4 {
		ev.scores[RoleData] += 1.5 * f
		say("list personal data", dataN)
	}
	if f := frac(long); f >= 0.5 {
		ev.scores[RoleName] -= 1
	}
	if n >= 4 && len(distinct)*2 <= n {
		// Few values repeated: a kind or status ("Underbiträde"), not what each vendor does.
		ev.scores[RolePurpose] -= 1
	}
	if n >= 3 && len(distinct) == 1 {
		ev.scores[RoleName] -= 1
		ev.scores[RolePurpose] -= 1
		say("hold one and the same value", n)
	}
	return ev
}

// isPlaceCell says a cell names only places: every part resolves to a country or region.
func isPlaceCell(text string) bool {
	parts := Locations(text)
	if len(parts) == 0 || len(parts) > 12 {
		return false
	}
	for _, p := range parts {
		if _, ok := lookupPlace(p); !ok {
			return false
		}
	}
	return true
}

// hasLegalForm says a name ends in a legal form ("Inc.", "GmbH", "B.V.") within its last
// three words.
func hasLegalForm(text string) bool {
	words := strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == ',' || r == '(' || r == ')' || r == '\n' })
	for _, w := range words[max(0, len(words)-3):] {
		w = strings.ToLower(strings.ReplaceAll(w, ".", ""))
		if legalSuffixes[w] && w != "co" && w != "company" && w != "as" && w != "se" && w != "sa" {
			return true
		}
	}
	return false
}

// decide says whether the table is a subprocessor table.
func (r *reading) decide(t markdown.Table, page PageReading) {
	has := func(role string) bool { _, ok := r.columns[role]; return ok }
	score := func(role string) float64 {
		if i, ok := r.columns[role]; ok {
			return r.cols[i].Score
		}
		return 0
	}
	nameMapped := has(RoleName) && score(RoleName) >= 100
	for i, c := range r.cols {
		m := r.meaning[i]
		switch {
		case nameMapped:
		case m.role == roleCookie:
			r.kind = "cookies"
			r.reason = fmt.Sprintf("a cookie table (column %q)", c.Header)
			return
		case m.role == roleSubjects && !has(RoleName):
			r.kind = "data_subjects"
			r.reason = fmt.Sprintf("a table of data subjects (column %q), not of vendors", c.Header)
			return
		case m.role == roleController:
			r.kind = "roles"
			r.reason = fmt.Sprintf("a table of who controls and who processes what (column %q), not a list of vendors", c.Header)
			return
		}
	}
	if !nameMapped && cookieWords.MatchString(t.Heading) {
		r.kind = "cookies"
		r.reason = fmt.Sprintf("a cookie table (under %q)", clipText(t.Heading))
		return
	}
	if !nameMapped && r.hasRoleWord(roleDate) && r.hasRoleWord(roleChange) {
		r.kind = "change_history"
		r.reason = "a change history (date and change columns)"
		return
	}
	if !has(RoleName) {
		r.kind = "no_name"
		r.reason = "no column names the vendor (a header such as \"Subprocessor\", \"Vendor\", \"Name\", or map one with columns.name)"
		return
	}
	if nameMapped {
		r.taken = true
		return
	}
	if i, ok := r.columns[RoleData]; ok && i == 0 && r.columns[RoleName] != 0 {
		r.kind = "keyed_by_data"
		r.reason = fmt.Sprintf("a table keyed by data (first column %q) that names where each goes, not a list of vendors", r.header[0])
		return
	}
	if !has(RolePurpose) && !has(RoleLocation) && !has(RoleData) {
		r.kind = "name_only"
		r.reason = "only a name column: no purpose, data or location column"
		return
	}
	if exclusionWords.MatchString(t.Heading) {
		r.kind = "not_current"
		r.reason = fmt.Sprintf("listed under %q: vendors that are not current", clipText(t.Heading))
		return
	}
	// One vendor on every row, and names that link to this site: a look at each name, no copy.
	var first string
	var nNames, relLinks int
	same := true
	for _, row := range r.rows {
		i := r.columns[RoleName]
		if i >= len(row.Cells) {
			continue
		}
		name := strings.TrimSpace(row.Cells[i].Text)
		if name == "" {
			continue
		}
		if nNames == 0 {
			first = name
		} else if same && !strings.EqualFold(name, first) {
			same = false
		}
		nNames++
		if ls := row.Cells[i].Links; len(ls) > 0 && !strings.Contains(ls[0].URL, "://") && !strings.HasPrefix(ls[0].URL, "mailto:") && !strings.HasPrefix(ls[0].URL, "#") {
			relLinks++
		}
	}
	if nNames >= 3 && same {
		r.kind = "one_vendor"
		r.reason = "every row names the same vendor: a table about one vendor, not a list of them"
		return
	}
	if nNames > 0 && relLinks*2 > nNames && !has(RoleLocation) && !has(RoleData) {
		r.kind = "document_index"
		r.reason = "the names link to pages of this site: an index of documents"
		return
	}
	// A plain "Name | Description" table is a subprocessor table only where the page or
	// the heading above it speaks of subprocessors, or its names are legal entities.
	strong := score(RoleLocation) >= 2 || score(RoleData) >= 2 ||
		score(RoleName) >= 3 && !plainName(r.header[r.columns[RoleName]]) && (!has(RolePurpose) || score(RolePurpose) > fallbackScore)
	context := page.Subprocessors || subprocessorWords.MatchString(t.Heading) || legalNames(r)
	if !strong && !context {
		r.kind = "generic"
		r.reason = "a generic name and description table, with no heading or title that speaks of subprocessors"
		return
	}
	r.taken = true
}

// plainName says a name header is a bare word that documentation tables use as well.
func plainName(h string) bool {
	switch normalizeHeader(h) {
	case "name", "names", "company", "entity", "tool", "platform", "provider", "partner", "naam", "nom", "nombre", "nome", "namn", "název", "nazwa", "service name", "サービス名", "サービス":
		return true
	}
	return false
}

func legalNames(r *reading) bool {
	i := r.columns[RoleName]
	var n, legal int
	for _, row := range r.rows[:min(len(r.rows), sampleRows)] {
		if i < len(row.Cells) && strings.TrimSpace(row.Cells[i].Text) != "" {
			n++
			if hasLegalForm(row.Cells[i].Text) {
				legal++
			}
		}
	}
	return n > 0 && legal*2 >= n
}

func (r *reading) hasRoleWord(role string) bool {
	return slices.ContainsFunc(r.meaning, func(m headerMeaning) bool { return m.role == role })
}

// transposed reads a table of fields and values: one vendor per value column, its fields
// named in the first column ("| Name | Stripe |", "| Purpose | Payments |"). The vendor is
// named by its name field, else by the heading above the table.
func transposed(t markdown.Table, header []string, rows []markdown.Row, opts Options) (reading, bool) {
	// A field and a value per row, or a few vendors side by side: a wide table (a RACI matrix)
	// is none.
	if len(header) < 2 || len(header) > 5 || len(rows) < 1 || len(rows) > 40 || countHeaderWords(header) >= 2 || mapped(header[1:], opts) {
		return reading{}, false // a header row of column names: a table of vendors by row
	}
	// The field rows: the header row too when its first cell is a field name.
	fields := rows
	if role := fieldRole(header[0], opts); role != "" {
		fields = append([]markdown.Row{t.Header}, rows...)
	}
	roles := map[string]int{}
	var labels []string
	known := 0
	for fi, row := range fields {
		label := ""
		if len(row.Cells) > 0 {
			label = singleLine(row.Cells[0].Text)
		}
		labels = append(labels, label)
		if role := fieldRole(label, opts); role != "" {
			known++
			if _, ok := roles[role]; !ok {
				roles[role] = fi
			}
		}
	}
	_, hasName := roles[RoleName]
	core := 0
	for _, role := range []string{RolePurpose, RoleLocation, RoleData} {
		if _, ok := roles[role]; ok {
			core++
		}
	}
	if known*3 < len(fields)*2 || core == 0 || (!hasName && core < 2) || (!hasName && t.Heading == "") {
		return reading{}, false
	}
	r := reading{taken: true, layout: "transposed", header: labels, columns: roles}
	for fi, l := range labels {
		cr := ColumnReading{Index: fi, Header: l, Evidence: []string{"a field of a transposed table"}}
		for role, i := range roles {
			if i == fi {
				cr.Role, cr.Score = role, 3
			}
		}
		r.cols = append(r.cols, cr)
	}
	// One row per value column.
	for j := 1; j < len(header); j++ {
		row := markdown.Row{Line: fields[0].Line}
		for _, f := range fields {
			if j < len(f.Cells) {
				row.Cells = append(row.Cells, f.Cells[j])
			} else {
				row.Cells = append(row.Cells, markdown.Cell{Line: f.Line, Column: 1})
			}
		}
		if hasName && isNone(row.Cells[roles[RoleName]].Text) {
			continue // "N/A — processed locally": no vendor
		}
		if !hasName {
			// The heading names the vendor: a name cell made of it, at the table.
			row.Cells = append(row.Cells, markdown.Cell{Text: t.Heading, Line: t.Line, Column: t.Column})
		} else {
			row.Line = row.Cells[roles[RoleName]].Line
		}
		r.rows = append(r.rows, row)
	}
	if !hasName {
		r.columns[RoleName] = len(labels)
		r.header = append(r.header, "")
		r.cols = append(r.cols, ColumnReading{Index: len(labels), Header: "", Role: RoleName, Score: 3,
			Evidence: []string{fmt.Sprintf("the heading %q above the table names the vendor", clipText(t.Heading))}})
	}
	return r, true
}

// fieldRole is the role a field label of a transposed table names, if it is a strong one.
func fieldRole(label string, opts Options) string {
	if role := mappedRole(label, opts); role != "" {
		return role
	}
	if len(strings.Fields(label)) > 6 {
		return ""
	}
	m := headerMeaningOf(label)
	if isColumnRole(m.role) && m.weight >= 2 {
		return m.role
	}
	return ""
}

// isNone says a name cell says there is no vendor: "N/A", "None", "—", "N/A — local".
func isNone(text string) bool {
	t := strings.ToLower(strings.TrimSpace(text))
	for _, p := range []string{"n/a", "none", "aucun", "ninguno", "nessuno", "nenhum", "keine", "geen", "ingen", "brak", "žádn"} {
		if t == p || strings.HasPrefix(t, p+" ") {
			return true
		}
	}
	return t == "-" || t == "—" || t == "–"
}

// setApart leaves tables a page sets apart from its subprocessors. Where some tables' headings
// say they list subprocessors, a table under a heading of its own that says so nowhere (nor its
// name column's header), with only a generic name column ("Provider", "Name") and a header row
// unlike theirs, is the page's other vendors ("service communications", "reference data
// sources"), kept apart on purpose. Tables split by category under one header row stay, and so
// does a table with no heading.
func setApart(rs []reading, tables []markdown.Table) {
	says := func(i int) bool {
		r := &rs[i]
		if subprocessorWords.MatchString(tables[i].Heading) || affiliateWords.MatchString(tables[i].Heading) {
			return true
		}
		n, ok := r.columns[RoleName]
		return ok && n < len(r.header) && subprocessorWords.MatchString(r.header[n])
	}
	// Only headings set tables apart: a page whose headings name its subprocessor tables, and
	// another table under a heading of its own that names something else.
	var saying [][]string
	for i := range rs {
		if rs[i].taken && subprocessorWords.MatchString(tables[i].Heading) {
			saying = append(saying, rs[i].header)
		}
	}
	if len(saying) == 0 {
		return
	}
	for i := range rs {
		r := &rs[i]
		if !r.taken || says(i) || r.layout == "transposed" || strings.TrimSpace(tables[i].Heading) == "" {
			continue
		}
		n := r.columns[RoleName]
		if n >= len(r.header) || !plainName(r.header[n]) || r.cols[n].Score >= 100 {
			continue
		}
		if slices.ContainsFunc(saying, func(h []string) bool { return slices.EqualFunc(h, r.header, strings.EqualFold) }) {
			continue
		}
		r.taken = false
		r.kind = "set_apart"
		r.reason = fmt.Sprintf("other tables on the page say they list subprocessors; this one, under %q with a %q column, does not", clipText(tables[i].Heading), r.header[n])
	}
}

// cookieWords in the heading above a table say it lists cookies, whatever its columns.
var cookieWords = regexp.MustCompile(`(?i)(cookie|tracker|tracking technolog|galleta|kakor|ciasteczk|쿠키|クッキー)`)

// affiliateWords in a heading say its table lists the company's own affiliates, which are
// subprocessors too.
var affiliateWords = regexp.MustCompile(`(?i)(affiliate|group compan|subsidiar|verbundene unternehmen|konzern|filiale|affiliée|empresas del grupo|società del gruppo|groepsmaatschappij|koncernbolag|koncern)`)

// digits counts the ASCII digits of s.
func digits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

// kindOfVendor says a cell's last word, written in lower case, makes it a kind of vendor
// rather than one: "Payment provider", "Email service".
func kindOfVendor(last string) bool {
	switch last {
	case "provider", "providers", "service", "services", "processor", "platform", "tool", "vendor", "solution", "system", "software", "partner", "app":
		return true
	}
	return false
}
