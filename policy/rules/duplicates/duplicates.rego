# METADATA
# title: No duplicate entries
# description: A legal entity is listed once per service in a table. Two rows of one table (and category) naming the same entity, legal form included, for the same purpose, location and other columns are a warning; a row that repeats an entity with a generic or empty purpose beside another purpose is a notice. Sister companies (Acme BV, Acme Ltd), per-region or per-product tables and rows, and one entity with two specific purposes are not duplicates.
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp009
#     description: rationale and sources
# custom:
#   id: SP009
#   severity: warning
#   why:
#     warning: "a row listed twice misstates nothing, but one of the two is noise that a later edit can leave out of date; remove it or merge them"
#     notice: "the entity, its purposes and its rows are all stated; only which row stands for which service is unclear"
package subpolicy.rules.duplicates

import data.subpolicy.lib

# A later row repeats an earlier one: the same entity in the same table and category, for the
# same purpose and location, with the same other columns.
warn contains lib.row_finding(sp, msg) if {
	some i, first in _duplicate_of
	sp := lib.rows[i]
	msg := sprintf(
		"%s is listed twice in the same table for the same purpose and location, also on line %d; remove one row or merge the two",
		[lib.subject(sp), lib.rows[first].line],
	)
}

# A row whose purpose is generic or empty names an entity that another row of its table lists
# for another purpose: which service the row stands for cannot be told.
info contains lib.row_finding(sp, msg) if {
	some [i, entity, _, purpose] in _facts
	not _duplicate_of[i]
	_is_generic(purpose)
	other := _other_purpose_row(entity, purpose)
	sp := lib.rows[i]
	msg := sprintf(
		"%s is also listed on line %d, for %q; with %s this row cannot be told apart from it; say which service this row covers",
		[lib.subject(sp), lib.rows[other].line, object.get(lib.rows[other], "purpose", ""), _purpose_phrase(sp)],
	)
}

# The name keys of more than one row: neighbours once sorted. Most pages have none. Rows whose
# names differ in their key cannot be the same entity, so only these rows are compared.
_repeated_keys := {key |
	n := count(lib.name_keys)
	count({k | some k in lib.name_keys}) < n
	keys := sort(lib.name_keys)
	previous := array.slice(keys, 0, n - 1)
	some j, key in array.slice(keys, 1, n)
	key == previous[j]
	key != ""
}

# [index, entity, service, purpose key] of each row whose name key repeats. The entity is the
# name with its legal form and notes, in the table and category the row is in: "Acme BV" and
# "Acme Ltd" are sister companies, and tables per region or product are deliberate splits. The
# service adds the purpose, the location and the other columns but a row number.
_facts := [[i, entity, service, purpose] |
	some i, key in lib.name_keys
	key in _repeated_keys
	sp := lib.rows[i]
	entity := [_entity_name(sp.name), object.get(sp, "table", null), object.get(sp, "category", "")]
	purpose := _purpose_key(sp)
	service := [entity, purpose, _place(sp), _extra(sp)]
]

# The rows of each service, and for each later row of a service its first row.
_service_rows := {service: rows |
	some service in {s | some [_, _, s, _] in _facts}
	rows := [i | some [i, _, s, _] in _facts; s == service]
}

_duplicate_of := {i: first |
	some rows in _service_rows
	count(rows) > 1
	first := min(rows)
	some i in rows
	i != first
}

# For each entity, its first row and the first row with another purpose than that one's.
_entity_rows := {entity: rows |
	some entity in {e | some [_, e, _, _] in _facts}
	rows := [[i, p] | some [i, e, _, p] in _facts; e == entity]
}

_first_row := {entity: first |
	some entity, rows in _entity_rows
	first := min(rows)
}

_second_purpose_row := {entity: second |
	some entity, rows in _entity_rows
	[_, purpose] := _first_row[entity]
	others := [row | some row in rows; row[1] != purpose]
	count(others) > 0
	second := min(others)
}

# The first row of the entity whose purpose is not purpose.
_other_purpose_row(entity, purpose) := i if {
	[i, p] := _first_row[entity]
	p != purpose
} else := i if {
	[i, _] := _second_purpose_row[entity]
}

# A purpose is compared as its words; a row without a purpose cell has the empty purpose.
_purpose_key(sp) := trim_space(lib.words(object.get(sp, "purpose", "")))

_is_generic(purpose) if purpose == ""

_is_generic(purpose) if purpose in _generic_purposes

_is_generic(purpose) if lib.is_placeholder(purpose)

_generic_purposes := {trim_space(lib.words(p)) | some p in lib.list(lib.config.generic_purposes)}

_purpose_phrase(sp) := sprintf("the purpose %q", [sp.purpose]) if not lib.is_blank(object.get(sp, "purpose", ""))

else := "no purpose"

# The name as NameKey reads it (case-folded, dots and apostrophes dropped, other punctuation a
# space), keeping its legal form and the notes in parentheses.
_entity_name(name) := trim_space(regex.replace(
	regex.replace(lower(name), `[.'\x{2019}]`, ""),
	`[^\p{L}\p{N}]+`,
	" ",
))

# Where a row processes data: its countries, and the places that resolve to none.
_place(sp) := [
	sort(lib.items(sp, "countries")),
	sort([trim_space(lib.words(p)) | some p in lib.items(sp, "unresolved_locations")]),
]

# The row's other columns, without those that only number the rows ("#": "3").
_extra(sp) := {header: text |
	some header, text in object.get(sp, "extra", {})
	not regex.match(`^[\s\d.#()]*$`, text)
} if is_object(object.get(sp, "extra", {}))

else := {}
