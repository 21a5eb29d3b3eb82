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
	some sp in lib.rows
	first := _first_same_purpose(sp)
	msg := sprintf(
		"%s is listed twice with the same purpose (%q), also on line %d; remove one row",
		[lib.subject(sp), sp.purpose, first.line],
	)
}

# A later row names the same entity with a different purpose.
info contains lib.row_finding(sp, msg) if {
	some sp in lib.rows
	not _first_same_purpose(sp)
	first := _first_row(sp.name_key)
	first.line < sp.line
	msg := sprintf(
		"%s also appears on line %d with a different purpose (%q); merge the rows or make each purpose specific",
		[lib.subject(sp), first.line, first.purpose],
	)
}

# The first earlier row with the same entity and purpose.
_first_same_purpose(sp) := _first({r |
	some r in _same_entity[sp.name_key]
	r.line < sp.line
	_purpose_key(r) == _purpose_key(sp)
})

_first_row(key) := _first(_same_entity[key])

_same_entity[key] contains sp if {
	some sp in lib.rows
	key := object.get(sp, "name_key", "")
	key != ""
}

# The row with the lowest line (the first of a sorted set when several share it).
_first(rows) := [r | some r in rows; r.line == first][0] if first := min({r.line | some r in rows})

_purpose_key(sp) := trim_space(lib.words(sp.purpose))
