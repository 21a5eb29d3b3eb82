# METADATA
# title: Links are HTTPS links to privacy, DPA or trust pages
# description: Only the links of a table's link, website and DPA columns are the subprocessors' links (a Notes column linking the company's own policy is not checked). A link that cannot be opened (not a URL, no host) is an error; http, another scheme or a host without https:// a warning; a link relative to the company's own site a notice. A row none of whose links is a privacy, DPA, trust or security page is a warning, and so is a link whose text names such a page but that goes to a homepage; when every row of a table is so, one finding for the table (a notice for a column of homepages).
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp008
#     description: rationale and sources
# custom:
#   id: SP008
#   severity: error
package subpolicy.rules.links

import data.subpolicy.lib

# A link that cannot be opened anywhere: an error.
deny contains lib.cell_finding(sp, "links", msg) if {
	some [i, url, "error", problem] in _url_findings
	sp := lib.rows[i]
	msg := sprintf("link %q of %s %s", [url, lib.subject(sp), problem])
}

# A link that opens, but not as an https page of the subprocessor: a warning.
warn contains lib.cell_finding(sp, "links", msg) if {
	some [i, url, "warning", problem] in _url_findings
	sp := lib.rows[i]
	msg := sprintf("link %q of %s %s", [url, lib.subject(sp), problem])
}

# A link relative to the company's own site: a notice.
info contains lib.cell_finding(sp, "links", msg) if {
	some [i, url, "notice", problem] in _url_findings
	sp := lib.rows[i]
	msg := sprintf("link %q of %s %s", [url, lib.subject(sp), problem])
}

# No link of the row is a privacy, DPA, trust or security page (unless every row of its table
# is so: then one finding for the table, below).
warn contains lib.cell_finding(sp, "links", msg) if {
	some i, "no privacy" in _kinds
	not lib.rows[i].table in _whole_tables["no privacy"]
	sp := lib.rows[i]
	msg := sprintf(
		"no link of %s (%s) points to a privacy, DPA, trust or security page; link the subprocessor's DPA or privacy policy",
		[lib.subject(sp), lib.quoted_list([l.url | some l in _vendor_links[i]])],
	)
}

# A link whose text names a DPA or privacy page but that goes to a homepage (unless every row
# of its table has one: then one finding for the table, below).
warn contains lib.cell_finding(sp, "links", msg) if {
	some i, "homepage" in _kinds
	not lib.rows[i].table in _whole_tables.homepage
	sp := lib.rows[i]
	some link in _mislabelled(_vendor_links[i])
	msg := sprintf(
		"link %q of %s goes to the homepage %q, not to the page its text names; link the subprocessor's DPA or privacy policy itself",
		[link.text, lib.subject(sp), link.url],
	)
}

# No row of the table links a privacy, DPA, trust or security page: a column of websites, one
# notice for the table.
info contains lib.table_finding(t, msg) if {
	some t in lib.list(input.tables)
	t.index in _whole_tables["no privacy"]
	rows := _groups[[t.index, "no privacy"]]
	msg := sprintf(
		"no link in %s points to a privacy, DPA, trust or security page (%d rows, e.g. %s); that is fine for a website column, but linking each subprocessor's DPA or privacy policy lets customers review its terms",
		[_table_subject(t), count(rows), lib.quoted_list([l.url | some l in _vendor_links[min(rows)]])],
	)
}

# Every row of the table has a link labelled as a DPA or privacy page that goes to a homepage:
# one warning for the table.
warn contains lib.table_finding(t, msg) if {
	some t in lib.list(input.tables)
	t.index in _whole_tables.homepage
	rows := _groups[[t.index, "homepage"]]
	link := _mislabelled(_vendor_links[min(rows)])[0]
	msg := sprintf(
		"the links of %s whose text names a DPA or privacy page go to homepages (%d rows, e.g. %q to %q); link each subprocessor's DPA or privacy policy itself",
		[_table_subject(t), count(rows), link.text, link.url],
	)
}

# ---------------------------------------------------------------------------------------------
# The subprocessors' links
# ---------------------------------------------------------------------------------------------

# Every link of the page, once per distinct list of links: [group index in lib.link_groups,
# link], and their URLs. The checks run over the column of URLs at once.
_links := [[j, link] |
	some j, links in lib.link_groups.links
	some link in lib.list(links)
]

