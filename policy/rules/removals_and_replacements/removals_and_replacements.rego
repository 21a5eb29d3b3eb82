# METADATA
# title: Removed subprocessors and suspected replacements are called out
# description: A removed row is pointed out so the change notice mentions it, and a removal paired with an addition of the same purpose is flagged as a suspected replacement, which GDPR Art. 28(2) treats like an addition (pull requests and check --base only).
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp016
#     description: rationale and sources
# custom:
#   id: SP016
#   severity: warning
#   why:
#     warning: "a removal needs telling, and a suspected replacement needs notice like an addition; but a removal itself is no defect"
package subpolicy.rules.removals_and_replacements

import data.subpolicy.lib

# A removed row that no added row replaces: reported at the table it was in, else at the
# Updated line, else on the page.
warn contains lib.removed_row_finding(sp, msg) if {
	some i, sp in _base_rows
	sp.change == "removed"
	not i in _replaced
	msg := sprintf(
		"%s is removed from the list; make sure it no longer receives personal data, and tell customers in the change notice and the change log",
		[_described(sp)],
	)
}

# A suspected replacement: reported at the added row.
warn contains lib.row_finding(sp, msg) if {
	some r in _replacements
	sp := lib.rows[r.added_index]
	old := _base_rows[r.removed_index]
	msg := sprintf(
		"%s replaces %s, which is removed (same purpose %q); treat it as a replacement, which needs the same notice to customers as a new subprocessor (SP014), and record both in the change log",
		[lib.subject(sp), lib.subject(old), sp.purpose],
	)
}

_base_rows := lib.list(object.get(input, ["change", "base", "subprocessors"], []))

_replacements := lib.list(object.get(input, ["change", "suspected_replacements"], []))

_replaced := {r.removed_index | some r in _replacements}

# _described is the row's name with its purpose and location.
_described(sp) := sprintf("%s (%s)", [lib.subject(sp), concat(", ", parts)]) if {
	parts := [x | some x in [sp.purpose, sp.location]; not lib.is_blank(x)]
	count(parts) > 0
} else := lib.subject(sp)
