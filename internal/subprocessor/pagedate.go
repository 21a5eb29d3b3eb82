package subprocessor

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/subpolicy/subpolicy/internal/markdown"
)

// Where the page's date comes from (Updated.Source).
const (
	// SourceLine is a line of the page that dates it: "Updated May 16, 2024", "**DATE:
	// 16.05.2024**", "Stand: 1. März 2024", a sentence "… last updated on May 16, 2024", "as
	// of …", or a paragraph that is only a date (the body of an admonition titled "Last
	// updated").
	SourceLine = "line"
	// SourceEffective is a line that gives the date the page takes effect ("Effective date:
	// …", "Gültig ab …"): a date that may lie ahead, when changes are announced in advance.
	SourceEffective = "effective"
	// SourceFrontMatter is a date in the front matter (updated, lastmod, …, date).
	SourceFrontMatter = "front_matter"
	// SourceChangeLog is the latest date of the page's change log: a dated entry under a
	// change-log heading, or a row of a change-history table.
	SourceChangeLog = "change_log"
)

// labelKind is what a date label says of the date after it.
type labelKind uint8

const (
	// labelUpdated: the date the page was updated ("Updated", "Stand", "Dernière mise à
	// jour"). A line that opens with one and holds no readable date is the page's date line,
	// unreadable.
	labelUpdated labelKind = iota + 1
	// labelDated: a word that dates the page only when a date follows ("Date", "As of",
	// "Version du"): "Date: ____" on a signature line is no date line.
	labelDated
	// labelEffective: the date the page takes effect ("Effective date", "Gültig ab").
	labelEffective
)

// dateLabel is a label's kind and whether it may stand inside a sentence ("… was last updated
// on May 16, 2024"); the others count only at the start of a line or after a separator.
type dateLabel struct {
	kind     labelKind
	sentence bool
}

// dateLabels are the labels, folded (lower case, no accents), in the lexicon's languages.
var dateLabels = func() map[string]dateLabel {
	m := map[string]dateLabel{}
	add := func(kind labelKind, sentence bool, phrases string) {
		for p := range strings.SplitSeq(phrases, ",") {
			if p = strings.Join(strings.Fields(p), " "); p != "" {
				m[p] = dateLabel{kind, sentence}
			}
		}
	}
	add(labelUpdated, true, `updated, last updated, updated on, last updated on, last modified,
		last revised, last reviewed, date of last update, date of last revision, last updated and effective,
		zuletzt aktualisiert, aktualisiert am, letzte aktualisierung,
		derniere mise a jour, mise a jour, mis a jour, mis a jour le,
		ultima actualizacion, actualizado, actualizada, actualizado el, actualizada el,
		ultimo aggiornamento, aggiornato, aggiornata, aggiornato al, aggiornato il,
		laatst bijgewerkt, bijgewerkt, bijgewerkt op, laatste update,
		senast uppdaterad, uppdaterad,
		ultima atualizacao, atualizado, atualizada, atualizado em, atualizada em,
		sidst opdateret, senest opdateret, sist oppdatert, senest oppdatert, viimeksi paivitetty,
		naposledy aktualizovano, ostatnia aktualizacja`)
	add(labelUpdated, false, `modified, revised, reviewed, last update, latest update, updated and effective,
		stand, zuletzt geandert, letzte anderung, aktualisiert,
		date de mise a jour, date de derniere mise a jour,
		fecha de actualizacion, fecha de ultima actualizacion,
		data di aggiornamento, data ultimo aggiornamento, data dell'ultimo aggiornamento,
		laatst gewijzigd, laatste wijziging, senast andrad,
		data de atualizacao, data da ultima atualizacao, ultima modifica, ultima modificacao, ultima modificacion,
		opdateret, oppdatert, sist endret, paivitetty, aktualizovano, posledni aktualizace, zaktualizowano,
		최종 업데이트, 최종 수정일, 최종 수정, 최종 변경일, 업데이트, 最終更新日, 最終更新, 更新日`)
	add(labelDated, true, `as of, current as of, accurate as of, correct as of, valid as of, dated,
		version du, version vom, stand vom, versie van`)
	add(labelDated, false, `date, datum, fecha, data, dato, version, versie, published, publication date,
		date of publication, created, erstellt, 作成日, 작성일`)
	add(labelEffective, false, `effective, effective date, effective as of, effective from, effective on,
		gultig ab, gultig seit, inkrafttreten, en vigueur, en vigueur le, en vigueur depuis, date d'entree en vigueur,
		vigente desde, fecha de entrada en vigor, fecha efectiva, fecha de vigencia,
		in vigore dal, data di entrata in vigore, data di efficacia,
		geldig vanaf, geldig per, ingangsdatum, giltig fran, galler fran, ikrafttradande,
		data de vigencia, data de entrada em vigor, gyldig fra, ikrafttraedelse, 시행일, 施行日`)
	return m
}()

