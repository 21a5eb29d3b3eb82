package subprocessor

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	unorm "golang.org/x/text/unicode/norm"
)

// ParseDate parses a date as pages write it and returns it as ISO "YYYY-MM-DD", or "" when
// it is not a whole date: ISO ("2024-05-16", also with "/" or "."), day first with dots or
// dashes ("16.05.2024"), with slashes when the order is plain ("16/05/2024", "05/16/2024";
// not "05/06/2024"), or with a month name in English, German, French, Spanish, Italian,
// Dutch, Portuguese, Swedish, Danish or Norwegian ("May 16, 2024", "16 May 2024", "16. Mai
// 2024", "1er mai 2024", "16 de mayo de 2024"), with or without ordinals and weekday, and
// Korean and Japanese dates ("2024년 5월 16일", "2024年5月16日").
func ParseDate(s string) string {
	return parseDate(s, false)
}

// parseDate is ParseDate; with month, a month and a year ("January 2026", "Mai 2024") is
// read too, as the first day of the month: the earliest day it can mean, so that a date of
// the current month is never in the future.
func parseDate(s string, month bool) string {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), ".:;,()*_"))
	if s == "" || len(s) > 64 {
		return ""
	}
	if d, ok := numericDate(s); ok {
		return d
	}
	cjk := strings.ContainsAny(s, "년월일年月日")
	var nums []int      // the numbers, in order
	var numDigits []int // how many digits each has
	var months []int    // the month names, in order
	var order []byte    // 'n' for a number, 'm' for a month name
	for _, w := range dateWords(s) {
		if m, ok := monthNames[w]; ok {
			months = append(months, m)
			order = append(order, 'm')
			continue
		}
		if weekdayNames[w] || w == "de" || w == "del" || w == "of" || w == "the" {
			continue
		}
		n, digits, ok := dayNumber(w)
		if !ok {
			return ""
		}
		nums = append(nums, n)
		numDigits = append(numDigits, digits)
		order = append(order, 'n')
	}
	year := func(i int) bool { return numDigits[i] == 4 }
	day := func(i int) bool { return numDigits[i] <= 2 }
	switch string(order) {
	case "nmn", "mnn": // 16 May 2024, May 16, 2024
		if day(0) && year(1) {
			return dayISO(nums[1], months[0], nums[0])
		}
	case "nnn": // 2024년 5월 16일, 2024年5月16日
		if cjk && year(0) && day(1) && day(2) {
			return dayISO(nums[0], nums[1], nums[2])
		}
	case "mn": // January 2026
		if month && year(0) {
			return dayISO(nums[0], months[0], 1)
		}
	case "nn": // 2026년 1월
		if cjk && month && year(0) && day(1) {
			return dayISO(nums[0], nums[1], 1)
		}
	}
	return ""
}

// numericDate reads a date written as one run of digits and one kind of separator:
// "2024-05-16", "2024/05/16", "2024.05.16", "16.05.2024", "16-05-2024", and "16/05/2024" or
// "05/16/2024" when the day is over 12 (a slashed date whose order cannot be told is no date).
// ok says s was such a run, whether or not it is a valid date.
func numericDate(s string) (string, bool) {
	sep := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
		case c == '-' || c == '/' || c == '.':
			if sep != 0 && c != sep {
				return "", false
			}
			sep = c
		default:
			return "", false
		}
	}
	parts := strings.Split(s, string(sep))
	if sep == 0 || len(parts) != 3 {
		return "", false
	}
	n := make([]int, 3)
	for i, p := range parts {
		if p == "" || len(p) > 4 {
			return "", true
		}
		n[i], _ = strconv.Atoi(p)
	}
	switch {
	case len(parts[0]) == 4 && len(parts[1]) <= 2 && len(parts[2]) <= 2:
		return dayISO(n[0], n[1], n[2]), true
	case len(parts[2]) == 4 && len(parts[0]) <= 2 && len(parts[1]) <= 2:
		if sep != '/' {
			return dayISO(n[2], n[1], n[0]), true
		}
		switch {
		case n[0] > 12 || n[0] == n[1]:
			return dayISO(n[2], n[1], n[0]), true
		case n[1] > 12:
			return dayISO(n[2], n[0], n[1]), true
		}
	}
	return "", true
}

