# METADATA
# title: Subprocessor tables stay readable
# description: A change that leaves a page with fewer subprocessor tables than its base version had (a delimiter row deleted, a header rewritten so the table is no longer recognised, the page removed or moved out of the checked paths) takes their rows out of every other check without a word. It fails until the tables are restored or the change carries one of the approval_labels (default privacy-approved; with none configured, only a waiver accepts it). The finding names the tables no longer read, with their line in the base version, and their rows (pull requests and check --base only).
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp021
#     description: rationale and sources
# custom:
#   id: SP021
#   severity: error
#   why:
#     error: "rows of a table no longer read leave every other check without a word: the check must not pass a page it did not read"
package subpolicy.rules.readable_tables

import data.subpolicy.lib

# One error for the page: at its first line, or on the page when it is gone (as a removed
# row of a removed page is).
deny contains _finding(msg) if {
	count(_base_tables) > count(_head_tables)
	count(_lost) > 0
	not lib.approved
	msg := sprintf("%s; %s, or, if the removal is intended, %s", [_what, _restore, _accept])
}

_finding(msg) := lib.page_finding(msg) if _page_gone

else := lib.line_finding(1, msg)

_page_gone if input.change.status == "removed"

_base_tables := lib.list(object.get(input, ["change", "base", "tables"], []))

_head_tables := lib.list(object.get(input, "tables", []))

# ---------------------------------------------------------------------------------------------
# The base tables no longer read
# ---------------------------------------------------------------------------------------------

# _lost are the base tables no head table stands for, in page order: the diff pairs tables by
# heading and header, then by header alone (a heading reworded), then by heading alone (a
# column renamed), and lists the base tables left (change.lost_tables).
_lost := [_base_tables[i] | some i in lib.list(object.get(input, ["change", "lost_tables"], []))]

# The names of the rows of the lost tables that the head no longer has, in page order.
_lost_names := [sp.name |
	lost := {t.index | some t in _lost}
	some sp in lib.list(object.get(input, ["change", "base", "subprocessors"], []))
	sp.change == "removed"
	sp.table in lost
	not lib.is_blank(sp.name)
]

# ---------------------------------------------------------------------------------------------
# The message
# ---------------------------------------------------------------------------------------------

_what := sprintf("the page is removed or moved out of the checked paths, and with it %s%s", [_tables, _rows]) if {
	_page_gone
} else := sprintf("%s is no longer read as a subprocessor table%s", [_tables, _rows]) if {
	count(_lost) == 1
} else := sprintf("%d subprocessor tables are no longer read as such: %s%s", [count(_lost), _tables, _rows])

# The lost tables described, up to max_listed_names of them.
_tables := _described(_lost[0]) if {
	count(_lost) == 1
} else := sprintf("its %d subprocessor tables: %s", [count(_lost), _listed_tables]) if {
	_page_gone
} else := _listed_tables

_listed_tables := lib.and_list([_described(t) | some t in _lost]) if {
	count(_lost) <= lib.config.max_listed_names
} else := sprintf("%s and %d more", [
	concat(", ", [_described(t) | some t in array.slice(_lost, 0, lib.config.max_listed_names)]),
	count(_lost) - lib.config.max_listed_names,
])

# _described names a base table by its heading, line and header.
_described(t) := sprintf("the table under %q (line %d of the base version, header %q)", [t.heading, t.line, _header(t)]) if {
	not lib.is_blank(object.get(t, "heading", ""))
} else := sprintf("the table on line %d of the base version (header %q)", [t.line, _header(t)])

# _header is the table's header as a row of cells, its first _header_cells cells only.
_header(t) := concat(" | ", cells) if {
	cells := lib.list(object.get(t, "header", []))
	count(cells) <= _header_cells
} else := concat(" | ", array.concat(array.slice(t.header, 0, _header_cells), ["\u2026"]))

_header_cells := 8

_rows := "" if {
	count(_lost_names) == 0
} else := sprintf(", so %s rows %s go unchecked", [_its, lib.listed(_lost_names, count(_lost_names))])

_its := "its" if count(_lost) == 1

else := "their"

# _restore says how to bring the tables back: the page, or a recognisable header and, for a
# Markdown table, the delimiter row under it (as many columns as the first lost table had).
_restore := "restore the page" if {
	_page_gone
} else := sprintf("restore %s (a header row with a name column and a purpose, data or location column, then a delimiter row such as %q)", [_it, _delimiter]) if {
	object.get(_lost[0], "format", "markdown") != "html"
} else := sprintf("restore %s (an HTML table whose header row has a name column and a purpose, data or location column)", [_it])

_it := "it" if count(_lost) == 1

else := "them"

_delimiter := concat("", ["|", concat("|", [" --- " | some _ in numbers.range(1, max([2, count(lib.list(_lost[0].header))]))]), "|"])

# _accept says how to accept the removal: an approval label, else (none configured) a waiver.
_accept := lib.apply_approval if {
	count(lib.approval_labels) > 0
} else := "waive SP021 with a reason (no approval_labels are configured)"
