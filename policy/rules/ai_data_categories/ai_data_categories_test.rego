package subpolicy.test.ai_data_categories

import data.subpolicy.rules.ai_data_categories
import data.subpolicy.test.fixtures

_ai(line, fields) := fixtures.row(line, object.union({"purpose": "AI Service Provider"}, fields))

test_success_specific_categories if {
	r := _ai(21, {"name": "OpenAI", "data": ["Real Time conversations", "Transcripts", "CX Insights"]})
	count(ai_data_categories.deny) == 0 with input as fixtures.doc([r])
}

test_success_one_specific_category_among_generic_ones if {
	r := _ai(21, {"name": "OpenAI", "data": ["Customer Data", "Prompts"]})
	count(ai_data_categories.deny) == 0 with input as fixtures.doc([r])
}

test_success_not_an_ai_provider if {
	r := fixtures.row(12, {"data": ["Customer Data"]})
	count(ai_data_categories.deny) == 0 with input as fixtures.doc([r])
}

test_fail_no_data if {
	r := _ai(30, {"name": "Anthropic", "data": []})
	ai_data_categories.deny == {{
		"msg": `AI provider "Anthropic" lists no specific data categories (found: none); name what is sent to the model, e.g. "prompts, chat transcripts, end-user names"`,
		"subprocessor": "Anthropic", "name_key": "anthropic", "field": "data", "line": 30, "column": 40,
	}} with input as fixtures.doc([r])
}

test_fail_generic_data if {
	r := _ai(23, {
		"name": "Anthropic PBC", "name_key": "anthropic",
		"purpose": "Inference", "data": ["Customer Data", "personal data.", "N/A"],
	})
	ai_data_categories.deny == {{
		"msg": `AI provider "Anthropic PBC" lists no specific data categories (found: "Customer Data", "personal data."); name what is sent to the model, e.g. "prompts, chat transcripts, end-user names"`,
		"subprocessor": "Anthropic PBC", "name_key": "anthropic", "field": "data", "line": 23, "column": 40,
	}} with input as fixtures.doc([r])
}

test_fail_detected_by_vendor_and_category if {
	vendor := fixtures.row(14, {"name": "Deepgram", "purpose": "Calls", "data": ["Customer Content"]})
	category := fixtures.row(15, {"name": "Acme GmbH", "category": "AI", "data": ["Data"]})
	ai_data_categories.deny == {
		{
			"msg": `AI provider "Deepgram" lists no specific data categories (found: "Customer Content"); name what is sent to the model, e.g. "prompts, chat transcripts, end-user names"`,
			"subprocessor": "Deepgram", "name_key": "deepgram", "field": "data", "line": 14, "column": 40,
		},
		{
			"msg": `AI provider "Acme GmbH" lists no specific data categories (found: "Data"); name what is sent to the model, e.g. "prompts, chat transcripts, end-user names"`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "field": "data", "line": 15, "column": 40,
		},
	} with input as fixtures.doc([vendor, category])
}

test_fail_configured_generic_term if {
	r := _ai(21, {"name": "OpenAI", "data": ["Transcripts"]})
	ai_data_categories.deny == {{
		"msg": `AI provider "OpenAI" lists no specific data categories (found: "Transcripts"); name what is sent to the model, e.g. "prompts, chat transcripts, end-user names"`,
		"subprocessor": "OpenAI", "name_key": "openai", "field": "data", "line": 21, "column": 40,
	}} with input as fixtures.doc([r])
		with data.subpolicy.config.generic_data_terms as ["transcripts"]
}

# A row that says no data is sent needs no data categories: naming some would be false.
test_success_row_says_no_data if {
	r := fixtures.row(12, {"name": "Anthropic", "purpose": "AI Service Provider; no customer content is sent to Anthropic", "category": "AI", "data": []})
	count(ai_data_categories.deny) == 0 with input as fixtures.doc([r])
	n := fixtures.row(12, {"name": "OpenAI", "category": "AI", "data": [], "extra": {"Notes": "Keine personenbezogenen Daten"}})
	count(ai_data_categories.deny) == 0 with input as fixtures.doc([n])
}
