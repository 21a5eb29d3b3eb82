# METADATA
# title: New and replacing subprocessors get the notice period
# description: An added subprocessor (including one that replaces another) is announced at least notice_days ahead (GDPR Art. 28(2)) - its Effective date is at least that many days after the page's Updated date, or the pull request carries the label notice_label_prefix + the date customers were notified, at least that many days ago. The emergency_label turns the error into a warning (pull requests and check --base only).
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp014
#     description: rationale and sources
# custom:
#   id: SP014
#   severity: error
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
	not _notice_sent
	some i, sp in lib.rows
	sp.change == "added"
	not _effective_ok(sp)
}

_labels := {trim_space(l) | some l in lib.list(object.get(input, ["context", "pull_request", "labels"], []))}

_emergency if lib.config.emergency_label in _labels

# A notice label dated at least notice_days ago: customers were told in time.
_notice_sent if {
	some label in _labels
	startswith(label, lib.config.notice_label_prefix)
	sent := lib.date_ns(trim_space(substring(label, count(lib.config.notice_label_prefix), -1)))
	lib.days_between(sent, lib.today_ns) >= lib.config.notice_days
}

# The page's Updated date, which an Effective date is measured from; today when it is unknown.
_published_ns := ns if {
	ns := lib.date_ns(input.updated.date)
} else := lib.today_ns

_earliest := time.format([_published_ns + (lib.config.notice_days * lib.ns_per_day), "UTC", "2006-01-02"])

_effective_ok(sp) if {
	is_string(sp.effective)
	lib.days_between(_published_ns, lib.date_ns(sp.effective)) >= lib.config.notice_days
}

# The replaced row's name by the index of the row replacing it.
_replaces := {r.added_index: r.removed | some r in lib.list(object.get(input, ["change", "suspected_replacements"], []))}

_who(i) := sprintf("subprocessor %s, which replaces %q,", [lib.subject(lib.rows[i]), _replaces[i]]) if _replaces[i]

else := sprintf("new subprocessor %s", [lib.subject(lib.rows[i])])

_message(i) := sprintf(
	"%s becomes effective %s, only %d days after the Updated date; the notice period is %d days. %s",
	[_who(i), sp.effective, lib.days_between(_published_ns, lib.date_ns(sp.effective)), lib.config.notice_days, _fix],
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
	[_earliest, lib.config.notice_label_prefix, lib.config.notice_days],
)

_finding(sp, msg) := lib.cell_finding(sp, "effective", msg) if lib.has_cell(sp, "effective")

else := lib.row_finding(sp, msg)
