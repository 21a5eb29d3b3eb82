package subprocessor

import (
	"encoding/json"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/biter777/countries"
)

// What a row's unresolved locations are, when they are not countries: regions (the EU, the
// EEA, the world...) and places inside one country (a city, a state, a cloud region named
// after its country, a line of an address). The input carries them as the row's regions and
// cities (README, contract v1), so that policies need no place names of their own.

// The kinds of region a Region names.
const (
	RegionEU     = "eu"     // the European Union, or the euro area
	RegionEEA    = "eea"    // the European Economic Area ("EU/EEA" included)
	RegionEurope = "europe" // Europe, or a part of it ("Western Europe", "West Europe")
	RegionWorld  = "world"  // the whole world: "Global", "Worldwide", "weltweit"
	RegionOther  = "other"  // any other region: a continent, "APAC", "EMEA", "Nordics"
)

// Region is a location of a row that names a region, not a country.
type Region struct {
	Text   string `json:"text"`   // the location, as in unresolved_locations
	Region string `json:"region"` // RegionEU, RegionEEA, RegionEurope, RegionWorld or RegionOther
}

// City is a location of a row that names a place inside one country: a city or state
// ("Frankfurt", "Virginia"), a cloud region named by its country ("UK South"), a place whose
// note names its country ("eu-central-1 (Frankfurt)"), or a part of an address whose country
// ends it ("Gordon House, Barrow Street, Dublin 4, Ireland").
type City struct {
	Text    string `json:"text"`    // the location, as in unresolved_locations
	Country string `json:"country"` // ISO 3166-1 alpha-2
}

// MarshalJSON writes the row with its regions and cities, which are derived from its
// locations (see Places).
func (r Row) MarshalJSON() ([]byte, error) {
	type plain Row // without this method
	regions, cities := r.Places()
	return json.Marshal(struct {
		plain
		Regions []Region `json:"regions"`
		Cities  []City   `json:"cities"`
	}{plain(r), regions, cities})
}

// Places sorts the row's unresolved locations that are not countries into regions and places
// inside one country, each in the order of unresolved_locations. A location that is neither
// (a typo, a sentence, "Various") is in neither list. Both lists are empty, never nil.
func (r *Row) Places() (regions []Region, cities []City) {
	regions, cities = []Region{}, []City{}
	if len(r.UnresolvedLocations) == 0 {
		return regions, cities
	}
	var inAddress map[string]string
	for _, loc := range r.UnresolvedLocations {
		kind := regionOf(loc)
		code := ""
		if kind == "" {
			code = cityOf(loc)
		}
		if kind == "" && code == "" {
			kind = regionOf(placeNote(loc)) // "ENAM (Amérique du Nord)"
		}
		if kind == "" && code == "" {
			if inAddress == nil {
				inAddress = addressParts(r.Location)
			}
			code = inAddress[loc]
		}
		switch {
		case kind != "":
			regions = append(regions, Region{Text: loc, Region: kind})
		case code != "":
			cities = append(cities, City{Text: loc, Country: code})
		}
	}
	return regions, cities
}

// placeNote is the text of a place's note in parentheses, "" when it has none.
func placeNote(place string) string {
	i := strings.IndexAny(place, "(（")
	if i <= 0 {
		return ""
	}
	note := place[i:]
	_, size := utf8.DecodeRuneInString(note)
	note = note[size:]
	if j := strings.IndexAny(note, ")）"); j >= 0 {
		note = note[:j]
	}
	return strings.TrimSpace(note)
}

// regionOf says which region a place names (RegionEU...), or "" when it names none. The place
// is read as Country reads it (notes and footnote marks left out), and may add a word such as
// "region" or "edge", or a direction, to the region's name: "EU-Region", "Global edge network",
// "West Europe", "AWS EU".
func regionOf(place string) string {
	words := strings.Fields(foldPlace(placeCore(place)))
	if len(words) == 0 || len(words) > 8 {
		return ""
	}
	candidates := trimmed(words)
	if whole := strings.Fields(foldPlace(place)); len(whole) > len(words) && len(whole) <= 8 {
		// CLDR has some names with their note: "Severní Amerika (oblast)".
		candidates = append(trimmed(whole), candidates...)
	}
	for _, w := range candidates {
		if kind, ok := regionKinds()[strings.Join(w, " ")]; ok {
			return kind
		}
	}
	for _, w := range candidates {
		k := strings.Join(w, " ")
		if code, ok := places(k); ok {
			if code != "" || notRegions[k] {
				return "" // a country (which Country reads), or "Various"
			}
			return RegionOther
		}
	}
	return ""
}

