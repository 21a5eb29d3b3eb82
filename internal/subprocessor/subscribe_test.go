package subprocessor

import (
	"testing"

	"github.com/subpolicy/subpolicy/internal/markdown"
)

// TestSubscribePhrases holds the subscribe pattern to the phrases real pages use to offer
// updates, and keeps it off the noun "subscribers", subscribing to a service and notices the
// company sends.
func TestSubscribePhrases(t *testing.T) {
	t.Parallel()
	offers := []string{
		"Subscribe to changes by watching this repository.",
		"We give at least 30 days' notice before engaging a new subprocessor. Subscribe to changes via our RSS feed.",
		"Subscribe to changes by email.",
		"Sourcegraph will update this page when engaging a new Sub-processor, and if you subscribe for updates, Sourcegraph will notify you by email of changes to this page.",
		"You can find a history of revisions and sign up to get notified of future changes to this and all StarCat Brands policies by following the steps on our Updates page.",
		"Sign up to be notified of new subprocessors.",
		"Sign up for updates",
		"Register to receive notifications when this list changes.",
		"To receive notifications of updates to this Subprocessor list, please follow the instructions provided in AUTOTITLE.",
		"Airfold will notify customers in accordance with the DPA. To receive notifications regarding changes to this list, please contact your Airfold representative.",
		"If you would like to be notified of new subprocessors, please fill out this form.",
		"To be notified of changes, email privacy@example.com.",
		"Get notified when we add a subprocessor",
		"Notify me of changes",
		"Use our notification form to hear of new subprocessors.",
		"Subscribe",
		"Subscribe: https://example.com/subprocessors/subscribe",
		"To subscribe, send an email to privacy@example.com.",
		"Click here to subscribe to our subprocessor list.",
		"Subscribe to our sub-processor updates",
		"Subscribe to this page",
		"Join our subprocessor mailing list.",
		"Follow the RSS feed.",
		"An Atom feed of this list is published.",
		"Feed: https://example.com/subprocessors.xml",
		"Feed: https://example.com/subprocessors/feed.json",
		"Star or watch the GitHub repository: watch the repository for changes.",
		"Get email updates about new subprocessors.",
	}
	for _, s := range offers {
		if !subscribe.MatchString(s) {
			t.Errorf("subscribe does not match %q", s)
		}
	}
	notOffers := []string{
		"Our subscribers include banks and hospitals.",
		"We process the personal data of our subscribers' end users.",
		"3.1 This DPA takes effect when You subscribe to the Service(s) through acceptance of the Agreement.",
		"Any valid transfer mechanism that We would subscribe to, certify, or participate in.",
		"The Data Exporter is the entity that has subscribed to the Agreement.",
		"subscribe to security announcements issued by vendors of software components used by Elastisys;",
		"Customers will be notified at least 30 days before a new subprocessor is engaged.",
		"The customer has the right to be notified of new sub-processors and to object by contacting us.",
		"Material changes will be notified to admin contacts or in-product.",
		"For example, an email is sent to the kubernetes-security-announce mailing list.",
		"including hosting and infrastructure services, email notifications, and other services.",
		"Stripe handles payment processing for subscriptions.",
		"Personal Data is transferred for the duration of subscription to the Services.",
		"GetStream provides real-time messaging and activity feeds.",
		"See https://example.com/sitemap for the site map.",
	}
	for _, s := range notOffers {
		if subscribe.MatchString(s) {
			t.Errorf("subscribe matches %q: %q", s, subscribe.FindString(s))
		}
	}
}

// TestOffersSubscription: a link to a feed offers a subscription whatever its text; other
// links do not.
func TestOffersSubscription(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		text, url string
		want      bool
	}{
		{"Changes", "/subprocessors.atom", true},
		{"Changes", "https://example.com/subprocessors/feed.xml", true},
		{"Changes", "https://example.com/legal/subprocessors.rss?x=1", true},
		{"Changes", "https://example.com/subprocessors/feed.json", true},
		{"Changes", "https://example.com/subprocessors/feed/", true},
		{"Changes", "/rss", true},
		{"JSON Feed", "/legal/subprocessors.feed.json", true},
		{"Data", "/legal/subprocessors.json", false},
		{"Subscribe to updates", "https://example.com/subscribe", true},
		{"Site map", "https://example.com/sitemap.xml", false},
		{"Changes", "https://example.com/changes", false},
		{"Our feed partner", "https://feedly.com/", false},
		{"Mail", "mailto:feed@example.com", false},
		{"Broken", "https://exa mple.com/%zz", false},
		{"Home", "", false},
	} {
		b := markdown.Block{Kind: markdown.Paragraph, Text: c.text, Links: []markdown.Link{{Text: c.text, URL: c.url}}}
		if got := offersSubscription(b); got != c.want {
			t.Errorf("offersSubscription(%q → %q) = %v, want %v", c.text, c.url, got, c.want)
		}
	}
}
