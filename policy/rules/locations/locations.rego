# METADATA
# title: Locations are countries, spelled consistently
# description: Every location names a country, the EU/EEA, or a place inside a country (a city, a cloud region, an address); a worldwide location is a notice for a CDN or edge network and a warning elsewhere, "Europe" a notice, another region, a vague word or an unknown place a warning; and each country is written the same way throughout the page.
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp006
#     description: rationale and sources
# custom:
#   id: SP006
#   severity: warning
package subpolicy.rules.locations

import data.subpolicy.lib

# A location is a country (in countries), else what the input says it is: a region (regions)
# or a place inside one country (cities), else a vague word (vague_locations) or unknown. The EU
# and the EEA are what matters under GDPR, and a city or an address names its country: neither
# is reported. "Worldwide" is usual for a CDN or an edge network (edge_network_pattern): a
# notice there, a warning elsewhere.

# Worldwide, for a CDN or an edge network.
info contains lib.cell_finding(sp, "location", msg) if {
	some [i, loc, kind] in _unresolved
	kind in {"world", "vague"}
	_edge(i, loc)
	sp := lib.rows[i]
	msg := sprintf(
		"location %q of %s names no country; that is usual for a CDN or edge network, but name the countries where it stores or logs data, if it does (e.g. \"Worldwide edge; logs in the United States\")",
		[loc, lib.subject(sp)],
	)
}

# Worldwide, for anything else.
warn contains lib.cell_finding(sp, "location", msg) if {
	some [i, loc, "world"] in _unresolved
	not _edge(i, loc)
	sp := lib.rows[i]
	msg := sprintf(
		"location %q of %s names no country; list the countries where it processes or stores data (e.g. \"United States, Ireland\")",
		[loc, lib.subject(sp)],
	)
}

# Europe, or a part of it: not the EU/EEA.
info contains lib.cell_finding(sp, "location", msg) if {
	some [i, loc, "europe"] in _unresolved
	sp := lib.rows[i]
	msg := sprintf(
		"location %q of %s does not say whether data stays in the EU/EEA; write \"EU\" or \"EEA\" if it does, else list the countries (e.g. \"Germany, Switzerland\")",
		[loc, lib.subject(sp)],
	)
}

# Another region: a continent, "APAC", "EMEA".
warn contains lib.cell_finding(sp, "location", msg) if {
	some [i, loc, "region"] in _unresolved
	sp := lib.rows[i]
	msg := sprintf(
		"location %q of %s names a region, not a country; list the countries where it processes or stores data (e.g. \"United States, Japan\")",
		[loc, lib.subject(sp)],
	)
}

# Vague locations such as "Various" or "Cloud": one finding per row.
warn contains lib.cell_finding(sp, "location", msg) if {
	some [i, "vague", locs] in _grouped
	plain := [loc | some loc in locs; not _edge(i, loc)]
	count(plain) > 0
	sp := lib.rows[i]
	msg := sprintf(
		"%s of %s %s; list the countries where data is processed or stored (e.g. \"United States, Germany\")",
		[_locations(plain), lib.subject(sp), _plural(plain, "is not a country", "are not countries")],
	)
}

# Locations that are no country, region or place the input recognises: one finding per row.
warn contains lib.cell_finding(sp, "location", msg) if {
	some [i, "unknown", locs] in _grouped
	sp := lib.rows[i]
	msg := sprintf(
		"%s of %s %s; write each country by its name (e.g. \"Germany\") or ISO 3166-1 code, and put notes in parentheses",
		[_locations(locs), lib.subject(sp), _plural(locs, "is not a recognised country or region", "are not recognised countries or regions")],
	)
}

_locations(locs) := sprintf("location %s", [lib.quoted_list(locs)]) if count(locs) == 1

else := sprintf("locations %s", [lib.quoted_list(locs)])

_plural(locs, one, many) := one if count(locs) == 1

else := many

# The same country spelled differently from the rest of the page.
warn contains lib.cell_finding(sp, "location", msg) if {
	some [code, spelling] in _misspelled
	preferred := _preferred[code]
	some i in _rows_spelling[[code, spelling]]
	sp := lib.rows[i]
	msg := sprintf(
		"location %q of %s is written %q elsewhere on this page; use %q (ISO 3166-1 %s)",
		[spelling, lib.subject(sp), preferred, preferred, code],
	)
}

# [row index, location, kind] of the unresolved locations worth reporting.
_unresolved := {[i, loc, kind] |
	some [rows, found] in _reported_places
	some [loc, kind] in found
	some i in rows
}

# [row index, kind, locations] of the kinds reported once per row: the row's locations of that
# kind, in order.
_grouped := {[i, kind, locs] |
	some [rows, found] in _reported_places
	some kind in {"vague", "unknown"}
	locs := [loc | some [loc, k] in found; k == kind]
	count(locs) > 0
	some i in rows
}

