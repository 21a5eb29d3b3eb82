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

test_fail_missing_data_column if {
	t := object.union(object.remove(fixtures.table, ["columns"]), {"columns": {"name": 0, "purpose": 1, "location": 2, "links": 3}})
	required_columns.deny == {{
		"msg": `table "Infrastructure" has no data column (expected a header such as "Data", "Data shared", "Data categories", "Personal data" or "Categories of data"); add it so every row states its data`,
		"line": 10,
		"column": 1,
	}} with input as object.union(fixtures.clean, {"tables": [t]})
}

test_fail_missing_columns_in_untitled_table if {
	t := object.union(object.remove(fixtures.table, ["columns"]), {"heading": "", "line": 30, "columns": {"name": 0, "data": 1}})
	required_columns.deny == {
		{
			"msg": `the table has no purpose column (expected a header such as "Purpose", "Function", "Service", "Processing activity" or "Description"); add it so every row states its purpose`,
			"line": 30,
			"column": 1,
		},
		{
			"msg": `the table has no location column (expected a header such as "Location", "Country", "Region", "Data location", "Processing location" or "Headquarters"); add it so every row states its location`,
			"line": 30,
			"column": 1,
		},
	} with input as object.union(fixtures.clean, {"tables": [fixtures.table, t]})
}

test_fail_configured_column_with_one_synonym if {
	required_columns.deny == {{
		"msg": `table "Infrastructure" has no transfer column (expected a header such as "Transfer mechanism"); add it so every row states its transfer`,
		"line": 10,
		"column": 1,
	}} with input as fixtures.clean
		with data.subpolicy.config.required_columns.transfer as ["Transfer mechanism"]
}
