package subpolicy.test.required_fields

import data.subpolicy.rules.required_fields
import data.subpolicy.test.fixtures

test_success_filled_row if {
	count(required_fields.deny) == 0 with input as fixtures.clean
}

test_success_link_outside_the_links_cell if {
	r := fixtures.row(12, {"cells": {"links": {"text": ""}}})
	count(required_fields.deny) == 0 with input as fixtures.doc([r])
}

test_success_column_absent if {
	r := object.remove(fixtures.row(12, {"location": "", "locations": [], "countries": []}), ["cells"])
	count(required_fields.deny) == 0 with input as fixtures.doc([object.union(r, {"cells": {}})])
}

test_fail_empty_location if {
	r := fixtures.row(29, {"name": "Elastic", "location": "", "locations": [], "countries": []})
	required_fields.deny == {{
		"msg": `"Elastic" has no location; add the countries where it processes data (e.g. "United States")`,
		"subprocessor": "Elastic", "name_key": "elastic", "field": "location", "line": 29, "column": 60,
	}} with input as fixtures.doc([r])
}

test_fail_every_field_empty if {
	r := fixtures.row(12, {
		"name": "", "purpose": " ", "data": [], "location": "",
		"locations": [], "countries": [], "links": [],
	})
	required_fields.deny == {
		{
			"msg": `the row on line 12 has no name; add the legal name of the subprocessor (e.g. "Amazon Web Services, Inc.")`,
			"field": "name", "line": 12, "column": 3,
		},
		{
			"msg": `the row on line 12 has no purpose; describe what the subprocessor does with the data (e.g. "hosts the production database")`,
			"field": "purpose", "line": 12, "column": 20,
		},
		{
			"msg": `the row on line 12 has no data categories; name the categories of personal data it receives (e.g. "names, email addresses, support tickets")`,
			"field": "data", "line": 12, "column": 40,
		},
		{
			"msg": `the row on line 12 has no location; add the countries where it processes data (e.g. "United States")`,
			"field": "location", "line": 12, "column": 60,
		},
		{
			"msg": `the row on line 12 has no link; link its privacy policy or DPA with an https URL`,
			"field": "links", "line": 12, "column": 80,
		},
	} with input as fixtures.doc([r])
}

# "N/A" (data here) is a statement that nothing applies, SP010's warning, not a placeholder.
test_fail_placeholders if {
	r := fixtures.row(12, {
		"purpose": "TBD", "data": ["N/A"], "location": "—",
		"locations": ["—"], "countries": [], "unresolved_locations": ["—"],
		"links": [], "cells": {"links": {"text": "-"}},
	})
	required_fields.deny == {
		{
			"msg": `"Acme GmbH" has only the placeholder "TBD" as its purpose; describe what "Acme GmbH" does with the data (e.g. "hosts the production database")`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "field": "purpose", "line": 12, "column": 20,
		},
		{
			"msg": `"Acme GmbH" has only the placeholder "—" as its location; add the countries where it processes data (e.g. "United States")`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "field": "location", "line": 12, "column": 60,
		},
		{
			"msg": `"Acme GmbH" has only the placeholder "-" as its link; link its privacy policy or DPA with an https URL`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "field": "links", "line": 12, "column": 80,
		},
	} with input as fixtures.doc([r])
}

test_fail_configured_optional_fields if {
	r := fixtures.row(12, {"cells": {
		"category": {"text": "", "line": 12, "column": 90},
		"transfer": {"text": "?", "line": 12, "column": 100},
		"effective": {"text": "", "line": 12, "column": 110},
	}})
	required_fields.deny == {
		{
			"msg": `"Acme GmbH" has no category; say what kind of service it is (e.g. "Infrastructure" or "AI")`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "field": "category", "line": 12, "column": 90,
		},
		{
			"msg": `"Acme GmbH" has only the placeholder "?" as its transfer mechanism; name the transfer mechanism (e.g. "EU SCCs (Module 3)")`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "field": "transfer", "line": 12, "column": 100,
		},
		{
			"msg": `"Acme GmbH" has no effective date; add the date it starts processing data, as YYYY-MM-DD`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "field": "effective", "line": 12, "column": 110,
		},
	} with input as fixtures.doc([r])
		with data.subpolicy.config.required_fields as ["category", "transfer", "effective"]
}

# An AI provider's empty data cell is SP003's one error; its other empty cells stay SP002's.
test_ai_provider_empty_data_is_sp003s if {
	r := fixtures.row(12, {"name": "OpenAI", "purpose": "AI Service Provider", "category": "AI", "data": [], "location": ""})
	required_fields.deny == {{
		"msg": `"OpenAI" has no location; add the countries where it processes data (e.g. "United States")`,
		"subprocessor": "OpenAI", "name_key": "openai", "field": "location", "line": 12, "column": 60,
	}} with input as fixtures.doc([r])
}