// maxDateLine is the length of a line, in characters, that may be a date line: an "Updated"
// line whose date cannot be read is no longer; a date read in a longer line is given as its
// label and date.
const maxDateLine = 120

// maxLabelWords is the length of the longest label, in words.
const maxLabelWords = 5

// dateConnectors may stand between a label and its date: "updated on", "Stand vom", "mis à
// jour le", "aggiornato al", "bijgewerkt op", "uppdaterad den".
var dateConnectors = map[string]bool{
	"on": true, "as": true, "of": true, "from": true, "since": true, "at": true, "is": true,
	"le": true, "du": true, "am": true, "vom": true, "zum": true, "op": true, "per": true, "den": true,
	"il": true, "al": true, "dal": true, "el": true, "em": true, "de": true, "del": true, "the": true,
}

// dateSeparators part a line into items ("Versie 2026-10 · geldig vanaf 1 oktober 2026"):
// after one, a label counts as at the start of a line.
var dateSeparators = map[string]bool{"·": true, "|": true, "•": true, "—": true, "–": true, ";": true, "/": true}

// dateCandidate is one date the page gives, and how strongly it dates the page.
type dateCandidate struct {
	rank    int // lower is stronger: see the rank constants
	updated Updated
}

// The ranks of the dates a page gives, strongest first. Within a rank, the first in the page
// wins.
const (
	rankUpdatedLine     = iota // a line that opens with an "updated" label
	rankEffectiveLine          // a line that opens with an "effective" label
	rankSentence               // a label inside a sentence, or a dated label ("As of …", "Date: …")
	rankFrontMatter            // an "updated" key of the front matter
	rankBareDate               // a paragraph that is only a date
	rankFrontMatterDate        // the front matter's date
	rankChangeLog              // the latest date of the change log
)

// dateReader collects the dates a page gives while its blocks are scanned, and picks the one
// that dates the page.
type dateReader struct {
	best *dateCandidate
	// label is a block that was a label alone ("Last updated", an admonition's title): a block
	// right after it that is only a date is that label's date.
	label      *dateLabel
	labelText  string
	changeDate string // the latest date of the change log
	changeText string
	changeLine int
}

// skip is a block that is not read for a date (a change-log entry): a label alone before it
// labels nothing.
func (r *dateReader) skip() { r.label = nil }

func (r *dateReader) offer(rank int, u Updated) {
	if r.best == nil || rank < r.best.rank {
		r.best = &dateCandidate{rank: rank, updated: u}
	}
}

