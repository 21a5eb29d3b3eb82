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
	some [j, url, problem] in _problems
	some i in lib.link_groups.rows[j]
	sp := lib.rows[i]
	msg := sprintf("link %q of %s %s", [url, lib.subject(sp), problem])
}

# No link of the row looks like a privacy, DPA or trust page.
warn contains lib.cell_finding(sp, "links", msg) if {
	some j in _without_privacy
	some i in lib.link_groups.rows[j]
	sp := lib.rows[i]
	links := lib.items(sp, "links")
	msg := sprintf(
		"no link of %s (%s) points to a privacy, DPA, trust or security page; link the subprocessor's DPA or privacy policy",
		[lib.subject(sp), lib.quoted_list([l.url | some l in links])],
	)
}

# Every link of the page, once per distinct list of links: [group index in lib.link_groups,
# link], and their URLs. The checks run over the column of URLs at once.
_links := [[j, link] |
	some j, links in lib.link_groups.links
	some link in lib.list(links)
]

_urls := [link.url | some [_, link] in _links]

# The groups of links (never empty) none of whose URLs or texts looks like a privacy page:
# among those with a URL that does not, found all at once.
_without_privacy := {j |
	some j in {_links[k][0] | some k in lib.not_matching(_urls, lib.config.privacy_link_pattern)}
	not _privacy_link(lib.link_groups.links[j])
}

_privacy_link(links) if {
	some link in links
	some text in [link.url, link.text]
	regex.match(lib.config.privacy_link_pattern, text)
}

# [group index, url, problem] of the links that are not a valid https URL with a host. Most
# URLs are plainly fine, and are told apart all at once.
_problems := {[j, link.url, problem] |
	some k in lib.not_matching(_urls, _plain_https)
	[j, link] := _links[k]
	problem := _problem(trim_space(link.url))
}

# An https URL with a dotted host and no port, escapes or control characters, spaces around it
# aside: uri.is_valid holds for it, its scheme is https and its host has a dot, so _problem has
# nothing to say.
_plain_https := `^[\s\v\x{85}\p{Z}]*https://[A-Za-z0-9.-]*\.[A-Za-z0-9.-]*(?:[/?#][^\x00-\x20\x7f%]*)?[\s\v\x{85}\p{Z}]*$`

# The problem with a link's URL, if any; a URL is parsed once.
_problem(url) := "is not a valid URL; use an absolute https URL (e.g. \"https://example.com/privacy\")" if {
	not uri.is_valid(url)
} else := _parsed_problem(uri.parse(url))

_parsed_problem(parsed) := "uses http; use https so the evidence cannot be altered in transit" if {
	lower(parsed.scheme) == "http"
} else := "is an email address, not a web page; link the privacy policy or DPA with an https URL" if {
	lower(parsed.scheme) == "mailto"
} else := "is a relative link; use an absolute https URL" if {
	not parsed.scheme
} else := sprintf("uses the %q scheme; use an https URL", [parsed.scheme]) if {
	lower(parsed.scheme) != "https"
} else := "has no host; use an absolute https URL (e.g. \"https://example.com/privacy\")" if {
	not contains(object.get(parsed, "hostname", ""), ".")
}
