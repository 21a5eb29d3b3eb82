package subpolicy.test.broken_tables

import data.subpolicy.rules.broken_tables
import data.subpolicy.test.fixtures

stray := [{"line": 20, "column": 1, "reason": "the delimiter row has 3 cells but the header has 4, so the table is shown as text"}]

test_success_no_stray_rows if {
	count(broken_tables.deny) == 0 with input as fixtures.clean
	count(broken_tables.deny) == 0 with input as object.union(fixtures.clean, {"stray_rows": []})
}

test_success_other_pages_stay_silent if {
	count(broken_tables.deny) == 0 with input as object.union(fixtures.doc([]), {"tables": [], "stray_rows": stray})
}

test_fail_stray_rows_on_a_subprocessor_page if {
	want := {{
		"msg": `this line looks like a table row but is not part of any table: the delimiter row has 3 cells but the header has 4, so the table is shown as text; fix the table so it renders as one (a header row, a delimiter row such as "| --- | --- |" with as many cells, no blank line or comment between rows)`,
		"line": 20,
		"column": 1,
	}}
	broken_tables.deny == want with input as object.union(fixtures.clean, {"stray_rows": stray})
	broken_tables.deny == want with input as object.union(fixtures.doc([]), {"tables": [], "stray_rows": stray, "page": {"subprocessors": true, "evidence": []}})
}

test_one_finding_for_a_table_a_change_broke if {
	doc := object.union(fixtures.doc([]), {
		"tables": [], "stray_rows": stray,
		"change": {"status": "modified", "base": {"tables": [fixtures.table], "subprocessors": []}},
		"context": {"mode": "pull_request", "now": fixtures.now, "pull_request": {"number": 1, "labels": [], "author": "a"}},
	})
	count(broken_tables.deny) == 0 with input as doc
	approved := object.union(doc, {"context": {"pull_request": {"labels": ["privacy-approved"]}}})
	count(broken_tables.deny) == 1 with input as approved
}
