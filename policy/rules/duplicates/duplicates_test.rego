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
	count(duplicates.warn) == 0 with input as fixtures.doc(rows)
	count(duplicates.info) == 0 with input as fixtures.doc(rows)
}

# The same entity (its legal form spelt two ways), table, purpose and country: a real duplicate.
test_fail_same_entity_and_purpose if {
	rows := [
		fixtures.row(14, {"name": "Amazon Web Services, Inc.", "name_key": "amazon web services", "purpose": "Cloud hosting", "location": "USA", "locations": ["USA"], "countries": ["US"]}),
		fixtures.row(20, {"name": "Beta GmbH"}),
		fixtures.row(29, {"name": "Amazon Web Services Inc", "name_key": "amazon web services", "purpose": "cloud hosting.", "location": "United States", "locations": ["United States"], "countries": ["US"]}),
	]
	duplicates.warn == {{
		"msg": `"Amazon Web Services Inc" is listed twice in the same table for the same purpose and location, also on line 14; remove one row or merge the two`,
		"subprocessor": "Amazon Web Services Inc", "name_key": "amazon web services", "line": 29, "column": 3,
	}} with input as fixtures.doc(rows)
	count(duplicates.info) == 0 with input as fixtures.doc(rows)
}

# Sister companies share a name key, not a legal entity.
test_success_sister_companies if {
	rows := [
		fixtures.row(12, {"name": "Acme BV", "name_key": "acme"}),
		fixtures.row(13, {"name": "Acme Ltd", "name_key": "acme"}),
		fixtures.row(14, {"name": "Acme Pty Ltd", "name_key": "acme"}),
		fixtures.row(15, {"name": "Acme", "name_key": "acme", "purpose": "Services"}),
	]
	count(duplicates.warn) == 0 with input as fixtures.doc(rows)
	count(duplicates.info) == 0 with input as fixtures.doc(rows)
}

# One table per region, or a Category column: deliberate splits.
test_success_tables_per_region if {
	rows := [
		fixtures.row(12, {"name": "Acme GmbH", "category": "United States"}),
		fixtures.row(20, {"table": 1, "name": "Acme GmbH", "category": "European Union", "purpose": "Services"}),
		fixtures.row(21, {"table": 1, "name": "Acme GmbH", "category": "Other"}),
	]
	count(duplicates.warn) == 0 with input as fixtures.doc(rows)
	count(duplicates.info) == 0 with input as fixtures.doc(rows)
}

# Rows per region in one table, and rows that another column tells apart.
test_success_rows_per_region_or_product if {
	rows := [
		fixtures.row(12, {"name": "Acme GmbH"}),
		fixtures.row(13, {"name": "Acme GmbH", "location": "Ireland", "locations": ["Ireland"], "countries": ["IE"]}),
		fixtures.row(14, {"name": "Acme GmbH", "location": "Frankfurt", "locations": ["Frankfurt"], "countries": [], "unresolved_locations": ["Frankfurt"]}),
		fixtures.row(15, {"name": "Acme GmbH", "extra": {"Tier": "Enterprise"}}),
	]
	count(duplicates.warn) == 0 with input as fixtures.doc(rows)
	count(duplicates.info) == 0 with input as fixtures.doc(rows)
}

# One entity with two specific purposes is two services.
test_success_two_specific_purposes if {
	rows := [
		fixtures.row(12, {"name": "Microsoft (Azure)", "name_key": "microsoft", "purpose": "Cloud hosting"}),
		fixtures.row(13, {"name": "Microsoft (Azure)", "name_key": "microsoft", "purpose": "Cognitive services and ticket analysis"}),
		fixtures.row(14, {"name": "Microsoft", "purpose": "Technical services"}),
	]
	count(duplicates.warn) == 0 with input as fixtures.doc(rows)
	count(duplicates.info) == 0 with input as fixtures.doc(rows)
}