// cityOf is the country of a place inside one country: a city or state it knows, a country
// with a direction or a word such as "region" ("UK South", "Germany West Central", "US
// region"), or a place whose note names a country or such a city ("eu-central-1 (Frankfurt)",
// "ca-central-1 (Canada)"). It is "" for anything else.
func cityOf(place string) string {
	if code := knownCity(placeCore(place)); code != "" {
		return code
	}
	for _, p := range strings.FieldsFunc(placeNote(place), func(r rune) bool { return r == ',' || r == '/' || r == ';' }) {
		if code := Country(p); code != "" {
			return code
		}
		if code := knownCity(placeCore(p)); code != "" {
			return code
		}
	}
	return ""
}

// knownCity is cityOf without the note.
func knownCity(core string) string {
	words := strings.Fields(foldPlace(core))
	if len(words) == 0 || len(words) > 8 {
		return ""
	}
	if code, ok := cityCountries()[strings.Join(words, " ")]; ok {
		return code
	}
	if _, ok := places(strings.Join(words, " ")); ok {
		return "" // a region ("North America" is not America's north) or a country
	}
	// "UK South", "US East", "Germany West Central": a country with the words stripped. The
	// country is read from the place as written, so that "US" stays a code and "us" a word.
	orig := strings.FieldsFunc(core, func(r rune) bool { return r == ' ' || r == '-' || r == '_' })
	if len(orig) < 2 {
		return ""
	}
	for _, w := range trimmed(orig)[1:] {
		if len(w) == 0 {
			continue
		}
		if code := Country(strings.Join(w, " ")); code != "" {
			return code
		}
		if code, ok := cityCountries()[foldPlace(strings.Join(w, " "))]; ok {
			return code
		}
	}
	return ""
}

// trimmed is words, then (when it has any) words without the qualifiers and directions at
// either end (see placeQualifiers).
func trimmed(words []string) [][]string {
	is := func(w string) bool { return placeQualifiers[foldPlace(w)] }
	from, to := 0, len(words)
	for from < to && is(words[from]) {
		from++
	}
	for to > from && is(words[to-1]) {
		to--
	}
	out := [][]string{words}
	if from > 0 || to < len(words) {
		out = append(out, words[from:to])
	}
	return out
}

