package subpolicy.test.special_category

import data.subpolicy.rules.special_category
import data.subpolicy.test.fixtures

test_success_ordinary_data if {
	r := fixtures.row(12, {
		"purpose": "Cloud-based customer service platform",
		"data": ["Voicebot and inbound Telephony", "Communications content such as cloud recordings", "Health checks of the API"],
	})
	count(special_category.warn) == 0 with input as fixtures.doc([r])
}

test_fail_call_recordings if {
	r := fixtures.row(25, {"name": "Deepgram", "purpose": "Automatic Speech Recognition", "data": ["Call Recordings"]})
	special_category.warn == {{
		"msg": `data of "Deepgram" mentions "Call Recordings"; state whether it is used to identify people (e.g. "voice not used for speaker identification")`,
		"subprocessor": "Deepgram", "name_key": "deepgram", "field": "data", "line": 25, "column": 40,
	}} with input as fixtures.doc([r])
}

test_fail_special_category if {
	r := fixtures.row(44, {
		"name": "Acme Health AI",
		"purpose": "Triage of patient messages",
		"data": ["Medical diagnoses", "Voice recordings", "medical history"],
	})
	special_category.warn == {
		{
			"msg": `purpose of "Acme Health AI" mentions "patient" (GDPR Art. 9/10 special-category, criminal or children's data); state the safeguards applied (e.g. "encrypted, access restricted to support staff") and have it reviewed`,
			"subprocessor": "Acme Health AI", "name_key": "acme health ai", "field": "purpose", "line": 44, "column": 20,
		},
		{
			"msg": `data of "Acme Health AI" mentions "Medical", "diagnoses" (GDPR Art. 9/10 special-category, criminal or children's data); state the safeguards applied (e.g. "encrypted, access restricted to support staff") and have it reviewed`,
			"subprocessor": "Acme Health AI", "name_key": "acme health ai", "field": "data", "line": 44, "column": 40,
		},
	} with input as fixtures.doc([r])
}

test_fail_children_and_criminal_data if {
	r := fixtures.row(12, {"purpose": "Background checks", "data": ["Criminal records", "Children's names", "Criminal records"]})
	special_category.warn == {{
		"msg": `data of "Acme GmbH" mentions "Criminal", "Children" (GDPR Art. 9/10 special-category, criminal or children's data); state the safeguards applied (e.g. "encrypted, access restricted to support staff") and have it reviewed`,
		"subprocessor": "Acme GmbH", "name_key": "acme", "field": "data", "line": 12, "column": 40,
	}} with input as fixtures.doc([r])
}

test_success_telemetry_is_not_health_data if {
	rows := [
		fixtures.row(12, {
			"name": "New Relic",
			"purpose": "Application performance monitoring and observability",
			"data": ["Technical logs", "device data", "diagnostic metadata"],
		}),
		fixtures.row(13, {
			"name": "Better Stack",
			"purpose": "Logging, uptime monitoring, and incident alerting",
			"data": ["Technical logs", "IP address", "service health data"],
		}),
		fixtures.row(14, {
			"name": "Microsoft Azure",
			"purpose": "Cloud infrastructure, operational telemetry",
			"data": ["Audit logs, backups, and any hosted diagnostics", "application diagnostics", "System health status"],
		}),
		fixtures.row(15, {
			"name": "Sift",
			"purpose": "Fraud detection with device fingerprinting",
			"data": ["Device fingerprint", "browser fingerprints"],
		}),
		fixtures.row(16, {
			"name": "ElevenLabs",
			"purpose": "Text to speech: the assistant's voice",
			"data": ["Text to be spoken"],
		}),
	]
	count(special_category.warn) == 0 with input as fixtures.doc(rows)
	count(special_category.info) == 0 with input as fixtures.doc(rows)
}

test_fail_personal_health_data_beside_telemetry if {
	r := fixtures.row(12, {
		"name": "Acme Care",
		"purpose": "Care documentation",
		"data": ["Service health data", "Patient health data", "Diagnosis codes"],
	})
	special_category.warn == {{
		"msg": `data of "Acme Care" mentions "Patient", "health data", "Diagnosis" (GDPR Art. 9/10 special-category, criminal or children's data); state the safeguards applied (e.g. "encrypted, access restricted to support staff") and have it reviewed`,
		"subprocessor": "Acme Care", "name_key": "acme care", "field": "data", "line": 12, "column": 40,
	}} with input as fixtures.doc([r])
}

test_success_payment_data_at_a_payment_processor if {
	rows := [
		fixtures.row(12, {"name": "Stripe", "purpose": "Billing and payment processing", "data": ["Credit card details", "Bank account numbers"]}),
		fixtures.row(13, {"name": "Mollie", "purpose": "Zahlungsabwicklung", "data": ["IBAN"]}),
		fixtures.row(14, {"name": "Chargebee", "purpose": "Recurring revenue", "category": "Payments", "data": ["Card details"]}),
	]
	count(special_category.warn) == 0 with input as fixtures.doc(rows)
	count(special_category.info) == 0 with input as fixtures.doc(rows)
}

test_info_payment_data_elsewhere if {
	r := fixtures.row(12, {"name": "Acme CRM", "purpose": "Customer relationship management", "data": ["Names", "Credit card numbers", "credit card numbers"]})
	count(special_category.warn) == 0 with input as fixtures.doc([r])
	special_category.info == {{
		"msg": `data of "Acme CRM" mentions payment data ("Credit card numbers") while its purpose mentions no payments; state why it receives it and how it is protected (e.g. "tokenised card references only")`,
		"subprocessor": "Acme CRM", "name_key": "acme crm", "field": "data", "line": 12, "column": 40,
	}} with input as fixtures.doc([r])
}
