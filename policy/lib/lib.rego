# Package lib holds the helpers shared by the rules under data.subpolicy.rules: the
# configuration, the clock, text normalisation, AI-provider detection and the constructors
# every finding is built with. A finding is an object
# {"msg", "subprocessor", "name_key", "field", "line", "column"}; keys that do not apply are
# left out.
package subpolicy.lib

# config is the pack configuration: policy/config.json deep-merged with the user's overrides.
config := data.subpolicy.config

# rows are the subprocessor rows of the document.
rows := list(object.get(input, "subprocessors", []))

# list is x when it is an array, else [] (a Go nil slice arrives as null).
list(x) := x if is_array(x)

else := []

# items is the list a row (or any object) holds at key, [] when it is missing or null.
items(x, key) := list(object.get(x, key, []))

# has_subprocessors holds when the document lists at least one subprocessor.
has_subprocessors if count(rows) > 0

# ---------------------------------------------------------------------------------------------
# Findings
# ---------------------------------------------------------------------------------------------

# page_finding is a finding about the page with no known position.
page_finding(msg) := {"msg": msg}

# line_finding is a finding about the page placed at a line (e.g. the "Updated" line).
line_finding(line, msg) := {"msg": msg, "line": line}

# table_finding is a finding placed at a table's header row.
table_finding(t, msg) := object.union({"msg": msg}, _position(t))

# row_finding is a finding about a subprocessor row, placed at its name cell (the start of the
# row as a reader sees it), or at the row's line when the row has no name cell.
row_finding(sp, msg) := object.union(
	object.union({"msg": msg}, _position(object.get(object.get(sp, "cells", {}), "name", {"line": sp.line}))),
	_who(sp),
)

# cell_finding is a finding about one field of a row, placed at its cell, or at the row's line
# when the row's table has no such column.
cell_finding(sp, field, msg) := object.union(
	object.union(row_finding(sp, msg), {"field": field}),
	_position(cell),
) if cell := sp.cells[field]

else := object.union(row_finding(sp, msg), {"field": field})

_position(x) := {k: v |
	some k in ["line", "column"]
	v := object.get(x, k, 0)
	v > 0
}

_who(sp) := {k: v |
	some k, v in {
		"subprocessor": object.get(sp, "name", ""),
		"name_key": object.get(sp, "name_key", ""),
	}
	not is_blank(v)
}

# subject names a row in a message: the quoted name, or its line when the name is empty.
subject(sp) := sprintf("%q", [sp.name]) if not is_blank(object.get(sp, "name", ""))

else := sprintf("the row on line %d", [sp.line])

# quoted_list renders values as "a", "b", "c".
quoted_list(values) := concat(", ", [sprintf("%q", [v]) | some v in values])

# ---------------------------------------------------------------------------------------------
# Tables and cells
# ---------------------------------------------------------------------------------------------

# table_of is the table a row belongs to.
table_of(sp) := t if {
	some t in input.tables
	t.index == sp.table
}

# has_cell holds when the row's table has a column for field.
has_cell(sp, field) if sp.cells[field]

# cell_text is the plain text of the row's cell for field, "" when there is none.
cell_text(sp, field) := object.get(sp, ["cells", field, "text"], "")

# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------

# is_blank holds for a string that is empty or only whitespace.
is_blank(text) if trim_space(text) == ""

# is_placeholder holds for a value that only stands in for one, such as "-", "N/A" or "TBD".
is_placeholder(text) if lower(trim_space(text)) in _placeholders

# Values derived from the configuration are complete rules, so OPA computes them once per
# evaluation instead of once per call.
_placeholders := {lower(p) | some p in config.placeholder_values}

# is_empty_value holds for a blank or placeholder value.
is_empty_value(text) if is_blank(text)

is_empty_value(text) if is_placeholder(text)

# words lowercases text and reduces it to letters and digits between single spaces, padded
# with a space at both ends, so that contains(words(a), words(b)) is a whole-word match.
words(text) := sprintf(" %s ", [trim_space(regex.replace(lower(text), `[^\p{L}\p{N}]+`, " "))])

# has_words holds when phrase occurs in text as whole words, ignoring case and punctuation.
has_words(text, phrase) if {
	p := words(phrase)
	p != "  "
	contains(words(text), p)
}

