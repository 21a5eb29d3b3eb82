package subpolicy.test.updated_date

import data.subpolicy.rules.updated_date
import data.subpolicy.test.fixtures

_with_updated(updated) := object.union(fixtures.clean, {"updated": updated})

_missing := object.union(fixtures.clean, {"updated": null})

test_success_recent_date if {
	count(updated_date.deny) == 0 with input as fixtures.clean
	count(updated_date.warn) == 0 with input as fixtures.clean
	count(updated_date.info) == 0 with input as fixtures.clean
}

test_success_matching_front_matter if {
	doc := object.union(fixtures.clean, {"front_matter": {"date": "2026-11-01T00:00:00Z"}})
	count(updated_date.deny) == 0 with input as doc
	count(updated_date.warn) == 0 with input as doc
}

test_success_front_matter_not_a_date if {
	doc := object.union(fixtures.clean, {"front_matter": {"date": "last week"}})
	count(updated_date.warn) == 0 with input as doc
	count(updated_date.warn) == 0 with input as object.union(fixtures.clean, {"front_matter": {"date": 2026}})
	count(updated_date.warn) == 0 with input as object.union(fixtures.clean, {"front_matter": null})
}

test_success_within_tolerance if {
	count(updated_date.deny) == 0 with input as _with_updated({"date": "2026-11-29", "text": "Updated 2026-11-29", "line": 3, "source": "line"})
}

test_success_no_subprocessors if {
	doc := object.union(fixtures.doc([]), {"updated": null})
	count(updated_date.deny) == 0 with input as doc
	count(updated_date.warn) == 0 with input as doc
}

test_warn_missing if {
	updated_date.warn == {{"msg": `the page does not say when the list was last updated; add a "Last updated" line with the date the list last changed, so customers can tell whether it is current`}} with input as _missing
	count(updated_date.deny) == 0 with input as _missing
	count(updated_date.info) == 0 with input as _missing
	updated_date.warn == {{"msg": `the page does not say when the list was last updated; add a "Last updated" line with the date the list last changed, so customers can tell whether it is current`}} with input as object.remove(_missing, ["updated"])
}

# The fix suggests the latest Effective date up to today, never today's date.
test_warn_missing_suggests_effective_date if {
	doc := object.union(
		fixtures.doc([
			fixtures.row(12, {"effective": "2026-10-01"}),
			fixtures.row(13, {"name": "Beta Inc", "effective": "2026-12-15"}),
			fixtures.row(14, {"name": "Gamma LLC", "effective": "soon"}),
			fixtures.row(15, {"name": "Delta LLC"}),
		]),
		{"updated": null},
	)
	updated_date.warn == {{"msg": `the page does not say when the list was last updated; add a line such as "Last updated: 2026-10-01" (the latest Effective date on the page, if the list has not changed since), so customers can tell whether it is current`}} with input as doc
}

test_fail_unreadable if {
	updated_date.deny == {{
		"msg": `the date in "Updated sometime in spring" cannot be read; write the date the list last changed as an ISO date (YYYY-MM-DD)`,
		"line": 3,
	}} with input as _with_updated({"date": "", "text": "Updated sometime in spring", "line": 3})
	count(updated_date.warn) == 0 with input as _with_updated({"date": "", "text": "Updated sometime in spring", "line": 3})
}

test_fail_unreadable_suggests_change_log_date if {
	doc := _with_updated({"date": "", "text": "Effective date: Q1", "line": 3, "source": "effective", "last_change": "2026-10-01"})
	updated_date.deny == {{
		"msg": `the date in "Effective date: Q1" cannot be read; write the date the list last changed, such as "2026-10-01" (the date of the latest change-log entry)`,
		"line": 3,
	}} with input as doc
}

# A change-log entry dated ahead is a change to come, not the date the list last changed.
test_fail_unreadable_ignores_future_change_log_date if {
	doc := _with_updated({"date": "", "text": "Updated: Q1", "line": 3, "source": "line", "last_change": "2026-12-15"})
	updated_date.deny == {{
		"msg": `the date in "Updated: Q1" cannot be read; write the date the list last changed as an ISO date (YYYY-MM-DD)`,
		"line": 3,
	}} with input as doc
}

# A placeholder is SP010's finding.
test_success_unreadable_placeholder if {
	count(updated_date.deny) == 0 with input as _with_updated({"date": "", "text": "Effective date: TBD on release", "line": 3, "source": "effective"})
}

