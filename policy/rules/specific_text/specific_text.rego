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
	some sp in lib.rows
	not lib.is_empty_value(sp.purpose)
	_generic_purpose(sp.purpose)
	msg := sprintf(
		"purpose %q of %s is too generic to assess or object to; describe the processing activity (e.g. \"sends transactional email notifications\")",
		[sp.purpose, lib.subject(sp)],
	)
}

# The purpose is too short to describe anything.
warn contains lib.cell_finding(sp, "purpose", msg) if {
	some sp in lib.rows
	not lib.is_empty_value(sp.purpose)
	not _generic_purpose(sp.purpose)
	n := lib.word_count(sp.purpose)
	n < lib.config.min_purpose_words
	msg := sprintf(
		"purpose %q of %s is too short (%d %s); describe what it does with the data in a few words (e.g. \"sends transactional emails\")",
		[sp.purpose, lib.subject(sp), n, _words(n)],
	)
}

# The data are only generic terms.
warn contains lib.cell_finding(sp, "data", msg) if {
	some sp in lib.rows
	_only_generic_data(sp)
	not _hosting(sp)
	msg := sprintf(
		"data of %s lists only generic terms (%s); name the categories of personal data (e.g. \"names, email addresses, support tickets\")",
		[lib.subject(sp), lib.quoted_list(lib.filled_data(sp))],
	)
}

# Hosting and storage rows receive all data, so generic terms are accurate there; a notice only.
info contains lib.cell_finding(sp, "data", msg) if {
	some sp in lib.rows
	_only_generic_data(sp)
	_hosting(sp)
	msg := sprintf(
		"data of %s lists only generic terms (%s); that is accurate for hosting, but naming the main categories (e.g. \"account details, support tickets\") helps customers assess it",
		[lib.subject(sp), lib.quoted_list(lib.filled_data(sp))],
	)
}

_generic_purpose(purpose) if lib.normalize_term(purpose) in {lib.normalize_term(p) | some p in lib.config.generic_purposes}

# Only generic data; empty data is SP002's finding, and AI providers' is SP003's.
_only_generic_data(sp) if {
	count(lib.filled_data(sp)) > 0
	count(lib.specific_data(sp)) == 0
	not lib.is_ai_provider(sp)
}

_hosting(sp) if regex.match(lib.config.hosting_pattern, sp.purpose)

_hosting(sp) if regex.match(lib.config.hosting_pattern, object.get(sp, "category", ""))

_words(1) := "word"

_words(n) := "words" if n != 1
