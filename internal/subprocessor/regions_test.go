package subprocessor

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// locationRow builds a row from a location cell as the builder does: places, countries, unresolved.
func locationRow(cell string) Row {
	r := Row{Location: singleLine(cell), Locations: Locations(cell), Countries: []string{}, UnresolvedLocations: []string{}}
	for _, p := range r.Locations {
		if code := Country(p); code != "" {
			if !slices.Contains(r.Countries, code) {
				r.Countries = append(r.Countries, code)
			}
		} else {
			r.UnresolvedLocations = append(r.UnresolvedLocations, p)
		}
	}
	return r
}

func TestRowPlaces(t *testing.T) {
	t.Parallel()
	type want struct {
		countries []string
		regions   []Region
		cities    []City
		unknown   []string // unresolved locations that are neither
	}
	tests := []struct {
		cell string
		want want
	}{
		// The EU and the EEA, in the lexicon's languages.
		{"EU", want{regions: []Region{{"EU", RegionEU}}}},
		{"European Union", want{regions: []Region{{"European Union", RegionEU}}}},
		{"Europäische Union", want{regions: []Region{{"Europäische Union", RegionEU}}}},
		{"Union européenne", want{regions: []Region{{"Union européenne", RegionEU}}}},
		{"Unión Europea", want{regions: []Region{{"Unión Europea", RegionEU}}}},
		{"Unione europea", want{regions: []Region{{"Unione europea", RegionEU}}}},
		{"Europese Unie", want{regions: []Region{{"Europese Unie", RegionEU}}}},
		{"UE (autres clients).", want{regions: []Region{{"UE (autres clients).", RegionEU}}}},
		{"EU/EEA", want{regions: []Region{{"EU", RegionEU}, {"EEA", RegionEEA}}}},
		{"EWR", want{regions: []Region{{"EWR", RegionEEA}}}},
		{"EEE; SEE; EER; EES; EHP; EOG", want{regions: []Region{
			{"EEE", RegionEEA}, {"SEE", RegionEEA}, {"EER", RegionEEA}, {"EES", RegionEEA}, {"EHP", RegionEEA}, {"EOG", RegionEEA}}}},
		{"European Economic Area", want{regions: []Region{{"European Economic Area", RegionEEA}}}},
		{"EU-Region", want{regions: []Region{{"EU-Region", RegionEU}}}},
		{"EWR-Region", want{regions: []Region{{"EWR-Region", RegionEEA}}}},
		{"AWS EU", want{regions: []Region{{"AWS EU", RegionEU}}}},
		{"EU (AWS eu-north-1, Stockholm)", want{regions: []Region{{"EU (AWS eu-north-1, Stockholm)", RegionEU}}}},
		{"EU + US", want{countries: []string{"US"}, regions: []Region{{"EU", RegionEU}}}},
		{"US or EU (for EU submission hosting customers)*", want{countries: []string{"US"},
			regions: []Region{{"EU (for EU submission hosting customers)*", RegionEU}}}},
		{"EU¹", want{regions: []Region{{"EU¹", RegionEU}}}},
		// The world, Europe and other regions.
		{"Global", want{regions: []Region{{"Global", RegionWorld}}}},
		{"Globally", want{regions: []Region{{"Globally", RegionWorld}}}},
		{"Worldwide*", want{regions: []Region{{"Worldwide*", RegionWorld}}}},
		{"Global edge network", want{regions: []Region{{"Global edge network", RegionWorld}}}},
		{"Global (edge)", want{regions: []Region{{"Global (edge)", RegionWorld}}}},
		{"weltweit", want{regions: []Region{{"weltweit", RegionWorld}}}},
		{"Rete edge globale", want{regions: []Region{{"Rete edge globale", RegionWorld}}}},
		{"Europe", want{regions: []Region{{"Europe", RegionEurope}}}},
		{"West Europe", want{regions: []Region{{"West Europe", RegionEurope}}}},
		{"Westeuropa", want{regions: []Region{{"Westeuropa", RegionEurope}}}},
		{"APAC", want{regions: []Region{{"APAC", RegionOther}}}},
		{"North America", want{regions: []Region{{"North America", RegionOther}}}},
		{"Asien", want{regions: []Region{{"Asien", RegionOther}}}},
		// Vague words are no region, and no place.
		{"Various", want{unknown: []string{"Various"}}},
		{"Multiple", want{unknown: []string{"Multiple"}}},
		// Cities, states and cloud regions, with their country.
		{"Frankfurt", want{cities: []City{{"Frankfurt", "DE"}}}},
		{"Dubai", want{cities: []City{{"Dubai", "AE"}}}},
		{"San Francisco", want{cities: []City{{"San Francisco", "US"}}}},
		{"Dublin", want{cities: []City{{"Dublin", "IE"}}}},
		{"Stockholm", want{cities: []City{{"Stockholm", "SE"}}}},
		{"Frankfurt (EU)", want{cities: []City{{"Frankfurt (EU)", "DE"}}}},
		{"Frankfurt, DE", want{countries: []string{"DE"}, cities: []City{{"Frankfurt", "DE"}}}},
		{"Beauharnois (BHS), Quebec", want{cities: []City{{"Beauharnois (BHS)", "CA"}, {"Quebec", "CA"}}}},
		{"UK South", want{cities: []City{{"UK South", "GB"}}}},
		{"UK data regions and/or Ireland", want{countries: []string{"IE"}, cities: []City{{"UK data regions", "GB"}}}},
		{"US East (N. Virginia)", want{cities: []City{{"US East (N. Virginia)", "US"}}}},
		{"Germany West Central", want{cities: []City{{"Germany West Central", "DE"}}}},
		{"eu-central-1 (Frankfurt)", want{cities: []City{{"eu-central-1 (Frankfurt)", "DE"}}}},
		{"ca-central-1 (Canada)", want{cities: []City{{"ca-central-1 (Canada)", "CA"}}}},
		// Addresses: the parts before the country that ends them.
		{"Industriestr. 25, 91710 Gunzenhausen, Niemcy", want{countries: []string{"DE"},
			cities: []City{{"Industriestr. 25", "DE"}, {"91710 Gunzenhausen", "DE"}}}},
		{"Gordon House, Barrow Street, Dublin 4, Irlandia", want{countries: []string{"IE"},
			cities: []City{{"Gordon House", "IE"}, {"Barrow Street", "IE"}, {"Dublin 4", "IE"}}}},
		{"Kirchplatz 8, 4800 Zofingen, Schweiz", want{countries: []string{"CH"},
			cities: []City{{"Kirchplatz 8", "CH"}, {"4800 Zofingen", "CH"}}}},
		{"EU, Germany", want{countries: []string{"DE"}, regions: []Region{{"EU", RegionEU}}}},
		// Not an address: a list of countries, a country first, no country at all.
		{"Germany, Unitied States, France", want{countries: []string{"DE", "FR"}, unknown: []string{"Unitied States"}}},
		{"Germany, Unitied States", want{countries: []string{"DE"}, unknown: []string{"Unitied States"}}},
		{"al. Wojska Polskiego 11, 65-077 Zielona Góra", want{unknown: []string{"al. Wojska Polskiego 11", "65-077 Zielona Góra"}}},
		{"DC: Niemcy / Finlandia", want{countries: []string{"DE", "FI"}}},
		{"EU w/ US subsidiary", want{regions: []Region{{"EU w/ US subsidiary", RegionEU}}}},
		{"eu-west-3 (Paris) DR", want{cities: []City{{"eu-west-3 (Paris) DR", "FR"}}}},
		{"ENAM (North America)", want{regions: []Region{{"ENAM (North America)", RegionOther}}}},
		{"Southern Europe", want{regions: []Region{{"Southern Europe", RegionEurope}}}},
		{"region usługi: UE (Frankfurt / Irlandia)", want{regions: []Region{{"region usługi: UE (Frankfurt / Irlandia)", RegionEU}}}},
		{"N/A", want{unknown: []string{"N/A"}}},
		{"Atlantis", want{unknown: []string{"Atlantis"}}},
		{"Acme Inc.", want{unknown: []string{"Acme Inc."}}},
		// Countries are no region nor city.
		{"Germany; Irland (EU)", want{countries: []string{"DE", "IE"}}},
		{"EE. UU.; EUA; VS; USA†", want{countries: []string{"US"}}},
	}
	for _, tt := range tests {
		r := locationRow(tt.cell)
		regions, cities := r.Places()
		var unknown []string
		for _, u := range r.UnresolvedLocations {
			if !strings.Contains(strings.Join(names(regions, cities), "\x00")+"\x00", u+"\x00") {
				unknown = append(unknown, u)
			}
		}
		got := want{r.Countries, regions, cities, unknown}
		if len(got.countries) == 0 {
			got.countries = nil
		}
		if len(got.regions) == 0 {
			got.regions = nil
		}
		if len(got.cities) == 0 {
			got.cities = nil
		}
		if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(want{})); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.cell, diff)
		}
	}
}

