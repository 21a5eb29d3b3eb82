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
	some sp in lib.rows
	some loc in _unresolved(sp)
	lib.is_vague_location(loc)
	msg := sprintf(
		"location %q of %s is not a country; list the countries where data is processed or stored (e.g. \"United States, Germany\")",
		[loc, lib.subject(sp)],
	)
}

# A location that is not a recognised country.
warn contains lib.cell_finding(sp, "location", msg) if {
	some sp in lib.rows
	some loc in _unresolved(sp)
	not lib.is_vague_location(loc)
	msg := sprintf(
		"location %q of %s is not a recognised country; write the country's English name (e.g. \"Germany\") or its ISO 3166-1 code",
		[loc, lib.subject(sp)],
	)
}

# The same country spelled differently from the rest of the page.
warn contains lib.cell_finding(sp, "location", msg) if {
	some o in _occurrences
	preferred := _preferred[o.code]
	o.spelling != preferred
	sp := lib.rows[o.i]
	msg := sprintf(
		"location %q of %s is written %q elsewhere on this page; use %q (ISO 3166-1 %s)",
		[o.spelling, lib.subject(sp), preferred, preferred, o.code],
	)
}

# Unresolved locations worth reporting: placeholders are SP002's and SP010's findings.
_unresolved(sp) := {loc |
	some loc in object.get(sp, "unresolved_locations", [])
	not lib.is_empty_value(loc)
	not regex.match(lib.config.placeholder_pattern, loc)
}

# Every {row index, spelling, code} on the page, with "code\x00spelling" as its key.
_occurrences := [{"i": i, "spelling": spelling, "code": code, "key": concat("\u0000", [code, spelling])} |
	some i, sp in lib.rows
	some [location, code] in lib.location_pairs(sp)
	spelling := _spelling(location)
]

# A location's spelling of its country: a parenthetical note ("Ireland (Dublin)") and trailing
# footnote marks left out, as the Go side does when it resolves the country.
_spelling(location) := trim_right(regex.replace(location, `\s*\(.*$`, ""), ".*† ")

# The spelling most rows use for each code; ties go to the one seen first, then the
# alphabetically last. Counts are built once per distinct code and spelling (OPA indexes the
# inner comprehensions on the bound key), so the rule stays linear in rows.
_preferred := {code: best[2] |
	some code in {o.code | some o in _occurrences}
	best := max({[n, 0 - first, spelling] |
		some key in {o.key | some o in _occurrences; o.code == code}
		rows := {o.i | some o in _occurrences; o.key == key}
		n := count(rows)
		first := min({lib.rows[i].line | some i in rows})
		spelling := substring(key, count(code) + 1, -1)
	})
}
