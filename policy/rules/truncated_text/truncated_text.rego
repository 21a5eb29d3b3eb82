# METADATA
# title: No truncated or placeholder text
# description: Names, purposes, data items and locations do not end mid-sentence (a trailing "and", "of", comma or "..."), and no cell or "Updated" line still holds a placeholder such as "TBD", "[REGION]" or "to verify", nor "N/A" in a required field.
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
	some sp in lib.rows
	some field in ["name", "purpose", "location"]
	text := object.get(sp, field, "")
	_truncated(text)
	msg := _cut_off(sp, field, text)
}

# A data item that ends mid-sentence (a colon before further items introduces them).
warn contains lib.cell_finding(sp, "data", msg) if {
	some sp in lib.rows
	all_items := lib.items(sp, "data")
	some i, item in all_items
	_truncated(item)
	not _lead_in(all_items, i)
	msg := sprintf("data item %q of %s looks cut off; finish the description", [item, lib.subject(sp)])
}

# A placeholder left in a cell.
deny contains lib.cell_finding(sp, field, msg) if {
	some sp in lib.rows
	some field, cell in object.get(sp, "cells", {})
	some token in _placeholders(cell.text)
	msg := sprintf("%s contains the placeholder %q; replace it with the real value", [_where(sp, field, cell.text), token])
}

# A placeholder left in a column the table recognises no role for.
deny contains lib.row_finding(sp, msg) if {
	some sp in lib.rows
	some header, text in object.get(sp, "extra", {})
	some token in _placeholders(text)
	msg := sprintf(
		"column %q of %s contains the placeholder %q; replace it with the real value",
		[header, lib.subject(sp), token],
	)
}

# "N/A" in a required field.
deny contains lib.cell_finding(sp, field, msg) if {
	some sp in lib.rows
	some field in lib.config.required_fields
	some text in _values(sp, field)
	regex.match(lib.config.not_applicable_pattern, text)
	msg := sprintf(
		"%s is %q, but it is a required field; give the real value, or say why there is none (e.g. \"no personal data\")",
		[_field_of(sp, field), trim_space(text)],
	)
}

# A placeholder left in the "Updated" line.
deny contains lib.line_finding(input.updated.line, msg) if {
	some token in _placeholders(input.updated.text)
	msg := sprintf(
		"the Updated line %q contains the placeholder %q; write the date the list was last changed (e.g. \"Updated %s\")",
		[input.updated.text, token, lib.today],
	)
}

_truncated(text) if {
	not lib.is_empty_value(text)
	regex.match(lib.config.truncation_end_pattern, text)
}

_truncated(text) if {
	not lib.is_empty_value(text)
	w := lib.words(text)
	some ending in _connector_words
	endswith(w, ending)
	not _allowed_ending(w)
}

# The connectors and exceptions as word forms, computed once per evaluation.
_connector_words := {w | some c in lib.config.truncation_connectors; w := lib.words(c); w != "  "}

_exception_words := {lib.words(p) | some p in lib.config.truncation_exceptions}

# Phrases that end in a connector but are complete, such as "Single sign on" or "Add-on".
_allowed_ending(w) if {
	some phrase in _exception_words
	endswith(w, phrase)
}

_lead_in(all_items, i) if {
	i < count(all_items) - 1
	regex.match(`:\s*$`, all_items[i])
}

_cut_off(_, "name", text) := sprintf("name %q looks cut off; write the full legal name", [text])

_cut_off(sp, "purpose", text) := sprintf("purpose %q of %s looks cut off; finish the description", [text, lib.subject(sp)])

_cut_off(sp, "location", text) := sprintf("location %q of %s looks cut off; finish the list of countries", [text, lib.subject(sp)])

_placeholders(text) := {token | some token in regex.find_n(lib.config.placeholder_pattern, text, -1)}

# The field's cell text and, for data, each item.
_values(sp, field) := {lib.cell_text(sp, field)} | {item | field == "data"; some item in object.get(sp, "data", [])}

# Names the cell in a message: `name "X"` for the name itself, `purpose of "X"` otherwise.
_where(_, "name", text) := sprintf("name %q", [text])

_where(sp, field, _) := sprintf("%s of %s", [_label(field), lib.subject(sp)]) if field != "name"

# Names the field in a message: `the name on line 12`, `location of "X"`.
_field_of(sp, "name") := sprintf("the name on line %d", [sp.line])

_field_of(sp, field) := sprintf("%s of %s", [_label(field), lib.subject(sp)]) if field != "name"

_label(field) := object.get({"links": "link text", "transfer": "transfer mechanism", "effective": "effective date"}, field, field)
