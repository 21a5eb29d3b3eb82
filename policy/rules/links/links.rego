# METADATA
# title: Links are HTTPS links to privacy, DPA or trust pages
# description: Every link is an absolute https URL with a host (an error otherwise), and at least one of a row's links points to a privacy, DPA, trust, legal, security or compliance page (a warning otherwise).
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp008
#     description: rationale and sources
# custom:
#   id: SP008
#   severity: error
package subpolicy.rules.links

import data.subpolicy.lib

# A link that is not an absolute https URL.
deny contains lib.cell_finding(sp, "links", msg) if {
	some i, checked in _checked
	some [url, problem] in checked.problems
	sp := lib.rows[i]
	msg := sprintf("link %q of %s %s", [url, lib.subject(sp), problem])
}

# No link of the row looks like a privacy, DPA or trust page.
warn contains lib.cell_finding(sp, "links", msg) if {
	some i, checked in _checked
	not checked.privacy
	sp := lib.rows[i]
	links := lib.items(sp, "links")
	msg := sprintf(
		"no link of %s (%s) points to a privacy, DPA, trust or security page; link the subprocessor's DPA or privacy policy",
		[lib.subject(sp), lib.quoted_list([l.url | some l in links])],
	)
}

# The rows with something to report, by index; worked out once per distinct content.
_checked := {i: checked |
	some c in lib.distinct_contents
	checked := _check(object.get(c, "links", []))
	checked != _fine
	some i in lib.rows_by_content[c]
}

_fine := {"problems": set(), "privacy": true}

# The [url, problem] of each link that is not a valid https URL, and whether some link looks
# like a privacy page (true when there is no link: nothing to warn about).
_check(links) := {
	"problems": {[link.url, problem] |
		some link in links
		problem := _problem(trim_space(link.url))
	},
	"privacy": _privacy_or_none(lib.list(links)),
}

_privacy_or_none([]) := true

_privacy_or_none(links) := _privacy_link(links) if count(links) > 0

_privacy_link(links) if {
	some link in links
	some text in [link.url, link.text]
	regex.match(lib.config.privacy_link_pattern, text)
} else := false

_problem(url) := "is not a valid URL; use an absolute https URL (e.g. \"https://example.com/privacy\")" if {
	not uri.is_valid(url)
} else := "uses http; use https so the evidence cannot be altered in transit" if {
	lower(uri.parse(url).scheme) == "http"
} else := "is an email address, not a web page; link the privacy policy or DPA with an https URL" if {
	lower(uri.parse(url).scheme) == "mailto"
} else := "is a relative link; use an absolute https URL" if {
	not uri.parse(url).scheme
} else := sprintf("uses the %q scheme; use an https URL", [uri.parse(url).scheme]) if {
	lower(uri.parse(url).scheme) != "https"
} else := "has no host; use an absolute https URL (e.g. \"https://example.com/privacy\")" if {
	not contains(object.get(uri.parse(url), "hostname", ""), ".")
}
