package subpolicy.test.notice_and_subscription

import data.subpolicy.rules.notice_and_subscription
import data.subpolicy.test.fixtures

test_success_notice_and_subscription if {
	count(notice_and_subscription.warn) == 0 with input as fixtures.clean
	count(notice_and_subscription.info) == 0 with input as fixtures.clean
}

test_success_no_subprocessors if {
	doc := object.union(fixtures.doc([]), {"notice": null, "subscription": null})
	count(notice_and_subscription.warn) == 0 with input as doc
}

test_fail_neither if {
	doc := object.union(fixtures.clean, {"notice": null, "subscription": null})
	count(notice_and_subscription.info) == 0 with input as doc
	notice_and_subscription.warn == {
		{"msg": `the page states no notice period for new subprocessors; add a sentence such as "We will give at least 30 days' notice before engaging a new subprocessor"`},
		{"msg": "the page offers no way to subscribe to changes; add a subscribe link, mailing list or RSS feed so customers hear about new subprocessors in time to object"},
	} with input as doc
}

test_fail_short_notice if {
	doc := object.union(fixtures.clean, {"notice": {"days": 14, "text": "at least 14 days", "line": 5}})
	notice_and_subscription.warn == {{
		"msg": `the page promises "at least 14 days" (14 days' notice) but the configured minimum is 30 days; align the page with the DPA`,
		"line": 5,
	}} with input as doc
}

test_success_configured_notice_days if {
	doc := object.union(fixtures.clean, {"notice": {"days": 14, "text": "at least 14 days", "line": 5}})
	count(notice_and_subscription.warn) == 0 with input as doc with data.subpolicy.config.notice_days as 10
}

test_fail_no_subscription_beside_a_notice_period if {
	doc := object.union(fixtures.clean, {"subscription": null})
	count(notice_and_subscription.warn) == 0 with input as doc
	notice_and_subscription.info == {{"msg": "the page offers no way to subscribe to changes; a subscribe link, mailing list or RSS feed beside the notice period lets customers hear about new subprocessors as soon as they are announced"}} with input as doc
}
