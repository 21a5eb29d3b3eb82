package subpolicy.test.truncated_text

import data.subpolicy.rules.truncated_text
import data.subpolicy.test.fixtures

test_success_complete_text if {
	r := fixtures.row(12, {
		"purpose": "Single Sign-On",
		"data": ["Voicebot and inbound Telephony", "Support tickets: subject, body", "Usage of add-on", "Backups (encrypted, EU only)"],
		"extra": {"Notes": "Reviewed 2026-10-01"},
	})
	count(truncated_text.warn) == 0 with input as fixtures.doc([r])
	count(truncated_text.deny) == 0 with input as fixtures.doc([r])
}

test_success_empty_and_placeholder_values_are_sp002s if {
	r := fixtures.row(12, {"purpose": "", "data": ["..."]})
	count(truncated_text.warn) == 0 with input as fixtures.doc([r])
}

test_fail_truncated_data_item if {
	r := fixtures.row(19, {"name": "Google Cloud Platform", "data": ["Real-time application", "Storage of data and"]})
	truncated_text.warn == {{
		"msg": `data item "Storage of data and" of "Google Cloud Platform" looks cut off; finish the description`,
		"subprocessor": "Google Cloud Platform", "name_key": "google cloud platform",
		"field": "data", "line": 19, "column": 40,
	}} with input as fixtures.doc([r])
	count(truncated_text.deny) == 0 with input as fixtures.doc([r])
}

test_fail_truncated_name_purpose_and_location if {
	r := fixtures.row(12, {
		"name": "Acme Holdings &",
		"purpose": "Processes payments, such as",
		"location": "Germany, France,",
	})
	truncated_text.warn == {
		{
			"msg": `name "Acme Holdings &" looks cut off; write the full legal name`,
			"subprocessor": "Acme Holdings &", "name_key": "acme holdings",
			"field": "name", "line": 12, "column": 3,
		},
		{
			"msg": `purpose "Processes payments, such as" of "Acme Holdings &" looks cut off; finish the description`,
			"subprocessor": "Acme Holdings &", "name_key": "acme holdings",
			"field": "purpose", "line": 12, "column": 20,
		},
		{
			"msg": `location "Germany, France," of "Acme Holdings &" looks cut off; finish the list of countries`,
			"subprocessor": "Acme Holdings &", "name_key": "acme holdings",
			"field": "location", "line": 12, "column": 60,
		},
	} with input as fixtures.doc([r])
}

test_success_lead_in_before_a_list if {
	r := fixtures.row(12, {"data": ["Contact data, such as:", "Names", "Email addresses"]})
	count(truncated_text.warn) == 0 with input as fixtures.doc([r])
}

test_fail_lead_in_without_a_list if {
	r := fixtures.row(12, {"data": ["Names", "Contact data, such as:"]})
	truncated_text.warn == {{
		"msg": `data item "Contact data, such as:" of "Acme GmbH" looks cut off; finish the description`,
		"subprocessor": "Acme GmbH", "name_key": "acme", "field": "data", "line": 12, "column": 40,
	}} with input as fixtures.doc([r])
}

test_fail_ellipsis if {
	r := fixtures.row(12, {"data": ["Names, emails…"], "purpose": "Analytics for the..."})
	truncated_text.warn == {
		{
			"msg": `purpose "Analytics for the..." of "Acme GmbH" looks cut off; finish the description`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "field": "purpose", "line": 12, "column": 20,
		},
		{
			"msg": `data item "Names, emails…" of "Acme GmbH" looks cut off; finish the description`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "field": "data", "line": 12, "column": 40,
		},
	} with input as fixtures.doc([r])
}

test_fail_placeholders_in_cells if {
	r := fixtures.row(12, {
		"name": "TODO",
		"purpose": "Hosting in [REGION], TBD",
		"data": ["Names", "lorem ipsum"],
		"location": "United States (to verify)",
		"extra": {"Notes": "verification pending"},
	})
	truncated_text.deny == {
		{
			"msg": `name "TODO" contains the placeholder "TODO"; replace it with the real value`,
			"subprocessor": "TODO", "name_key": "todo", "field": "name", "line": 12, "column": 3,
		},
		{
			"msg": `purpose of "TODO" contains the placeholder "[REGION]"; replace it with the real value`,
			"subprocessor": "TODO", "name_key": "todo", "field": "purpose", "line": 12, "column": 20,
		},
		{
			"msg": `purpose of "TODO" contains the placeholder "TBD"; replace it with the real value`,
			"subprocessor": "TODO", "name_key": "todo", "field": "purpose", "line": 12, "column": 20,
		},
		{
			"msg": `data of "TODO" contains the placeholder "lorem ipsum"; replace it with the real value`,
			"subprocessor": "TODO", "name_key": "todo", "field": "data", "line": 12, "column": 40,
		},
		{
			"msg": `location of "TODO" contains the placeholder "to verify"; replace it with the real value`,
			"subprocessor": "TODO", "name_key": "todo", "field": "location", "line": 12, "column": 60,
		},
		{
			"msg": `column "Notes" of "TODO" contains the placeholder "verification pending"; replace it with the real value`,
			"subprocessor": "TODO", "name_key": "todo", "line": 12, "column": 3,
		},
	} with input as fixtures.doc([r])
}

