# METADATA
# title: Added and materially changed subprocessors have privacy approval
# description: A change that adds a subprocessor, or changes the purpose of one or gives it new data categories or locations, carries one of the approval_labels (default privacy-approved), applied once the privacy team has done its due diligence (GDPR Art. 28(1)) (pull requests and check --base only).
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp015
#     description: rationale and sources
# custom:
#   id: SP015
#   severity: error
#   why:
#     error: "adding a subprocessor or changing what it processes without the privacy team's approval is the change the gate exists to stop"
package subpolicy.rules.privacy_approval

import data.subpolicy.lib

# An added row.
deny contains lib.row_finding(sp, msg) if {
	_needs_approval
	some sp in lib.rows
	sp.change == "added"
	msg := sprintf("%s is added without privacy approval; have the privacy team review it, then %s", [lib.subject(sp), lib.apply_approval])
}

# A row whose purpose, data or locations change materially.
deny contains lib.row_finding(sp, msg) if {
	_needs_approval
	some m in lib.list(input.change.modifications)
	what := [_field_names[f.field] | some f in lib.list(m.fields); _material(f)]
	count(what) > 0
	sp := lib.rows[m.index]
	msg := sprintf("%s changes its %s without privacy approval; have the privacy team review the change, then %s", [
		lib.subject(sp),
		lib.and_list(what),
		lib.apply_approval,
	])
}

_needs_approval if {
	input.change
	count(lib.approval_labels) > 0
	not lib.approved
}

# A material change: a new purpose, or new data categories or locations (removing some only
# narrows the processing).
_material(f) if f.field == "purpose"

_material(f) if {
	f.field in {"data", "location"}
	count(lib.list(f.added)) > 0
}

_field_names := {"purpose": "purpose", "data": "data categories", "location": "locations"}
