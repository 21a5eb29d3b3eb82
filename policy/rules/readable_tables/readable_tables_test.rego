package subpolicy.test.readable_tables

import data.subpolicy.rules.readable_tables
import data.subpolicy.test.fixtures

_row(line, fields, change) := object.union(fixtures.row(line, fields), {"change": change})

# _affiliates is a second table, at line 20 of the base, with two rows.
_affiliates := object.union(fixtures.table, {
	"index": 1, "line": 20, "heading": "Affiliates",
	"header": ["Entity", "Function", "Location"], "columns": {"name": 0, "purpose": 1, "location": 2},
})

_zendesk := _row(22, {"table": 1, "name": "Zendesk, Inc.", "purpose": "Customer support ticketing"}, "removed")

_stripe := _row(23, {"table": 1, "name": "Stripe, Inc.", "purpose": "Payment processing"}, "removed")

_base_rows := [_row(12, {}, "unchanged"), _zendesk, _stripe]

# _doc is the clean page with head_tables, changed from a base with base_tables and base_rows,
# in a pull request with labels. The diff (Go, tested in internal/subprocessor) pairs the
# tables; here a base table is lost when no head table has its heading and header.
_doc(head_tables, base_tables, base_rows, labels) := _doc_lost(head_tables, base_tables, base_rows, labels, [i |
	some i, t in base_tables
	not _kept(t, head_tables)
])

_kept(t, tables) if {
	some h in tables
	h.heading == t.heading
	h.header == t.header
}

# _doc_lost is _doc with the lost tables as the diff found them.
_doc_lost(head_tables, base_tables, base_rows, labels, lost) := object.union(fixtures.doc([_row(12, {}, "unchanged")]), {
	"tables": head_tables,
	"change": {
		"status": "modified", "added": [], "removed": [r.name | some r in base_rows; r.change == "removed"],
		"modified": [], "modifications": [], "suspected_replacements": [], "lost_tables": lost,
		"base": {"path": "legal/subprocessors.md", "updated": null, "subprocessors": base_rows, "tables": base_tables},
	},
	"context": {"mode": "pull_request", "now": fixtures.now, "pull_request": {"number": 7, "labels": labels, "author": "a"}},
})

# _removed is the page removed: no head, every base row removed.
_removed(base_tables, base_rows, labels) := object.union(fixtures.doc([]), {
	"title": "", "updated": null, "notice": null, "subscription": null, "tables": [],
	"change": {
		"status": "removed", "added": [], "removed": [r.name | some r in base_rows], "modified": [],
		"modifications": [], "suspected_replacements": [], "lost_tables": numbers.range(0, count(base_tables) - 1),
		"base": {"path": "legal/subprocessors.md", "updated": null, "subprocessors": [object.union(r, {"change": "removed"}) | some r in base_rows], "tables": base_tables},
	},
	"context": {"mode": "pull_request", "now": fixtures.now, "pull_request": {"number": 7, "labels": labels, "author": "a"}},
})

_fix := `restore it (a header row with a name column and a purpose, data or location column, then a delimiter row such as "| --- | --- | --- |"), or, if the removal is intended, apply the label "privacy-approved"`

test_success_no_change if {
	count(readable_tables.deny) == 0 with input as fixtures.clean
}

test_success_same_tables if {
	count(readable_tables.deny) == 0 with input as _doc([fixtures.table, _affiliates], [fixtures.table, _affiliates], _base_rows, [])

	# A table reworded but still read is no table lost.
	reworded := object.union(_affiliates, {"heading": "Our affiliates", "header": ["Company", "Service", "Country"]})
	count(readable_tables.deny) == 0 with input as _doc([fixtures.table, reworded], [fixtures.table, _affiliates], _base_rows, [])
}

test_success_more_tables if {
	count(readable_tables.deny) == 0 with input as _doc([fixtures.table, _affiliates], [fixtures.table], [_row(12, {}, "unchanged")], [])
}

# The affiliates table's delimiter row deleted: the table and its rows are no longer read.
test_fail_table_lost if {
	readable_tables.deny == {{
		"msg": concat("", [
			`the table under "Affiliates" (line 20 of the base version, header "Entity | Function | Location") is no longer read as a subprocessor table, `,
			`so its rows "Zendesk, Inc.", "Stripe, Inc." go unchecked; `, _fix,
		]),
		"line": 1,
	}} with input as _doc([fixtures.table], [fixtures.table, _affiliates], _base_rows, ["subprocessor-notice-sent:2026-10-01"])
}

test_success_approved if {
	count(readable_tables.deny) == 0 with input as _doc([fixtures.table], [fixtures.table, _affiliates], _base_rows, [" Privacy-Approved "])
	count(readable_tables.deny) == 0 with input as _doc([], [fixtures.table, _affiliates], _base_rows, ["dpo-approved"])
		with data.subpolicy.config.approval_labels as ["privacy-approved", "dpo-approved"]
}

# Without approval labels there is nothing to apply: the removal is waived, or the table restored.
test_fail_no_approval_labels if {
	readable_tables.deny == {{
		"msg": concat("", [
			`the table under "Affiliates" (line 20 of the base version, header "Entity | Function | Location") is no longer read as a subprocessor table, `,
			`so its rows "Zendesk, Inc.", "Stripe, Inc." go unchecked; `,
			`restore it (a header row with a name column and a purpose, data or location column, then a delimiter row such as "| --- | --- | --- |"), `,
			`or, if the removal is intended, waive SP021 with a reason (no approval_labels are configured)`,
		]),
		"line": 1,
	}} with input as _doc([fixtures.table], [fixtures.table, _affiliates], _base_rows, ["privacy-approved"])
		with data.subpolicy.config.approval_labels as []
}