func names(regions []Region, cities []City) []string {
	var out []string
	for _, r := range regions {
		out = append(out, r.Text)
	}
	for _, c := range cities {
		out = append(out, c.Text)
	}
	return out
}

func TestRowPlacesNeverNil(t *testing.T) {
	t.Parallel()
	for _, r := range []Row{{}, locationRow("Germany"), locationRow("Atlantis")} {
		regions, cities := r.Places()
		if regions == nil || cities == nil {
			t.Errorf("%q: Places() = %v, %v; want empty lists, not nil", r.Location, regions, cities)
		}
	}
}

// TestRowJSONHasPlaces: a row's JSON carries its regions and cities beside its fields.
func TestRowJSONHasPlaces(t *testing.T) {
	t.Parallel()
	r := locationRow("EU; Frankfurt (DE); Germany")
	r.Name = "Acme GmbH"
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"name":                 "Acme GmbH",
		"unresolved_locations": []any{"EU", "Frankfurt (DE)"},
		"countries":            []any{"DE"},
		"regions":              []any{map[string]any{"text": "EU", "region": "eu"}},
		"cities":               []any{map[string]any{"text": "Frankfurt (DE)", "country": "DE"}},
	}
	for k, v := range want {
		if diff := cmp.Diff(v, m[k]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", k, diff)
		}
	}
	// A row read back from its JSON is the same row: the derived keys are ignored.
	var back Row
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	// A content (the index) carries them too.
	b, err = json.Marshal(Content{Row: &r})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"regions":[{"text":"EU","region":"eu"}]`) {
		t.Errorf("content %s has no regions", b)
	}
}

// TestRegionKindsCoverCLDR keeps regionKinds whole: every CLDR name, in placeLanguages, of the
// European Union, the euro area, the world and Europe's regions has its kind, and every region
// word (regionWords) is some region or a vague word.
func TestRegionKindsCoverCLDR(t *testing.T) {
	t.Parallel()
	for code, kind := range map[string]string{
		"EU": RegionEU, "EZ": RegionEU, "001": RegionWorld,
		"150": RegionEurope, "151": RegionEurope, "154": RegionEurope, "155": RegionEurope, "039": RegionEurope,
		"002": RegionOther, "019": RegionOther, "142": RegionOther, "009": RegionOther, "021": RegionOther,
		"419": RegionOther, "005": RegionOther, "013": RegionOther,
	} {
		r, err := language.ParseRegion(code)
		if err != nil {
			t.Fatal(err)
		}
		for _, tag := range placeLanguages {
			n := display.Regions(tag).Name(r)
			if n == "" {
				continue
			}
			if got := regionOf(n); got != kind {
				t.Errorf("regionOf(%q) (%s in %s) = %q, want %q", n, code, tag, got, kind)
			}
		}
	}
	for _, w := range regionWords {
		if regionOf(w) == "" && !notRegions[foldPlace(w)] {
			t.Errorf("region word %q is no region", w)
		}
	}
	for i, w := range regionWords {
		if w == "ue" {
			break
		}
		if got := regionOf(w); got != RegionEEA && i < 23 {
			t.Errorf("regionOf(%q) = %q, want %q", w, got, RegionEEA)
		}
	}
}

// TestCitiesAreNoCountries: no city or state of the built-in list is read as a country or a
// region, and each names a real country.
func TestCitiesAreNoCountries(t *testing.T) {
	t.Parallel()
	for k, code := range cityCountries() {
		if c, ok := places(k); ok {
			t.Errorf("city %q (%s) is in the place index as %q", k, code, c)
		}
		if Country(strings.ToUpper(code)) != code {
			t.Errorf("city %q: %q is no country", k, code)
		}
	}
	for _, n := range []string{"Paris", "London", "Tokyo", "Washington", "Amsterdam", "Berlin"} {
		if cityOf(n) == "" {
			t.Errorf("capital %q is not known", n)
		}
	}
}

func TestLocationsKeepNotesWhole(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text   string
		groups [][]string
	}{
		{"Ireland (Dublin, Cork)", [][]string{{"Ireland (Dublin, Cork)"}}},
		{"EU (Germany, Frankfurt)", [][]string{{"EU (Germany, Frankfurt)"}}},
		{"EU (AWS EU-North-1, Stockholm); US", [][]string{{"EU (AWS EU-North-1, Stockholm)"}, {"US"}}},
		{"EU+US", [][]string{{"EU"}, {"US"}}},
		{"EU or CA (Toronto)", [][]string{{"EU"}, {"CA (Toronto)"}}},
		{"Industriestr. 25, 91710 Gunzenhausen, Niemcy; DC: Niemcy/Finlandia",
			[][]string{{"Industriestr. 25", "91710 Gunzenhausen", "Niemcy"}, {"DC: Niemcy"}, {"Finlandia"}}},
		{"United States and Germany, France", [][]string{{"United States"}, {"Germany", "France"}}},
		{"N/A", [][]string{{"N/A"}}},
		{"n/a (not yet used)", [][]string{{"n/a (not yet used)"}}},
		{"EU w/ US subsidiary", [][]string{{"EU w/ US subsidiary"}}},
		{"UK/EU", [][]string{{"UK"}, {"EU"}}},
		{"UK/EU/US", [][]string{{"UK"}, {"EU"}, {"US"}}},
		{"UK data regions and/or Ireland", [][]string{{"UK data regions"}, {"Ireland"}}},
		// Brackets that do not pair up are no notes.
		{"EU (Germany, Frankfurt", [][]string{{"EU (Germany", "Frankfurt"}}},
		{"Frankfurt), Paris", [][]string{{"Frankfurt)", "Paris"}}},
		{"", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.groups, locationGroups(tt.text)); diff != "" {
			t.Errorf("locationGroups(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}

func TestCountryIgnoresNotesAndFootnotes(t *testing.T) {
	t.Parallel()
	for place, want := range map[string]string{
		"USA*": "US", "Germany**": "DE", "France†": "FR", "Ireland¹": "IE", "Spain[2]": "ES",
		"Italy^3": "IT", "*Poland": "PL", "Ireland — Dublin": "IE", "EUA → transferência internacional": "US",
		"EE. UU.": "US", "EE.UU.": "US", "EEUU": "US", "EUA": "US", "VS": "US", "vs": "", "Irlanda (UE)": "IE",
		"EU*": "", "UE": "", "DC: Germany": "DE", "Coordination plane: USA": "US", "Note that data is stored: in Germany": "", "N/A": "", "NA": "NA",
	} {
		if got := Country(place); got != want {
			t.Errorf("Country(%q) = %q, want %q", place, got, want)
		}
	}
}