# A generic or empty purpose beside another purpose of the same entity: a notice on that row,
# whether it comes first or later. A row that repeats another is a duplicate only.
test_fail_generic_purpose if {
	rows := [
		fixtures.row(12, {"name": "Acme GmbH", "purpose": "Services."}),
		fixtures.row(13, {"name": "Acme GmbH", "purpose": "Email delivery"}),
		fixtures.row(14, {"name": "Acme GmbH", "purpose": ""}),
		fixtures.row(15, {"name": "Acme GmbH", "purpose": "TBD"}),
		fixtures.row(16, {"name": "Acme GmbH", "purpose": "services"}),
	]
	duplicates.warn == {{
		"msg": `"Acme GmbH" is listed twice in the same table for the same purpose and location, also on line 12; remove one row or merge the two`,
		"subprocessor": "Acme GmbH", "name_key": "acme", "line": 16, "column": 3,
	}} with input as fixtures.doc(rows)
	duplicates.info == {
		{
			"msg": `"Acme GmbH" is also listed on line 13, for "Email delivery"; with the purpose "Services." this row cannot be told apart from it; say which service this row covers`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "line": 12, "column": 3,
		},
		{
			"msg": `"Acme GmbH" is also listed on line 12, for "Services."; with no purpose this row cannot be told apart from it; say which service this row covers`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "line": 14, "column": 3,
		},
		{
			"msg": `"Acme GmbH" is also listed on line 12, for "Services."; with the purpose "TBD" this row cannot be told apart from it; say which service this row covers`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "line": 15, "column": 3,
		},
	} with input as fixtures.doc(rows)
}

# Rows of a table without a purpose column: the same entity twice in the same place is a
# duplicate; in two places, a split.
test_rows_without_purpose if {
	rows := [
		object.remove(fixtures.row(12, {"name": "Acme GmbH"}), ["purpose"]),
		object.remove(fixtures.row(13, {"name": "Acme GmbH"}), ["purpose"]),
		object.remove(fixtures.row(14, {"name": "Acme GmbH", "countries": ["AT"]}), ["purpose"]),
	]
	duplicates.warn == {{
		"msg": `"Acme GmbH" is listed twice in the same table for the same purpose and location, also on line 12; remove one row or merge the two`,
		"subprocessor": "Acme GmbH", "name_key": "acme", "line": 13, "column": 3,
	}} with input as fixtures.doc(rows)
	count(duplicates.info) == 0 with input as fixtures.doc(rows)
}

# A column that numbers the rows tells none apart.
test_fail_numbered_rows if {
	rows := [
		fixtures.row(12, {"name": "Acme GmbH", "extra": {"#": "1", "Tier": "All"}}),
		fixtures.row(13, {"name": "Acme GmbH", "extra": {"#": "2", "Tier": "All"}}),
	]
	duplicates.warn == {{
		"msg": `"Acme GmbH" is listed twice in the same table for the same purpose and location, also on line 12; remove one row or merge the two`,
		"subprocessor": "Acme GmbH", "name_key": "acme", "line": 13, "column": 3,
	}} with input as fixtures.doc(rows)

	# Null lists and objects (Go's nil) are empty ones.
	null_rows := [object.union(r, {"extra": null, "countries": null, "unresolved_locations": null}) | some r in rows]
	count(duplicates.warn) == 1 with input as fixtures.doc(null_rows)
}

# A minified HTML table has every row on one line: rows are taken in page order.
test_fail_one_line if {
	rows := [
		fixtures.row(12, {"name": "Acme GmbH"}),
		fixtures.row(12, {"name": "Acme GmbH"}),
		fixtures.row(12, {"name": "Acme GmbH", "purpose": "Customer support"}),
	]
	duplicates.warn == {{
		"msg": `"Acme GmbH" is listed twice in the same table for the same purpose and location, also on line 12; remove one row or merge the two`,
		"subprocessor": "Acme GmbH", "name_key": "acme", "line": 12, "column": 3,
	}} with input as fixtures.doc(rows)
	count(duplicates.info) == 0 with input as fixtures.doc(rows)
}

# Rows of the input document (with their index) are placed by the engine.
test_fail_indexed_rows if {
	rows := [object.union(fixtures.row(12 + i, {"name": "Acme GmbH"}), {"index": i}) | some i in numbers.range(0, 1)]
	duplicates.warn == {{
		"msg": `"Acme GmbH" is listed twice in the same table for the same purpose and location, also on line 12; remove one row or merge the two`,
		"row": 1,
	}} with input as fixtures.doc(rows)
}
