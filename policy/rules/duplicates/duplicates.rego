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
	some [i, key, purpose, line] in _repeated
	purpose != null
	first := _first_lines[[key, purpose]]
	first < line
	sp := lib.rows[i]
	msg := sprintf(
		"%s is listed twice with the same purpose (%q), also on line %d; remove one row",
		[lib.subject(sp), sp.purpose, first],
	)
}

# A later row names the same entity with a different purpose.
info contains lib.row_finding(sp, msg) if {
	some [i, key, purpose, line] in _repeated
	not _repeats_purpose(key, purpose, line)
	first := _first_row[key]
	first.line < line
	sp := lib.rows[i]
	msg := sprintf(
		"%s also appears on line %d with a different purpose (%q); merge the rows or make each purpose specific",
		[lib.subject(sp), first.line, first.purpose],
	)
}

# The indexes of the rows of each entity (name_key) that has more than one.
_entities := {key: rows |
	some key in _repeated_keys
	rows := [i | some i, k in lib.name_keys; k == key]
}

# The name keys of more than one row: neighbours once sorted. Most pages have none.
_repeated_keys := {key |
	n := count(lib.name_keys)
	count({k | some k in lib.name_keys}) < n
	keys := sort(lib.name_keys)
	previous := array.slice(keys, 0, n - 1)
	some j, key in array.slice(keys, 1, n)
	key == previous[j]
	key != ""
}

# [index, name_key, purpose key, line] of each row of an entity listed more than once; the
# purpose key is null for a row without a purpose, which repeats none.
_repeated := {[i, key, _purpose_key(sp), sp.line] |
	some key, rows in _entities
	some i in rows
	sp := lib.rows[i]
}

# An earlier row of the entity has the same purpose.
_repeats_purpose(key, purpose, line) if {
	purpose != null
	_first_lines[[key, purpose]] < line
}

# The lowest line among an entity's rows with a purpose, by [name_key, purpose key].
_first_lines := {[key, purpose]: min(lines) |
	some [key, purpose] in {[k, p] | some [_, k, p, _] in _repeated}
	lines := [line | some [_, k, p, line] in _repeated; k == key; p == purpose]
}

# An entity's row with the lowest line (the first in value order when several share it).
_first_row := {key: first |
	some key, rows in _entities
	lowest := min({lib.rows[i].line | some i in rows})
	first := min({sp | some i in rows; sp := lib.rows[i]; sp.line == lowest})
}

_purpose_key(sp) := trim_space(lib.words(sp.purpose)) if "purpose" in object.keys(sp)

else := null
