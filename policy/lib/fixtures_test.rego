# Fixtures shared by the pack's tests: a clean policy input document that no rule reports on,
# and builders to vary it. Tests live under data.subpolicy.test, outside data.subpolicy.rules,
# so that evaluating the rules never evaluates a test.
package subpolicy.test.fixtures

now := "2026-11-28T00:00:00Z"

# table is a complete subprocessor table at line 10.
table := {
	"index": 0,
	"line": 10,
	"column": 1,
	"heading": "Infrastructure",
	"kind": "third_party",
	"format": "markdown",
	"header": ["Name", "Purpose", "Data", "Location", "Links"],
	"columns": {"name": 0, "purpose": 1, "data": 2, "location": 3, "links": 4},
}

row_defaults := {
	"table": 0,
	"name": "Acme GmbH",
	"purpose": "Sends transactional email notifications",
	"data": ["Email addresses", "Names"],
	"location": "Germany",
	"locations": ["Germany"],
	"countries": ["DE"],
	"unresolved_locations": [],
	"category": "Email",
	"transfer": [],
	"effective": null,
	"links": [{"text": "Privacy Policy", "url": "https://acme.example/privacy"}],
	"extra": {},
}

# row is a clean row at line, with fields merged over the defaults (objects such as cells merge
# deeply). Its cells follow its fields unless fields give cells; its name_key follows its name.
row(line, fields) := object.union(
	object.union(row_defaults, {
		"line": line,
		"name_key": name_key(f.name),
		"cells": cells(line, f),
	}),
	fields,
) if f := object.union(row_defaults, fields)

# cells are the five cells of a row at line, at columns 3, 20, 40, 60 and 80.
cells(line, f) := {
	"name": {"text": f.name, "line": line, "column": 3},
	"purpose": {"text": f.purpose, "line": line, "column": 20},
	"data": {"text": concat("; ", f.data), "line": line, "column": 40},
	"location": {"text": f.location, "line": line, "column": 60},
	"links": {"text": concat(" ", [l.text | some l in f.links]), "line": line, "column": 80},
}

# name_key is a simplified version of the Go normalisation: case-folded, punctuation and
# a trailing GmbH/Inc/LLC removed.
name_key(name) := trim_space(regex.replace(
	regex.replace(lower(name), `[^\p{L}\p{N}]+`, " "),
	` (gmbh|inc|llc)\s*$`,
	"",
))

# doc is a clean document with the default table and the given rows.
doc(rows) := {
	"path": "legal/subprocessors.md",
	"title": "Subprocessors",
	"front_matter": {"title": "Subprocessors"},
	"updated": {"date": "2026-11-01", "text": "Updated 2026-11-01", "line": 3},
	"notice": {"days": 30, "text": "at least 30 days", "line": 5},
	"subscription": {"text": "Subscribe to changes", "line": 6},
	"changelog": [],
	"tables": [table],
	"subprocessors": rows,
	"context": {"mode": "local", "now": now},
}

# clean is a document with one clean row at line 12.
clean := doc([row(12, {})])
