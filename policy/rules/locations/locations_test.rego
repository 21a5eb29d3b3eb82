package subpolicy.test.locations

import data.subpolicy.rules.locations
import data.subpolicy.test.fixtures

_at(line, name, locs, countries, unresolved) := fixtures.row(line, {
	"name": name,
	"location": concat(", ", locs),
	"locations": locs,
	"countries": countries,
	"unresolved_locations": unresolved,
})

test_success_consistent_countries if {
	rows := [
		_at(12, "Acme GmbH", ["United States"], ["US"], []),
		_at(13, "Beta GmbH", ["United States", "Germany"], ["US", "DE"], []),
	]
	count(locations.warn) == 0 with input as fixtures.doc(rows)
}

test_success_notes_and_footnote_marks if {
	rows := [
		_at(12, "Acme GmbH", ["Ireland (Dublin)"], ["IE"], []),
		_at(13, "Beta GmbH", ["Ireland*"], ["IE"], []),
		_at(14, "Gamma GmbH", ["Ireland"], ["IE"], []),
		_at(15, "Delta GmbH", ["Ireland¹"], ["IE"], []),
		_at(16, "Epsilon GmbH", ["Ireland — Dublin"], ["IE"], []),
		_at(17, "Zeta GmbH", ["DC: Ireland"], ["IE"], []),
		_at(18, "Eta GmbH", ["Ireland[2]"], ["IE"], []),
		_at(19, "Theta GmbH", ["Ireland w/ backups"], ["IE"], []),
	]
	count(locations.warn) == 0 with input as fixtures.doc(rows)
}

test_success_placeholders_and_empty_are_other_rules if {
	rows := [
		_at(12, "Acme GmbH", ["TBD"], [], ["TBD"]),
		_at(13, "Beta GmbH", ["[REGION]"], [], ["[REGION]"]),
		_at(14, "Gamma GmbH", [], [], []),
	]
	count(locations.warn) == 0 with input as fixtures.doc(rows)
}

# _in is a row whose unresolved locations the input says are regions or cities.
_in(line, name, locs, countries, unresolved, regions, cities) := object.union(
	_at(line, name, locs, countries, unresolved),
	{"regions": regions, "cities": cities},
)

test_success_eu_eea_and_cities if {
	rows := [
		_in(12, "Acme GmbH", ["EU"], [], ["EU"], [{"text": "EU", "region": "eu"}], []),
		_in(13, "Beta GmbH", ["EWR", "Schweiz"], ["CH"], ["EWR"], [{"text": "EWR", "region": "eea"}], []),
		_in(14, "Gamma GmbH", ["Frankfurt", "Dubai"], [], ["Frankfurt", "Dubai"], [], [
			{"text": "Frankfurt", "country": "DE"},
			{"text": "Dubai", "country": "AE"},
		]),
		_in(15, "Delta GmbH", ["Kirchplatz 8", "Schweiz"], ["CH"], ["Kirchplatz 8"], [], [{"text": "Kirchplatz 8", "country": "CH"}]),
	]
	count(locations.warn) == 0 with input as fixtures.doc(rows)
	count(locations.info) == 0 with input as fixtures.doc(rows)
}

test_info_worldwide_cdn if {
	rows := [
		# By its name, its purpose, its category, or the location itself.
		_in(12, "Cloudflare, Inc.", ["Global"], [], ["Global"], [{"text": "Global", "region": "world"}], []),
		object.union(
			_in(13, "Acme GmbH", ["Worldwide"], [], ["Worldwide"], [{"text": "Worldwide", "region": "world"}], []),
			{"purpose": "Content delivery network"},
		),
		object.union(
			_in(14, "Beta GmbH", ["Globally"], [], ["Globally"], [{"text": "Globally", "region": "world"}], []),
			{"category": "CDN and DNS"},
		),
		_in(15, "Gamma GmbH", ["Global edge network"], [], ["Global edge network"], [{"text": "Global edge network", "region": "world"}], []),
		# A vague word, for a CDN.
		_in(16, "Fastly", ["Distributed"], [], ["Distributed"], [], []),
	]
	count(locations.warn) == 0 with input as fixtures.doc(rows)
	locations.info == {
		_cdn_notice(12, "Global", "Cloudflare, Inc.", "cloudflare"),
		_cdn_notice(13, "Worldwide", "Acme GmbH", "acme"),
		_cdn_notice(14, "Globally", "Beta GmbH", "beta"),
		_cdn_notice(15, "Global edge network", "Gamma GmbH", "gamma"),
		_cdn_notice(16, "Distributed", "Fastly", "fastly"),
	} with input as fixtures.doc(rows)
}

_cdn_notice(line, loc, name, key) := {
	"msg": sprintf(`location %q of %q names no country; that is usual for a CDN or edge network, but name the countries where it stores or logs data, if it does (e.g. "Worldwide edge; logs in the United States")`, [loc, name]),
	"subprocessor": name, "name_key": key, "field": "location", "line": line, "column": 60,
}

