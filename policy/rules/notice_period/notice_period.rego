# METADATA
# title: New and replacing subprocessors get the notice period
# description: An added subprocessor (including one that replaces another) is announced at least notice_days ahead (GDPR Art. 28(2)) - its Effective date is at least that many days after the page's Updated date, or the pull request carries the label notice_label_prefix + the date customers were notified, at least that many days ago. The emergency_label turns the error into a warning (pull requests and check --base only).
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp014
#     description: rationale and sources
# custom:
#   id: SP014
#   severity: error
#   why:
#     error: "a new or replacing subprocessor that takes effect before the promised notice period ends breaks the DPA's Art. 28(2) notice"
package subpolicy.rules.notice_period

import data.subpolicy.lib

deny contains _finding(lib.rows[i], _message(i)) if {
	not _emergency
	some i in _pending
}

warn contains _finding(sp, msg) if {
	_emergency
	some i in _pending
	sp := lib.rows[i]
	msg := sprintf(
		"%s is added under the label %q without the %d days' notice; notify customers now, and record why it could not wait in the change log",
		[_who(i), lib.config.emergency_label, lib.config.notice_days],
	)
}

# _pending are the added rows whose notice is not given: no notice label old enough, and no
# Effective date far enough ahead.
_pending contains i if {
	input.change
	not lib.notice_sent
	some i, sp in lib.rows
	sp.change == "added"
	not lib.effective_gives_notice(sp)
}

_emergency if lib.config.emergency_label in lib.pull_request_labels

# The replaced row's name by the index of the row replacing it.
_replaces := {r.added_index: r.removed | some r in lib.list(object.get(input, ["change", "suspected_replacements"], []))}

_who(i) := sprintf("subprocessor %s, which replaces %q,", [lib.subject(lib.rows[i]), _replaces[i]]) if _replaces[i]

else := sprintf("new subprocessor %s", [lib.subject(lib.rows[i])])

_message(i) := sprintf(
	"%s becomes effective %s, only %d days after the Updated date; the notice period is %d days. %s",
	[_who(i), sp.effective, lib.days_between(lib.published_ns, lib.date_ns(sp.effective)), lib.config.notice_days, _fix],
) if {
	sp := lib.rows[i]
	is_string(sp.effective)
	lib.is_iso_date(sp.effective)
}

else := sprintf(
	"%s has no Effective date, so customers get no notice before it processes their data (the notice period is %d days). %s",
	[_who(i), lib.config.notice_days, _fix],
)

_fix := sprintf(
	"Set Effective to %s or later, or add the label %sYYYY-MM-DD once customers were notified at least %d days ago",
	[lib.earliest_effective, lib.config.notice_label_prefix, lib.config.notice_days],
)

_finding(sp, msg) := lib.cell_finding(sp, "effective", msg) if lib.has_cell(sp, "effective")

else := lib.row_finding(sp, msg)
