package subpolicy.test.links

import data.subpolicy.rules.links
import data.subpolicy.test.fixtures

_with_links(line, links) := fixtures.row(line, {"name": "Acme GmbH", "links": links})

# A table with a Website column (the links role), a DPA column and a Notes column, each with
# the reading the parser gives.
_table := object.union(fixtures.table, {
	"heading": "",
	"header": ["Name", "Purpose", "Data", "Location", "Website", "DPA", "Notes"],
	"reading": [
		{"index": 4, "header": "Website", "role": "links", "evidence": [`header word "website": links`]},
		{"index": 5, "header": "DPA", "role": "", "evidence": [`header word "dpa": links`, "2 of 2 cells hold links"]},
		{"index": 6, "header": "Notes", "role": "", "evidence": [`header word "notes": none`, "1 of 2 cells hold links"]},
	],
})

# A row of _table: website and dpa are [text, url] or null, notes is text with one link or null.
_row(line, name, website, dpa, notes) := fixtures.row(line, {
	"name": name,
	"links": [{"text": l[0], "url": l[1]} | some l in [website, dpa, notes]; is_array(l)],
	"cells": {"links": {"text": _text(website), "line": line, "column": 80}},
	"extra": {"DPA": _text(dpa), "Notes": _text(notes)},
})

_text(l) := l[0] if is_array(l)

else := ""

_doc(rows) := object.union(fixtures.doc(rows), {"tables": [_table]})

test_success_privacy_links if {
	rows := [
		_with_links(12, [{"text": "Privacy Policy", "url": "https://acme.example/privacy"}]),
		_with_links(13, [{"text": "Twilio GDPR Whitepaper", "url": "https://s3.amazonaws.com/ahoy-assets.twilio.com/Whitepapers/Twilio_Whitepaper_GDPR.pdf"}]),
		_with_links(14, [{"text": "Compliance Certifications", "url": "https://www.zendesk.com/product/zendesk-security/"}]),
		_with_links(15, [{"text": "Home", "url": "https://acme.example/"}, {"text": "DPA", "url": "https://acme.example/dpa.pdf"}]),
		# A deep link is judged by its text too: the URL of a help article names nothing.
		_with_links(16, [{"text": "Data Processing Terms", "url": "https://support.google.com/analytics/answer/3379636?hl=en"}]),
		_with_links(17, [{"text": "Privacy & Terms", "url": "https://policies.google.com/"}]),
	]
	count(links.deny) == 0 with input as fixtures.doc(rows)
	count(links.warn) == 0 with input as fixtures.doc(rows)
	count(links.info) == 0 with input as fixtures.doc(rows)
}

test_success_no_links_is_sp002s if {
	r := _with_links(12, [])
	count(links.deny) == 0 with input as fixtures.doc([r])
	count(links.warn) == 0 with input as fixtures.doc([r])
	count(links.info) == 0 with input as fixtures.doc([r])
}

test_success_null_links if {
	r := object.union(_with_links(12, []), {"links": null, "extra": null})
	count(links.deny) == 0 with input as object.union(fixtures.doc([r]), {"tables": null})
	count(links.warn) == 0 with input as object.union(fixtures.doc([r]), {"tables": null})
}

