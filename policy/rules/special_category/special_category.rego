# METADATA
# title: Special-category, criminal and children's data are flagged
# description: A row whose data or purpose mentions special-category (GDPR Art. 9), criminal-offence (Art. 10) or children's data states its safeguards; recordings, voice, photos and identity documents state whether they are used to identify people. Technical health and diagnostics ("service health data", "application diagnostics", "device fingerprint") are not personal data of that kind. Payment card or bank data at a vendor whose purpose mentions no payments is a notice.
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp011
#     description: rationale and sources
# custom:
#   id: SP011
#   severity: warning
package subpolicy.rules.special_category

import data.subpolicy.lib

# Special-category, criminal or children's data.
warn contains lib.cell_finding(sp, field, msg) if {
	some [i, field, "special", terms] in _mentions
	sp := lib.rows[i]
	msg := sprintf(
		"%s of %s mentions %s (GDPR Art. 9/10 special-category, criminal or children's data); state the safeguards applied (e.g. \"encrypted, access restricted to support staff\") and have it reviewed",
		[field, lib.subject(sp), lib.quoted_list(terms)],
	)
}

# Data that becomes special-category when used to identify people.
warn contains lib.cell_finding(sp, field, msg) if {
	some [i, field, "review", terms] in _mentions
	sp := lib.rows[i]
	msg := sprintf(
		"%s of %s mentions %s; state whether it is used to identify people (e.g. \"voice not used for speaker identification\")",
		[field, lib.subject(sp), lib.quoted_list(terms)],
	)
}

# Payment card or bank data at a vendor whose purpose mentions no payments: not special-category
# data, but data a reviewer asks about.
info contains lib.cell_finding(sp, field, msg) if {
	some [i, field, "payment", terms] in _mentions
	sp := lib.rows[i]
	msg := sprintf(
		"%s of %s mentions payment data (%s) while its purpose mentions no payments; state why it receives it and how it is protected (e.g. \"tokenised card references only\")",
		[field, lib.subject(sp), lib.quoted_list(terms)],
	)
}

# [row index, field, kind, terms] of the purposes and data lists that mention special-category
# ("special"), review ("review") or payment ("payment") terms. Worked out once per distinct
# content.
_mentions := {[i, field, kind, terms] |
	some c in lib.distinct_contents
	purpose := object.get(c, "purpose", "")
	payments := _about_payments(purpose, object.get(c, "category", ""))
	mentions := _row_mentions(purpose, object.get(c, "data", []), payments)
	count(mentions) > 0
	some i in lib.rows_by_content[c]
	some [field, kind, terms] in mentions
}

_row_mentions(purpose, values, payments) := {[field, kind, terms] |
	some [field, text] in [["purpose", purpose], ["data", concat("; ", lib.list(values))]]
	[kind, terms] := _mention(text, payments)
	kind != ""
}

# A vendor whose purpose or category is about payments (payment_purpose_pattern) receives card
# and bank data by its nature.
_about_payments(purpose, category) if regex.match(lib.config.payment_purpose_pattern, concat(" ", [purpose, category]))

else := false

# ["special", terms], ["review", terms] or ["payment", terms], else ["", []]. Technical phrases
# (special_category_exclude_pattern: "service health", "application diagnosis", "device
# fingerprint") are left out first: they are about systems, not people.
_mention(text, payments) := ["special", terms] if {
	terms := _matches(lib.config.special_category_pattern, regex.replace(text, lib.config.special_category_exclude_pattern, " "))
	count(terms) > 0
} else := ["review", terms] if {
	terms := _matches(lib.config.review_pattern, text)
	count(terms) > 0
} else := ["payment", terms] if {
	payments == false
	terms := _matches(lib.config.payment_data_pattern, text)
	count(terms) > 0
} else := ["", []]

# The matches of pattern in text, in order of first appearance, without repeats (ignoring case).
_matches(pattern, text) := [m |
	found := regex.find_n(pattern, text, -1)
	some i, m in found
	not lower(m) in {lower(x) | some x in array.slice(found, 0, i)}
]
