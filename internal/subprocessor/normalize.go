package subprocessor

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/biter777/countries"
)

// Values are plain text already (the markdown stage strips markup); these functions turn a
// cell's text into the values policies compare.

// bulletPrefixes are list markers that pages put at the start of a line inside a cell.
var bulletPrefixes = []string{"* ", "- ", "+ ", "• ", "· ", "‣ ", "◦ ", "– ", "— "}

// stripBullet removes a leading list marker ("* ", "- ", "1. ", "a) ") from one line.
func stripBullet(line string) string {
	line = strings.TrimSpace(line)
	for _, p := range bulletPrefixes {
		if strings.HasPrefix(line, p) {
			return strings.TrimSpace(line[len(p):])
		}
	}
	if line == "*" || line == "-" || line == "•" {
		return ""
	}
	// "1. item", "2) item"
	i := 0
	for i < len(line) && i < 3 && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	if i > 0 && i+1 < len(line) && (line[i] == '.' || line[i] == ')') && line[i+1] == ' ' {
		return strings.TrimSpace(line[i+2:])
	}
	return line
}

// lines splits cell text on line breaks (the markdown stage turns <br> into "\n"), strips
// bullets and drops empty lines.
func lines(text string) []string {
	if !strings.Contains(text, "\n") {
		if l := stripBullet(text); l != "" {
			return []string{l}
		}
		return nil
	}
	var out []string
	for l := range strings.SplitSeq(text, "\n") {
		if l = stripBullet(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// singleLine joins a cell's lines with "; " for fields that hold one value (name, purpose),
// or with a space after a line that ends in a comma: "United Kingdom,<br>United States" is
// "United Kingdom, United States", not "United Kingdom,; United States".
func singleLine(text string) string {
	if !strings.Contains(text, "\n") {
		return stripBullet(text) // a page's cells are mostly one line: nothing to allocate
	}
	var b strings.Builder
	for i, l := range lines(text) {
		if i > 0 {
			if strings.HasSuffix(b.String(), ",") {
				b.WriteByte(' ')
			} else {
				b.WriteString("; ")
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

// List splits a list cell (data categories, transfer mechanisms) into items: one per line or
// bullet, and within a line on ";" always and on "," only where the line is clearly a list
// (at least three parts, or two, each of at most four words), so a sentence with a comma stays one item.
func List(text string) []string {
	out := []string{}
	for _, l := range lines(text) {
		for _, part := range strings.Split(l, ";") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			if items := splitCommaList(part); items != nil {
				out = append(out, items...)
			} else {
				out = append(out, part)
			}
		}
	}
	return out
}

// splitCommaList returns the comma-separated items of s when s is clearly a list, else nil.
func splitCommaList(s string) []string {
	if !strings.Contains(s, ",") {
		return nil
	}
	var items []string
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			return nil
		}
		if len(strings.Fields(p)) > 4 {
			return nil
		}
		items = append(items, p)
	}
	if len(items) < 2 {
		return nil
	}
	// "names, emails and phone numbers": the last item holds the final "and"/"or".
	last := items[len(items)-1]
	for _, conj := range []string{" and ", " or "} {
		if a, b, ok := strings.Cut(" "+last, conj); ok {
			items = items[:len(items)-1]
			if a = strings.TrimSpace(a); a != "" {
				items = append(items, a)
			}
			items = append(items, strings.TrimSpace(b))
			break
		}
	}
	return items
}

// Locations splits a location cell into places: lines, ";", ",", "/", "+", " and ", " & ",
// " or " and " and/or ". A separator inside parentheses or brackets does not split: "Ireland (Dublin, Cork)"
// and "EU (AWS eu-north-1, Stockholm)" are one place each, whose note Country ignores.
func Locations(text string) []string {
	out := []string{}
	for _, g := range locationGroups(text) {
		out = append(out, g...)
	}
	return out
}

// locationGroups is Locations with the places that only commas join kept together: an address
// such as "Gordon House, Barrow Street, Dublin 4, Ireland" is one group, "Germany / France"
// two. Lines, ";", "/", "+", " and ", " & ", " or " and " and/or " separate groups.
func locationGroups(text string) [][]string {
	var out [][]string
	for _, l := range lines(text) {
		for _, seg := range splitOutsideNotes(l, locationSeparators) {
			var g []string
			for _, p := range splitOutsideNotes(seg, []string{","}) {
				if p = strings.TrimSpace(p); p != "" {
					g = append(g, p)
				}
			}
			if len(g) > 0 {
				out = append(out, g)
			}
		}
	}
	return out
}

var locationSeparators = []string{";", " and/or ", "/", "+", " and ", " & ", " or "}

// splitOutsideNotes splits s on each of seps where it is not inside parentheses or brackets. A
// line whose brackets do not pair up is split everywhere, as if it had none.
func splitOutsideNotes(s string, seps []string) []string {
	if !strings.ContainsAny(s, ";,/+&o ") {
		return []string{s} // most places are one word or two
	}
	paired, depth := true, 0
	for _, r := range s {
		switch r {
		case '(', '[', '（':
			depth++
		case ')', ']', '）':
			if depth == 0 {
				paired = false
			}
			depth--
		}
	}
	if depth != 0 {
		paired = false
	}
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if paired {
			switch r {
			case '(', '[', '（':
				depth++
			case ')', ']', '）':
				depth--
			}
		}
		if depth == 0 && !(r == '/' && slashInWord(s, i)) {
			if sep := sepAt(s[i:], seps); sep != "" {
				parts = append(parts, s[start:i])
				i += len(sep)
				start = i
				continue
			}
		}
		i += size
	}
	return append(parts, s[start:])
}

// slashInWord says the slash at s[i] is part of an abbreviation, not a separator: "N/A",
// "w/ US subsidiary", "w/o".
func slashInWord(s string, i int) bool {
	isLetter := func(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }
	if i == 0 || !isLetter(s[i-1]) || i >= 2 && isLetter(s[i-2]) {
		return false // no single letter before it
	}
	if s[i-1] == 'w' || s[i-1] == 'W' {
		return true
	}
	return i+1 < len(s) && isLetter(s[i+1]) && (i+2 == len(s) || !isLetter(s[i+2]))
}

func sepAt(s string, seps []string) string {
	for _, sep := range seps {
		if strings.HasPrefix(s, sep) {
			return sep
		}
	}
	return ""
}

// countryAliases covers spellings the ISO library does not know.
var countryAliases = map[string]string{
	"america": "US", "the us": "US", "the usa": "US", "the united states": "US",
	"united states of america (usa)": "US", "the netherlands": "NL", "the uk": "GB",
	"great britain": "GB", "britain": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
	"republic of korea": "KR", "korea, republic of": "KR", "uae": "AE", "the philippines": "PH",
	"russian federation": "RU", "viet nam": "VN", "czechia": "CZ",
	// Abbreviations of the United States in the lexicon's languages: Spanish "EE. UU." (Estados
	// Unidos), Portuguese "EUA" (Estados Unidos da América). Dutch "VS" is in Country: as a
	// lower-case word it is "versus".
	"ee. uu": "US", "ee.uu": "US", "ee uu": "US", "eeuu": "US", "e.e.u.u": "US", "eua": "US", "e.u.a": "US",
}

// Country resolves a place to an ISO 3166-1 alpha-2 code, or "" when it is not a country
// ("EU", "Global", "AWS us-east-1"). Notes and footnote marks are ignored (see placeCore):
// "Ireland (Dublin)", "Ireland¹" and "Ireland — Dublin" are IE.
func Country(place string) string {
	p := placeCore(place)
	if p == "" || utf8.RuneCountInString(p) > 60 || strings.ContainsRune(p, '/') {
		return "" // no country's name has a slash: "N/A" is not Namibia
	}
	if code, ok := countryAliases[strings.ToLower(p)]; ok {
		return code
	}
	if p == "VS" {
		return "US" // Dutch "Verenigde Staten"
	}
	// Two-letter tokens must be upper case ISO codes or "U.S."-style abbreviations; "in", "eu"
	// and the like are words, not codes.
	if len(p) == 2 && (strings.ToUpper(p) != p || p == "EU") {
		return ""
	}
	c := countries.ByName(p)
	if !c.IsValid() {
		// A name in another language, from CLDR: "Niederlande", "미국", "Stany Zjednoczone".
		code, _ := places(foldPlace(p))
		return code
	}
	// The library also knows pseudo-codes ("XX" is "None"); only real alpha-2 codes count.
	if a2 := c.Alpha2(); len(a2) == 2 && a2[0] >= 'A' && a2[0] <= 'Z' && a2[1] >= 'A' && a2[1] <= 'Z' {
		return a2
	}
	return ""
}

// placeCore is the part of a place that names it: without a note in parentheses or after a
// spaced dash, an arrow or "w/" ("Ireland (Dublin)", "EU — eu-west-1", "EUA → transferência",
// "EU w/ US subsidiary"), a
// label of up to three words ("DC: Germany"), and footnote marks ("USA*", "Germany**",
// "France†", "Ireland¹", "Spain[2]", "Italy^3").
func placeCore(place string) string {
	p := strings.TrimSpace(place)
	if i := strings.IndexAny(p, "(（"); i > 0 {
		p = p[:i]
	}
	for _, sep := range []string{" — ", " – ", "→", " w/ "} {
		if i := strings.Index(p, sep); i > 0 {
			p = p[:i]
		}
	}
	p = strings.TrimSpace(p)
	// A label: "DC: Germany", "Coordination plane: USA".
	if i := strings.Index(p, ": "); i > 0 && len(strings.Fields(p[:i])) <= 3 {
		p = strings.TrimSpace(p[i+2:])
	}
	// A footnote reference: "Spain[2]", "Italy^3", "Italy^a".
	if i := strings.LastIndexAny(p, "[^"); i > 0 && len(p)-i <= 5 && !strings.ContainsAny(p[i+1:], " (") {
		p = p[:i]
	}
	p = strings.TrimRight(p, ".*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰ ")
	return strings.TrimLeft(p, "*†‡ ")
}

// legalSuffixes are legal-form words dropped from a name key, so "OpenAI, L.L.C." and "OpenAI"
// are the same entity.
var legalSuffixes = map[string]bool{
	"inc": true, "incorporated": true, "llc": true, "l l c": true, "ltd": true, "limited": true,
	"gmbh": true, "pbc": true, "sarl": true, "sàrl": true, "s a r l": true, "bv": true, "b v": true,
	"sa": true, "s a": true, "ag": true, "plc": true, "corp": true, "corporation": true, "co": true,
	"llp": true, "lp": true, "pty": true, "pte": true, "oy": true, "ab": true, "as": true, "aps": true,
	"nv": true, "n v": true, "srl": true, "spa": true, "sas": true, "kk": true, "kg": true, "se": true,
	"company": true, "ulc": true, "ltda": true,
}

// NameKey is the identity used for duplicates and diffs: the name case-folded, with
// parenthetical notes, footnote marks, punctuation and trailing legal forms removed.
func NameKey(name string) string {
	var b strings.Builder
	depth := 0
	for _, r := range strings.ToLower(name) {
		switch {
		case r == '(' || r == '[':
			depth++
			b.WriteByte(' ')
		case r == ')' || r == ']':
			if depth > 0 {
				depth--
			}
			b.WriteByte(' ')
		case depth > 0:
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case r == '.' || r == '\'' || r == '’':
			// "l.l.c." -> "llc", "o'reilly" -> "oreilly"
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	for len(words) > 1 && legalSuffixes[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	key := strings.Join(words, " ")
	if key == "" {
		// A name of only punctuation or only a legal form still needs an identity.
		return strings.Join(strings.Fields(strings.ToLower(name)), " ")
	}
	return key
}
