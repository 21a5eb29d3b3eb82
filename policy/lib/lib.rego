# Package lib holds the helpers shared by the rules under data.subpolicy.rules: the
# configuration, the clock, text normalisation, AI-provider detection and the constructors
# every finding is built with. A finding is an object
# {"msg", "subprocessor", "name_key", "field", "line", "column", "row"}; keys that do not apply
# are left out, and for a row of the input it is {"msg", "row", "field"?}, which subpolicy
# completes from the row.
#
# Performance (see policy/README.md): OPA evaluates a rule without arguments once per page and
# keeps its value, but runs a function's body again for every argument value it has not seen.
# So what derives from the configuration alone (lowercased lists, combined patterns) is such a
# rule here, and so are the page-wide facts several rules need (contents, cells_to_check,
# ai_providers...). The rows come grouped by value in input.index, so most checks run once per
# distinct value, over whole columns at once (matching, not_matching).
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
# Page-wide facts
# ---------------------------------------------------------------------------------------------

# names and name_keys are the rows' name and name_key ("" when missing), by row index: columns
# to run one pattern over every row at once with matching.
names := [object.get(sp, "name", "") | some sp in rows]

name_keys := [object.get(sp, "name_key", "") | some sp in rows]

# The rows grouped by value, to check each distinct value once and map what is found back to
# the rows: input.index, which subpolicy computes for every document (see the README). A
# document without one (written by hand, or for opa eval) gets the same groups computed here.
_indexed if is_object(input.index)

# contents are the rows without what sets each apart (index, line, name, name_key, cells and
# links, which usually name the subprocessor), by row index. Rows often share their contents
# (purpose, data, location...): a check that reads nothing else runs once per
# distinct_contents, and rows_by_content maps what it finds back to the rows:
# some c in flagged; some i in lib.rows_by_content[c].
contents := [object.remove(sp, ["index", "line", "name", "name_key", "cells", "links"]) | some sp in rows]

distinct_contents := {c | some c in input.index.contents.contents} if {
	_indexed
} else := {c | some c in contents}

rows_by_content := {c: input.index.contents.rows[k] | some k, c in input.index.contents.contents} if {
	_indexed
} else := {c: indexes |
	some c in distinct_contents
	indexes := [i | some i, x in contents; x == c]
}

# cell_groups are the rows grouped by the text of their cell of field: {"texts", "rows"}, the
# distinct texts and, for each, the indexes of its rows.
cell_groups(field) := object.get(_cell_groups, field, {"texts": [], "rows": []})

# All fields' groups, computed once: a group-by inside a function would be redone at each call.
# The rows are grouped by [field, text] in one comprehension keyed on a variable, which OPA
# indexes (keyed on sp.cells[field].text it could not, and would compare every row).
_cell_groups := input.index.cells if {
	_indexed
} else := {field: {"texts": [text | some [text, _] in groups], "rows": [indexes | some [_, indexes] in groups]} |
	some field in cell_fields
	groups := [[text, indexes] | some [f, text], indexes in _cell_rows; f == field]
}

_cell_entries := [[[field, cell.text], i] |
	some i, sp in rows
	some field, cell in object.get(sp, "cells", {})
]

_cell_rows := {key: indexes |
	some key in {key | some [key, _] in _cell_entries}
	indexes := [i | some [k, i] in _cell_entries; k == key]
}

# cell_fields are the fields of the rows' cells.
cell_fields := {field | some field, _ in input.index.cells} if {
	_indexed
} else := {field | some sp in rows; some field, _ in object.get(sp, "cells", {})}

# link_groups are the rows grouped by their links: {"links", "rows"}, the distinct lists of
# links (null for a row without) and, for each, the indexes of its rows.
link_groups := input.index.links if {
	_indexed
} else := {"links": lists, "rows": [[i | some i, sp in rows; sp.links == links] | some links in lists]} if {
	lists := [links | some links in {sp.links | some sp in rows}]
}

# ---------------------------------------------------------------------------------------------
# Findings
# ---------------------------------------------------------------------------------------------

# page_finding is a finding about the page with no known position.
page_finding(msg) := {"msg": msg}

# line_finding is a finding about the page placed at a line (e.g. the "Updated" line).
line_finding(line, msg) := {"msg": msg, "line": line}

# table_finding is a finding placed at a table's header row.
table_finding(t, msg) := object.union({"msg": msg}, _position(t))