test_fail_not_https if {
	r := _with_links(12, [
		{"text": "Privacy", "url": "http://acme.example/privacy"},
		{"text": "Privacy", "url": "mailto:privacy@acme.example"},
		{"text": "Privacy", "url": "/legal/privacy"},
		{"text": "Privacy", "url": "ftp://acme.example/privacy.pdf"},
		{"text": "Privacy", "url": "acme.example/privacy"},
		{"text": "Privacy", "url": "privacy.html"},
		{"text": "Privacy", "url": "https:/privacy"},
		{"text": "Privacy", "url": "https://localhost/privacy"},
		{"text": "Privacy", "url": "https://acme example/privacy"},
	])
	links.deny == {
		{
			"msg": `link "https:/privacy" of "Acme GmbH" has no host; use an absolute https URL (e.g. "https://example.com/privacy")`,
			"row": 0, "field": "links",
		},
		{
			"msg": `link "https://localhost/privacy" of "Acme GmbH" has no host; use an absolute https URL (e.g. "https://example.com/privacy")`,
			"row": 0, "field": "links",
		},
		{
			"msg": `link "https://acme example/privacy" of "Acme GmbH" is not a valid URL; use an absolute https URL (e.g. "https://example.com/privacy")`,
			"row": 0, "field": "links",
		},
	} with input as fixtures.doc([object.union(r, {"index": 0})])
	links.warn == {
		{
			"msg": `link "http://acme.example/privacy" of "Acme GmbH" uses http; use https so the evidence cannot be altered in transit`,
			"row": 0, "field": "links",
		},
		{
			"msg": `link "mailto:privacy@acme.example" of "Acme GmbH" is an email address, not a web page; link the privacy policy or DPA with an https URL`,
			"row": 0, "field": "links",
		},
		{
			"msg": `link "ftp://acme.example/privacy.pdf" of "Acme GmbH" uses the "ftp" scheme; use an https URL`,
			"row": 0, "field": "links",
		},
		{
			"msg": `link "acme.example/privacy" of "Acme GmbH" has no scheme, so browsers open it as a page of this site; write "https://acme.example/privacy"`,
			"row": 0, "field": "links",
		},
	} with input as fixtures.doc([object.union(r, {"index": 0})])
	links.info == {
		{
			"msg": `link "/legal/privacy" of "Acme GmbH" is relative to this site: it works on the published page but not where the file is read elsewhere (a repository, an export); if it is the subprocessor's page, use its absolute https URL`,
			"row": 0, "field": "links",
		},
		{
			"msg": `link "privacy.html" of "Acme GmbH" is relative to this site: it works on the published page but not where the file is read elsewhere (a repository, an export); if it is the subprocessor's page, use its absolute https URL`,
			"row": 0, "field": "links",
		},
	} with input as fixtures.doc([object.union(r, {"index": 0})])
}

test_fail_not_a_privacy_page if {
	r := _with_links(12, [
		{"text": "Website", "url": "https://acme.example/"},
		{"text": "Blog", "url": "https://blog.acme.example/2018/gdpr-and-you"},
	])
	count(links.deny) == 0 with input as fixtures.doc([r])
	links.warn == {{
		"msg": `no link of "Acme GmbH" ("https://acme.example/", "https://blog.acme.example/2018/gdpr-and-you") points to a privacy, DPA, trust or security page; link the subprocessor's DPA or privacy policy`,
		"subprocessor": "Acme GmbH", "name_key": "acme", "field": "links", "line": 12, "column": 80,
	}} with input as fixtures.doc([r])
		with data.subpolicy.config.privacy_link_pattern as "(?i)privacy|dpa"
	count(links.info) == 0 with input as fixtures.doc([r])
		with data.subpolicy.config.privacy_link_pattern as "(?i)privacy|dpa"
}

# A relative link is the company's own page: it cannot be judged, and is only a notice.
test_success_relative_link_is_not_judged if {
	r := _with_links(12, [{"text": "Acme", "url": "/vendors/acme"}])
	count(links.warn) == 0 with input as fixtures.doc([r])
	count(links.info) == 1 with input as fixtures.doc([r])
}

# The Notes column's links (the company's own policy) are not the subprocessor's: not checked.
# Neither are the name's. The DPA column's are.
test_success_notes_and_name_links_are_not_checked if {
	rows := [
		_row(12, "Stripe, Inc.", ["stripe.com", "https://stripe.com"], ["Stripe DPA", "https://stripe.com/legal/dpa"], ["our privacy policy", "/privacy"]),
		object.union(
			_row(13, "Acme GmbH", null, ["DPA", "https://acme.example/dpa"], ["see http://old.example", "http://old.example"]),
			{"links": [
				{"text": "Acme GmbH", "url": "http://acme.example"},
				{"text": "DPA", "url": "https://acme.example/dpa"},
				{"text": "http://old.example", "url": "http://old.example"},
			]},
		),
	]
	count(links.deny) == 0 with input as _doc(rows)
	count(links.warn) == 0 with input as _doc(rows)
	count(links.info) == 0 with input as _doc(rows)
}

