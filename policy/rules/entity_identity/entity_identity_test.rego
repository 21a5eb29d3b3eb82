package subpolicy.test.entity_identity

import data.subpolicy.rules.entity_identity
import data.subpolicy.test.fixtures

test_success_legal_entities if {
	rows := [
		fixtures.row(12, {"name": "Amazon Web Services, Inc."}),
		fixtures.row(13, {"name": "OpenAI, L.L.C."}),
		fixtures.row(14, {"name": "Anthropic, PBC"}),
		fixtures.row(15, {"name": "Booking.com B.V."}),
		fixtures.row(16, {"name": "Google LLC (Google Cloud)"}),
		fixtures.row(17, {"name": ""}),
	]
	count(entity_identity.info) == 0 with input as fixtures.doc(rows)
}

test_fail_one_name_without_legal_form if {
	rows := [fixtures.row(12, {"name": "AWS"}), fixtures.row(13, {})]
	entity_identity.info == {{
		"msg": `1 subprocessor is named without a legal form (e.g. Inc, LLC, Ltd, GmbH): "AWS"; name the contracting legal entity (e.g. "Google LLC" rather than "Google Cloud")`,
		"line": 12,
	}} with input as fixtures.doc(rows)
}

test_fail_many_names_without_legal_form if {
	rows := [
		fixtures.row(19, {"name": "Google Cloud Platform"}),
		fixtures.row(20, {"name": "OpenAI"}),
		fixtures.row(21, {"name": "Twilio"}),
		fixtures.row(22, {"name": "Zendesk"}),
		fixtures.row(23, {"name": "Azure"}),
		fixtures.row(24, {"name": "Deepgram"}),
		fixtures.row(25, {"name": "Slack"}),
		fixtures.row(26, {"name": "Twilio"}),
	]
	entity_identity.info == {{
		"msg": `7 subprocessors are named without a legal form (e.g. Inc, LLC, Ltd, GmbH): "Google Cloud Platform", "OpenAI", "Twilio", "Zendesk", "Azure" and 2 more; name the contracting legal entity (e.g. "Google LLC" rather than "Google Cloud")`,
		"line": 19,
	}} with input as fixtures.doc(rows)
}

test_fail_mixed_heading if {
	t := object.union(fixtures.table, {"heading": "Crescendo Third-Party Subprocessors & Crescendo Affiliates", "line": 17})
	entity_identity.info == {{
		"msg": `table "Crescendo Third-Party Subprocessors & Crescendo Affiliates" mixes affiliates and third-party subprocessors; list affiliates in a separate table under their own heading so customers can tell them apart`,
		"line": 17,
		"column": 1,
	}} with input as object.union(fixtures.clean, {"tables": [t]})
}

test_success_separate_headings if {
	tables := [
		object.union(fixtures.table, {"heading": "Affiliate Subprocessors"}),
		object.union(fixtures.table, {"index": 1, "heading": "Third-party subprocessors"}),
		object.union(fixtures.table, {"index": 2, "heading": "Affiliates"}),
	]
	count(entity_identity.info) == 0 with input as object.union(fixtures.clean, {"tables": tables})
}

# Rows out of line order: names are listed by their first line.
test_fail_rows_out_of_order if {
	rows := [
		fixtures.row(20, {"name": "Twilio"}),
		fixtures.row(13, {"name": "Zendesk"}),
		fixtures.row(15, {"name": "Twilio"}),
		fixtures.row(11, {"name": "Acme GmbH"}),
	]
	entity_identity.info == {{
		"msg": `2 subprocessors are named without a legal form (e.g. Inc, LLC, Ltd, GmbH): "Zendesk", "Twilio"; name the contracting legal entity (e.g. "Google LLC" rather than "Google Cloud")`,
		"line": 13,
	}} with input as fixtures.doc(rows)
}

# A one-line table: names on the same line are listed in order of value.
test_fail_one_line if {
	rows := [fixtures.row(12, {"name": n}) | some n in ["Zendesk", "Acme GmbH", "Slack", "Azure", "Slack", "OpenAI", "Deepgram", "Twilio"]]
	entity_identity.info == {{
		"msg": `6 subprocessors are named without a legal form (e.g. Inc, LLC, Ltd, GmbH): "Azure", "Deepgram", "OpenAI", "Slack", "Twilio" and 1 more; name the contracting legal entity (e.g. "Google LLC" rather than "Google Cloud")`,
		"line": 12,
	}} with input as fixtures.doc(rows)
}

