# METADATA
# title: Material changes to a subprocessor get notice like an addition
# description: When an existing subprocessor gets new data categories, new locations or a new purpose, customers get the same notice as for a new one - an Effective date at least notice_days after the page's Updated date, or the notice label dated at least that many days ago - and a new location has its transfer mechanism confirmed (pull requests and check --base only).
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp017
#     description: rationale and sources
# custom:
#   id: SP017
#   severity: warning
#   why:
#     warning: "a material change (new data or locations) needs notice like an addition; whether it is material is the reviewer's call"
package subpolicy.rules.material_changes

import data.subpolicy.lib

warn contains lib.cell_finding(sp, f.field, msg) if {
	not lib.notice_sent
	some m in lib.list(input.change.modifications)
	sp := lib.rows[m.index]
	not lib.effective_gives_notice(sp)
	some f in lib.list(m.fields)
	msg := sprintf("%s; %s%s", [_what(sp, f), _fix, _transfer(f)])
}

_transfer(f) := ", and confirm the transfer mechanism for the new location" if f.field == "location"

else := ""

_what(sp, f) := sprintf("%s now also processes data in %s (was: %q)", [
	lib.subject(sp),
	lib.quoted_list(f.added),
	f.before,
]) if {
	f.field == "location"
	count(lib.list(f.added)) > 0
}

_what(sp, f) := sprintf("%s now also receives %s", [lib.subject(sp), lib.quoted_list(f.added)]) if {
	f.field == "data"
	count(lib.list(f.added)) > 0
}

_what(sp, f) := sprintf("the purpose of %s changes from %q to %q", [lib.subject(sp), f.before, f.after]) if {
	f.field == "purpose"
}

_fix := sprintf(
	"treat this as a material change and give customers notice as for a new subprocessor: an Effective date on or after %s, or the label %sYYYY-MM-DD once they were notified at least %d days ago",
	[lib.earliest_effective, lib.config.notice_label_prefix, lib.config.notice_days],
)
