package subprocessor

import (
	"net/url"
	"strings"

	"github.com/subpolicy/subpolicy/internal/markdown"
)

// offersSubscription says a block offers a way to hear of changes to the list: its text
// (subscribe), or a link to an RSS, Atom or JSON feed, whatever the link's text says
// ("[Changes](/subprocessors.atom)").
func offersSubscription(b markdown.Block) bool {
	if subscribe.MatchString(b.Text) {
		return true
	}
	for _, l := range b.Links {
		if isFeedURL(l.URL) {
			return true
		}
	}
	return false
}

// isFeedURL says a link's target is a feed: a path ending in .xml, .rss or .atom, or named
// feed, rss or atom, or a JSON file named for a feed ("/feed.xml", "/subprocessors.atom",
// "/changes/feed/", "/subprocessors.feed.json").
func isFeedURL(link string) bool {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || u.Scheme != "" && u.Scheme != "https" && u.Scheme != "http" {
		return false
	}
	path := strings.ToLower(strings.TrimSuffix(u.Path, "/"))
	name := path[strings.LastIndex(path, "/")+1:]
	switch {
	case strings.HasSuffix(name, ".xml"), strings.HasSuffix(name, ".rss"), strings.HasSuffix(name, ".atom"):
		return name != "sitemap.xml"
	case name == "feed", name == "rss", name == "atom":
		return true
	case strings.HasSuffix(name, ".json"): // a JSON Feed names itself: feed.json, subprocessors-feed.json
		return strings.Contains(name, "feed")
	}
	return false
}