// block reads the dates of one block outside a change log.
func (r *dateReader) block(b markdown.Block) {
	if r.best != nil && r.best.rank == rankUpdatedLine {
		r.label = nil
		return // nothing ranks higher
	}
	for line := range strings.SplitSeq(b.Text, "\n") {
		// A line (or block) after a label alone: "Last updated" above "May 16, 2024".
		if label := r.label; label != nil {
			r.label = nil
			if d := parseDate(stripMarkers(line), true); d != "" {
				rank, source := labelRank(*label)
				r.offer(rank, Updated{Date: d, Text: r.labelText + " " + line, Line: b.Line, Source: source})
				continue
			}
		}
		r.line(line, b.Line)
	}
	if len(b.Text) > 80 || r.label != nil {
		return
	}
	if d := parseDate(stripMarkers(b.Text), true); d != "" {
		r.offer(rankBareDate, Updated{Date: d, Text: b.Text, Line: b.Line, Source: SourceLine})
	}
}

// labelRank is the rank and source of a date after a label at the start of a line.
func labelRank(l dateLabel) (int, string) {
	switch l.kind {
	case labelUpdated:
		return rankUpdatedLine, SourceLine
	case labelEffective:
		return rankEffectiveLine, SourceEffective
	}
	return rankSentence, SourceLine
}

// line reads the dates of one line of a block. A label alone on it ("Last updated") labels
// the next line, or the next block.
func (r *dateReader) line(text string, lineNo int) {
	raw := strings.Fields(strings.ReplaceAll(text, "：", ": "))
	words := make([]string, len(raw))
	for i, w := range raw {
		words[i] = labelWord(w)
	}
	start := markerEnd(raw)
	for i := start; i < len(raw); i++ {
		l, n := matchLabel(words, i)
		if n == 0 {
			continue
		}
		atStart := i == start || dateSeparators[raw[i-1]]
		// The words between the label and its date: a colon or dash sets the label apart.
		rest, sep := raw[i+n:], endsWithColon(raw[i+n-1])
		for len(rest) > 0 {
			if w := strings.Trim(rest[0], "*_"); w == ":" || w == "-" || w == "–" || w == "—" {
				sep = true
			} else if !dateConnectors[labelWord(rest[0])] {
				break
			}
			sep = sep || endsWithColon(rest[0])
			rest = rest[1:]
		}
		// A label dates the line at its start, set apart by a colon anywhere ("Version: 1.0
		// Last reviewed: 2026-05-07"), or inside a sentence when it may stand there.
		if d, k := leadingDateWords(rest, true); d != "" && (atStart || sep || l.sentence) {
			rank, source := labelRank(l)
			if !atStart && !sep {
				rank = rankSentence
			}
			end := len(raw) - len(rest) + k
			if (rank == rankSentence || l.kind == labelDated) && announces(words[:i], raw[end-1:], l.kind == labelDated) {
				continue // "This list will be updated on …", "As of 1 March 2027, we will use …"
			}
			// The text is the line, as the Updated line always was (a placeholder beside the
			// date stays in it), or, in a long paragraph, the label and the date.
			dated := strings.Join(raw, " ")
			if utf8.RuneCountInString(dated) > maxDateLine {
				dated = strings.TrimRight(strings.Join(raw[i:end], " "), ".,;:—–- ")
			}
			r.offer(rank, Updated{Date: d, Text: dated, Line: lineNo, Source: source})
			return
		}
		if !atStart {
			continue
		}
		if len(rest) == 0 {
			r.label, r.labelText = &l, strings.Join(raw[i:], " ")
			return
		}
		// An "Updated" line whose date cannot be read is still the page's date line, when it
		// is one: a short line whose label is set apart ("Updated: sometime") or followed by
		// digits or a bracketed placeholder. A template ("{{ page.date }}") is filled in when
		// the site is built: the date is elsewhere (the front matter). A later label of the
		// line may still give a date.
		if l.kind != labelDated && utf8.RuneCountInString(text) <= maxDateLine && !strings.Contains(text, "{{") &&
			(sep || strings.HasPrefix(rest[0], "[") || strings.ContainsFunc(strings.Join(rest, " "), unicode.IsDigit)) {
			rank, source := labelRank(l)
			r.offer(rank, Updated{Date: "", Text: strings.Join(raw[i:], " "), Line: lineNo, Source: source})
		}
	}
}