test_fail_placeholder_in_links_cell if {
	r := fixtures.row(12, {"links": [{"text": "[e.g. DPA link]", "url": "https://acme.example/privacy"}]})
	truncated_text.deny == {{
		"msg": `link text of "Acme GmbH" contains the placeholder "[e.g. DPA link]"; replace it with the real value`,
		"subprocessor": "Acme GmbH", "name_key": "acme", "field": "links", "line": 12, "column": 80,
	}} with input as fixtures.doc([r])
}

test_warn_not_applicable_in_required_fields if {
	r := fixtures.row(12, {"name": "n/a", "data": ["Names", "N/A"], "location": "Not applicable"})
	count(truncated_text.deny) == 0 with input as fixtures.doc([r])
	truncated_text.warn == {
		{
			"msg": `the name on line 12 is "n/a", but it is a required field; give the real value, or say why there is none (e.g. "no personal data")`,
			"subprocessor": "n/a", "name_key": "n a", "field": "name", "line": 12, "column": 3,
		},
		{
			"msg": `data of "n/a" is "N/A", but it is a required field; give the real value, or say why there is none (e.g. "no personal data")`,
			"subprocessor": "n/a", "name_key": "n a", "field": "data", "line": 12, "column": 40,
		},
		{
			"msg": `location of "n/a" is "Not applicable", but it is a required field; give the real value, or say why there is none (e.g. "no personal data")`,
			"subprocessor": "n/a", "name_key": "n a", "field": "location", "line": 12, "column": 60,
		},
	} with input as fixtures.doc([r])
}

test_success_not_applicable_in_optional_fields if {
	r := fixtures.row(12, {"cells": {"transfer": {"text": "N/A", "line": 12, "column": 90}}})
	count(truncated_text.deny) == 0 with input as fixtures.doc([r])
}

test_fail_placeholder_in_updated_line if {
	truncated_text.deny == {{
		"msg": `the Updated line "Last updated: [EFFECTIVE DATE]" contains the placeholder "[EFFECTIVE DATE]"; write the date the list last changed`,
		"line": 3,
	}} with input as object.union(fixtures.clean, {"updated": {"date": "", "text": "Last updated: [EFFECTIVE DATE]", "line": 3}})
}

# A date that reads beside a placeholder: the fix is the placeholder's, not the date's.
test_fail_placeholder_beside_an_updated_date if {
	updated := {"date": "2026-05-21", "text": "Last updated: 2026-05-21 Effective from: TBD", "line": 3}
	truncated_text.deny == {{
		"msg": `the Updated line "Last updated: 2026-05-21 Effective from: TBD" contains the placeholder "TBD"; replace it with the real value`,
		"line": 3,
	}} with input as object.union(fixtures.clean, {"updated": updated})
}

test_success_no_updated_line if {
	count(truncated_text.deny) == 0 with input as object.union(fixtures.clean, {"updated": null})
}

# A text that ends a sentence is complete, even when its last word is a connector; "e.g." and a
# trailing "..." still introduce more.
test_success_sentence_ending_in_a_connector if {
	rows := [
		fixtures.row(12, {
			"name": "PayPal (Europe) S.à r.l. et Cie, S.C.A.",
			"purpose": "Keeps the session while users are logged in.",
			"data": ["Pages the user signed up for!"],
		}),
		fixtures.row(13, {"purpose": "Stores what users sign in with.\u201d"}),
	]
	count(truncated_text.warn) == 0 with input as fixtures.doc(rows)
}

test_fail_dotted_connector_at_the_end if {
	r := fixtures.row(12, {"purpose": "Analytics of usage data, e.g.", "data": ["Names", "Usage data of."]})
	{f.field | some f in truncated_text.warn} == {"purpose"} with input as fixtures.doc([r])
}
