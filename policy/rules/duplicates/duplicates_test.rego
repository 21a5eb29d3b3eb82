package subpolicy.test.duplicates

import data.subpolicy.rules.duplicates
import data.subpolicy.test.fixtures

test_success_distinct_entities if {
	rows := [
		fixtures.row(12, {"name": "Acme GmbH"}),
		fixtures.row(13, {"name": "Beta GmbH"}),
		fixtures.row(14, {"name": "", "name_key": ""}),
		fixtures.row(15, {"name": "", "name_key": ""}),
	]
	count(duplicates.deny) == 0 with input as fixtures.doc(rows)
	count(duplicates.info) == 0 with input as fixtures.doc(rows)
}

test_fail_same_entity_and_purpose if {
	rows := [
		fixtures.row(14, {"name": "Amazon Web Services, Inc.", "name_key": "amazon web services", "purpose": "Cloud hosting"}),
		fixtures.row(29, {"name": "Amazon Web Services", "name_key": "amazon web services", "purpose": "cloud hosting."}),
	]
	duplicates.deny == {{
		"msg": `"Amazon Web Services" is listed twice with the same purpose ("cloud hosting."), also on line 14; remove one row`,
		"subprocessor": "Amazon Web Services", "name_key": "amazon web services", "line": 29, "column": 3,
	}} with input as fixtures.doc(rows)
	count(duplicates.info) == 0 with input as fixtures.doc(rows)
}

test_fail_same_entity_other_purpose if {
	rows := [
		fixtures.row(12, {"name": "Microsoft", "purpose": "Cloud hosting (Azure)"}),
		fixtures.row(20, {"name": "Microsoft", "purpose": "Email and productivity (Microsoft 365)"}),
		fixtures.row(25, {"name": "Microsoft", "purpose": "cloud hosting (azure)"}),
	]
	duplicates.deny == {{
		"msg": `"Microsoft" is listed twice with the same purpose ("cloud hosting (azure)"), also on line 12; remove one row`,
		"subprocessor": "Microsoft", "name_key": "microsoft", "line": 25, "column": 3,
	}} with input as fixtures.doc(rows)
	duplicates.info == {{
		"msg": `"Microsoft" also appears on line 12 with a different purpose ("Cloud hosting (Azure)"); merge the rows or make each purpose specific`,
		"subprocessor": "Microsoft", "name_key": "microsoft", "line": 20, "column": 3,
	}} with input as fixtures.doc(rows)
}

# A row without a purpose repeats no purpose, but is still reported after an earlier row of its
# entity.
test_fail_rows_without_purpose if {
	rows := [
		fixtures.row(12, {"name": "Acme GmbH"}),
		object.remove(fixtures.row(13, {"name": "Acme GmbH"}), ["purpose"]),
		object.remove(fixtures.row(14, {"name": "Acme GmbH"}), ["purpose"]),
	]
	count(duplicates.deny) == 0 with input as fixtures.doc(rows)
	duplicates.info == {
		{
			"msg": `"Acme GmbH" also appears on line 12 with a different purpose ("Sends transactional email notifications"); merge the rows or make each purpose specific`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "line": 13, "column": 3,
		},
		{
			"msg": `"Acme GmbH" also appears on line 12 with a different purpose ("Sends transactional email notifications"); merge the rows or make each purpose specific`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "line": 14, "column": 3,
		},
	} with input as fixtures.doc(rows)
}

# A minified HTML table has every row on one line: no row is earlier than another.
test_success_one_line if {
	rows := [
		fixtures.row(12, {"name": "Acme GmbH"}),
		fixtures.row(12, {"name": "Acme GmbH"}),
		fixtures.row(12, {"name": "Acme GmbH", "purpose": "Customer support"}),
	]
	count(duplicates.deny) == 0 with input as fixtures.doc(rows)
	count(duplicates.info) == 0 with input as fixtures.doc(rows)
}
