# METADATA
# title: Rows fill the required fields
# description: Every row fills its name, purpose, data, location and link cells; placeholders such as "-", "TBD" or "?" count as empty ("N/A" states that nothing applies, and SP010 asks why, as a warning). A column the table lacks is reported by SP001 instead, and an AI provider's empty data cell by SP003.
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp002
#     description: rationale and sources
# custom:
#   id: SP002
#   severity: error
#   why:
#     error: "the table promises the field and this row leaves it empty or holds only a placeholder: the page states something it does not say"
package subpolicy.rules.required_fields

import data.subpolicy.lib

# An empty required cell.
deny contains lib.cell_finding(sp, field, msg) if {
	some [i, field] in _suspects
	sp := lib.rows[i]
	_empty(sp, field)
	msg := sprintf("%s has no %s; %s", [lib.subject(sp), _noun[field], _fix(sp, field)])
}

# A required cell holding only a placeholder.
deny contains lib.cell_finding(sp, field, msg) if {
	some [i, field] in _suspects
	sp := lib.rows[i]
	not _empty(sp, field)
	_placeholder(sp, field)
	msg := sprintf(
		"%s has only the placeholder %q as its %s; %s",
		[lib.subject(sp), trim_space(lib.cell_text(sp, field)), _noun[field], _fix(sp, field)],
	)
}

# The required fields whose cell text is blank or a placeholder, by row index: the only cells
# to look at more closely, found in one pass over the page's cells (lib.cells_to_check).
_suspects := {[i, field] |
	some [i, field] in lib.cells_to_check
	field in _required
	not _ai_data(i, field)
}

# An AI provider's empty data cell is SP003's error: one defect, one finding.
_ai_data(i, "data") if i in lib.ai_providers

_required := {f | some f in lib.config.required_fields}

_empty(sp, "links") if {
	lib.is_blank(lib.cell_text(sp, "links"))
	count(lib.items(sp, "links")) == 0
}

_empty(sp, field) if {
	field != "links"
	lib.is_blank(lib.cell_text(sp, field))
}

_placeholder(sp, "links") if {
	lib.is_placeholder(lib.cell_text(sp, "links"))
	count(lib.items(sp, "links")) == 0
}

_placeholder(sp, field) if {
	field != "links"
	lib.is_placeholder(lib.cell_text(sp, field))
	not regex.match(lib.config.not_applicable_pattern, lib.cell_text(sp, field)) # "N/A" says something: SP010's
}

_noun := {
	"name": "name",
	"purpose": "purpose",
	"data": "data categories",
	"location": "location",
	"links": "link",
	"category": "category",
	"transfer": "transfer mechanism",
	"effective": "effective date",
}

_fix(_, "name") := "add the legal name of the subprocessor (e.g. \"Amazon Web Services, Inc.\")"

_fix(sp, "purpose") := sprintf("describe what %s does with the data (e.g. \"hosts the production database\")", [_it(sp)])

_fix(_, "data") := "name the categories of personal data it receives (e.g. \"names, email addresses, support tickets\")"

_fix(_, "location") := "add the countries where it processes data (e.g. \"United States\")"

_fix(_, "links") := "link its privacy policy or DPA with an https URL"

_fix(_, "category") := "say what kind of service it is (e.g. \"Infrastructure\" or \"AI\")"

_fix(_, "transfer") := "name the transfer mechanism (e.g. \"EU SCCs (Module 3)\")"

_fix(_, "effective") := "add the date it starts processing data, as YYYY-MM-DD"

_it(sp) := "the subprocessor" if lib.is_blank(sp.name)

else := sprintf("%q", [sp.name])