# word_count is the number of words in text.
word_count(text) := count([w | some w in split(trim_space(words(text)), " "); w != ""])

# normalize_term lowercases a term, collapses whitespace and drops trailing punctuation.
normalize_term(term) := trim_space(regex.replace(
	regex.replace(lower(term), `\s+`, " "),
	`[\s.,;:!]+$`,
	"",
))

# ---------------------------------------------------------------------------------------------
# Data and AI providers
# ---------------------------------------------------------------------------------------------

# is_generic_data holds for a data term that names no category, such as "Customer Data" or
# "All customer personal data (encrypted at rest)": a note in parentheses does not make it
# specific, but a list does ("Customer data (names, emails)", "Customer data (e.g. names)").
is_generic_data(term) if normalize_term(_without_note(term)) in _generic_data_terms

_generic_data_terms := {normalize_term(t) | some t in config.generic_data_terms}

_without_note(term) := term if regex.match(`(?i)\(\s*(?:e\.g\.|i\.e\.|such as|including|incl\b)`, term)

else := regex.replace(term, `\s*\([^),]*\)`, "")

# specific_data are the row's data items that are neither blank, placeholders nor generic.
specific_data(sp) := {d |
	some d in items(sp, "data")
	not is_empty_value(d)
	not is_generic_data(d)
}

# filled_data are the row's data items that are neither blank nor placeholders.
filled_data(sp) := [d |
	some d in items(sp, "data")
	not is_empty_value(d)
]

# is_ai_provider holds for a row whose category or heading is an AI category, ...
is_ai_provider(sp) if {
	text := words(object.get(sp, "category", ""))
	some c in _ai_category_words
	contains(text, c)
}

_ai_category_words := {w | some c in config.ai_categories; w := words(c); w != "  "}

# ... whose name_key starts with a known AI vendor, ...
is_ai_provider(sp) if {
	key := words(object.get(sp, "name_key", ""))
	some v in _ai_vendor_words
	startswith(key, v)
}

_ai_vendor_words := {words(v) | some v in config.ai_vendors}

# ... or whose purpose reads like an AI service.
is_ai_provider(sp) if regex.match(config.ai_purpose_pattern, object.get(sp, "purpose", ""))

# ---------------------------------------------------------------------------------------------
# Locations
# ---------------------------------------------------------------------------------------------

# is_vague_location holds for a location such as "Global", "EU" or "Worldwide".
is_vague_location(text) if {
	w := words(text)
	some v in _vague_location_words
	contains(w, v)
}

_vague_location_words := {w | some v in config.vague_locations; w := words(v); w != "  "}

# location_pairs are the [spelling, ISO code] pairs of a row, when the resolved locations can be
# matched one to one with countries (same count, same order); empty otherwise.
location_pairs(sp) := [[loc, sp.countries[i]] |
	resolved := [l | some l in sp.locations; not l in object.get(sp, "unresolved_locations", [])]
	count(resolved) == count(items(sp, "countries"))
	some i, loc in resolved
]

# ---------------------------------------------------------------------------------------------
# Dates (the clock is input.context.now; never time.now_ns)
# ---------------------------------------------------------------------------------------------

ns_per_day := ((24 * 60) * 60) * 1000000000

# now_ns is the evaluation time in nanoseconds since the epoch.
now_ns := time.parse_rfc3339_ns(input.context.now)

# today is the evaluation date, YYYY-MM-DD (UTC).
today := time.format([now_ns, "UTC", "2006-01-02"])

# today_ns is midnight UTC of the evaluation date, in nanoseconds.
today_ns := date_ns(today)

# is_iso_date holds for a YYYY-MM-DD string.
is_iso_date(s) if regex.match(`^\d{4}-\d{2}-\d{2}$`, s)

# date_ns is an ISO date (YYYY-MM-DD) at midnight UTC in nanoseconds; undefined for other text.
date_ns(iso) := time.parse_ns("2006-01-02", iso) if is_iso_date(iso)

# days_between is the number of whole days from a_ns to b_ns (negative when b is earlier).
days_between(a_ns, b_ns) := floor((b_ns - a_ns) / ns_per_day)