# A link whose text names a DPA but that goes to a homepage, in a table where other rows link
# their DPA: a warning at the row.
test_fail_dpa_text_to_a_homepage if {
	rows := [
		_row(12, "Stripe, Inc.", ["stripe.com", "https://stripe.com"], ["Stripe DPA", "https://stripe.com/legal/dpa"], null),
		_row(13, "Salesforce, Inc.", ["salesforce.com", "https://www.salesforce.com"], ["Salesforce DPA", "https://www.salesforce.com/"], null),
		_row(14, "Acme GmbH", ["acme.example", "https://acme.example/en/"], null, null),
		# A link without text (an image) is the column's when the cell shows its URL.
		object.union(
			_row(15, "Beta Ltd", ["https://beta.example", "https://beta.example"], null, null),
			{"links": [{"text": "", "url": "https://beta.example"}]},
		),
	]
	links.warn == {
		{
			"msg": `link "Salesforce DPA" of "Salesforce, Inc." goes to the homepage "https://www.salesforce.com/", not to the page its text names; link the subprocessor's DPA or privacy policy itself`,
			"subprocessor": "Salesforce, Inc.", "name_key": "salesforce", "field": "links", "line": 13, "column": 80,
		},
		{
			"msg": `no link of "Acme GmbH" ("https://acme.example/en/") points to a privacy, DPA, trust or security page; link the subprocessor's DPA or privacy policy`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "field": "links", "line": 14, "column": 80,
		},
		{
			"msg": `no link of "Beta Ltd" ("https://beta.example") points to a privacy, DPA, trust or security page; link the subprocessor's DPA or privacy policy`,
			"subprocessor": "Beta Ltd", "name_key": "beta ltd", "field": "links", "line": 15, "column": 80,
		},
	} with input as _doc(rows)
	count(links.info) == 0 with input as _doc(rows)
}

# A Website column of homepages on every row: one notice for the table.
test_fail_website_column_of_homepages if {
	rows := [
		_row(12, "Stripe, Inc.", ["https://stripe.com", "https://stripe.com"], null, null),
		_row(13, "Acme GmbH", ["https://acme.example/", "https://acme.example/"], null, null),
	]
	count(links.warn) == 0 with input as _doc(rows)
	links.info == {{
		"msg": `no link in the table on line 10 points to a privacy, DPA, trust or security page (2 rows, e.g. "https://stripe.com"); that is fine for a website column, but linking each subprocessor's DPA or privacy policy lets customers review its terms`,
		"line": 10, "column": 1,
	}} with input as _doc(rows)
}

# A DPA column whose every link goes to a homepage: one warning for the table.
test_fail_dpa_column_of_homepages if {
	rows := [
		_row(12, "Stripe, Inc.", null, ["Stripe DPA", "https://stripe.com"], null),
		_row(13, "Salesforce, Inc.", null, ["Salesforce DPA", "https://www.salesforce.com/?utm=x"], null),
	]
	doc := object.union(_doc(rows), {"tables": [object.union(_table, {"heading": "Vendors"})]})
	links.warn == {{
		"msg": `the links of table "Vendors" whose text names a DPA or privacy page go to homepages (2 rows, e.g. "Stripe DPA" to "https://stripe.com"); link each subprocessor's DPA or privacy policy itself`,
		"line": 10, "column": 1,
	}} with input as doc
	count(links.info) == 0 with input as doc
}

# Two rows of homepages in a table where another row links its DPA: a warning at each row.
test_fail_homepages_beside_a_dpa if {
	rows := [
		_row(12, "Stripe, Inc.", ["stripe.com", "https://stripe.com"], ["DPA", "https://stripe.com/legal/dpa"], null),
		_row(13, "Acme GmbH", ["acme.example", "https://acme.example/"], null, null),
		_row(14, "Beta Ltd", ["beta.example", "https://beta.example/"], null, null),
	]
	count(links.info) == 0 with input as _doc(rows)
	{f.line | some f in links.warn} == {13, 14} with input as _doc(rows)
}

# A row whose only link is in its Notes column has no link of its own: it does not keep the
# table's homepages from being one finding.
test_fail_homepages_beside_a_notes_link if {
	rows := [
		_row(12, "Stripe, Inc.", ["stripe.com", "https://stripe.com"], null, null),
		_row(13, "Acme GmbH", ["acme.example", "https://acme.example/"], null, null),
		_row(14, "Beta Ltd", null, null, ["see our policy", "https://us.example/privacy"]),
	]
	count(links.warn) == 0 with input as _doc(rows)
	{f.line | some f in links.info} == {10} with input as _doc(rows)
}
