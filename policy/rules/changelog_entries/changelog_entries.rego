# METADATA
# title: Every change has a change-log entry
# description: On a page with a change log, every added, removed or modified subprocessor is named in an entry dated on or after the base version's Updated date (entries without a date count), so customers and auditors can trace what changed when (pull requests and check --base only).
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp018
#     description: rationale and sources
# custom:
#   id: SP018
#   severity: warning
#   why:
#     warning: "a page that keeps a change log should log every change; the log is the page's own promise, not the law's"
package subpolicy.rules.changelog_entries

import data.subpolicy.lib

# An added or modified row.
warn contains lib.row_finding(sp, _message(sp, sp.change)) if {
	_has_changelog
	some sp in lib.rows
	sp.change in {"added", "modified"}
	not _mentioned(sp)
}

# A removed row, reported at the table it was in (else the Updated line, else the page).
warn contains lib.removed_row_finding(sp, _message(sp, "removed")) if {
	_has_changelog
	some sp in lib.list(object.get(input, ["change", "base", "subprocessors"], []))
	sp.change == "removed"
	not _mentioned(sp)
}

_has_changelog if {
	input.change
	count(lib.list(input.changelog)) > 0
}

# The words of the entries that can describe this change, computed once and joined by "|",
# which no word sequence contains: a name matches within one entry only.
_entries := concat("|", [lib.words(e.text) | some e in lib.list(input.changelog); _recent(e)])

_base_date := d if {
	d := input.change.base.updated.date
	lib.is_iso_date(d)
}

_recent(_) if not _base_date

_recent(e) if not lib.is_iso_date(e.date)

_recent(e) if e.date >= _base_date

_mentioned(sp) if {
	some key in [sp.name_key, sp.name]
	k := lib.words(key)
	k != "  "
	contains(_entries, k)
}

_verbs := {"added": "Added", "modified": "Changed", "removed": "Removed"}

_message(sp, change) := sprintf(
	"no change-log entry mentions %s (%s in this change); add one such as \"%s: %s %s\"",
	[lib.subject(sp), change, lib.today, _verbs[change], _example(sp)],
)

_example(sp) := sprintf("%s (%s)", [sp.name, sp.purpose]) if not lib.is_blank(sp.purpose)

else := sp.name