# removed_row_finding is a finding about a row that is no longer on the page (a base row of
# input.change): placed at the table it was in (table_of), else at the Updated line, else on
# the page.
removed_row_finding(sp, msg) := table_finding(t, msg) if {
	t := table_of(sp)
} else := line_finding(line, msg) if {
	line := input.updated.line
} else := page_finding(msg)

# row_finding is a finding about a subprocessor row, placed at its name cell (the start of the
# row as a reader sees it), or at the row's line when the row has no name cell. For a row of
# input.subprocessors it is {"msg", "row": index}, and subpolicy fills in the name, name_key
# and position from the row: building them here cost more than the checks on a large page.
# Another row (made up by a policy, or a base row of input.change, whose index is into the
# base's rows) gets them spelled out.
row_finding(sp, msg) := {"msg": msg, "row": i} if {
	i := _input_row_index(sp)
} else := object.union_n([
	{"msg": msg},
	_position(object.get(object.get(sp, "cells", {}), "name", {"line": sp.line})),
	_who(sp),
])

# cell_finding is a finding about one field of a row, placed at its cell, or at the row's line
# when the row's table has no such column.
cell_finding(sp, field, msg) := {"msg": msg, "row": i, "field": field} if {
	i := _input_row_index(sp)
} else := object.union_n([row_finding(sp, msg), {"field": field}, _position(cell)]) if {
	cell := sp.cells[field]
} else := object.union(row_finding(sp, msg), {"field": field})

# The index of sp in input.subprocessors: its index, when the row there has sp's line and name
# (a base row's index is into the base's rows).
_input_row_index(sp) := i if {
	i := sp.index
	is_number(i)
	row := rows[i]
	row.line == sp.line
	row.name == sp.name
}

# The line and column of x that are set (above 0). Findings are built often (a finding per row
# on some pages), so the usual case is spelled out.
_position(x) := {"line": line, "column": column} if {
	line := object.get(x, "line", 0)
	column := object.get(x, "column", 0)
	line > 0
	column > 0
} else := {k: v |
	some k in ["line", "column"]
	v := object.get(x, k, 0)
	v > 0
}