test_fail_worldwide_hosting if {
	r := object.union(
		_in(12, "Acme GmbH", ["Global"], [], ["Global"], [{"text": "Global", "region": "world"}], []),
		{"purpose": "Cloud hosting of the application"},
	)
	locations.warn == {{
		"msg": `location "Global" of "Acme GmbH" names no country; list the countries where it processes or stores data (e.g. "United States, Ireland")`,
		"subprocessor": "Acme GmbH", "name_key": "acme", "field": "location", "line": 12, "column": 60,
	}} with input as fixtures.doc([r])
	count(locations.info) == 0 with input as fixtures.doc([r])
}

test_info_europe if {
	r := _in(12, "Acme GmbH", ["Europe"], [], ["Europe"], [{"text": "Europe", "region": "europe"}], [])
	count(locations.warn) == 0 with input as fixtures.doc([r])
	locations.info == {{
		"msg": `location "Europe" of "Acme GmbH" does not say whether data stays in the EU/EEA; write "EU" or "EEA" if it does, else list the countries (e.g. "Germany, Switzerland")`,
		"subprocessor": "Acme GmbH", "name_key": "acme", "field": "location", "line": 12, "column": 60,
	}} with input as fixtures.doc([r])
}

test_fail_other_region if {
	r := _in(12, "Acme GmbH", ["APAC", "Germany"], ["DE"], ["APAC"], [{"text": "APAC", "region": "other"}], [])
	locations.warn == {{
		"msg": `location "APAC" of "Acme GmbH" names a region, not a country; list the countries where it processes or stores data (e.g. "United States, Japan")`,
		"subprocessor": "Acme GmbH", "name_key": "acme", "field": "location", "line": 12, "column": 60,
	}} with input as fixtures.doc([r])
}

test_fail_vague_location if {
	# A document without regions (written by hand): "EU" is a vague word then.
	rows := [
		_at(12, "Acme GmbH", ["Various"], [], ["Various"]),
		_at(13, "Beta GmbH", ["EU"], [], ["EU"]),
	]
	locations.warn == {
		{
			"msg": `location "Various" of "Acme GmbH" is not a country; list the countries where data is processed or stored (e.g. "United States, Germany")`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "field": "location", "line": 12, "column": 60,
		},
		{
			"msg": `location "EU" of "Beta GmbH" is not a country; list the countries where data is processed or stored (e.g. "United States, Germany")`,
			"subprocessor": "Beta GmbH", "name_key": "beta", "field": "location", "line": 13, "column": 60,
		},
	} with input as fixtures.doc(rows)
}

test_fail_unrecognised_location if {
	r := _in(12, "Acme GmbH", ["Germany", "Atlantis"], ["DE"], ["Atlantis"], [], [])
	locations.warn == {{
		"msg": `location "Atlantis" of "Acme GmbH" is not a recognised country or region; write each country by its name (e.g. "Germany") or ISO 3166-1 code, and put notes in parentheses`,
		"subprocessor": "Acme GmbH", "name_key": "acme", "field": "location", "line": 12, "column": 60,
	}} with input as fixtures.doc([r])
}

test_fail_minority_spelling if {
	rows := [
		_at(12, "Acme GmbH", ["United States"], ["US"], []),
		_at(13, "Beta GmbH", ["USA"], ["US"], []),
		_at(14, "Gamma GmbH", ["United States", "Germany"], ["US", "DE"], []),
	]
	locations.warn == {{
		"msg": `location "USA" of "Beta GmbH" is written "United States" elsewhere on this page; use "United States" (ISO 3166-1 US)`,
		"subprocessor": "Beta GmbH", "name_key": "beta", "field": "location", "line": 13, "column": 60,
	}} with input as fixtures.doc(rows)
}

test_fail_tied_spellings_prefer_the_first if {
	rows := [
		_at(12, "Acme GmbH", ["UK"], ["GB"], []),
		_at(13, "Beta GmbH", ["United Kingdom"], ["GB"], []),
	]
	locations.warn == {{
		"msg": `location "United Kingdom" of "Beta GmbH" is written "UK" elsewhere on this page; use "UK" (ISO 3166-1 GB)`,
		"subprocessor": "Beta GmbH", "name_key": "beta", "field": "location", "line": 13, "column": 60,
	}} with input as fixtures.doc(rows)
}

test_fail_one_finding_per_row if {
	address := _in(12, "Streamsoft sp. z o.o.", ["al. Wojska Polskiego 11", "65-077 Zielona Góra"], [], ["al. Wojska Polskiego 11", "65-077 Zielona Góra"], [], [])
	vague := _in(13, "Beta GmbH", ["Various", "Cloud", "Various"], [], ["Various", "Cloud", "Various"], [], [])
	locations.warn == {
		{
			"msg": `locations "al. Wojska Polskiego 11", "65-077 Zielona Góra" of "Streamsoft sp. z o.o." are not recognised countries or regions; write each country by its name (e.g. "Germany") or ISO 3166-1 code, and put notes in parentheses`,
			"subprocessor": "Streamsoft sp. z o.o.", "name_key": "streamsoft sp z o o", "field": "location", "line": 12, "column": 60,
		},
		{
			"msg": `locations "Various", "Cloud" of "Beta GmbH" are not countries; list the countries where data is processed or stored (e.g. "United States, Germany")`,
			"subprocessor": "Beta GmbH", "name_key": "beta", "field": "location", "line": 13, "column": 60,
		},
	} with input as fixtures.doc([address, vague])
}
