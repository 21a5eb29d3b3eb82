# METADATA
# title: Purposes and data categories are specific
# description: A purpose says more than vague terms such as "Services" or "Various IaaS" and more than the subprocessor's own name ("Microsoft Services"); one specific word such as "Authentication" or "Payments" is enough (min_purpose_words can ask for more). The data column names categories, not only generic terms such as "Customer Data" (a notice only for hosting and storage rows, where that is accurate).
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp005
#     description: rationale and sources
# custom:
#   id: SP005
#   severity: warning
package subpolicy.rules.specific_text

import data.subpolicy.lib

# The purpose is only a generic term.
warn contains lib.cell_finding(sp, "purpose", msg) if {
	some [i, "generic"] in _issues
	sp := lib.rows[i]
	msg := sprintf(
		"purpose %q of %s is too generic to assess or object to; describe the processing activity (e.g. \"sends transactional email notifications\")",
		[sp.purpose, lib.subject(sp)],
	)
}

# The purpose only restates the subprocessor's name ("Microsoft Services" of "Microsoft").
warn contains lib.cell_finding(sp, "purpose", msg) if {
	some i in _restating
	sp := lib.rows[i]
	msg := sprintf(
		"purpose %q of %s only restates the subprocessor's name; describe the processing activity (e.g. \"hosts the application's database\")",
		[sp.purpose, lib.subject(sp)],
	)
}

# The purpose has fewer words than min_purpose_words (1 by default: off).
warn contains lib.cell_finding(sp, "purpose", msg) if {
	some [i, "short"] in _issues
	sp := lib.rows[i]
	n := lib.word_count(sp.purpose)
	msg := sprintf(
		"purpose %q of %s is too short (%d %s); describe what it does with the data in a few words (e.g. \"sends transactional emails\")",
		[sp.purpose, lib.subject(sp), n, _words(n)],
	)
}

# The data are only generic terms.
warn contains lib.cell_finding(sp, "data", msg) if {
	some [i, "generic data"] in _issues
	not i in lib.ai_providers
	sp := lib.rows[i]
	not _hosting(sp)
	msg := sprintf(
		"data of %s lists only generic terms (%s); name the categories of personal data (e.g. \"names, email addresses, support tickets\")",
		[lib.subject(sp), lib.quoted_list(lib.filled_data(sp))],
	)
}

# Hosting and storage rows receive all data, so generic terms are accurate there; a notice only.
info contains lib.cell_finding(sp, "data", msg) if {
	some [i, "generic data"] in _issues
	not i in lib.ai_providers
	sp := lib.rows[i]
	_hosting(sp)
	msg := sprintf(
		"data of %s lists only generic terms (%s); that is accurate for hosting, but naming the main categories (e.g. \"account details, support tickets\") helps customers assess it",
		[lib.subject(sp), lib.quoted_list(lib.filled_data(sp))],
	)
}

# [row index, issue]: "generic" or "short" for the purpose, "generic data" when the data are
# only generic terms (empty data is SP002's finding, and AI providers' is SP003's, which the
# rules check). Worked out once per distinct content.
_issues := {[i, issue] |
	some c in lib.distinct_contents
	issues := _row_issues(object.get(c, "purpose", null), object.get(c, "data", []))
	count(issues) > 0
	some i in lib.rows_by_content[c]
	some issue in issues
}

_row_issues(purpose, values) := {issue |
	is_string(purpose)
	issue := _purpose_issue(purpose)
	issue != "none"
} | {"generic data" | _generic_only(values)}

# Empty purposes are SP002's finding. A purpose is judged by its words, not their number:
# "Authentication" is specific, "Various IaaS" is not. Defined for every purpose ("none"), so
# that it runs once per distinct purpose.
_purpose_issue(purpose) := "none" if {
	lib.is_empty_value(purpose)
} else := "generic" if {
	lib.normalize_term(purpose) in _generic_purposes
} else := "generic" if {
	count(_telling_words(purpose)) == 0
} else := "short" if {
	lib.word_count(purpose) < lib.config.min_purpose_words
} else := "none"

_generic_purposes := {lib.normalize_term(p) | some p in lib.config.generic_purposes}

# The words of a purpose that say something: not vague_purpose_words nor filler words.
_telling_words(purpose) := {w |
	some w in regex.find_n(`[\p{L}\p{N}]+`, lower(purpose), -1)
	not w in _vague_words
}

_vague_words := {lower(w) | some w in lib.config.vague_purpose_words} | {
	"a", "all", "an", "and", "as", "by", "etc", "for", "from", "in", "its", "of",
	"on", "or", "our", "the", "their", "to", "with",
}

# The rows whose purpose says nothing but the subprocessor's name: its telling words (at most
# three) are all words of the name, one of them its first word or the first word in
# parentheses ("Microsoft Services" of "Microsoft Corporation", "AWS" of "Amazon Web Services
# (AWS)"), but not "Payments" of "Stripe Payments Europe". The distinct names that have a word
# of such a purpose are found all at once; only their rows are looked at.
_restating := {i |
	count(_short_purposes) > 0
	names := lib.cell_groups("name")
	some j in lib.matching_lower(names.texts, lib.words_pattern({w | some words in _short_purposes; some w in words}))
	name := lower(names.texts[j])
	some i in names.rows[j]
	telling := _short_purposes[lib.rows[i].purpose]
	_restates(telling, name)
}

# The telling words of each distinct purpose that has one to three and no other issue.
_short_purposes := {purpose: telling |
	some purpose in lib.cell_groups("purpose").texts
	_purpose_issue(purpose) == "none"
	telling := _telling_words(purpose)
	count(telling) > 0
	count(telling) <= 3
}

_restates(telling, name) if {
	every w in telling {
		contains(name, w)
	}
	words := lib.words(name)
	every w in telling {
		contains(words, concat("", [" ", w, " "]))
	}
	some w in telling
	_brand(w, words, name)
}

_brand(w, words, _) if startswith(words, concat("", [" ", w, " "]))

_brand(w, _, name) if regex.match(concat("", [`\([^\p{L}\p{N}]*`, w, `(?:[^\p{L}\p{N}]|$)`]), name)

# Some data item is filled, and none is specific (every filled one is generic). values are a
# content's data: the lib helpers read nothing else.
_generic_only(values) if {
	content := {"data": values}
	count(lib.filled_data(content)) > 0
	count(lib.specific_data(content)) == 0
}

_hosting(sp) if regex.match(lib.config.hosting_pattern, sp.purpose)

_hosting(sp) if regex.match(lib.config.hosting_pattern, object.get(sp, "category", ""))

_words(1) := "word"

_words(n) := "words" if n != 1
