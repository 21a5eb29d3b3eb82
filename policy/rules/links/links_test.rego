package subpolicy.test.links

import data.subpolicy.rules.links
import data.subpolicy.test.fixtures

_with_links(line, links) := fixtures.row(line, {"name": "Acme GmbH", "links": links})

test_success_privacy_links if {
	rows := [
		_with_links(12, [{"text": "Privacy Policy", "url": "https://acme.example/privacy"}]),
		_with_links(13, [{"text": "Twilio GDPR Whitepaper", "url": "https://s3.amazonaws.com/ahoy-assets.twilio.com/Whitepapers/Twilio_Whitepaper_GDPR.pdf"}]),
		_with_links(14, [{"text": "Compliance Certifications", "url": "https://www.zendesk.com/product/zendesk-security/"}]),
		_with_links(15, [{"text": "Home", "url": "https://acme.example/"}, {"text": "DPA", "url": "https://acme.example/dpa.pdf"}]),
	]
	count(links.deny) == 0 with input as fixtures.doc(rows)
	count(links.warn) == 0 with input as fixtures.doc(rows)
}

test_success_no_links_is_sp002s if {
	r := _with_links(12, [])
	count(links.deny) == 0 with input as fixtures.doc([r])
	count(links.warn) == 0 with input as fixtures.doc([r])
}

test_fail_not_https if {
	r := _with_links(12, [
		{"text": "Privacy", "url": "http://acme.example/privacy"},
		{"text": "Privacy", "url": "mailto:privacy@acme.example"},
		{"text": "Privacy", "url": "/legal/privacy"},
		{"text": "Privacy", "url": "ftp://acme.example/privacy.pdf"},
		{"text": "Privacy", "url": "https:/privacy"},
		{"text": "Privacy", "url": "https://localhost/privacy"},
		{"text": "Privacy", "url": "https://acme example/privacy"},
	])
	links.deny == {
		{
			"msg": `link "http://acme.example/privacy" of "Acme GmbH" uses http; use https so the evidence cannot be altered in transit`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "field": "links", "line": 12, "column": 80,
		},
		{
			"msg": `link "mailto:privacy@acme.example" of "Acme GmbH" is an email address, not a web page; link the privacy policy or DPA with an https URL`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "field": "links", "line": 12, "column": 80,
		},
		{
			"msg": `link "/legal/privacy" of "Acme GmbH" is a relative link; use an absolute https URL`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "field": "links", "line": 12, "column": 80,
		},
		{
			"msg": `link "ftp://acme.example/privacy.pdf" of "Acme GmbH" uses the "ftp" scheme; use an https URL`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "field": "links", "line": 12, "column": 80,
		},
		{
			"msg": `link "https:/privacy" of "Acme GmbH" has no host; use an absolute https URL (e.g. "https://example.com/privacy")`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "field": "links", "line": 12, "column": 80,
		},
		{
			"msg": `link "https://localhost/privacy" of "Acme GmbH" has no host; use an absolute https URL (e.g. "https://example.com/privacy")`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "field": "links", "line": 12, "column": 80,
		},
		{
			"msg": `link "https://acme example/privacy" of "Acme GmbH" is not a valid URL; use an absolute https URL (e.g. "https://example.com/privacy")`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "field": "links", "line": 12, "column": 80,
		},
	} with input as fixtures.doc([r])
	count(links.warn) == 0 with input as fixtures.doc([r])
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
}
