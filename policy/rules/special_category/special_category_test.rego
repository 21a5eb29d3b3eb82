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
