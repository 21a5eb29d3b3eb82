package subpolicy.test.material_changes

import data.subpolicy.rules.material_changes
import data.subpolicy.test.fixtures

_aws := object.union(fixtures.row(12, {"name": "Amazon Web Services, Inc.", "location": "Ireland, United States"}), {"change": "modified"})

_doc(fields, labels) := object.union(fixtures.doc([_aws]), {
	"change": {
		"status": "modified", "added": [], "removed": [], "modified": ["Amazon Web Services, Inc."],
		"modifications": [{"index": 0, "base_index": 0, "name": "Amazon Web Services, Inc.", "name_key": "amazon web services", "fields": fields}],
		"suspected_replacements": [],
		"base": {"path": "legal/subprocessors.md", "updated": null, "subprocessors": []},
	},
	"context": {"mode": "pull_request", "now": fixtures.now, "pull_request": {"number": 7, "labels": labels, "author": "a"}},
})

_location := {"field": "location", "before": "Ireland", "after": "Ireland, United States", "added": ["United States"], "removed": []}

_fix := "treat this as a material change and give customers notice as for a new subprocessor: an Effective date on or after 2026-12-01, or the label subprocessor-notice-sent:YYYY-MM-DD once they were notified at least 30 days ago"

_who := {"subprocessor": "Amazon Web Services, Inc.", "name_key": "amazon web services"}

test_success_no_change if {
	count(material_changes.warn) == 0 with input as fixtures.clean
}

test_warn_new_location if {
	material_changes.warn == {object.union(_who, {
		"msg": sprintf(`"Amazon Web Services, Inc." now also processes data in "United States" (was: "Ireland"); %s, and confirm the transfer mechanism for the new location`, [_fix]),
		"field": "location", "line": 12, "column": 60,
	})} with input as _doc([_location], [])
}

test_warn_new_data_and_purpose if {
	fields := [
		{"field": "data", "before": "Names", "after": "Names; Voice recordings", "added": ["Voice recordings"], "removed": []},
		{"field": "purpose", "before": "Hosting", "after": "Hosting and AI inference", "added": [], "removed": []},
		{"field": "data", "before": "Names; Emails", "after": "Names", "added": [], "removed": ["Emails"]},
		{"field": "links", "before": "", "after": "https://aws.example", "added": ["https://aws.example"], "removed": []},
	]
	material_changes.warn == {
		object.union(_who, {
			"msg": sprintf(`"Amazon Web Services, Inc." now also receives "Voice recordings"; %s`, [_fix]),
			"field": "data", "line": 12, "column": 40,
		}),
		object.union(_who, {
			"msg": sprintf(`the purpose of "Amazon Web Services, Inc." changes from "Hosting" to "Hosting and AI inference"; %s`, [_fix]),
			"field": "purpose", "line": 12, "column": 20,
		}),
	} with input as _doc(fields, [])
}

test_success_notice_label if {
	count(material_changes.warn) == 0 with input as _doc([_location], ["subprocessor-notice-sent:2026-10-15"])
	count(material_changes.warn) == 1 with input as _doc([_location], ["subprocessor-notice-sent:2026-11-15"])
}

test_success_effective_date if {
	doc := _doc([_location], [])
	count(material_changes.warn) == 0 with input as object.union(doc, {"subprocessors": [object.union(_aws, {"effective": "2026-12-01"})]})
	count(material_changes.warn) == 1 with input as object.union(doc, {"subprocessors": [object.union(_aws, {"effective": "2026-11-30"})]})
}

test_warn_measured_from_today_without_updated_date if {
	doc := object.union(_doc([_location], []), {"updated": null})
	some f in material_changes.warn with input as doc
	endswith(f.msg, "an Effective date on or after 2026-12-28, or the label subprocessor-notice-sent:YYYY-MM-DD once they were notified at least 30 days ago, and confirm the transfer mechanism for the new location")
}
