package subpolicy.test.specific_text

import data.subpolicy.rules.specific_text
import data.subpolicy.test.fixtures

test_success_specific_text if {
	count(specific_text.warn) == 0 with input as fixtures.clean
	count(specific_text.info) == 0 with input as fixtures.clean
}

test_success_empty_values_are_sp002s if {
	r := fixtures.row(12, {"purpose": "", "data": ["-"]})
	placeholder := fixtures.row(13, {"purpose": "N/A", "data": []})
	count(specific_text.warn) == 0 with input as fixtures.doc([r, placeholder])
	count(specific_text.info) == 0 with input as fixtures.doc([r, placeholder])
}

test_success_ai_provider_generic_data_is_sp003s if {
	r := fixtures.row(12, {"purpose": "LLM inference", "data": ["Customer Data"]})
	count(specific_text.warn) == 0 with input as fixtures.doc([r])
}

test_fail_generic_purpose if {
	rows := [
		fixtures.row(12, {"purpose": "Services"}),
		fixtures.row(13, {"name": "Beta Ltd", "purpose": "Various IaaS"}),
		fixtures.row(14, {"name": "Gamma Ltd", "purpose": "IT services & tools"}),
	]
	specific_text.warn == {
		{
			"msg": `purpose "Services" of "Acme GmbH" is too generic to assess or object to; describe the processing activity (e.g. "sends transactional email notifications")`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "field": "purpose", "line": 12, "column": 20,
		},
		{
			"msg": `purpose "Various IaaS" of "Beta Ltd" is too generic to assess or object to; describe the processing activity (e.g. "sends transactional email notifications")`,
			"subprocessor": "Beta Ltd", "name_key": "beta ltd", "field": "purpose", "line": 13, "column": 20,
		},
		{
			"msg": `purpose "IT services & tools" of "Gamma Ltd" is too generic to assess or object to; describe the processing activity (e.g. "sends transactional email notifications")`,
			"subprocessor": "Gamma Ltd", "name_key": "gamma ltd", "field": "purpose", "line": 14, "column": 20,
		},
	} with input as fixtures.doc(rows)
}

# One specific word is a purpose: the number of words says nothing.
test_success_one_specific_word if {
	rows := [
		fixtures.row(12, {"name": "Twilio", "purpose": "Telephony"}),
		fixtures.row(13, {"name": "WorkOS", "purpose": "Authentication"}),
		fixtures.row(14, {"name": "Amazon Web Services", "purpose": "Hosting"}),
		fixtures.row(15, {"name": "Stripe Payments Europe Ltd", "purpose": "Payments"}),
		fixtures.row(16, {"name": "Google Analytics", "purpose": "Analytics"}),
		fixtures.row(17, {"name": "Zoom Video Communications", "purpose": "Video communications"}),
	]
	count(specific_text.warn) == 0 with input as fixtures.doc(rows)
}

test_fail_purpose_restates_the_name if {
	rows := [
		fixtures.row(12, {"name": "Microsoft Corporation", "purpose": "Microsoft Services"}),
		fixtures.row(13, {"name": "Amazon Web Services (AWS)", "purpose": "AWS"}),
		fixtures.row(14, {"name": "Stripe, Inc.", "purpose": "Stripe"}),
	]
	specific_text.warn == {
		{
			"msg": `purpose "Microsoft Services" of "Microsoft Corporation" only restates the subprocessor's name; describe the processing activity (e.g. "hosts the application's database")`,
			"subprocessor": "Microsoft Corporation", "name_key": "microsoft corporation", "field": "purpose", "line": 12, "column": 20,
		},
		{
			"msg": `purpose "AWS" of "Amazon Web Services (AWS)" only restates the subprocessor's name; describe the processing activity (e.g. "hosts the application's database")`,
			"subprocessor": "Amazon Web Services (AWS)", "name_key": "amazon web services aws", "field": "purpose", "line": 13, "column": 20,
		},
		{
			"msg": `purpose "Stripe" of "Stripe, Inc." only restates the subprocessor's name; describe the processing activity (e.g. "hosts the application's database")`,
			"subprocessor": "Stripe, Inc.", "name_key": "stripe", "field": "purpose", "line": 14, "column": 20,
		},
	} with input as fixtures.doc(rows)
}

test_fail_short_purpose if {
	r := fixtures.row(22, {"name": "Twilio", "purpose": "Telephony"})
	specific_text.warn == {{
		"msg": `purpose "Telephony" of "Twilio" is too short (1 word); describe what it does with the data in a few words (e.g. "sends transactional emails")`,
		"subprocessor": "Twilio", "name_key": "twilio", "field": "purpose", "line": 22, "column": 20,
	}} with input as fixtures.doc([r])
		with data.subpolicy.config.min_purpose_words as 2
}

test_fail_configured_minimum_words if {
	r := fixtures.row(12, {"purpose": "Email delivery"})
	specific_text.warn == {{
		"msg": `purpose "Email delivery" of "Acme GmbH" is too short (2 words); describe what it does with the data in a few words (e.g. "sends transactional emails")`,
		"subprocessor": "Acme GmbH", "name_key": "acme", "field": "purpose", "line": 12, "column": 20,
	}} with input as fixtures.doc([r])
		with data.subpolicy.config.min_purpose_words as 3
}

test_fail_generic_data if {
	r := fixtures.row(12, {"data": ["Customer Data", "Personal data"]})
	specific_text.warn == {{
		"msg": `data of "Acme GmbH" lists only generic terms ("Customer Data", "Personal data"); name the categories of personal data (e.g. "names, email addresses, support tickets")`,
		"subprocessor": "Acme GmbH", "name_key": "acme", "field": "data", "line": 12, "column": 40,
	}} with input as fixtures.doc([r])
	count(specific_text.info) == 0 with input as fixtures.doc([r])
}

test_fail_generic_data_of_hosting_rows_is_a_notice if {
	purpose := fixtures.row(12, {"name": "AWS", "purpose": "Cloud hosting", "data": ["All Customer Personal Data"]})
	category := fixtures.row(13, {"name": "MongoDB", "purpose": "Managed service for our app", "category": "Database", "data": ["Customer Data"]})
	specific_text.info == {
		{
			"msg": `data of "AWS" lists only generic terms ("All Customer Personal Data"); that is accurate for hosting, but naming the main categories (e.g. "account details, support tickets") helps customers assess it`,
			"subprocessor": "AWS", "name_key": "aws", "field": "data", "line": 12, "column": 40,
		},
		{
			"msg": `data of "MongoDB" lists only generic terms ("Customer Data"); that is accurate for hosting, but naming the main categories (e.g. "account details, support tickets") helps customers assess it`,
			"subprocessor": "MongoDB", "name_key": "mongodb", "field": "data", "line": 13, "column": 40,
		},
	} with input as fixtures.doc([purpose, category])
	count(specific_text.warn) == 0 with input as fixtures.doc([purpose, category])
}
