# METADATA
# title: No truncated or placeholder text
# description: Names, purposes, data items and locations do not end mid-sentence (a trailing "and", "of", comma or "...", though a full stop ends a sentence), and no cell or "Updated" line still holds a placeholder such as "TBD", "[REGION]" or "to verify", nor "N/A" in a required field.
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp010
#     description: rationale and sources
# custom:
#   id: SP010
#   severity: error
package subpolicy.rules.truncated_text

import data.subpolicy.lib

# A name, purpose or location that ends mid-sentence.
warn contains lib.cell_finding(sp, field, msg) if {
	some [i, field] in _cut_fields
	sp := lib.rows[i]
	msg := _cut_off(sp, field, object.get(sp, field, ""))
}

# [row index, field] of the names, purposes and locations that look cut off. Names rarely
# repeat, so they are first matched all at once.
_cut_fields := {[i, "name"] |
	some i in (lib.matching(lib.names, lib.config.truncation_end_pattern) | lib.matching_lower(lib.names, _connector_ending))
	_truncated(lib.names[i])
} | {[i, field] | some [i, ["cut", field]] in _row_issues}

# A data item that ends mid-sentence (a colon before further items introduces them).
warn contains lib.cell_finding(sp, "data", msg) if {
	some [i, ["cut item", item]] in _row_issues
	sp := lib.rows[i]
	msg := sprintf("data item %q of %s looks cut off; finish the description", [item, lib.subject(sp)])
}

# A placeholder left in a cell.
deny contains lib.cell_finding(sp, field, msg) if {
	some [i, field] in lib.cells_to_check
	sp := lib.rows[i]
	cell := sp.cells[field]
	some token in _placeholders(cell.text)
	msg := sprintf("%s contains the placeholder %q; replace it with the real value", [_where(sp, field, cell.text), token])
}

# A placeholder left in a column the table recognises no role for.
deny contains lib.row_finding(sp, msg) if {
	some [i, ["placeholder", header, token]] in _row_issues
	sp := lib.rows[i]
	msg := sprintf(
		"column %q of %s contains the placeholder %q; replace it with the real value",
		[header, lib.subject(sp), token],
	)
}

# "N/A" in a required field: a statement, not a placeholder (a planned tool has no location
# yet), so a warning that asks why rather than an error.
warn contains lib.cell_finding(sp, field, msg) if {
	some [i, field, text] in _not_applicable
	sp := lib.rows[i]
	msg := sprintf(
		"%s is %q, but it is a required field; give the real value, or say why there is none (e.g. \"no personal data\")",
		[_field_of(sp, field), trim_space(text)],
	)
}

# A placeholder left in the "Updated" line: in its date, or beside a date that reads.
deny contains lib.line_finding(input.updated.line, msg) if {
	some token in _placeholders(input.updated.text)
	msg := sprintf("the Updated line %q contains the placeholder %q; %s", [input.updated.text, token, _updated_fix])
}

_updated_fix := "replace it with the real value" if {
	lib.is_iso_date(object.get(input, ["updated", "date"], ""))
} else := "write the date the list last changed"

# Whether a text ends mid-sentence: in a connector such as "and" that does not complete a
# phrase such as "sign on" nor ends a sentence ("… logged in."), or in truncation_end_pattern.
# Defined for every text, so that it runs once per distinct text.
_truncated(text) := false if {
	lib.is_empty_value(text)
} else if {
	regex.match(lib.config.truncation_end_pattern, text)
} else if {
	lowered := lower(text)
	regex.match(_connector_ending, lowered)
	not regex.match(_complete_ending, lowered)
	not _ends_sentence(lowered)
} else := false

_connector_ending := lib.words_suffix_pattern(lib.config.truncation_connectors)

# A text that ends a sentence ("Session data while users are logged in.", "PayPal (Europe) S.à
# r.l. et Cie, S.C.A.") is complete, whatever its last word; unless that word is a connector
# written with a full stop, which introduces more ("e.g.", "i.e.").
_ends_sentence(lowered) if {
	regex.match(`[^.][.!?]["'’”)\]]*\s*$`, lowered)
	not regex.match(_dotted_connector_ending, lowered)
}

_dotted_connector_ending := lib.words_suffix_pattern([c | some c in lib.config.truncation_connectors; endswith(c, ".")])

# Phrases that end in a connector but are complete, such as "Single sign on" or "Add-on".
_complete_ending := lib.words_suffix_pattern(lib.config.truncation_exceptions)

# [row index, issue] of what is wrong with a row's purpose, location, data items and extra
# columns: ["cut", field], ["cut item", item], ["n/a item", item] (only when data is a
# required field) and ["placeholder", header, token]; worked out once per distinct content.
_row_issues := {[i, issue] |
	some c, issues in _content_issues
	some i in lib.rows_by_content[c]
	some issue in issues
}

_content_issues := {c: issues |
	some c in lib.distinct_contents
	issues := _issues(
		object.get(c, "purpose", ""),
		object.get(c, "location", ""),
		object.get(c, "data", []),
		object.get(c, "extra", {}),
	)
	count(issues) > 0
}

_issues(purpose, location, values, extra) := ({["cut", field] |
	some [field, text] in [["purpose", purpose], ["location", location]]
	_truncated(text)
} | {[kind, item] |
	all_items := lib.list(values)
	some i, item in all_items
	some kind in _item_issues(all_items, i)
}) | {["placeholder", header, token] |
	some header, text in extra
	some token in _placeholders(text)
}

_item_issues(all_items, i) := {"cut item" | _truncated(all_items[i]); not _lead_in(all_items, i)} | {"n/a item" |
	"data" in _required
	regex.match(lib.config.not_applicable_pattern, all_items[i])
}

_lead_in(all_items, i) if {
	i < count(all_items) - 1
	regex.match(`:\s*$`, all_items[i])
}

# [row index, field, text] of the required fields whose cell (or, for data, an item) says
# "N/A". A missing cell reads as "", which the pattern only matches if it is very loose.
_not_applicable := ({[i, field, text] |
	some [i, field] in lib.cells_to_check
	field in _required
	text := lib.cell_text(lib.rows[i], field)
	regex.match(lib.config.not_applicable_pattern, text)
} | {[i, "data", item] | some [i, ["n/a item", item]] in _row_issues}) | {[i, field, ""] |
	regex.match(lib.config.not_applicable_pattern, "")
	some i, sp in lib.rows
	some field in _required
	not sp.cells[field]
}

_required := {f | some f in lib.config.required_fields}

_cut_off(_, "name", text) := sprintf("name %q looks cut off; write the full legal name", [text])

_cut_off(sp, "purpose", text) := sprintf("purpose %q of %s looks cut off; finish the description", [text, lib.subject(sp)])

_cut_off(sp, "location", text) := sprintf("location %q of %s looks cut off; finish the list of countries", [text, lib.subject(sp)])

_placeholders(text) := {token | some token in regex.find_n(lib.config.placeholder_pattern, text, -1)}

# Names the cell in a message: `name "X"` for the name itself, `purpose of "X"` otherwise.
_where(_, "name", text) := sprintf("name %q", [text])

_where(sp, field, _) := sprintf("%s of %s", [_label(field), lib.subject(sp)]) if field != "name"

# Names the field in a message: `the name on line 12`, `location of "X"`.
_field_of(sp, "name") := sprintf("the name on line %d", [sp.line])

_field_of(sp, field) := sprintf("%s of %s", [_label(field), lib.subject(sp)]) if field != "name"

_label(field) := object.get({"links": "link text", "transfer": "transfer mechanism", "effective": "effective date"}, field, field)
