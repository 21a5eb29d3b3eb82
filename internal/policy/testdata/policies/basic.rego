# METADATA
# title: Basic rule
# description: Exercises every result shape.
# related_resources:
# - ref: https://example.com/rules/T001
#   description: docs
# - https://example.com/other
# custom:
#   id: T001
#   severity: error
package subpolicy.rules.basic

deny contains "page-level problem"

deny contains {"msg": "explicit position", "line": 7, "column": 4}

# The same finding twice (a string is placed at 1:1): reported once.
deny contains {"msg": "twice", "line": 1, "column": 1}

deny contains "twice"

warn contains {"msg": sprintf("%s has no location", [sp.name]), "subprocessor": sp.name, "field": "location"} if {
	some sp in input.subprocessors
	sp.location == ""
}

info contains {"msg": "row level", "subprocessor": sp.name, "name_key": sp.name_key} if {
	some sp in input.subprocessors
	sp.name == "OpenAI"
}

info contains {"msg": "unknown subprocessor", "subprocessor": "Gone Inc"}

info contains {"msg": "line only", "line": 12}

info contains {"msg": "field without a cell", "subprocessor": "OpenAI", "field": "transfer"}

info contains {"msg": "by name key", "name_key": "acme", "field": "name"}

info contains {"msg": "table", "line": input.tables[0].line, "column": input.tables[0].column}

info contains {"msg": "nulls are absent", "line": null, "subprocessor": null}

# By row index: subpolicy fills in the name, name_key and the cell's (or name cell's) position.
info contains {"msg": "row index", "row": 1, "field": "purpose"}

info contains {"msg": "row index without a cell", "row": 0, "field": "transfer"}

info contains {"msg": "row index and a line", "row": 0, "line": 30}
