package subpolicy.test.required_columns

import data.subpolicy.rules.required_columns
import data.subpolicy.test.fixtures

test_success_all_columns if {
	count(required_columns.deny) == 0 with input as fixtures.clean
}

test_success_no_tables if {
	count(required_columns.deny) == 0 with input as fixtures.doc([])
	count(required_columns.deny) == 0 with input as object.union(fixtures.doc([]), {"tables": null})
}

# A missing data column is a warning: many published lists have none.
test_warn_missing_data_column if {
	t := object.union(object.remove(fixtures.table, ["columns"]), {"columns": {"name": 0, "purpose": 1, "location": 2, "links": 3}})
	doc := object.union(fixtures.clean, {"tables": [t]})
	count(required_columns.deny) == 0 with input as doc
	required_columns.warn == {{
		"msg": `table "Infrastructure" has no data column (expected a header such as "Data", "Data shared", "Data categories", "Personal data" or "Categories of data"); add it so every row states its data`,
		"line": 10,
		"column": 1,
	}} with input as doc

	# Configured back to an error, or down to a notice.
	count(required_columns.deny) == 1 with input as doc with data.subpolicy.config.column_severity.data as "error"
	count(required_columns.info) == 1 with input as doc with data.subpolicy.config.column_severity.data as "notice"
}

# A missing purpose column is an error, a missing location column a warning.
test_fail_missing_columns_in_untitled_table if {
	t := object.union(object.remove(fixtures.table, ["columns"]), {"heading": "", "line": 30, "columns": {"name": 0, "data": 1}})
	doc := object.union(fixtures.clean, {"tables": [fixtures.table, t]})
	required_columns.deny == {{
		"msg": `the table has no purpose column (expected a header such as "Purpose", "Function", "Service", "Processing activity" or "Description"); add it so every row states its purpose`,
		"line": 30,
		"column": 1,
	}} with input as doc
	required_columns.warn == {{
		"msg": `the table has no location column (expected a header such as "Location", "Country", "Region", "Data location", "Processing location" or "Headquarters"); add it so every row states its location`,
		"line": 30,
		"column": 1,
	}} with input as doc
}

test_fail_configured_column_with_one_synonym if {
	required_columns.deny == {{
		"msg": `table "Infrastructure" has no transfer column (expected a header such as "Transfer mechanism"); add it so every row states its transfer`,
		"line": 10,
		"column": 1,
	}} with input as fixtures.clean
		with data.subpolicy.config.required_columns.transfer as ["Transfer mechanism"]
}

# A table of addresses about vendors other tables list with their purposes completes them.
test_success_details_table if {
	details := object.union(object.remove(fixtures.table, ["columns"]), {"index": 1, "line": 30, "heading": "Entity details", "columns": {"name": 0, "location": 1}})
	rows := [fixtures.row(12, {}), fixtures.row(32, {"table": 1})]
	count(required_columns.deny) == 0 with input as object.union(fixtures.doc(rows), {"tables": [fixtures.table, details]})

	# A vendor only the details table names: the table lists it, so it needs its purpose.
	alone := [fixtures.row(12, {}), fixtures.row(32, {"table": 1, "name": "Other Ltd"})]
	count(required_columns.deny) == 1 with input as object.union(fixtures.doc(alone), {"tables": [fixtures.table, details]})
}