// announces says a date inside a sentence is one to come rather than the page's: the label
// follows "be" ("will be updated on …", "to be reviewed on …"), or, after "as of" and the
// like (will), the sentence goes on with "will" or "shall" ("As of 1 March 2027, we will use
// …"). before are the folded words of the line before the label; after are the line's words
// from the date's last one on.
func announces(before, after []string, will bool) bool {
	if n := len(before); n > 0 && before[n-1] == "be" {
		return true
	}
	if !will {
		return false
	}
	for i, w := range after {
		if i > 0 {
			if f := labelWord(w); f == "will" || f == "shall" {
				return true
			}
		}
		if strings.HasSuffix(strings.TrimRight(w, "*_)\"'”"), ".") || strings.HasSuffix(w, "!") || strings.HasSuffix(w, "?") {
			return false // the sentence ends here
		}
	}
	return false
}

// endsWithColon says a word ends in a colon, emphasis aside ("Updated:", "**Stand:**").
func endsWithColon(w string) bool {
	return strings.HasSuffix(strings.TrimRight(w, "*_"), ":")
}

// matchLabel finds the longest label at words[i], and its length in words (0 for none).
func matchLabel(words []string, i int) (dateLabel, int) {
	for n := min(maxLabelWords, len(words)-i); n >= 1; n-- {
		if l, ok := dateLabels[strings.Join(words[i:i+n], " ")]; ok {
			return l, n
		}
	}
	return dateLabel{}, 0
}

// labelWord is a word as labels are written: folded, without emphasis, quotes, brackets and
// the colon that ends a label.
func labelWord(w string) string {
	return strings.Trim(fold(w), "*_\"'“”„«»()[]:.,;!?")
}

// markerEnd is the index of the first word after the markers a line may open with: an
// admonition's ("[!NOTE]", `!!! info`, "??? note", "{% hint style="info" %}") and words
// without letters or digits (emoji, bullets).
func markerEnd(raw []string) int {
	i := 0
	for i < len(raw) {
		w := raw[i]
		switch {
		case strings.HasPrefix(w, "[!") && strings.HasSuffix(w, "]"):
			i++
		case w == "!!!" || w == "???" || w == "???+":
			i += 2 // the marker and the admonition's type
		case w == "{%":
			for i < len(raw) && raw[i] != "%}" {
				i++
			}
			i++
		case !strings.ContainsFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }):
			i++
		default:
			return i
		}
	}
	return min(i, len(raw))
}

// stripMarkers is text without the admonition markers it opens with and Liquid tags ("{%
// endhint %}"), so that an admonition's body that is only a date reads as one.
func stripMarkers(text string) string {
	raw := strings.Fields(text)
	raw = raw[markerEnd(raw):]
	out := raw[:0:0]
	for i := 0; i < len(raw); i++ {
		if raw[i] == "{%" {
			for i < len(raw) && raw[i] != "%}" {
				i++
			}
			continue
		}
		out = append(out, raw[i])
	}
	return strings.Join(out, " ")
}

// frontMatterUpdatedKeys are the front matter keys that give the date a page was last
// updated, in the order they are taken; "date" (often the date a page was first published)
// is taken after a date in the text.
var frontMatterUpdatedKeys = []string{
	"last_updated", "lastUpdated", "last-updated", "updated", "updated_at", "updatedAt",
	"last_modified", "lastModified", "last_modified_date", "lastmod", "modified",
}

