# METADATA
# title: The page states a notice period and a way to subscribe
# description: A page listing subprocessors says how many days' notice customers get before a new subprocessor is engaged (at least notice_days) and how to subscribe to changes (GDPR Art. 28(2)). No way to subscribe is a warning on a page that states no notice period either, and a notice beside one.
# related_resources:
#   - ref: https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp019
#     description: rationale and sources
# custom:
#   id: SP019
#   severity: warning
package subpolicy.rules.notice_and_subscription

import data.subpolicy.lib

# No notice period.
warn contains lib.page_finding(msg) if {
	lib.has_subprocessors
	object.get(input, "notice", null) == null
	msg := sprintf(
		"the page states no notice period for new subprocessors; add a sentence such as \"We will give at least %d days' notice before engaging a new subprocessor\"",
		[lib.config.notice_days],
	)
}

# A notice period shorter than the configured minimum.
warn contains lib.line_finding(input.notice.line, msg) if {
	lib.has_subprocessors
	input.notice.days < lib.config.notice_days
	msg := sprintf(
		"the page promises %q (%d days' notice) but the configured minimum is %d days; align the page with the DPA",
		[input.notice.text, input.notice.days, lib.config.notice_days],
	)
}

# No way to subscribe, and no notice period either: customers are told of no way to hear of a
# new subprocessor.
warn contains lib.page_finding(msg) if {
	lib.has_subprocessors
	object.get(input, "subscription", null) == null
	object.get(input, "notice", null) == null
	msg := "the page offers no way to subscribe to changes; add a subscribe link, mailing list or RSS feed so customers hear about new subprocessors in time to object"
}

# No way to subscribe on a page that states a notice period: the DPA's notice reaches
# customers, and a subscription is a convenience many pages do without; a notice.
info contains lib.page_finding(msg) if {
	lib.has_subprocessors
	object.get(input, "subscription", null) == null
	object.get(input, "notice", null) != null
	msg := "the page offers no way to subscribe to changes; a subscribe link, mailing list or RSS feed beside the notice period lets customers hear about new subprocessors as soon as they are announced"
}
