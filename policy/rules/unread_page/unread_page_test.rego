package subpolicy.test.unread_page

import data.subpolicy.rules.unread_page
import data.subpolicy.test.fixtures

page(doc) := object.union(doc, {"page": {"subprocessors": true, "evidence": [`title "Subprocessors"`]}})

test_success_table_read if {
	count(unread_page.deny) == 0 with input as page(fixtures.clean)
}

test_success_not_a_subprocessor_page if {
	count(unread_page.deny) == 0 with input as object.union(fixtures.doc([]), {"tables": [], "page": {"subprocessors": false, "evidence": []}})
	count(unread_page.deny) == 0 with input as object.union(fixtures.doc([]), {"tables": []})
}

test_fail_no_table_at_all if {
	unread_page.deny == {{"msg": `no subprocessor table is read on this subprocessor page (title "Subprocessors"), so no rule can check it; write the list as a Markdown table with a name column and a purpose, data or location column, or take the page out of subprocessor_pages`}} with input as page(object.union(fixtures.doc([]), {"tables": [], "unread_tables": []}))
}

test_fail_tables_not_taken if {
	unread := [{
		"line": 9, "column": 1, "heading": "", "format": "markdown",
		"header": ["Anbieterin", "Wofür"], "columns": [],
		"reason": "no column names the vendor",
	}]
	unread_page.deny == {{
		"msg": `no subprocessor table is read on this subprocessor page (title "Subprocessors"); 1 table seen: line 9 ("Anbieterin", "Wofür"): no column names the vendor; give the table headers such as "Subprocessor", "Purpose", "Location", or map its columns in a --data file (columns: {name: ["Anbieterin"], purpose: [...]})`,
		"line": 9,
		"column": 1,
	}} with input as page(object.union(fixtures.doc([]), {"tables": [], "unread_tables": unread}))
}

test_fail_several_tables_not_taken_on_a_configured_page if {
	unread := [
		{"line": 9, "column": 1, "heading": "", "format": "markdown", "header": [], "columns": [], "reason": "no column names the vendor"},
		{"line": 20, "column": 3, "heading": "", "format": "html", "header": ["Plan", "Price"], "columns": [], "reason": "no column names the vendor"},
	]
	doc := object.union(fixtures.doc([]), {"tables": [], "unread_tables": unread, "page": {"subprocessors": true, "evidence": []}})
	unread_page.deny == {{
		"msg": `no subprocessor table is read on this subprocessor page (named as one); 2 tables seen: line 9 (): no column names the vendor; line 20 ("Plan", "Price"): no column names the vendor; give the table headers such as "Subprocessor", "Purpose", "Location", or map its columns in a --data file (columns: {name: ["Vendor"], purpose: [...]})`,
		"line": 9,
		"column": 1,
	}} with input as doc
}

test_success_tables_taken_away_by_the_change if {
	doc := object.union(fixtures.doc([]), {
		"tables": [], "unread_tables": [],
		"change": {"status": "modified", "base": {"tables": [fixtures.table], "subprocessors": []}},
	})
	count(unread_page.deny) == 0 with input as page(doc)
}