// frontMatter offers the front matter's dates.
func (r *dateReader) frontMatter(fm map[string]any) {
	// read offers the date of key, whose value is s (or fm[key] when s is "").
	read := func(rank int, key, s string) bool {
		if s == "" {
			var ok bool
			if s, ok = fm[key].(string); !ok {
				return false
			}
		}
		d := ""
		if len(s) >= 10 && (len(s) == 10 || s[10] == 'T' || s[10] == ' ') {
			d, _ = numericDate(s[:10]) // a YAML timestamp, or an ISO date in a string
		}
		if d == "" {
			d = parseDate(s, true)
		}
		if d == "" {
			return false // not a date: a build-time setting such as lastmod ":git"
		}
		r.offer(rank, Updated{Date: d, Text: key + ": " + s, Line: 1, Source: SourceFrontMatter})
		return true
	}
	for _, key := range frontMatterUpdatedKeys {
		if read(rankFrontMatter, key, "") {
			break
		}
	}
	// Hugo and Zola keep page settings under [params] and [extra].
	for _, section := range []string{"extra", "params"} {
		if sub, ok := fm[section].(map[string]any); ok {
			for _, key := range frontMatterUpdatedKeys {
				if s, ok := sub[key].(string); ok {
					if read(rankFrontMatter, section+"."+key, s) {
						break
					}
				}
			}
		}
	}
	read(rankFrontMatterDate, "date", "")
}

// changeLog offers the latest date of the page's change log: its dated entries and the rows
// of its change-history tables (tables not read as subprocessor tables for that reason, or
// under a heading that names a change log, such as "변경 이력").
func (r *dateReader) changeLog(entries []ChangeEntry, tables []markdown.Table, readings []reading) {
	latest := func(date, text string, line int) {
		if date != "" && date > r.changeDate {
			r.changeDate, r.changeText, r.changeLine = date, text, line
		}
	}
	for _, e := range entries {
		latest(e.Date, e.Text, e.Line)
	}
	for i, t := range tables {
		if readings[i].taken || readings[i].kind != "change_history" && !changeLogHeading(t.Heading) {
			continue
		}
		col := dateColumn(t)
		if col < 0 {
			continue
		}
		for _, row := range t.Rows {
			if col < len(row.Cells) {
				latest(cellDate(row.Cells[col].Text), strings.Join(cellTexts(row.Cells), " | "), row.Line)
			}
		}
	}
	if r.changeDate != "" {
		r.offer(rankChangeLog, Updated{Date: r.changeDate, Text: r.changeText, Line: r.changeLine, Source: SourceChangeLog})
	}
}

// cellDate is the date a change-history cell holds, or opens with ("2024-05-16 (v2)").
func cellDate(text string) string {
	if d := ParseDate(singleLine(text)); d != "" {
		return d
	}
	return leadingDate(singleLine(text))
}

// dateColumn is the column of a table whose cells hold the most dates, or -1 when none does.
func dateColumn(t markdown.Table) int {
	best, most := -1, 0
	for col := range t.Header.Cells {
		n := 0
		for _, row := range t.Rows[:min(len(t.Rows), sampleRows)] {
			if col < len(row.Cells) && cellDate(row.Cells[col].Text) != "" {
				n++
			}
		}
		if n > most {
			best, most = col, n
		}
	}
	return best
}

// updated is the date that dates the page, or nil when the page gives none.
func (r *dateReader) updated() *Updated {
	if r.best == nil {
		return nil
	}
	u := r.best.updated
	u.LastChange = r.changeDate
	return &u
}

// changeLogHeading says a heading names a change log in so many words ("Change log",
// "Revision history"), not only "Changes" or "Updates": its undated list items are entries.
func changeLogHeading(text string) bool {
	t := fold(text)
	return slices.ContainsFunc([]string{"change log", "changelog", "change history", "revision history",
		"version history", "history of changes", "anderungshistorie", "versionshistorie", "historique des modifications",
		"historial de cambios", "cronologia delle modifiche", "wijzigingsgeschiedenis", "versiehistorie", "andringshistorik",
		"historico de alteracoes", "변경 이력", "変更履歴"}, func(p string) bool { return strings.Contains(t, p) })
}