_urls := [link.url | some [_, link] in _links]

# The indexes in _links of the URLs that are not a plain https URL, and of those that name no
# privacy, DPA, trust, security or legal page: on most pages, few.
_not_plain := lib.not_matching(_urls, _plain_https)

_not_privacy := lib.not_matching(_urls, lib.config.privacy_link_pattern)

_non_privacy_urls := {_urls[k] | some k in _not_privacy}

# The rows with such a link: the only ones whose link columns need reading. A row whose every
# link is an https URL of a privacy page has nothing to report, wherever its links are.
_candidates := {i |
	some j in {_links[k][0] | some k in (_not_plain | _not_privacy)}
	some i in lib.link_groups.rows[j]
}

# The headers of each table's columns of no role that are link columns by their header word
# ("DPA", "Privacy policy" beside a "Website" column that took the links role), by table index.
_link_headers := {t.index: headers |
	some t in lib.list(input.tables)
	headers := [r.header |
		some r in lib.list(object.get(t, "reading", []))
		r.role == ""
		some evidence in lib.list(object.get(r, "evidence", []))
		regex.match(`^header word ".*": links$`, evidence)
	]
}

# The links of each candidate row that are in its link columns. A row's links come from all its
# cells; those of a Notes or name column are the company's own pages or the subprocessor's home,
# not its terms. Rows without such links are left out.
_vendor_links := {i: links |
	headers := _link_headers
	some i in _candidates
	sp := lib.rows[i]
	links := _in_link_columns(sp, headers)
	count(links) > 0
}

# The row's links whose text (or URL) is in the text of its links cell or of a link column of no
# role.
_in_link_columns(sp, headers) := [link |
	texts := array.concat(
		[object.get(sp, ["cells", "links", "text"], "")],
		[object.get(object.get(sp, "extra", {}), h, "") | some h in object.get(headers, sp.table, [])],
	)
	some link in lib.items(sp, "links")
	_within(link, texts)
]

_within(link, texts) if {
	link.text != ""
	some text in texts
	contains(text, link.text)
}

_within(link, texts) if {
	some text in texts
	contains(text, link.url)
}

# ---------------------------------------------------------------------------------------------
# URLs that are not an https page
# ---------------------------------------------------------------------------------------------

# [row index, url, severity, problem] of the links that are not a plain https URL with a host.
_url_findings := {[i, link.url, severity, problem] |
	problems := _problems
	some i, links in _vendor_links
	some link in links
	[severity, problem] := problems[link.url]
}

# [severity, problem] of each URL that is not plainly fine.
_problems := {url: _problem(trim_space(url)) | some url in {_urls[k] | some k in _not_plain}}

# An https URL with a dotted host and no port, escapes or control characters, spaces around it
# aside: uri.is_valid holds for it, its scheme is https and its host has a dot, so _problem has
# nothing to say.
_plain_https := `^[\s\v\x{85}\p{Z}]*https://[A-Za-z0-9.-]*\.[A-Za-z0-9.-]*(?:[/?#][^\x00-\x20\x7f%]*)?[\s\v\x{85}\p{Z}]*$`

# [severity, problem] of a link's URL, if any; a URL is parsed once.
_problem(url) := ["error", "is not a valid URL; use an absolute https URL (e.g. \"https://example.com/privacy\")"] if {
	not uri.is_valid(url)
} else := _parsed_problem(url, uri.parse(url))

_parsed_problem(url, parsed) := ["warning", "uses http; use https so the evidence cannot be altered in transit"] if {
	lower(parsed.scheme) == "http"
} else := ["warning", "is an email address, not a web page; link the privacy policy or DPA with an https URL"] if {
	lower(parsed.scheme) == "mailto"
} else := ["warning", sprintf("has no scheme, so browsers open it as a page of this site; write %q", [concat("", ["https://", url])])] if {
	not parsed.scheme
	regex.match(_bare_host, url)
	not regex.match(_file_name, url)
} else := ["notice", "is relative to this site: it works on the published page but not where the file is read elsewhere (a repository, an export); if it is the subprocessor's page, use its absolute https URL"] if {
	not parsed.scheme
} else := ["warning", sprintf("uses the %q scheme; use an https URL", [parsed.scheme])] if {
	lower(parsed.scheme) != "https"
} else := ["error", "has no host; use an absolute https URL (e.g. \"https://example.com/privacy\")"] if {
	not contains(object.get(parsed, "hostname", ""), ".")
}

