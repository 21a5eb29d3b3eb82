# METADATA
# title: A subprocessor page is read
# description: A page that says it lists subprocessors (by its path, title, front matter, top heading or the configuration's subprocessor_pages) yields at least one subprocessor table; otherwise no rule can check it, and a gate that passed it would pass a page it never read.
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp022
#     description: rationale and sources
# custom:
#   id: SP022
#   severity: error
#   why:
#     error: "a subprocessor page with no table read is a page no rule checked: passing it would be a false green"
#   fail_closed: true
package subpolicy.rules.unread_page

import data.subpolicy.lib

deny contains finding if {
	object.get(input, ["page", "subprocessors"], false) == true
	count(lib.list(object.get(input, "tables", []))) == 0
	not _base_had_tables # SP021 judges a page whose tables a change took away
	unread := lib.list(object.get(input, "unread_tables", []))
	finding := _finding(unread)
}

_finding(unread) := lib.page_finding(sprintf(
	"no subprocessor table is read on this subprocessor page (%s), so no rule can check it; write the list as a Markdown table with a name column and a purpose, data or location column, or take the page out of subprocessor_pages",
	[_why_page],
)) if count(unread) == 0

else := {
	"msg": sprintf(
		"no subprocessor table is read on this subprocessor page (%s); %s; give the table headers such as \"Subprocessor\", \"Purpose\", \"Location\", or map its columns in a --data file (columns: {name: [%q], purpose: [...]})",
		[_why_page, _seen(unread), _first_header(unread[0])],
	),
	"line": unread[0].line,
	"column": unread[0].column,
}

_why_page := input.page.evidence[0] if count(lib.list(object.get(input.page, "evidence", []))) > 0

else := "named as one"

_seen(unread) := sprintf("%d %s seen: %s", [
	count(unread),
	_tables_word(count(unread)),
	concat("; ", [_describe(t) | some i, t in unread; i < 3]),
])

_tables_word(1) := "table"

_tables_word(n) := "tables" if n != 1

_describe(t) := sprintf("line %d (%s): %s", [t.line, lib.quoted_list(array.slice(t.header, 0, 6)), t.reason])

_first_header(t) := t.header[0] if count(t.header) > 0

else := "Vendor"

_base_had_tables if count(lib.list(object.get(input, ["change", "base", "tables"], []))) > 0
