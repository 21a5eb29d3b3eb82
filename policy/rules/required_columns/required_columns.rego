# METADATA
# title: Subprocessor tables have the required columns
# description: Every subprocessor table has a name, purpose, data and location column, the fields customers need to assess and object to a subprocessor (GDPR Art. 28(2), SCC Annex III). A missing purpose column is an error; a missing data or location column is a warning (config column_severity), since the SCC annex asks for a description of the processing, not for either, and many legitimate published lists have neither. An AI provider in a table without a data column still gets SP003's error.
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp001
#     description: rationale and sources
# custom:
#   id: SP001
#   severity: error
#   why:
#     error: "a table with no purpose column does not say what any of its subprocessors does, which customers need to assess and object to them (GDPR Art. 28(2)); a reviewer blocks it"
#     warning: "a table with no data or location column is common on legitimate published lists, and the SCC annex asks for a description of the processing, not for either: good practice, not a defect"
package subpolicy.rules.required_columns

import data.subpolicy.lib

# A missing column is an error or a warning as config.column_severity says for its role (an
# error when it says nothing): customers cannot assess a subprocessor without its purpose, but
# many published lists have no data or location column, which the SCC annex does not ask for.
deny contains lib.table_finding(t, msg) if {
	some [t, role, msg] in _missing
	_severity(role) == "error"
}

warn contains lib.table_finding(t, msg) if {
	some [t, role, msg] in _missing
	_severity(role) == "warning"
}

info contains lib.table_finding(t, msg) if {
	some [t, role, msg] in _missing
	_severity(role) == "notice"
}

_missing contains [t, role, msg] if {
	some t in input.tables
	not _details(t)
	some role, synonyms in lib.config.required_columns
	not _has_column(t, role)
	msg := sprintf(
		"%s has no %s column (expected a header such as %s); add it so every row states its %s",
		[_table_label(t), role, _or_list(synonyms), role],
	)
}

_severity(role) := object.get(lib.config, ["column_severity", role], "error")

_has_column(t, role) if t.columns[role] != null

# _details holds for a table of details (addresses, jurisdictions) about vendors that other
# tables of the page list with their purposes: it completes them, it is no list of its own.
_details(t) if {
	not _has_column(t, "purpose")
	names := {sp.name_key | some sp in lib.rows; sp.table == t.index}
	count(names) > 0
	listed := {sp.name_key | some sp in lib.rows; sp.table != t.index; _has_column(lib.table_of(sp), "purpose")}
	count(names - listed) == 0
}

_table_label(t) := sprintf("table %q", [t.heading]) if not lib.is_blank(t.heading)

else := "the table"

_or_list(values) := lib.quoted_list(values) if count(values) < 2

else := sprintf("%s or %q", [
	lib.quoted_list(array.slice(values, 0, count(values) - 1)),
	values[count(values) - 1],
])
