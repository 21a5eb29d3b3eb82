package subpolicy.test.privacy_approval

import data.subpolicy.rules.privacy_approval
import data.subpolicy.test.fixtures

_row(line, fields, change) := object.union(fixtures.row(line, fields), {"change": change})

_openai := _row(13, {"name": "OpenAI, L.L.C.", "purpose": "AI Service Provider"}, "added")

_acme := _row(12, {}, "modified")

# _doc is a change with the clean row (modified by modifications) and rows after it, in a pull
# request with labels.
_doc(rows, modifications, labels) := object.union(fixtures.doc(array.concat([_acme], rows)), {
	"change": {
		"status": "modified", "added": [r.name | some r in rows], "removed": [],
		"modified": [m.name | some m in modifications], "modifications": modifications,
		"suspected_replacements": [],
		"base": {"path": "legal/subprocessors.md", "updated": null, "subprocessors": []},
	},
	"context": {"mode": "pull_request", "now": fixtures.now, "pull_request": {"number": 7, "labels": labels, "author": "a"}},
})

_modification(fields) := {"index": 0, "base_index": 0, "name": "Acme GmbH", "name_key": "acme", "fields": fields}

_field(field, added, removed) := {"field": field, "before": "b", "after": "a", "added": added, "removed": removed}

test_success_no_change if {
	count(privacy_approval.deny) == 0 with input as fixtures.clean
}

test_success_approved if {
	count(privacy_approval.deny) == 0 with input as _doc([_openai], [], ["Privacy-Approved"])
}

test_fail_added if {
	privacy_approval.deny == {{
		"msg": `"OpenAI, L.L.C." is added without privacy approval; have the privacy team review it, then apply the label "privacy-approved"`,
		"subprocessor": "OpenAI, L.L.C.", "name_key": "openai l l c", "line": 13, "column": 3,
	}} with input as _doc([_openai], [], ["subprocessor-notice-sent:2026-10-01"])
}

test_fail_material_change if {
	doc := _doc(
		[], [_modification([
			_field("purpose", [], []),
			_field("data", ["Voice recordings"], []),
			_field("location", ["United States"], ["Germany"]),
			_field("links", ["https://x.example"], []),
		])],
		[],
	)
	privacy_approval.deny == {{
		"msg": `"Acme GmbH" changes its purpose, data categories and locations without privacy approval; have the privacy team review the change, then apply one of the labels "privacy-approved", "dpo-approved"`,
		"subprocessor": "Acme GmbH", "name_key": "acme", "line": 12, "column": 3,
	}} with input as doc
		with data.subpolicy.config.approval_labels as ["privacy-approved", "dpo-approved"]
	count(privacy_approval.deny) == 0 with input as doc with data.subpolicy.config.approval_labels as []
}

test_fail_new_location if {
	privacy_approval.deny == {{
		"msg": `"Acme GmbH" changes its locations without privacy approval; have the privacy team review the change, then apply the label "privacy-approved"`,
		"subprocessor": "Acme GmbH", "name_key": "acme", "line": 12, "column": 3,
	}} with input as _doc([], [_modification([_field("location", ["United States"], [])])], [])
}

test_success_change_not_material if {
	doc := _doc(
		[], [_modification([
			_field("name", [], []),
			_field("data", [], ["Names"]),
			_field("location", [], ["Germany"]),
		])],
		[],
	)
	count(privacy_approval.deny) == 0 with input as doc
}
