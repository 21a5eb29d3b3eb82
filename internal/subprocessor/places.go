package subprocessor

import (
	"slices"
	"strings"
	"sync"
	"unicode"
)

// regionWords are names of regions CLDR does not have, in the lexicon's languages: the
// European Economic Area and "worldwide"-style words.
var regionWords = []string{
	"eea", "european economic area", "ewr", "europäischer wirtschaftsraum", "eee",
	"espace économique européen", "espacio económico europeo", "see", "spazio economico europeo",
	"espaço económico europeu", "espaço econômico europeu", "eer", "europese economische ruimte",
	"ees", "europeiska ekonomiska samarbetsområdet", "ehp", "evropský hospodářský prostor", "eog",
	"europejski obszar gospodarczy", "eu eea", "eu/eea", "eea eu", "eøs", "euroopan talousalue",
	"ue", // the European Union in French, Spanish, Italian, Portuguese and Polish
	"global", "globally", "worldwide", "world wide", "weltweit", "mondial", "monde entier",
	"mundial", "global edge", "in tutto il mondo", "wereldwijd", "världen", "globalt", "celosvětově",
	"globalnie", "na całym świecie", "전 세계", "全世界", "グローバル", "globale", "글로벌", "전세계",
	"multiple", "various",
	"apac", "emea", "americas", "north america", "latin america", "asia pacific", "asia-pacific",
	"middle east", "nordics", "scandinavia",
}

// placeIndex maps a folded place name to an ISO 3166-1 alpha-2 code, or to "" for a region
// that is no country (the EU, "worldwide").
type placeIndex map[string]string

// places finds a folded place name: in cldrPlaces (generated from CLDR by buildPlaces, see
// TestCLDRPlacesCurrent), a sorted table that costs nothing to load, then in the hand-kept
// aliases and region words.
func places(name string) (string, bool) {
	if i, ok := slices.BinarySearchFunc(cldrPlaces, name, func(p [2]string, n string) int { return strings.Compare(p[0], n) }); ok {
		return cldrPlaces[i][1], true
	}
	code, ok := extraPlaces()[name]
	return code, ok
}

var extraPlaces = sync.OnceValue(func() placeIndex {
	idx := placeIndex{}
	for _, w := range regionWords {
		idx.addRegion(w)
	}
	for name, code := range countryAliases {
		idx.add(name, code)
	}
	return idx
})

func (idx placeIndex) add(name, code string) {
	k := foldPlace(name)
	if k == "" {
		return
	}
	if _, ok := idx[k]; !ok {
		idx[k] = code
	}
}

func (idx placeIndex) addRegion(name string) {
	if k := foldPlace(name); k != "" {
		idx[k] = ""
	}
}

// foldPlace folds a place name for lookup: lower case, punctuation as spaces, single spaces.
func foldPlace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else if r != '.' && r != '\'' && r != '’' {
			space = true
		}
	}
	return b.String()
}

// lookupPlace resolves a place as written ("Niederlande", "미국", "EU", "USA*") to a country
// code, or reports it as a region that is no country (code ""), or as unknown (ok false). A
// parenthetical note and footnote marks are ignored.
func lookupPlace(place string) (code string, ok bool) {
	r := placeLookups.get(place)
	return r.code, r.ok
}

// placeLookups remembers places looked up: a page names the same few places again and again,
// and its names and purposes are asked about too (isPlaceCell).
var placeLookups = newMemo(maxCachedPlaces, 80, func(place string) placeResult {
	code, ok := resolvePlace(place)
	return placeResult{code, ok}
})

type placeResult struct {
	code string
	ok   bool
}

const maxCachedPlaces = 8192

// resolvePlace is lookupPlace without the cache.
func resolvePlace(place string) (code string, ok bool) {
	p := strings.TrimSpace(place)
	if i := strings.IndexAny(p, "(（"); i > 0 {
		p = strings.TrimSpace(p[:i])
	}
	p = strings.TrimRight(p, ".*†‡¹²³ ")
	p = strings.TrimLeft(p, "*† ")
	if p == "" || len(p) > 80 {
		return "", false
	}
	if code, ok = places(foldPlace(p)); ok {
		return code, true
	}
	if len(p) > 40 {
		return "", false // no country name is this long: a sentence or an address
	}
	if c := Country(p); c != "" {
		return c, true
	}
	return "", false
}