# The row's name and name_key, those that are not blank.
_who(sp) := {"subprocessor": name, "name_key": key} if {
	name := object.get(sp, "name", "")
	key := object.get(sp, "name_key", "")
	trim_space(name) != ""
	trim_space(key) != ""
} else := {k: v |
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

# and_list joins a non-empty array of strings as "a", "a and b", "a, b and c".
and_list(values) := values[0] if count(values) == 1

else := sprintf("%s and %s", [concat(", ", array.slice(values, 0, count(values) - 1)), values[count(values) - 1]])

# listed renders up to max_listed_names names quoted (the first ones, in order), then
# "and N more", for n names in all: names may hold only the first ones.
listed(names, n) := quoted_list(names) if n <= config.max_listed_names

else := sprintf("%s and %d more", [
	quoted_list(array.slice(names, 0, config.max_listed_names)),
	n - config.max_listed_names,
])

# ---------------------------------------------------------------------------------------------
# Tables and cells
# ---------------------------------------------------------------------------------------------

# table_of is the table a row belongs to.
table_of(sp) := _tables[sp.table]

_tables := {t.index: t | some t in list(input.tables)}

# has_cell holds when the row's table has a column for field.
has_cell(sp, field) if sp.cells[field]

# cell_text is the plain text of the row's cell for field, "" when there is none.
cell_text(sp, field) := object.get(sp, ["cells", field, "text"], "")

# cells_to_check are the [row index, field] of the cells whose text is blank or a placeholder
# value, or matches placeholder_pattern or not_applicable_pattern: the only cells SP002 and
# SP010 report on (a cell always has a text). Each distinct text of a field is checked once,
# all of a field's at once with matching.
cells_to_check := {[i, field] |
	some field in cell_fields
	groups := cell_groups(field)
	some j in (matching(groups.texts, _cell_pattern) | matching_lower(groups.texts, _empty_pattern))
	some i in groups.rows[j]
}

_cell_pattern := concat("", ["(?:", config.placeholder_pattern, ")|(?:", config.not_applicable_pattern, ")"])

# Matches a lowercased blank or placeholder value: lower(trim_space(text)) in _empty_values.
_empty_pattern := concat("", [`^[\s\v\x{85}\p{Z}]*(?:`, concat("|", [_quote(p) | some p in _placeholder_values]), `)?[\s\v\x{85}\p{Z}]*$`])

# _quote escapes the regex syntax in text.
_quote(text) := regex.replace(text, `[\\.+*?()|\[\]{}^$]`, `\$0`)

# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------

# is_blank holds for a string that is empty or only whitespace.
is_blank(text) if trim_space(text) == ""

# is_placeholder holds for a value that only stands in for one, such as "-", "N/A" or "TBD".
is_placeholder(text) if lower(trim_space(text)) in _placeholder_values

_placeholder_values := {lower(p) | some p in config.placeholder_values}

# is_empty_value holds for a blank or placeholder value.
is_empty_value(text) if lower(trim_space(text)) in _empty_values

# The lowercased, trimmed forms of a blank or placeholder value: lower never turns a character
# into nothing, so "" stands for the blank ones.
_empty_values := _placeholder_values | {""}

# words lowercases text and reduces it to letters and digits between single spaces, padded
# with a space at both ends, so that contains(words(a), words(b)) is a whole-word match.
words(text) := sprintf(" %s ", [trim_space(regex.replace(lower(text), `[^\p{L}\p{N}]+`, " "))])

# has_words holds when phrase occurs in text as whole words, ignoring case and punctuation.
has_words(text, phrase) if {
	p := words(phrase)
	p != "  "
	contains(words(text), p)
}

# word_count is the number of words in text: the runs of letters and digits words() keeps.
word_count(text) := count(regex.find_n(`[\p{L}\p{N}]+`, lower(text), -1))

# normalize_term lowercases a term, collapses whitespace and drops trailing punctuation.
normalize_term(term) := trim_space(regex.replace(
	regex.replace(lower(term), `\s+`, " "),
	`[\s.,;:!]+$`,
	"",
))

# Whole-word patterns, to test a text against a list of phrases with one regex.match on
# lower(text) instead of words() per phrase:
# - regex.match(words_pattern(ps), lower(t)) is some p in ps; has_words(t, p);
# - regex.match(words_prefix_pattern(ps), lower(t)) is some p in ps; startswith(words(t), words(p));
# - regex.match(words_suffix_pattern(ps), lower(t)) is some p in ps; endswith(words(t), words(p)).
# Build a pattern once, in a complete rule (_p := lib.words_pattern(lib.config.x)), so that
# every row is matched against the same compiled regex.
words_pattern(phrases) := concat("", [`(?:^|[^\p{L}\p{N}])(?:`, _alternatives(phrases), `)(?:[^\p{L}\p{N}]|$)`])

words_prefix_pattern(phrases) := concat("", [
	`^[^\p{L}\p{N}]*(?:(?:`, _alternatives(phrases), `)(?:[^\p{L}\p{N}]|$)`,
	_without_words(phrases, "$"), `)`,
])

words_suffix_pattern(phrases) := concat("", [
	`(?:(?:^|[^\p{L}\p{N}])(?:`, _alternatives(phrases), `)`,
	_without_words(phrases, "^"), `)[^\p{L}\p{N}]*$`,
])

# Each phrase as its words joined by runs of other characters: letters and digits are never
# regex syntax. With no such phrase, an alternative that matches nothing.
_alternatives(phrases) := concat("|", alts) if {
	alts := {regex.replace(w, " ", `[^\p{L}\p{N}]+`) |
		some p in phrases
		w := _words_of(p)
		w != ""
	}
	count(alts) > 0
} else := `[^\s\S]`

# A phrase without letters or digits: words(p) is "  ", which only a text without letters or
# digits starts or ends with (the other end of the pattern is anchored at the text's).
_without_words(phrases, anchor) := concat("", ["|", anchor]) if {
	some p in phrases
	_words_of(p) == ""
} else := ""

# words(phrase) without the spaces around it.
_words_of(phrase) := trim_space(regex.replace(lower(phrase), `[^\p{L}\p{N}]+`, " "))

# matching is {i | some i, text in texts; regex.match(pattern, text)}, computed with a search
# or two per block of texts instead of a match per text (a built-in call costs microseconds;
# a column of 20,000 names is 157 blocks). The texts of a block are joined by new lines:
#   - when (?m:pattern) finds nothing in them, no text of the block matches (a text's match is
#     also one in the joined lines, where ^ and $ match at every line);
#   - else, when (?m)^[^\n]*?(?:pattern) finds one match per line, none containing a new line,
#     and no text has a new line of its own, every text matches (in a one-line text, ^ and $
#     mean the same with or without (?m));
#   - else the block's texts are tried one by one.
# Patterns that could tell a line from a whole text (\A, \z, \Q, a (?-m) flag) are tried on
# each text. texts are strings.
matching(texts, pattern) := _matching(texts, pattern, false)

# matching_lower is matching on the texts lowercased: {i | some i, t in texts; regex.match(pattern, lower(t))}.
matching_lower(texts, pattern) := _matching(texts, pattern, true)

# not_matching is {i | some i, text in texts; not regex.match(pattern, text)}, computed as
# matching is: for a column where most texts match (legal forms in names, privacy links), it
# builds a small set where matching would build a large one.
not_matching(texts, pattern) := _not_matching(texts, pattern, false)

# not_matching_lower is not_matching on the texts lowercased.
not_matching_lower(texts, pattern) := _not_matching(texts, pattern, true)

_matching(texts, pattern, lowered) := {i |
	some [start, block, joined] in _blocks(texts, lowered)
	regex.match(concat("", ["(?m:", pattern, ")"]), joined)
	some j in _block_matches(block, joined, pattern, lowered)
	i := start + j
} if {
	_blockable(pattern)
} else := {i |
	some i, text in texts
	regex.match(pattern, _lower_if(text, lowered))
}

_not_matching(texts, pattern, lowered) := {i |
	some [start, block, joined] in _blocks(texts, lowered)
	some j in _block_non_matches(block, joined, pattern, lowered)
	i := start + j
} if {
	_blockable(pattern)
} else := {i |
	some i, text in texts
	not regex.match(pattern, _lower_if(text, lowered))
}

# any_matching holds when some text in texts matches pattern: one search over the texts joined
# by new lines, and only when that finds something a match per text (see matching).
any_matching(texts, pattern) if {
	_blockable(pattern)
	regex.match(concat("", ["(?m:", pattern, ")"]), concat("\n", texts))
	some text in texts
	regex.match(pattern, text)
} else if {
	not _blockable(pattern)
	some text in texts
	regex.match(pattern, text)
} else := false

# Patterns that could tell a line from a whole text are tried on each text (see matching).
_blockable(pattern) if not regex.match(`\\[AzQ]|\(\?[a-zA-Z]*-`, pattern)

# The blocks of texts: [index of the first, texts, texts joined by new lines (lowercased)].
_blocks(texts, lowered) := [[start, block, _lower_if(concat("\n", block), lowered)] |
	count(texts) > 0
	some start in numbers.range_step(0, count(texts) - 1, _block_size)
	block := array.slice(texts, start, start + _block_size)
]

# The indexes in block of the texts that match, when the block's joined texts have a match
# (see matching).
_block_matches(block, joined, pattern, lowered) := numbers.range(0, count(block) - 1) if {
	_all_match(block, joined, pattern)
} else := {j |
	some j, text in block
	regex.match(pattern, _lower_if(text, lowered))
}

# The indexes in block of the texts that do not match.
_block_non_matches(block, joined, pattern, lowered) := numbers.range(0, count(block) - 1) if {
	not regex.match(concat("", ["(?m:", pattern, ")"]), joined)
} else := [] if {
	_all_match(block, joined, pattern)
} else := {j |
	some j, text in block
	not regex.match(pattern, _lower_if(text, lowered))
}

# Whether every text of the block matches: one match per line, none containing a new line,
# and no text with a new line of its own.
_all_match(block, joined, pattern) if {
	matches := regex.find_n(concat("", [`(?m)^[^\n]*?(?:`, pattern, ")"]), joined, -1)
	count(matches) == count(block)
	count(indexof_n(joined, "\n")) == count(block) - 1
	not contains(concat("", matches), "\n")
}

_block_size := 128

_lower_if(text, true) := lower(text)

_lower_if(text, false) := text

# ---------------------------------------------------------------------------------------------
# Data and AI providers
# ---------------------------------------------------------------------------------------------

# is_generic_data holds for a data term that names no category, such as "Customer Data" or
# "All customer personal data (encrypted at rest)": a note in parentheses does not make it
# specific, but a list does ("Customer data (names, emails)", "Customer data (e.g. names)").
is_generic_data(term) if normalize_term(_without_note(term)) in _generic_data_terms

_generic_data_terms := {normalize_term(t) | some t in config.generic_data_terms}

_without_note(term) := term if {
	not contains(term, "(")
} else := term if {
	regex.match(`(?i)\(\s*(?:e\.g\.|i\.e\.|such as|including|incl\b)`, term)
} else := regex.replace(term, `\s*\([^),]*\)`, "")

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

# ai_providers are the indexes in rows of the rows is_ai_provider holds for, computed once: the
# category and purpose of each distinct content, the name keys all at once.
ai_providers := {i |
	some c in distinct_contents
	_ai_category_or_purpose(object.get(c, "category", ""), object.get(c, "purpose", ""))
	some i in rows_by_content[c]
} | matching_lower(name_keys, _ai_vendor_pattern)

_ai_category_or_purpose(category, purpose) if {
	regex.match(_ai_category_pattern, lower(category))
} else if {
	# "AI" in capitals: in lower case "ai" is a word of Italian and Portuguese ("ai clienti").
	regex.match(`(?:^|[^\p{L}])AI(?:[^\p{L}]|$)`, category)
} else if {
	regex.match(config.ai_purpose_pattern, purpose)
} else := false

# is_ai_provider holds for a row whose category or heading is an AI category or whose purpose
# reads like an AI service, ...
is_ai_provider(sp) if _ai_category_or_purpose(object.get(sp, "category", ""), object.get(sp, "purpose", ""))

# ... or whose name_key starts with a known AI vendor.
is_ai_provider(sp) if regex.match(_ai_vendor_pattern, lower(object.get(sp, "name_key", "")))

_ai_category_pattern := words_pattern(config.ai_categories)

_ai_vendor_pattern := words_prefix_pattern(config.ai_vendors)

# ---------------------------------------------------------------------------------------------
# Locations
# ---------------------------------------------------------------------------------------------

# is_vague_location holds for a location such as "Global", "EU" or "Worldwide".
is_vague_location(text) if regex.match(_vague_pattern, lower(text))

_vague_pattern := words_pattern(config.vague_locations)

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

# ---------------------------------------------------------------------------------------------
# Notice of changes (SP014, SP017)
# ---------------------------------------------------------------------------------------------

# pull_request_labels are the pull request's labels, trimmed.
pull_request_labels := {trim_space(l) | some l in list(object.get(input, ["context", "pull_request", "labels"], []))}

# notice_sent holds when a notice label (notice_label_prefix + YYYY-MM-DD) is dated at least
# notice_days ago: customers were told in time.
notice_sent if {
	some label in pull_request_labels
	startswith(label, config.notice_label_prefix)
	sent := date_ns(trim_space(substring(label, count(config.notice_label_prefix), -1)))
	days_between(sent, today_ns) >= config.notice_days
}

# published_ns is the page's Updated date, which an Effective date is measured from; today
# when it is unknown.
published_ns := ns if {
	ns := date_ns(input.updated.date)
} else := today_ns

# earliest_effective is the earliest Effective date (YYYY-MM-DD) that gives the notice:
# notice_days after published_ns.
earliest_effective := time.format([published_ns + (config.notice_days * ns_per_day), "UTC", "2006-01-02"])

# effective_gives_notice holds for a row whose Effective date is at least notice_days after
# published_ns.
effective_gives_notice(sp) if {
	is_string(sp.effective)
	days_between(published_ns, date_ns(sp.effective)) >= config.notice_days
}

# ---------------------------------------------------------------------------------------------
# Approval of changes (SP015, SP021)
# ---------------------------------------------------------------------------------------------

# approval_labels are the configured approval_labels, trimmed and lowercased.
approval_labels := {lower(trim_space(l)) | some l in list(config.approval_labels)}

# approved holds when the pull request carries one of the approval_labels (case-insensitive).
approved if count(approval_labels & {lower(l) | some l in pull_request_labels}) > 0

# apply_approval says how to approve a change: apply the label, or one of the labels.
apply_approval := sprintf("apply the label %s", [quoted_list(config.approval_labels)]) if count(config.approval_labels) == 1

else := sprintf("apply one of the labels %s", [quoted_list(config.approval_labels)])