// placeQualifiers are words a region or a country comes with in a location cell without
// changing where it is: directions ("West Europe", "UK South"), "region", "data centre",
// "edge network", the cloud's name. Folded, in the lexicon's languages where pages use them.
var placeQualifiers = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		north south east west central northeast northwest southeast southwest
		northern southern eastern western middle
		nord süd sud ost est ouest centre center zentral
		region regions regio regionen région régions región regiones regione regioni região regiões
		data center centers centre centres datacenter datacenters datacentre datacentres
		rechenzentrum rechenzentren
		edge network anycast cdn pop pops
		hosting hosted based only servers server cloud zone zones
		rete réseau red
		aws azure gcp
		the in within`) {
		m[w] = true
	}
	return m
}()

// notRegions are region words of the place index that name no region: a policy says "not a
// country" of them, but not "a region".
var notRegions = map[string]bool{"multiple": true, "various": true}

// regionKinds maps folded region names to their kind: the names of the European Union, the
// euro area, the world and Europe's regions in every language of placeLanguages (CLDR, kept
// whole by TestRegionKindsCoverCLDR), the European Economic Area's (which CLDR lacks), and
// the worldwide words of regionWords. A region of the place index that is not here is
// RegionOther.
var regionKinds = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	add := func(kind, names string) {
		for _, n := range strings.Split(names, "|") {
			if k := foldPlace(n); k != "" {
				m[k] = kind
			}
		}
	}
	add(RegionEU, "EU|UE|European Union|Europäische Union|Union européenne|Unión Europea|Unione Europea|"+
		"União Europeia|Europese Unie|Europeiska unionen|Evropská unie|Unia Europejska|유럽 연합|유럽연합|"+
		"欧州連合|Den Europæiske Union|Euroopan unioni|欧盟|Europeiske union|Den europeiske union|"+
		// The euro area lies inside the EU.
		"Eurozone|Euro area|zone euro|zona euro|Eurozona|zona do euro|eurozonen|eurozóna|strefa euro|"+
		"유로존|ユーロ圏|eurosonen|euroalue|欧元区")
	add(RegionEEA, "EEA|European Economic Area|EWR|Europäischer Wirtschaftsraum|EEE|"+
		"Espace économique européen|Espacio Económico Europeo|SEE|Spazio economico europeo|"+
		"Espaço Económico Europeu|Espaço Econômico Europeu|EER|Europese Economische Ruimte|EES|"+
		"Europeiska ekonomiska samarbetsområdet|EHP|Evropský hospodářský prostor|EOG|"+
		"Europejski Obszar Gospodarczy|EØS|Det Europæiske Økonomiske Samarbejdsområde|"+
		"Det europeiske økonomiske samarbeidsområdet|ETA-alue|Euroopan talousalue|유럽경제지역|欧州経済領域|"+
		"EU EEA|EEA EU|EU EWR|EU EØS|EU EEE|EU SEE|UE EEE|UE SEE|UE EEE|UE EOG|EU EER")
	add(RegionWorld, "World|Welt|Monde|Mundo|Mondo|wereld|världen|svět|świat|세계|世界|Verden|maailma|"+
		"global|globally|globale|globaal|globalt|globalnie|globální|worldwide|world wide|weltweit|mondial|"+
		"monde entier|mundial|mondiale|in tutto il mondo|wereldwijd|världen över|celosvětově|"+
		"na całym świecie|maailmanlaajuinen|전 세계|전세계|글로벌|全世界|グローバル|全球")
	add(RegionEurope, "Europe|Europa|Evropa|유럽|ヨーロッパ|Eurooppa|欧洲|"+
		"Eastern Europe|Osteuropa|Europe de l’Est|Europa oriental|Europa orientale|Oost-Europa|Östeuropa|"+
		"východní Evropa|Europa Wschodnia|동유럽|東ヨーロッパ|Østeuropa|Øst-Europa|Itä-Eurooppa|东欧|"+
		"Northern Europe|Nordeuropa|Europe septentrionale|Europa septentrional|Europa settentrionale|Europa Setentrional|"+
		"Noord-Europa|severní Evropa|Europa Północna|북유럽|北ヨーロッパ|Nord-Europa|Pohjois-Eurooppa|北欧|"+
		"Western Europe|Westeuropa|Europe occidentale|Europa occidental|Europa occidentale|Europa Ocidental|West-Europa|"+
		"Västeuropa|západní Evropa|Europa Zachodnia|서유럽|西ヨーロッパ|Vesteuropa|Vest-Europa|"+
		"Länsi-Eurooppa|西欧|Southern Europe|Südeuropa|Europe méridionale|Europa meridional|"+
		"Europa meridionale|Zuid-Europa|Sydeuropa|jižní Evropa|Europa Południowa|남유럽|南ヨーロッパ|"+
		"Sør-Europa|Etelä-Eurooppa|南欧")
	return m
})

// cityCountries maps folded names of places inside one country to the country: the world's
// capitals (ISO 3166 data of github.com/biter777/countries), then the cities and states that
// subprocessor pages and the large clouds' region names use, which win over a capital of the
// same name. A name that is a country or a region is left out: it resolves as one.
var cityCountries = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, c := range countries.AllCapitals() {
		if a2 := c.Country().Alpha2(); len(a2) == 2 {
			if k := foldPlace(c.String()); k != "" {
				m[k] = a2
			}
		}
	}
	for code, names := range dataCentreCities {
		for _, n := range strings.Split(names, "|") {
			if k := foldPlace(n); k != "" {
				m[k] = code
			}
		}
	}
	for k := range m {
		if _, ok := places(k); ok {
			delete(m, k)
		}
	}
	return m
})

// dataCentreCities are the cities and states, by country, that real subprocessor pages
// (testdata/realpages) and the region names of AWS, Azure, Google Cloud, Hetzner and OVHcloud
// name as where data is processed, where no capital list has them. Kept short on purpose: a
// place not here is still read from the country that follows it ("Zofingen, Schweiz").
var dataCentreCities = map[string]string{
	"US": "San Francisco|South San Francisco|San Jose|Santa Clara|Mountain View|Palo Alto|Menlo Park|" +
		"Los Angeles|San Diego|Seattle|Redmond|Portland|Boardman|The Dalles|Chicago|Dallas|Houston|Austin|" +
		"San Antonio|Phoenix|Salt Lake City|Las Vegas|Denver|Des Moines|Council Bluffs|Columbus|Atlanta|" +
		"Miami|New York|New York City|NYC|Boston|Ashburn|Reston|Sterling|Washington D.C.|Washington DC|" +
		"Virginia|Northern Virginia|N. Virginia|Ohio|Oregon|California|Northern California|N. California|" +
		"Iowa|Texas|Arizona|Illinois|South Carolina|Nevada|Utah|Delaware|New Jersey|D.C.",
	"CA": "Toronto|Montreal|Montréal|Quebec|Québec|Beauharnois|Vancouver|Calgary|Ontario|British Columbia",
	"DE": "Frankfurt|Frankfurt am Main|Falkenstein|Nuremberg|Nürnberg|Munich|München|Hamburg|Düsseldorf|" +
		"Cologne|Köln|Gunzenhausen|Hesse|Hessen|Bavaria|Bayern",
	"NL": "Rotterdam|Eemshaven|Groningen|Middenmeer",
	"IE": "Cork",
	"GB": "Manchester|Slough|Cardiff|England",
	"FR": "Marseille|Roubaix|Gravelines|Strasbourg|Île-de-France",
	"FI": "Hamina|Lappeenranta",
	"BE": "St. Ghislain|Saint-Ghislain",
	"ES": "Barcelona|Aragon|Aragón",
	"IT": "Milan|Milano|Turin",
	"CH": "Zurich|Zürich|Geneva|Genève|Genf",
	"SE": "Gothenburg",
	"PL": "Krakow|Kraków",
	"AT": "Wien",
	"IN": "Mumbai|Hyderabad|Bangalore|Bengaluru|Chennai|Pune|Delhi",
	"JP": "Osaka",
	"AU": "Sydney|Melbourne|New South Wales|Victoria",
	"BR": "São Paulo|Sao Paulo",
	"CL": "Santiago",
	"ZA": "Johannesburg|Cape Town",
	"AE": "Dubai|Abu Dhabi",
	"IL": "Tel Aviv",
	"CN": "Shanghai|Shenzhen",
	"TW": "Changhua",
	"ID": "Jakarta",
	"KR": "Seoul",
	"SG": "Jurong",
}

// addressParts finds the parts of addresses in a location cell: in a group of places that only
// commas join (see locationGroups), the places before the last when the last is the group's
// only country, or a city cityOf knows: "Industriestr. 25, 91710 Gunzenhausen, Germany" and
// "Zofingen, Schweiz". A part that is a region is not an address's ("EU, Germany").
func addressParts(location string) map[string]string {
	m := map[string]string{}
	for _, g := range locationGroups(location) {
		if len(g) < 2 {
			continue
		}
		last := g[len(g)-1]
		code := Country(last)
		if code == "" {
			code = cityOf(last)
		}
		if code == "" {
			continue
		}
		list := false // "Germany, France": a list of countries, not an address
		for _, p := range g[:len(g)-1] {
			if Country(p) != "" {
				list = true
			}
		}
		if list {
			continue
		}
		for _, p := range g[:len(g)-1] {
			if regionOf(p) == "" {
				m[p] = code
			}
		}
	}
	return m
}
