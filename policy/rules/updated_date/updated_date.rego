# METADATA
# title: The page's date is present, readable, not in the future and recent
# description: The page says when the list was last updated (an "Updated" line, a date in a sentence, an Effective date, the front matter or the latest change-log entry). A date that cannot be read or lies in the future is an error; a page with no date at all, or a front matter date that differs from the Updated line, a warning; a date older than stale_after_days, a notice. Fixes suggest the date the list last changed when the page shows it, never today's date.
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp012
#     description: rationale and sources
# custom:
#   id: SP012
#   severity: error
#   why:
#     error: "a date that cannot be read, or that lies in the future, misstates when the list last changed: the page states something that is not true, and a reviewer blocks it"
#     warning: "many legitimate published lists carry no date, and a front matter date that differs from the Updated line may be the page's first publication: good practice, not a defect"
#     notice: "an old date is not wrong, but a list nobody has reviewed for over a year may no longer be complete: a reminder to review it"
package subpolicy.rules.updated_date

import data.subpolicy.lib

# No date anywhere on the page: good practice, but many published pages lack it.
warn contains lib.page_finding(msg) if {
	lib.has_subprocessors
	not _updated
	msg := sprintf(
		"the page does not say when the list was last updated; %s, so customers can tell whether it is current",
		[_add_fix],
	)
}

# A date line whose date could not be read. A placeholder there ("TBD", "[DATE]") is SP010's
# finding: one defect, one finding.
deny contains lib.line_finding(_updated.line, msg) if {
	lib.has_subprocessors
	_source in {"line", "effective"}
	not lib.is_iso_date(_updated.date)
	not regex.match(lib.config.placeholder_pattern, _updated.text)
	msg := sprintf("the date in %q cannot be read; %s", [_updated.text, _write_fix])
}

# A date in the future. An Effective date may lie ahead (a change announced in advance), and a
# change log may list a change to come.
deny contains lib.line_finding(_updated.line, msg) if {
	lib.has_subprocessors
	_source in {"line", "front_matter"}
	lib.days_between(lib.today_ns, _updated_ns) > lib.config.date_tolerance_days
	msg := sprintf(
		"the date %q %s is in the future (today is %s); %s, and put future start dates in an Effective column",
		[_updated.date, _origin, lib.today, _write_fix],
	)
}

# A front matter date that disagrees with the "Updated" line.
warn contains lib.line_finding(_updated.line, msg) if {
	lib.has_subprocessors
	_source == "line"
	lib.is_iso_date(_updated.date)
	some key in lib.config.front_matter_date_keys
	value := input.front_matter[key]
	is_string(value)
	regex.match(`^\d{4}-\d{2}-\d{2}`, value)
	date := substring(value, 0, 10)
	date != _updated.date
	msg := sprintf(
		"the front matter %s %q differs from the date %q in %q; make them the same",
		[key, date, _updated.date, _updated.text],
	)
}

# A list nobody has reviewed for a long time.
info contains lib.line_finding(_updated.line, msg) if {
	lib.has_subprocessors
	age := lib.days_between(_updated_ns, lib.today_ns)
	age > lib.config.stale_after_days
	msg := sprintf(
		"%s, %d days ago (more than %d); %s",
		[_dated[_source], age, lib.config.stale_after_days, _review_fix[_source]],
	)
}

# The page's date: input.updated, when there is one.
_updated := u if {
	u := object.get(input, "updated", null)
	is_object(u)
}

_updated_ns := lib.date_ns(_updated.date)

# Where the date comes from: line, effective, front_matter or change_log (see the README).
# A document written without a source has an Updated line.
_source := s if {
	s := _updated.source
	s in {"line", "effective", "front_matter", "change_log"}
} else := "line"

_origin := sprintf("in %q", [_updated.text]) if {
	_source == "line"
} else := sprintf("in the front matter (%q)", [_updated.text])

_dated := {
	"line": sprintf("the list was last updated on %q", [_updated.date]),
	"effective": sprintf("the page's only date is its effective date %q", [_updated.date]),
	"front_matter": sprintf("the front matter dates the page %q (%q)", [_updated.date, _updated.text]),
	"change_log": sprintf("the latest change-log entry is dated %q", [_updated.date]),
}

_review_fix := {
	"line": "review it and update the date",
	"effective": "review the list and add a \"Last updated\" line with the date of the review",
	"front_matter": "review it and update the date",
	"change_log": "review the list and add a \"Last updated\" line with the date of the review",
}

# The dates the page shows the list changed on, up to today: its change log's latest date and
# its rows' Effective dates. The fix of a missing or wrong date suggests the latest of them.
_change_dates contains d if {
	d := _updated.last_change
	lib.is_iso_date(d)
	d <= lib.today
}

_change_dates contains d if {
	some sp in lib.rows
	d := sp.effective
	is_string(d)
	lib.is_iso_date(d)
	d <= lib.today
}

_last_change := max(_change_dates)

_last_change_is := "the date of the latest change-log entry" if {
	_updated.last_change == _last_change
} else := "the latest Effective date on the page, if the list has not changed since"

_add_fix := sprintf("add a line such as %q (%s)", [concat("", ["Last updated: ", _last_change]), _last_change_is]) if {
	_last_change
} else := "add a \"Last updated\" line with the date the list last changed"

_write_fix := sprintf("write the date the list last changed, such as %q (%s)", [_last_change, _last_change_is]) if {
	_last_change
} else := "write the date the list last changed as an ISO date (YYYY-MM-DD)"
