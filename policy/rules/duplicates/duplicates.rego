# METADATA
# title: No duplicate entries
# description: A subprocessor appears once per purpose; two rows with the same entity and purpose are an error, the same entity with different purposes a notice suggesting one row or clearer purposes.
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp009
#     description: rationale and sources
# custom:
#   id: SP009
#   severity: error
package subpolicy.rules.duplicates

import data.subpolicy.lib

# A later row repeats an earlier one's entity and purpose.
deny contains lib.row_finding(sp, msg) if {
	some e in _entries
	first := _first_by_purpose[e.pkey]
	first < e.i
	sp := lib.rows[e.i]
	msg := sprintf(
		"%s is listed twice with the same purpose (%q), also on line %d; remove one row",
		[lib.subject(sp), sp.purpose, lib.rows[first].line],
	)
}

# A later row names the same entity with a different purpose.
info contains lib.row_finding(sp, msg) if {
	some e in _entries
	_first_by_purpose[e.pkey] == e.i
	first := lib.rows[_first_by_key[e.key]]
	_first_by_key[e.key] < e.i
	sp := lib.rows[e.i]
	msg := sprintf(
		"%s also appears on line %d with a different purpose (%q); merge the rows or make each purpose specific",
		[lib.subject(sp), first.line, first.purpose],
	)
}

# One entry per named row: its index on the page, its entity and its entity+purpose key. Rows are
# told apart by index, not line: a minified HTML table puts every row on one line.
_entries := [{"i": i, "key": key, "pkey": concat("\u0000", [key, _purpose_key(sp)])} |
	some i, sp in lib.rows
	key := object.get(sp, "name_key", "")
	key != ""
]

# The first row of each entity, and of each entity and purpose. Each group is built once per
# distinct key (OPA indexes the inner comprehension on the bound key), so the rule stays linear
# in rows even when every row names the same entity.
_first_by_key := {k: min([e.i | some e in _entries; e.key == k]) | some k in {e.key | some e in _entries}}

_first_by_purpose := {k: min([e.i | some e in _entries; e.pkey == k]) | some k in {e.pkey | some e in _entries}}

_purpose_key(sp) := trim_space(lib.words(sp.purpose))
