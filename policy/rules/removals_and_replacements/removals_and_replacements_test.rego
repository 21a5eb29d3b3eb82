package subpolicy.test.removals_and_replacements

import data.subpolicy.rules.removals_and_replacements
import data.subpolicy.test.fixtures

_row(line, fields, change) := object.union(fixtures.row(line, fields), {"change": change})

_zendesk := _row(14, {"name": "Zendesk, Inc.", "purpose": "Customer support ticketing", "location": "United States"}, "removed")

_intercom := _row(13, {"name": "Intercom, Inc.", "purpose": "Customer support ticketing"}, "added")

_stripe := _row(15, {"name": "Stripe, Inc.", "purpose": "Payment processing", "location": ""}, "removed")

# _doc is a change whose base had base_rows, to the clean row and rows.
_doc(rows, base_rows, replacements) := object.union(fixtures.doc(array.concat([_row(12, {}, "unchanged")], rows)), {"change": {
	"status": "modified", "added": [r.name | some r in rows], "removed": [r.name | some r in base_rows; r.change == "removed"],
	"modified": [], "modifications": [], "suspected_replacements": replacements,
	"base": {"path": "legal/subprocessors.md", "updated": null, "subprocessors": base_rows},
}})

_base := [_row(12, {}, "unchanged"), _zendesk, _stripe]

test_success_no_change if {
	count(removals_and_replacements.warn) == 0 with input as fixtures.clean
	count(removals_and_replacements.warn) == 0 with input as _doc([], [_row(12, {}, "unchanged")], [])
}

test_warn_removed if {
	removals_and_replacements.warn == {
		{
			"msg": `"Zendesk, Inc." (Customer support ticketing, United States) is removed from the list; make sure it no longer receives personal data, and tell customers in the change notice and the change log`,
			"line": 10, "column": 1,
		},
		{
			"msg": `"Stripe, Inc." (Payment processing) is removed from the list; make sure it no longer receives personal data, and tell customers in the change notice and the change log`,
			"line": 10, "column": 1,
		},
	} with input as _doc([], _base, [])
}

test_warn_replacement if {
	replacement := {
		"removed": "Zendesk, Inc.", "removed_index": 1, "added": "Intercom, Inc.", "added_index": 1,
		"purpose": "Customer support ticketing",
	}
	removals_and_replacements.warn == {
		{
			"msg": `"Intercom, Inc." replaces "Zendesk, Inc.", which is removed (same purpose "Customer support ticketing"); treat it as a replacement, which needs the same notice to customers as a new subprocessor (SP014), and record both in the change log`,
			"subprocessor": "Intercom, Inc.", "name_key": "intercom", "line": 13, "column": 3,
		},
		{
			"msg": `"Stripe, Inc." (Payment processing) is removed from the list; make sure it no longer receives personal data, and tell customers in the change notice and the change log`,
			"line": 10, "column": 1,
		},
	} with input as _doc([_intercom], _base, [replacement])
}

test_warn_removed_from_a_table_gone if {
	gone := object.union(_zendesk, {"table": 3, "purpose": "", "location": ""})
	doc := _doc([], [gone], [])
	removals_and_replacements.warn == {{
		"msg": `"Zendesk, Inc." is removed from the list; make sure it no longer receives personal data, and tell customers in the change notice and the change log`,
		"line": 3,
	}} with input as doc
	removals_and_replacements.warn == {{"msg": `"Zendesk, Inc." is removed from the list; make sure it no longer receives personal data, and tell customers in the change notice and the change log`}} with input as object.union(doc, {"updated": null})
}
