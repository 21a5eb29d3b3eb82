package subpolicy.test.transfer_mechanism

import data.subpolicy.rules.transfer_mechanism
import data.subpolicy.test.fixtures

_eea := ["de", "FR", "IE"]

_row(line, name, countries, transfer) := fixtures.row(line, {
	"name": name,
	"countries": countries,
	"transfer": transfer,
	"cells": {"transfer": {"text": concat("; ", transfer), "line": line, "column": 90}},
})

test_success_inactive_by_default if {
	r := _row(12, "TaskUs", ["PH"], [])
	count(transfer_mechanism.deny) == 0 with input as fixtures.doc([r])
}

test_success_allowed_or_recognised if {
	rows := [
		_row(12, "Acme GmbH", ["DE"], []),
		_row(13, "TaskUs", ["PH", "IE"], ["EU SCCs (Module 3)"]),
		_row(14, "OpenAI", ["US"], ["EU-U.S. Data Privacy Framework"]),
		_row(15, "Group AG", ["CH"], ["Binding Corporate Rules"]),
	]
	count(transfer_mechanism.deny) == 0 with input as fixtures.doc(rows)
		with data.subpolicy.config.transfers.allowed as _eea
}

test_fail_no_mechanism if {
	rows := [
		_row(27, "TaskUs", ["PH", "BR", "DE"], ["-"]),
		fixtures.row(28, {"name": "Zendesk", "countries": ["US"]}),
	]
	transfer_mechanism.deny == {
		{
			"msg": `"TaskUs" processes data in BR, PH, outside the allowed countries, but names no transfer mechanism; add one (e.g. "EU SCCs (Module 3)") in a Transfer mechanism column`,
			"subprocessor": "TaskUs", "name_key": "taskus", "field": "transfer", "line": 27, "column": 90,
		},
		{
			"msg": `"Zendesk" processes data in US, outside the allowed countries, but names no transfer mechanism; add one (e.g. "EU SCCs (Module 3)") in a Transfer mechanism column`,
			"subprocessor": "Zendesk", "name_key": "zendesk", "field": "location", "line": 28, "column": 60,
		},
	} with input as fixtures.doc(rows)
		with data.subpolicy.config.transfers.allowed as _eea
}

test_fail_unrecognised_mechanism if {
	r := _row(27, "TaskUs", ["PH"], ["Contract", "Encryption"])
	transfer_mechanism.deny == {{
		"msg": `"TaskUs" processes data in PH, outside the allowed countries, but its transfer mechanism "Contract", "Encryption" is not one recognised (ADEQUACY, BCR, DPF, IDTA, SCC, UK_ADDENDUM); name the safeguard, e.g. "EU SCCs (Module 3)"`,
		"subprocessor": "TaskUs", "name_key": "taskus", "field": "transfer", "line": 27, "column": 90,
	}} with input as fixtures.doc([r])
		with data.subpolicy.config.transfers.allowed as _eea
}