# The first table's heading reworded and the second lost (the diff pairs the first by its
# header); then the first's header changed and the second lost (paired by its heading).
test_fail_pairs_reworded_tables if {
	reheaded := object.union(fixtures.table, {"heading": "Hosting"})
	readable_tables.deny == {{
		"msg": concat("", [
			`the table under "Affiliates" (line 20 of the base version, header "Entity | Function | Location") is no longer read as a subprocessor table, `,
			`so its rows "Zendesk, Inc.", "Stripe, Inc." go unchecked; `, _fix,
		]),
		"line": 1,
	}} with input as _doc_lost([reheaded], [fixtures.table, _affiliates], _base_rows, [], [1])
	renamed := object.union(fixtures.table, {"header": ["Vendor", "Purpose", "Data", "Location", "Links"]})
	readable_tables.deny == {{
		"msg": concat("", [
			`the table under "Affiliates" (line 20 of the base version, header "Entity | Function | Location") is no longer read as a subprocessor table, `,
			`so its rows "Zendesk, Inc.", "Stripe, Inc." go unchecked; `, _fix,
		]),
		"line": 1,
	}} with input as _doc_lost([renamed], [fixtures.table, _affiliates], _base_rows, [], [1])
}

# Two identical tables, the second lost: its rows, not the first's, are named.
test_fail_identical_tables if {
	second := object.union(fixtures.table, {"index": 1, "line": 30})
	rows := [_row(12, {}, "unchanged"), _row(32, {"table": 1, "name": "Twilio Inc."}, "removed")]
	readable_tables.deny == {{
		"msg": concat("", [
			`the table under "Infrastructure" (line 30 of the base version, header "Name | Purpose | Data | Location | Links") is no longer read as a subprocessor table, `,
			`so its rows "Twilio Inc." go unchecked; `,
			`restore it (a header row with a name column and a purpose, data or location column, then a delimiter row such as "| --- | --- | --- | --- | --- |"), `,
			`or, if the removal is intended, apply the label "privacy-approved"`,
		]),
		"line": 1,
	}} with input as _doc_lost([fixtures.table], [fixtures.table, second], rows, [], [1])
}

# Both tables lost: the rows that moved to a table still read are not named; an HTML table
# without a heading is named by its line and restored as HTML.
test_fail_tables_lost if {
	html := {
		"index": 0, "line": 4, "column": 1, "heading": "", "kind": "third_party", "format": "html",
		"header": ["Name", "Purpose", "Region", "A", "B", "C", "D", "E", "F", "G"], "columns": {"name": 0, "purpose": 1, "location": 2},
	}
	affiliates := object.union(_affiliates, {"index": 1})
	kept := object.union(fixtures.table, {"heading": "Vendors", "header": ["Vendor", "Service"], "index": 0})
	rows := [_row(6, {}, "modified"), _zendesk, _stripe]
	readable_tables.deny == {{
		"msg": concat("", [
			`2 subprocessor tables are no longer read as such: the table on line 4 of the base version (header "Name | Purpose | Region | A | B | C | D | E | …") `,
			`and the table under "Affiliates" (line 20 of the base version, header "Entity | Function | Location"), `,
			`so their rows "Zendesk, Inc.", "Stripe, Inc." go unchecked; `,
			`restore them (an HTML table whose header row has a name column and a purpose, data or location column), `,
			`or, if the removal is intended, apply the label "privacy-approved"`,
		]),
		"line": 1,
	}} with input as _doc([kept], [html, affiliates, object.union(kept, {"index": 2, "line": 40})], rows, [])
}

test_fail_page_removed if {
	readable_tables.deny == {{"msg": concat("", [
		`the page is removed or moved out of the checked paths, and with it its 2 subprocessor tables: `,
		`the table under "Infrastructure" (line 10 of the base version, header "Name | Purpose | Data | Location | Links") `,
		`and the table under "Affiliates" (line 20 of the base version, header "Entity | Function | Location"), `,
		`so their rows "Acme GmbH", "Zendesk, Inc.", "Stripe, Inc." go unchecked; `,
		`restore the page, or, if the removal is intended, apply the label "privacy-approved"`,
	])}} with input as _removed([fixtures.table, _affiliates], _base_rows, [])
	readable_tables.deny == {{"msg": concat("", [
		`the page is removed or moved out of the checked paths, and with it the table under "Infrastructure" `,
		`(line 10 of the base version, header "Name | Purpose | Data | Location | Links"); `,
		`restore the page, or, if the removal is intended, apply the label "privacy-approved"`,
	])}} with input as _removed([fixtures.table], [], [])
}

test_success_page_removed_approved if {
	count(readable_tables.deny) == 0 with input as _removed([fixtures.table, _affiliates], _base_rows, ["privacy-approved"])
}

# Many tables and rows: the first max_listed_names of each, then how many more.
test_fail_clipped if {
	tables := [object.union(fixtures.table, {"index": i, "line": 10 * (i + 1), "heading": sprintf("T%d", [i])}) | some i in numbers.range(0, 3)]
	rows := [_row((10 * (i + 1)) + 2, {"table": i, "name": sprintf("V%d", [i])}, "removed") | some i in numbers.range(0, 3)]
	header := `header "Name | Purpose | Data | Location | Links"`
	readable_tables.deny == {{"msg": concat("", [
		`the page is removed or moved out of the checked paths, and with it its 4 subprocessor tables: `,
		`the table under "T0" (line 10 of the base version, `, header, `), `,
		`the table under "T1" (line 20 of the base version, `, header, `) and 2 more, `,
		`so their rows "V0", "V1" and 2 more go unchecked; `,
		`restore the page, or, if the removal is intended, apply the label "privacy-approved"`,
	])}} with input as _removed(tables, rows, []) with data.subpolicy.config.max_listed_names as 2
}