// dayISO is the date as ISO, or "" when there is no such day (or the year is not of four
// digits). Go's time package decides: a day it would carry over ("February 30") is none.
func dayISO(year, month, day int) string {
	if year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 {
		return ""
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day || t.Month() != time.Month(month) {
		return ""
	}
	return t.Format(time.DateOnly)
}

// dateWords splits a date into lower-case words without accents, commas and trailing dots;
// the signs of Korean and Japanese dates become spaces.
func dateWords(s string) []string {
	s = cjkDate.Replace(s)
	words := strings.FieldsFunc(fold(s), func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
	out := words[:0]
	for _, w := range words {
		if w = strings.Trim(w, ".:;()*_"); w != "" {
			out = append(out, w)
		}
	}
	return out
}

var cjkDate = strings.NewReplacer("년", " ", "월", " ", "일", " ", "年", " ", "月", " ", "日", " ")

// dayNumber reads a day or a year: "16", "16th", "1st", "1er", "1re", "1º", "2024".
func dayNumber(w string) (n, digits int, ok bool) {
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i == 0 || i > 4 || i == 3 {
		return 0, 0, false
	}
	switch w[i:] {
	case "":
	case "st", "nd", "rd", "th", "er", "re", "º", "°":
		if i > 2 {
			return 0, 0, false
		}
	default:
		return 0, 0, false
	}
	n, _ = strconv.Atoi(w[:i])
	return n, i, true
}

// fold lower-cases s and takes the accents off its letters ("Dernière" is "derniere").
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	for _, r := range unorm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return unorm.NFC.String(b.String())
}

// monthNames are the month names and their common abbreviations in the lexicon's languages
// with Latin script, folded. Where languages share a spelling they share the month.
var monthNames = func() map[string]int {
	names := [12]string{
		// English, German, French, Spanish, Italian, Dutch, Portuguese, Swedish (and Danish and
		// Norwegian), with abbreviations.
		"january jan januar janner janvier janv enero ene gennaio gen januari janeiro",
		"february feb februar fevrier fevr fev febrero febbraio februari fevereiro",
		"march mar marz maerz mars marts marzo mrt maart marco",
		"april apr avril avr abril aprile",
		"may mai mayo maggio mag mei maio maj",
		"june jun juni juin junio giugno giu junho",
		"july jul juli juillet juil julio luglio lug julho",
		"august aug aout agosto ago augustus augusti",
		"september sep sept septembre septiembre setiembre settembre set setembro",
		"october oct oktober okt octobre octubre ottobre ott outubro out",
		"november nov novembre noviembre novembro",
		"december dec dezember dez decembre diciembre dic dicembre dezembro desember",
	}
	m := map[string]int{}
	for i, line := range names {
		for _, w := range strings.Fields(line) {
			m[w] = i + 1
		}
	}
	return m
}()

// weekdayNames are the names of the days of the week in the same languages, folded: a date
// may open with one ("Thursday, May 16, 2024").
var weekdayNames = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`monday tuesday wednesday thursday friday saturday sunday
		mon tue tues wed thu thur thurs fri sat sun
		montag dienstag mittwoch donnerstag freitag samstag sonntag
		lundi mardi mercredi jeudi vendredi samedi dimanche
		lunes martes miercoles jueves viernes sabado domingo
		lunedi martedi mercoledi giovedi venerdi sabato domenica
		maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
		segunda-feira terca-feira quarta-feira quinta-feira sexta-feira
		mandag tisdag tirsdag onsdag torsdag fredag lordag sondag`) {
		m[w] = true
	}
	return m
}()

// leadingDate finds a date at the start of a change-log entry ("2026-11-28 — Added …",
// "November 28, 2026: Added …") and returns it as ISO, or "".
func leadingDate(text string) string {
	d, _ := leadingDateWords(strings.Fields(text), false)
	return d
}

// startsWithDate says text opens with a date, or with a month and year ("May 2024: Added …").
func startsWithDate(text string) bool {
	d, _ := leadingDateWords(strings.Fields(text), true)
	return d != ""
}

// leadingDateWords reads the longest date (of at most seven words) that words open with, and
// returns it as ISO with the number of words it takes; month allows a month and a year.
func leadingDateWords(words []string, month bool) (string, int) {
	for n := min(7, len(words)); n >= 1; n-- {
		candidate := strings.TrimRight(strings.Join(words[:n], " "), ":—–-")
		if d := parseDate(candidate, month); d != "" {
			return d, n
		}
	}
	return "", 0
}
