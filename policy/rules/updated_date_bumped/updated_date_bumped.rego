# METADATA
# title: The "Updated" date moves forward when rows change
# description: When a change adds, removes or modifies a subprocessor row, the page's Updated date is later than the base version's, so customers and auditors can tell that the list changed and when (pull requests and check --base only).
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp013
#     description: rationale and sources
# custom:
#   id: SP013
#   severity: error
#   why:
#     error: "rows changed under an unchanged date tell customers the list is as it was: a false statement a reviewer blocks"
package subpolicy.rules.updated_date_bumped

import data.subpolicy.lib

deny contains lib.line_finding(input.updated.line, msg) if {
	base := input.change.base.updated.date
	lib.is_iso_date(base)
	head := input.updated.date
	lib.is_iso_date(head)
	head <= base
	count(_counts) > 0
	msg := sprintf("%s, but the Updated date %s; set it to the date this change is published (e.g. %s)", [
		lib.and_list(_counts),
		_date_state(head, base),
		lib.today,
	])
}

# _counts are "1 row added", "2 removed", "1 modified": the kinds of change this change makes.
_counts := [text |
	some i, kind in [k | some k in ["added", "removed", "modified"]; count(lib.list(input.change[k])) > 0]
	text := _count_text(i, count(input.change[kind]), kind)
]

_count_text(0, 1, kind) := sprintf("1 row %s", [kind])

_count_text(i, n, kind) := sprintf("%d rows %s", [n, kind]) if {
	i == 0
	n > 1
}

_count_text(i, n, kind) := sprintf("%d %s", [n, kind]) if i > 0

_date_state(head, base) := sprintf("is still %s, as in the base version", [head]) if head == base

else := sprintf("%s is earlier than the base version's %s", [head, base])
