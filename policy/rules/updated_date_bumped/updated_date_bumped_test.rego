package subpolicy.test.updated_date_bumped

import data.subpolicy.rules.updated_date_bumped
import data.subpolicy.test.fixtures

# _doc is the clean document (Updated 2026-11-01) changed from a base updated on base_date.
_doc(base_date, change) := object.union(fixtures.clean, {"change": object.union(
	{
		"status": "modified", "added": [], "removed": [], "modified": [],
		"modifications": [], "suspected_replacements": [],
		"base": {
			"path": "legal/subprocessors.md",
			"updated": {"date": base_date, "text": sprintf("Updated %s", [base_date]), "line": 3},
			"subprocessors": [],
		},
	},
	change,
)})

test_success_date_bumped if {
	count(updated_date_bumped.deny) == 0 with input as _doc("2026-10-01", {"added": ["Acme GmbH"]})
}

test_success_no_row_changed if {
	count(updated_date_bumped.deny) == 0 with input as _doc("2026-11-01", {})
}

test_success_without_base if {
	count(updated_date_bumped.deny) == 0 with input as fixtures.clean
	doc := object.union(fixtures.clean, {"change": {"status": "added", "added": ["Acme GmbH"], "base": null}})
	count(updated_date_bumped.deny) == 0 with input as doc
}

test_success_dates_unknown if {
	count(updated_date_bumped.deny) == 0 with input as _doc("", {"added": ["Acme GmbH"]})
	doc := object.union(_doc("2026-11-01", {"added": ["Acme GmbH"]}), {"updated": {"date": "", "text": "Updated soon", "line": 3}})
	count(updated_date_bumped.deny) == 0 with input as doc
}

test_fail_same_date if {
	updated_date_bumped.deny == {{
		"msg": "1 row added, but the Updated date is still 2026-11-01, as in the base version; set it to the date this change is published (e.g. 2026-11-28)",
		"line": 3,
	}} with input as _doc("2026-11-01", {"added": ["Acme GmbH"]})
}

test_fail_earlier_date_several_changes if {
	updated_date_bumped.deny == {{
		"msg": "2 rows added, 1 removed and 3 modified, but the Updated date 2026-11-01 is earlier than the base version's 2026-11-15; set it to the date this change is published (e.g. 2026-11-28)",
		"line": 3,
	}} with input as _doc("2026-11-15", {"added": ["A", "B"], "removed": ["C"], "modified": ["D", "E", "F"]})
}

test_fail_only_removed if {
	updated_date_bumped.deny == {{
		"msg": "1 row removed and 2 modified, but the Updated date is still 2026-11-01, as in the base version; set it to the date this change is published (e.g. 2026-11-28)",
		"line": 3,
	}} with input as _doc("2026-11-01", {"removed": ["C"], "modified": ["D", "E"]})
}
