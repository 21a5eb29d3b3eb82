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

test_fail_vague_location if {
	r := _at(12, "Cloudflare", ["Global"], [], ["Global"])
	locations.warn == {{
		"msg": `location "Global" of "Cloudflare" is not a country; list the countries where data is processed or stored (e.g. "United States, Germany")`,
		"subprocessor": "Cloudflare", "name_key": "cloudflare", "field": "location", "line": 12, "column": 60,
	}} with input as fixtures.doc([r])
}

test_fail_unrecognised_location if {
	r := _at(12, "Acme GmbH", ["Germany", "Atlantis"], ["DE"], ["Atlantis"])
	locations.warn == {{
		"msg": `location "Atlantis" of "Acme GmbH" is not a recognised country; write the country's English name (e.g. "Germany") or its ISO 3166-1 code`,
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
