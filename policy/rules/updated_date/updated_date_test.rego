package subpolicy.test.updated_date

import data.subpolicy.rules.updated_date
import data.subpolicy.test.fixtures

_with_updated(updated) := object.union(fixtures.clean, {"updated": updated})

test_success_recent_date if {
	count(updated_date.deny) == 0 with input as fixtures.clean
	count(updated_date.info) == 0 with input as fixtures.clean
}

test_success_matching_front_matter if {
	doc := object.union(fixtures.clean, {"front_matter": {"date": "2026-11-01T00:00:00Z"}})
	count(updated_date.deny) == 0 with input as doc
}

test_success_front_matter_not_a_date if {
	doc := object.union(fixtures.clean, {"front_matter": {"date": "last week"}})
	count(updated_date.deny) == 0 with input as doc
	count(updated_date.deny) == 0 with input as object.union(fixtures.clean, {"front_matter": {"date": 2026}})
	count(updated_date.deny) == 0 with input as object.union(fixtures.clean, {"front_matter": null})
}

test_success_within_tolerance if {
	count(updated_date.deny) == 0 with input as _with_updated({"date": "2026-11-29", "text": "Updated 2026-11-29", "line": 3})
}

test_success_no_subprocessors if {
	doc := object.union(fixtures.doc([]), {"updated": null})
	count(updated_date.deny) == 0 with input as doc
}

test_fail_missing if {
	updated_date.deny == {{"msg": `no "Updated <date>" line; add one such as "Updated 2026-11-28"`}} with input as _with_updated(null)
}

test_fail_unreadable if {
	updated_date.deny == {{
		"msg": `the Updated line "Updated sometime in spring" has no date that can be read; write it as "Updated 2026-11-28"`,
		"line": 3,
	}} with input as _with_updated({"date": "", "text": "Updated sometime in spring", "line": 3})
}

test_fail_future if {
	updated_date.deny == {{
		"msg": "the Updated date 2026-11-30 is in the future (today is 2026-11-28); use the date the list was published, and put future start dates in an Effective column",
		"line": 3,
	}} with input as _with_updated({"date": "2026-11-30", "text": "Updated 2026-11-30", "line": 3})
}

test_fail_front_matter_differs if {
	doc := object.union(fixtures.clean, {"front_matter": {"date": "2026-10-15", "lastmod": "2026-11-02"}})
	updated_date.deny == {
		{"msg": "the front matter date 2026-10-15 differs from the Updated date 2026-11-01; make them the same", "line": 3},
		{"msg": "the front matter lastmod 2026-11-02 differs from the Updated date 2026-11-01; make them the same", "line": 3},
	} with input as doc
		with data.subpolicy.config.front_matter_date_keys as ["date", "lastmod", "updated"]
}

test_fail_stale if {
	doc := _with_updated({"date": "2024-05-16", "text": "Updated May 16, 2024", "line": 10})
	count(updated_date.deny) == 0 with input as doc
	updated_date.info == {{
		"msg": "the list was last updated on 2024-05-16, 926 days ago (more than 365); review it and update the date",
		"line": 10,
	}} with input as doc
}

test_success_not_stale_with_longer_window if {
	doc := _with_updated({"date": "2024-05-16", "text": "Updated May 16, 2024", "line": 10})
	count(updated_date.info) == 0 with input as doc with data.subpolicy.config.stale_after_days as 1000
}