test_fail_no_names_listed if {
	rows := [fixtures.row(12, {"name": "Twilio"}), fixtures.row(13, {"name": "Zendesk"})]
	entity_identity.info == {{
		"msg": `2 subprocessors are named without a legal form (e.g. Inc, LLC, Ltd, GmbH):  and 2 more; name the contracting legal entity (e.g. "Google LLC" rather than "Google Cloud")`,
		"line": 12,
	}} with input as fixtures.doc(rows)
		with data.subpolicy.config.max_listed_names as 0
}

# Legal forms from the ISO 20275 list (legal_forms), in any script, wherever they stand.
test_success_iso_legal_forms if {
	rows := [fixtures.row(12 + i, {"name": n}) | some i, n in [
		"GoPay s.r.o.", "Acme GK", "Acme G.K.", "Empresa Exemplo EIRELI", "(주)KG이니시스", "포트원(주)",
		"BunnyWay d.o.o. (BunnyCDN)", "Streamsoft sp. k.", "ООО Ромашка", "Zeta\ns.r.o.", "Česká pošta s.p.",
	]]
	count(entity_identity.info) == 0 with input as fixtures.doc(rows)
}

# Abbreviations that are also common words or codes in names (legal_form_exceptions) are no
# legal form; without the exceptions they are.
test_fail_legal_form_exceptions if {
	rows := [
		fixtures.row(12, {"name": "Sentry EU"}),
		fixtures.row(13, {"name": "Microsoft Power BI"}),
		fixtures.row(14, {"name": "Peaberry Software (also known as Customer.io)"}),
	]
	entity_identity.info == {{
		"msg": `3 subprocessors are named without a legal form (e.g. Inc, LLC, Ltd, GmbH): "Sentry EU", "Microsoft Power BI", "Peaberry Software (also known as Customer.io)"; name the contracting legal entity (e.g. "Google LLC" rather than "Google Cloud")`,
		"line": 12,
	}} with input as fixtures.doc(rows)
	count(entity_identity.info) == 0 with input as fixtures.doc(rows)
		with data.subpolicy.config.legal_form_exceptions as []
}

# Without the ISO list, only legal_suffixes count.
test_fail_without_iso_legal_forms if {
	rows := [fixtures.row(12, {"name": "GoPay s.r.o."}), fixtures.row(13, {"name": "Acme GmbH"})]
	entity_identity.info == {{
		"msg": `1 subprocessor is named without a legal form (e.g. Inc, LLC, Ltd, GmbH): "GoPay s.r.o."; name the contracting legal entity (e.g. "Google LLC" rather than "Google Cloud")`,
		"line": 12,
	}} with input as fixtures.doc(rows)
		with data.subpolicy.config.legal_forms as null
}

# Chinese, Japanese and Korean names hold their legal form without a space; a one-character
# form ("株", "有") is one only on its own ("(株)").
test_cjk_legal_forms if {
	rows := [fixtures.row(12 + i, {"name": n}) | some i, n in ["株式会社サンプル", "サンプル合同会社", "(株)サンプル", "주식회사렛서", "有田"]]
	entity_identity.info == {{
		"msg": `1 subprocessor is named without a legal form (e.g. Inc, LLC, Ltd, GmbH): "有田"; name the contracting legal entity (e.g. "Google LLC" rather than "Google Cloud")`,
		"line": 16,
	}} with input as fixtures.doc(rows)
	entity_identity.info == {{
		"msg": `5 subprocessors are named without a legal form (e.g. Inc, LLC, Ltd, GmbH): "株式会社サンプル", "サンプル合同会社", "(株)サンプル", "주식회사렛서", "有田"; name the contracting legal entity (e.g. "Google LLC" rather than "Google Cloud")`,
		"line": 12,
	}} with input as fixtures.doc(rows)
		with data.subpolicy.config.legal_forms as ["Inc"]
}
