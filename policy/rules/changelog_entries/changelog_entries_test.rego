package subpolicy.test.changelog_entries

import data.subpolicy.rules.changelog_entries
import data.subpolicy.test.fixtures

_row(line, fields, change) := object.union(fixtures.row(line, fields), {"change": change})

_openai := object.union(_row(13, {"name": "OpenAI, L.L.C.", "purpose": "AI Service Provider"}, "added"), {"name_key": "openai"})

_acme := _row(12, {}, "modified")

_zendesk := _row(14, {"name": "Zendesk, Inc.", "purpose": ""}, "removed")

_entry(date, text) := {"date": date, "text": text, "line": 40}

# _doc is a change with the given change log, from a base updated on 2026-10-01.
_doc(changelog) := object.union(fixtures.doc([_acme, _openai]), {
	"changelog": changelog,
	"change": {
		"status": "modified", "added": ["OpenAI, L.L.C."], "removed": ["Zendesk, Inc."], "modified": ["Acme GmbH"],
		"modifications": [], "suspected_replacements": [],
		"base": {
			"path": "legal/subprocessors.md",
			"updated": {"date": "2026-10-01", "text": "Updated 2026-10-01", "line": 3},
			"subprocessors": [object.union(_acme, {"change": "modified"}), _zendesk],
		},
	},
})

test_success_no_changelog if {
	count(changelog_entries.warn) == 0 with input as _doc([])
	count(changelog_entries.warn) == 0 with input as object.union(fixtures.clean, {"changelog": [_entry("", "Added Acme")]})
}

test_success_all_mentioned if {
	count(changelog_entries.warn) == 0 with input as _doc([
		_entry("2026-11-01", "2026-11-01: Added OpenAI (AI), removed Zendesk"),
		_entry("", "Acme GmbH now also hosts backups"),
	])
}

test_warn_missing_entries if {
	changelog_entries.warn == {
		{
			"msg": `no change-log entry mentions "Acme GmbH" (modified in this change); add one such as "2026-11-28: Changed Acme GmbH (Sends transactional email notifications)"`,
			"subprocessor": "Acme GmbH", "name_key": "acme", "line": 12, "column": 3,
		},
		{
			"msg": `no change-log entry mentions "Zendesk, Inc." (removed in this change); add one such as "2026-11-28: Removed Zendesk, Inc."`,
			"line": 10, "column": 1,
		},
	} with input as _doc([
		_entry("2026-11-01", "Added OpenAI, L.L.C."),
		_entry("2026-09-01", "Added Zendesk and Acme"),
	])
}

test_warn_every_entry_old_or_unrelated if {
	doc := _doc([_entry("2026-09-01", "Added OpenAI")])
	count(changelog_entries.warn) == 3 with input as doc

	# Without a base date, every entry counts.
	count(changelog_entries.warn) == 2 with input as object.union(doc, {"change": {"base": {"updated": null}}})
}

test_warn_removed_elsewhere if {
	doc := object.union(_doc([_entry("", "Other news")]), {"tables": []})
	some f in changelog_entries.warn with input as doc
	f == {
		"msg": `no change-log entry mentions "Zendesk, Inc." (removed in this change); add one such as "2026-11-28: Removed Zendesk, Inc."`,
		"line": 3,
	}
	some g in changelog_entries.warn with input as object.union(doc, {"updated": null})
	g == {"msg": `no change-log entry mentions "Zendesk, Inc." (removed in this change); add one such as "2026-11-28: Removed Zendesk, Inc."`}
}
