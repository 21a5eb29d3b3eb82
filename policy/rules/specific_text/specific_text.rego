# METADATA
# title: Purposes and data categories are specific
# description: A purpose is more than a generic term such as "Services" and has at least two words; the data column names categories, not only generic terms such as "Customer Data" (a notice only for hosting and storage rows, where that is accurate).
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

# The purpose is too short to describe anything.
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

_row_issues(purpose, values) := {issue | is_string(purpose); issue := _purpose_issue(purpose)} | {"generic data" | _generic_only(values)}

# Empty purposes are SP002's finding.
_purpose_issue(purpose) := "generic" if {
	not lib.is_empty_value(purpose)
	lib.normalize_term(purpose) in _generic_purposes
} else := "short" if {
	not lib.is_empty_value(purpose)
	lib.word_count(purpose) < lib.config.min_purpose_words
}

_generic_purposes := {lib.normalize_term(p) | some p in lib.config.generic_purposes}

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
