# METADATA
# title: Special-category, criminal and children's data are flagged
# description: A row whose data or purpose mentions special-category (GDPR Art. 9), criminal-offence (Art. 10) or children's data states its safeguards; recordings, voice, photos and identity documents state whether they are used to identify people.
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
	some sp in lib.rows
	some field, text in _texts(sp)
	terms := _matches(lib.config.special_category_pattern, text)
	count(terms) > 0
	msg := sprintf(
		"%s of %s mentions %s (GDPR Art. 9/10 special-category, criminal or children's data); state the safeguards applied (e.g. \"encrypted, access restricted to support staff\") and have it reviewed",
		[field, lib.subject(sp), lib.quoted_list(terms)],
	)
}

# Data that becomes special-category when used to identify people.
warn contains lib.cell_finding(sp, field, msg) if {
	some sp in lib.rows
	some field, text in _texts(sp)
	count(_matches(lib.config.special_category_pattern, text)) == 0
	terms := _matches(lib.config.review_pattern, text)
	count(terms) > 0
	msg := sprintf(
		"%s of %s mentions %s; state whether it is used to identify people (e.g. \"voice not used for speaker identification\")",
		[field, lib.subject(sp), lib.quoted_list(terms)],
	)
}

_texts(sp) := {
	"purpose": object.get(sp, "purpose", ""),
	"data": concat("; ", lib.items(sp, "data")),
}

# The matches of pattern in text, in order of first appearance, without repeats (ignoring case).
_matches(pattern, text) := [m |
	found := regex.find_n(pattern, text, -1)
	some i, m in found
	not lower(m) in {lower(x) | some x in array.slice(found, 0, i)}
]