# [rows, [[location, kind], ...]] of each place whose unresolved locations include some worth
# reporting (see _reported and _kind), each location once, in order. Rows in the same place have
# the same unresolved locations, so each place is looked at once.
_reported_places := [[_rows_in[place], found] |
	some place in _places
	unresolved := lib.list(place.unresolved_locations)
	count(unresolved) > 0
	found := [[loc, kind] |
		some j, loc in unresolved
		not loc in array.slice(unresolved, 0, j)
		_reported(loc)
		kind := _kind(place, loc)
		kind != ""
	]
	count(found) > 0
]

# Placeholders are SP002's and SP010's findings.
_reported(loc) if {
	not lib.is_empty_value(loc)
	not regex.match(lib.config.placeholder_pattern, loc)
}

# The kind of an unresolved location: "world", "europe" or "region" for a region the input
# names (regions; the EU and the EEA are ""), "" for a place inside a country (cities), else
# "vague" (vague_locations) or "unknown".
_kind(place, loc) := "" if {
	some city in lib.list(place.cities)
	city.text == loc
} else := kind if {
	some region in lib.list(place.regions)
	region.text == loc
	kind := _region_kinds[region.region]
} else := "vague" if {
	lib.is_vague_location(loc)
} else := "unknown"

_region_kinds := {"eu": "", "eea": "", "world": "world", "europe": "europe", "other": "region"}

# A worldwide or vague location of a CDN or an edge network: its name, purpose or category say
# so, or the location itself ("Global edge network").
_edge(_, loc) if regex.match(lib.config.edge_network_pattern, loc)

_edge(i, _) if i in _edge_rows

_edge_rows := {i | some i in lib.matching(lib.names, lib.config.edge_network_pattern)} | {i |
	some c in lib.distinct_contents
	regex.match(lib.config.edge_network_pattern, concat(" ", [object.get(c, "purpose", ""), object.get(c, "category", "")]))
	some i in lib.rows_by_content[c]
}

# A row's place is the part of its contents lib.location_pairs and _kind read: its locations,
# countries, unresolved_locations, regions and cities. Rows in the same place have the same pairs, so these are worked
# out once per distinct place.
_places := {_place(c) | some c in lib.distinct_contents}

_place(c) := {
	"locations": c.locations,
	"countries": object.get(c, "countries", null),
	"unresolved_locations": object.get(c, "unresolved_locations", []),
	"regions": object.get(c, "regions", []),
	"cities": object.get(c, "cities", []),
}

# [code, spelling, place] for each [spelling, code] pair of each place.
_place_pairs := {[code, _spelling(location), place] |
	some place in _places
	some [location, code] in lib.location_pairs(place)
}

# The spellings of each code on the page.
_spellings := {code: spellings |
	some code in {c | some [c, _, _] in _place_pairs}
	spellings := {s | some [c, s, _] in _place_pairs; c == code}
}

# A location's spelling of its country: without a note in parentheses or after a spaced dash,
# an arrow or "w/" ("Ireland (Dublin)", "Ireland — Dublin"), a label ("DC: Ireland") and
# footnote marks ("Ireland*", "Ireland¹", "Ireland[2]"), as the Go side reads the country.
_spelling(location) := trim_left(trim_right(s, ".*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰ "), "*†‡ ") if {
	s := regex.replace(
		regex.replace(location, `\s*(?:[(（]| [—–] |→| w/ ).*$|(?:\[[^\] (]{1,3}\]|\^[^ (]{1,3})$`, ""),
		`^\s*\S+(?:\s+\S+){0,2}:\s+`, "",
	)
}

# The spelling most rows use for each code spelled more than one way; ties go to the one seen
# first, then the alphabetically last. Rows on the same line count once.
_preferred[code] := best[2] if {
	some code, spellings in _spellings
	count(spellings) > 1
	best := max({[n, 0 - first, spelling] |
		some spelling in spellings
		lines := {lib.rows[i].line | some i in _rows_spelling[[code, spelling]]}
		n := count(lines)
		first := min(lines)
	})
}

# [code, spelling] pairs other than the preferred spelling.
_misspelled := {[code, spelling] |
	some code, preferred in _preferred
	some spelling in _spellings[code]
	spelling != preferred
}

# The indexes of the rows that spell a code spelled more than one way a given way, by
# [code, spelling].
_rows_spelling := {[code, spelling]: rows |
	some code, spellings in _spellings
	count(spellings) > 1
	some spelling in spellings
	places := [p | some [c, s, p] in _place_pairs; c == code; s == spelling]
	rows := {i | some p in places; some i in _rows_in[p]}
}

# The indexes of the rows in each place that matters: one with unresolved locations or with a
# code spelled more than one way.
_rows_in := {place: rows |
	some place in _places_to_look_at
	rows := {i | some c in _contents_in[place]; some i in lib.rows_by_content[c]}
}

_contents_in := {place: cs |
	some place in _places_to_look_at
	cs := [c | some [p, c] in _content_places; p == place]
}

# [place, content] of each distinct content: grouped by place above with an index, where
# calling _place in the comprehension would compare every content with every place.
_content_places := [[_place(c), c] | some c in lib.distinct_contents]

_places_to_look_at := {place | some place in _places; count(lib.list(place.unresolved_locations)) > 0} | {place |
	some code, spellings in _spellings
	count(spellings) > 1
	places := [p | some [c, _, p] in _place_pairs; c == code]
	some place in places
}
