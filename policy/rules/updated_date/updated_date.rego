# METADATA
# title: The "Updated" date is present, valid, current and consistent
# description: The page has an "Updated <date>" line whose date parses, is not in the future and matches the front matter date; a notice when it is older than stale_after_days.
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp012
#     description: rationale and sources
# custom:
#   id: SP012
#   severity: error
package subpolicy.rules.updated_date

import data.subpolicy.lib

# No "Updated" line at all.
deny contains lib.page_finding(msg) if {
	lib.has_subprocessors
	object.get(input, "updated", null) == null
	msg := sprintf("no \"Updated <date>\" line; add one such as \"Updated %s\"", [lib.today])
}

# An "Updated" line whose date could not be read.
deny contains lib.line_finding(input.updated.line, msg) if {
	lib.has_subprocessors
	date := input.updated.date
	not lib.is_iso_date(date)
	msg := sprintf(
		"the Updated line %q has no date that can be read; write it as \"Updated %s\"",
		[input.updated.text, lib.today],
	)
}

# A date in the future.
deny contains lib.line_finding(input.updated.line, msg) if {
	lib.has_subprocessors
	updated := lib.date_ns(input.updated.date)
	lib.days_between(lib.today_ns, updated) > lib.config.date_tolerance_days
	msg := sprintf(
		"the Updated date %s is in the future (today is %s); use the date the list was published, and put future start dates in an Effective column",
		[input.updated.date, lib.today],
	)
}

# A front matter date that disagrees with the "Updated" line.
deny contains lib.line_finding(input.updated.line, msg) if {
	lib.has_subprocessors
	lib.is_iso_date(input.updated.date)
	some key in lib.config.front_matter_date_keys
	value := input.front_matter[key]
	is_string(value)
	regex.match(`^\d{4}-\d{2}-\d{2}`, value)
	date := substring(value, 0, 10)
	date != input.updated.date
	msg := sprintf(
		"the front matter %s %s differs from the Updated date %s; make them the same",
		[key, date, input.updated.date],
	)
}

# A list nobody has reviewed for a long time.
info contains lib.line_finding(input.updated.line, msg) if {
	lib.has_subprocessors
	updated := lib.date_ns(input.updated.date)
	age := lib.days_between(updated, lib.today_ns)
	age > lib.config.stale_after_days
	msg := sprintf(
		"the list was last updated on %s, %d days ago (more than %d); review it and update the date",
		[input.updated.date, age, lib.config.stale_after_days],
	)
}