test_fail_future if {
	updated_date.deny == {{
		"msg": `the date "2026-11-30" in "Updated 2026-11-30" is in the future (today is 2026-11-28); write the date the list last changed as an ISO date (YYYY-MM-DD), and put future start dates in an Effective column`,
		"line": 3,
	}} with input as _with_updated({"date": "2026-11-30", "text": "Updated 2026-11-30", "line": 3})
}

test_fail_future_front_matter if {
	doc := _with_updated({"date": "2027-01-01", "text": "lastmod: 2027-01-01", "line": 1, "source": "front_matter", "last_change": "2026-09-30"})
	updated_date.deny == {{
		"msg": `the date "2027-01-01" in the front matter ("lastmod: 2027-01-01") is in the future (today is 2026-11-28); write the date the list last changed, such as "2026-09-30" (the date of the latest change-log entry), and put future start dates in an Effective column`,
		"line": 1,
	}} with input as doc
}

# An Effective date and a change log may look ahead.
test_success_future_effective_or_change_log if {
	count(updated_date.deny) == 0 with input as _with_updated({"date": "2027-01-01", "text": "Effective date: 2027-01-01", "line": 3, "source": "effective"})
	count(updated_date.deny) == 0 with input as _with_updated({"date": "2027-01-01", "text": "2027-01-01 | Adding Beta", "line": 30, "source": "change_log", "last_change": "2027-01-01"})
	count(updated_date.info) == 0 with input as _with_updated({"date": "2027-01-01", "text": "Effective date: 2027-01-01", "line": 3, "source": "effective"})
}

test_warn_front_matter_differs if {
	doc := object.union(fixtures.clean, {"front_matter": {"date": "2026-10-15", "lastmod": "2026-11-02"}})
	updated_date.warn == {
		{"msg": `the front matter date "2026-10-15" differs from the date "2026-11-01" in "Updated 2026-11-01"; make them the same`, "line": 3},
		{"msg": `the front matter lastmod "2026-11-02" differs from the date "2026-11-01" in "Updated 2026-11-01"; make them the same`, "line": 3},
	} with input as doc
		with data.subpolicy.config.front_matter_date_keys as ["date", "lastmod", "updated"]
	count(updated_date.deny) == 0 with input as doc
}

# The date taken from the front matter is compared with nothing.
test_success_front_matter_source if {
	doc := object.union(fixtures.clean, {
		"front_matter": {"date": "2021-01-01", "lastmod": "2026-11-02"},
		"updated": {"date": "2026-11-02", "text": "lastmod: 2026-11-02", "line": 1, "source": "front_matter"},
	})
	count(updated_date.warn) == 0 with input as doc
	count(updated_date.deny) == 0 with input as doc
}

test_fail_stale if {
	doc := _with_updated({"date": "2024-05-16", "text": "Updated May 16, 2024", "line": 10})
	count(updated_date.deny) == 0 with input as doc
	count(updated_date.warn) == 0 with input as doc
	updated_date.info == {{
		"msg": `the list was last updated on "2024-05-16", 926 days ago (more than 365); review it and update the date`,
		"line": 10,
	}} with input as doc
}

test_fail_stale_by_source if {
	updated_date.info == {{
		"msg": `the page's only date is its effective date "2024-05-16", 926 days ago (more than 365); review the list and add a "Last updated" line with the date of the review`,
		"line": 4,
	}} with input as _with_updated({"date": "2024-05-16", "text": "Effective date: 2024-05-16", "line": 4, "source": "effective"})
	updated_date.info == {{
		"msg": `the front matter dates the page "2024-05-16" ("lastmod: 2024-05-16"), 926 days ago (more than 365); review it and update the date`,
		"line": 1,
	}} with input as _with_updated({"date": "2024-05-16", "text": "lastmod: 2024-05-16", "line": 1, "source": "front_matter"})
	updated_date.info == {{
		"msg": `the latest change-log entry is dated "2024-05-16", 926 days ago (more than 365); review the list and add a "Last updated" line with the date of the review`,
		"line": 40,
	}} with input as _with_updated({"date": "2024-05-16", "text": "2024-05-16 | Added Acme", "line": 40, "source": "change_log", "last_change": "2024-05-16"})
	updated_date.info == {{
		"msg": `the list was last updated on "2024-05-16", 926 days ago (more than 365); review it and update the date`,
		"line": 10,
	}} with input as _with_updated({"date": "2024-05-16", "text": "Updated 2024-05-16", "line": 10, "source": "somewhere"})
}

test_success_not_stale_with_longer_window if {
	doc := _with_updated({"date": "2024-05-16", "text": "Updated May 16, 2024", "line": 10})
	count(updated_date.info) == 0 with input as doc with data.subpolicy.config.stale_after_days as 1000
}
