package subprocessor

import (
	"slices"
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

// Locations splits a location cell into places: lines, ";", ",", "/", " and ", " & ".
func Locations(text string) []string {
	out := []string{}
	for _, l := range lines(text) {
		fields := strings.FieldsFunc(l, func(r rune) bool { return r == ';' || r == ',' || r == '/' })
		for _, f := range fields {
			for _, p := range splitWords(f, " and ", " & ") {
				if p = strings.TrimSpace(p); p != "" {
					out = append(out, p)
				}
			}
		}
	}
	return out
}

func splitWords(s string, seps ...string) []string {
	if !slices.ContainsFunc(seps, func(sep string) bool { return strings.Contains(s, sep) }) {
		return []string{s}
	}
	parts := []string{s}
	for _, sep := range seps {
		var next []string
		for _, p := range parts {
			next = append(next, strings.Split(p, sep)...)
		}
		parts = next
	}
	return parts
}

// countryAliases covers spellings the ISO library does not know.
var countryAliases = map[string]string{
	"america": "US", "the us": "US", "the usa": "US", "the united states": "US",
	"united states of america (usa)": "US", "the netherlands": "NL", "the uk": "GB",
	"great britain": "GB", "britain": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
	"republic of korea": "KR", "korea, republic of": "KR", "uae": "AE", "the philippines": "PH",
	"russian federation": "RU", "viet nam": "VN", "czechia": "CZ",
}

// Country resolves a place to an ISO 3166-1 alpha-2 code, or "" when it is not a country
// ("EU", "Global", "AWS us-east-1"). A parenthetical note is ignored: "Ireland (Dublin)" is IE.
func Country(place string) string {
	p := strings.TrimSpace(place)
	if i := strings.IndexByte(p, '('); i > 0 {
		p = strings.TrimSpace(p[:i])
	}
	p = strings.TrimRight(p, ".*† ")
	if p == "" || utf8.RuneCountInString(p) > 60 {
		return ""
	}
	if code, ok := countryAliases[strings.ToLower(p)]; ok {
		return code
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
