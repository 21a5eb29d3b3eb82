package subpolicy.test.notice_period

import data.subpolicy.rules.notice_period
import data.subpolicy.test.fixtures

_added(line, fields) := object.union(fixtures.row(line, fields), {"change": "added"})

_unchanged := object.union(fixtures.row(12, {}), {"change": "unchanged"})

# _doc is a change adding rows after the clean row, in a pull request with labels.
_doc(rows, labels) := object.union(fixtures.doc(array.concat([_unchanged], rows)), {
	"change": {
		"status": "modified", "added": [r.name | some r in rows], "removed": [], "modified": [],
		"modifications": [], "suspected_replacements": [],
		"base": {"path": "legal/subprocessors.md", "updated": null, "subprocessors": []},
	},
	"context": {"mode": "pull_request", "now": fixtures.now, "pull_request": {"number": 7, "labels": labels, "author": "a"}},
})

_openai := _added(13, {"name": "OpenAI, L.L.C.", "purpose": "AI Service Provider"})

_fix := "Set Effective to 2026-12-01 or later, or add the label subprocessor-notice-sent:YYYY-MM-DD once customers were notified at least 30 days ago"

# An added row with an Effective column.
_with_effective(date) := object.union(_openai, {
	"effective": date,
	"cells": {"effective": {"text": date, "line": 13, "column": 90}},
})

test_success_no_change if {
	count(notice_period.deny) == 0 with input as fixtures.clean
	count(notice_period.deny) == 0 with input as _doc([], [])
}

test_fail_no_effective_date if {
	notice_period.deny == {{
		"msg": concat(" ", [
			`new subprocessor "OpenAI, L.L.C." has no Effective date, so customers get no notice before it processes their data (the notice period is 30 days).`,
			_fix,
		]),
		"subprocessor": "OpenAI, L.L.C.", "name_key": "openai l l c", "line": 13, "column": 3,
	}} with input as _doc([_openai], ["privacy-approved"])
	count(notice_period.warn) == 0 with input as _doc([_openai], [])
}

test_fail_effective_too_soon if {
	notice_period.deny == {{
		"msg": concat(" ", [
			`new subprocessor "OpenAI, L.L.C." becomes effective 2026-11-08, only 7 days after the Updated date; the notice period is 30 days.`,
			_fix,
		]),
		"subprocessor": "OpenAI, L.L.C.", "name_key": "openai l l c", "field": "effective", "line": 13, "column": 90,
	}} with input as _doc([_with_effective("2026-11-08")], [])
}

test_success_effective_far_enough if {
	count(notice_period.deny) == 0 with input as _doc([_with_effective("2026-12-01")], [])
}

test_success_notice_label if {
	count(notice_period.deny) == 0 with input as _doc([_openai], ["subprocessor-notice-sent:2026-10-29"])
	count(notice_period.deny) == 0 with input as _doc([_openai], ["other", " subprocessor-notice-sent: 2026-01-02 "])
}

test_fail_notice_label_too_recent if {
	count(notice_period.deny) == 1 with input as _doc([_openai], ["subprocessor-notice-sent:2026-11-20"])
	count(notice_period.deny) == 1 with input as _doc([_openai], ["subprocessor-notice-sent:soon"])
}

test_fail_replacement if {
	doc := object.union(_doc([_openai], []), {"change": {"suspected_replacements": [{
		"removed": "Cohere Inc.", "removed_index": 1, "added": "OpenAI, L.L.C.", "added_index": 1,
		"purpose": "AI Service Provider",
	}]}})
	notice_period.deny == {{
		"msg": concat(" ", [
			`subprocessor "OpenAI, L.L.C.", which replaces "Cohere Inc.", has no Effective date, so customers get no notice before it processes their data (the notice period is 30 days).`,
			_fix,
		]),
		"subprocessor": "OpenAI, L.L.C.", "name_key": "openai l l c", "line": 13, "column": 3,
	}} with input as doc
}

test_warn_emergency if {
	doc := _doc([_openai], ["subprocessor-emergency"])
	count(notice_period.deny) == 0 with input as doc
	notice_period.warn == {{
		"msg": `new subprocessor "OpenAI, L.L.C." is added under the label "subprocessor-emergency" without the 30 days' notice; notify customers now, and record why it could not wait in the change log`,
		"subprocessor": "OpenAI, L.L.C.", "name_key": "openai l l c", "line": 13, "column": 3,
	}} with input as doc
}

test_fail_measured_from_today_without_updated_date if {
	doc := object.union(_doc([_with_effective("2026-12-10")], []), {"updated": null})
	notice_period.deny == {{
		"msg": concat(" ", [
			`new subprocessor "OpenAI, L.L.C." becomes effective 2026-12-10, only 12 days after the Updated date; the notice period is 30 days.`,
			"Set Effective to 2026-12-28 or later, or add the label subprocessor-notice-sent:YYYY-MM-DD once customers were notified at least 30 days ago",
		]),
		"subprocessor": "OpenAI, L.L.C.", "name_key": "openai l l c", "field": "effective", "line": 13, "column": 90,
	}} with input as doc
}