# A host name written without a scheme ("stripe.com/privacy", "www.stripe.com"), and a file
# name that looks like one ("dpa.pdf", "privacy.html").
_bare_host := `^(?i)(?:[a-z0-9-]+\.)+[a-z]{2,}(?:[/?#:]|$)`

_file_name := `^(?i)[^/?#]*\.(?:html?|php|aspx?|jsp|pdf|md|mdx|txt|docx?)(?:[/?#]|$)`

# ---------------------------------------------------------------------------------------------
# Links to privacy pages
# ---------------------------------------------------------------------------------------------

# Of the subprocessors' links whose URL names no privacy page: the homepages (a host with at
# most a language path), which are no DPA whatever their text says, and the texts that name
# such a page ("Data Processing Terms", "Salesforce DPA").
_unnamed := [link |
	some link in {link | some links in _vendor_links; some link in links}
	link.url in _non_privacy_urls
]

_homepages := {_unnamed[k].url | some k in lib.matching([l.url | some l in _unnamed], _homepage)}

_homepage := `^(?i)[\s\v\x{85}\p{Z}]*https?://[^/?#\s]+/?(?:[a-z]{2}(?:[-_][a-z]{2})?/?)?(?:[?#][^\s]*)?[\s\v\x{85}\p{Z}]*$`

_privacy_texts := {_unnamed[k].text | some k in lib.matching([l.text | some l in _unnamed], lib.config.privacy_link_pattern)}

# The rows whose links fail, by kind: "homepage" (a link whose text names a privacy page goes
# to a homepage) or "no privacy" (no link is a privacy page by its URL, or by its text when its
# URL is not a homepage, nor relative to this site, which cannot be judged).
_kinds := {i: kind |
	some i, links in _vendor_links
	kind := _kind(links)
	kind != "ok"
}

_kind(links) := "homepage" if {
	count(_mislabelled(links)) > 0
} else := "ok" if {
	some link in links
	_privacy_link(link)
} else := "no privacy"

_privacy_link(link) if not link.url in _non_privacy_urls

_privacy_link(link) if {
	link.text in _privacy_texts
	not link.url in _homepages
}

_privacy_link(link) if _problems[link.url][0] == "notice"

_mislabelled(links) := [link |
	some link in links
	link.url in _homepages
	link.text in _privacy_texts
]

# ---------------------------------------------------------------------------------------------
# Tables whose every row is so
# ---------------------------------------------------------------------------------------------

# The failing rows grouped by [table index, kind].
_keyed := [[[lib.rows[i].table, kind], i] | some i, kind in _kinds]

_keys := {key | some [key, _] in _keyed}

_groups := {key: rows |
	some key in _keys
	rows := [i | some [k, i] in _keyed; k == key]
}

# The tables where two or more rows fail, all of one kind, and no other row has links in its
# link columns: one finding for the table.
_whole_tables := {kind: {t |
	some [t, k] in _one_kind
	k == kind
	not t in _tables_with_ok_rows
} |
	some kind in ["no privacy", "homepage"]
}

_one_kind := {[t, kind] |
	some [t, kind] in _keys
	count(_groups[[t, kind]]) >= 2
	not [t, _other(kind)] in _keys
}

_other("no privacy") := "homepage"

_other("homepage") := "no privacy"

# Of those tables, the ones with a row that links a privacy page: each row of theirs is read.
_tables_with_ok_rows := {t |
	headers := _link_headers
	some t, rows in _table_rows
	some i in rows
	not _kinds[i]
	count(_in_link_columns(lib.rows[i], headers)) > 0
}

_table_rows := {t: rows |
	some t in {t | some [t, _] in _one_kind}
	rows := [i | some i, x in _row_tables; x == t]
}

_row_tables := [object.get(sp, "table", null) | some sp in lib.rows]

_table_subject(t) := sprintf("table %q", [t.heading]) if not lib.is_blank(object.get(t, "heading", ""))

else := sprintf("the table on line %d", [t.line])
