# METADATA
# title: Tables on a subprocessor page are whole
# description: Lines that look like table rows but are shown as text (a delimiter row with a different number of cells than the header, rows cut off from their table by a blank line or comment, a table whose delimiter row was deleted) drop subprocessors from the list without a word.
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp023
#     description: rationale and sources
# custom:
#   id: SP023
#   severity: error
#   why:
#     error: "rows shown as text are rows customers cannot read as a table and no rule checks: fail closed"
#   fail_closed: true
package subpolicy.rules.broken_tables

import data.subpolicy.lib

deny contains {
	"msg": sprintf("this line looks like a table row but is not part of any table: %s; fix the table so it renders as one (a header row, a delimiter row such as \"| --- | --- |\" with as many cells, no blank line or comment between rows)", [s.reason]),
	"line": s.line,
	"column": s.column,
} if {
	_subprocessor_page
	not _reported_as_lost
	some s in lib.list(object.get(input, "stray_rows", []))
}

# A change that broke a table so that the page has fewer subprocessor tables than its base is
# one defect: SP021 reports it, with the rows no longer read. Approved, the rows shown as text
# are still a broken page.
_reported_as_lost if {
	count(lib.list(object.get(input, ["change", "base", "tables"], []))) > count(lib.list(object.get(input, "tables", [])))
	not lib.approved
}

_subprocessor_page if count(lib.list(object.get(input, "tables", []))) > 0

_subprocessor_page if object.get(input, ["page", "subprocessors"], false) == true

_subprocessor_page if count(lib.list(object.get(input, ["change", "base", "tables"], []))) > 0
