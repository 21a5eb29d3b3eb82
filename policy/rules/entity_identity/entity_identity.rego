# METADATA
# title: Subprocessors are named as legal entities; affiliates are listed apart
# description: Names carry a legal form (Inc, LLC, Ltd, GmbH...) so customers know the contracting entity, and affiliates are not mixed with third parties in one table. One page-level notice lists the names without a legal form.
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp020
#     description: rationale and sources
# custom:
#   id: SP020
#   severity: notice
package subpolicy.rules.entity_identity

import data.subpolicy.lib

# One notice for all names without a legal form, at the first of them.
info contains lib.line_finding(first[0], msg) if {
	rows := _without_legal_form
	count(rows) > 0
	first := rows[0]
	msg := sprintf(
		"%d %s named without a legal form (e.g. Inc, LLC, Ltd, GmbH): %s; name the contracting legal entity (e.g. \"Google LLC\" rather than \"Google Cloud\")",
		[count(rows), _subprocessors_are(count(rows)), _listed([name | some [_, name] in rows])],
	)
}

# A table whose heading mixes affiliates and third parties.
info contains lib.table_finding(t, msg) if {
	some t in input.tables
	_has_any_words(t.heading, lib.config.affiliate_words)
	_has_any_words(t.heading, lib.config.third_party_words)
	regex.match(lib.config.mixed_heading_joiner_pattern, t.heading)
	msg := sprintf(
		"table %q mixes affiliates and third-party subprocessors; list affiliates in a separate table under their own heading so customers can tell them apart",
		[t.heading],
	)
}

# [line, name] of each distinct name without a legal form, in page order.
_without_legal_form := sort({[line, name] |
	some sp in lib.rows
	name := trim_space(sp.name)
	name != ""
	not _has_legal_form(name)
	line := min({r.line | some r in lib.rows; trim_space(r.name) == name})
})

_has_legal_form(name) if _has_any_words(name, lib.config.legal_suffixes)

_has_any_words(text, phrases) if {
	some p in phrases
	lib.has_words(text, p)
}

_subprocessors_are(1) := "subprocessor is"

_subprocessors_are(n) := "subprocessors are" if n != 1

# Up to max_listed_names quoted names, then "and N more".
_listed(names) := lib.quoted_list(names) if count(names) <= lib.config.max_listed_names

else := sprintf("%s and %d more", [
	lib.quoted_list(array.slice(names, 0, lib.config.max_listed_names)),
	count(names) - lib.config.max_listed_names,
])
