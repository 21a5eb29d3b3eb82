# METADATA
# title: Locations are countries, spelled consistently
# description: Every location resolves to an ISO 3166-1 country (not "Global" or "EU"), and each country is written the same way throughout the page.
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp006
#     description: rationale and sources
# custom:
#   id: SP006
#   severity: warning
package subpolicy.rules.locations

import data.subpolicy.lib

# A vague location such as "Global" or "EU".
warn contains lib.cell_finding(sp, "location", msg) if {
	some [i, loc] in _unresolved
	lib.is_vague_location(loc)
	sp := lib.rows[i]
	msg := sprintf(
		"location %q of %s is not a country; list the countries where data is processed or stored (e.g. \"United States, Germany\")",
		[loc, lib.subject(sp)],
	)
}

# A location that is not a recognised country.
warn contains lib.cell_finding(sp, "location", msg) if {
	some [i, loc] in _unresolved
	not lib.is_vague_location(loc)
	sp := lib.rows[i]
	msg := sprintf(
		"location %q of %s is not a recognised country; write the country's English name (e.g. \"Germany\") or its ISO 3166-1 code",
		[loc, lib.subject(sp)],
	)
}

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

# [row index, location] of the unresolved locations worth reporting: placeholders are SP002's
# and SP010's findings. Rows in the same place have the same unresolved locations.
_unresolved := {[i, loc] |
	some place in _places
	locs := {loc |
		some loc in place.unresolved_locations
		not lib.is_empty_value(loc)
		not regex.match(lib.config.placeholder_pattern, loc)
	}
	count(locs) > 0
	some i in _rows_in[place]
	some loc in locs
}

# A row's place is the part of its contents lib.location_pairs reads: its locations, countries
# and unresolved_locations. Rows in the same place have the same pairs, so these are worked
# out once per distinct place.
_places := {_place(c) | some c in lib.distinct_contents}

_place(c) := {
	"locations": c.locations,
	"countries": object.get(c, "countries", null),
	"unresolved_locations": object.get(c, "unresolved_locations", []),
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

# A location's spelling of its country: a parenthetical note ("Ireland (Dublin)") and trailing
# footnote marks left out, as the Go side does when it resolves the country.
_spelling(location) := trim_right(regex.replace(location, `\s*\(.*$`, ""), ".*† ")

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
	cs := [c | some c in lib.distinct_contents; _place(c) == place]
}

_places_to_look_at := {place | some place in _places; count(lib.list(place.unresolved_locations)) > 0} | {place |
	some code, spellings in _spellings
	count(spellings) > 1
	places := [p | some [c, _, p] in _place_pairs; c == code]
	some place in places
}
