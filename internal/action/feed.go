package action

import (
	"cmp"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"

	"github.com/sethvargo/go-githubactions"

	"github.com/subpolicy/subpolicy/internal/feed"
	"github.com/subpolicy/subpolicy/internal/history"
	"github.com/subpolicy/subpolicy/internal/policy"
	"github.com/subpolicy/subpolicy/internal/report"
)

// The inputs and output of the change feed, as action.yml names them.
const (
	inputFeedFile    = "feed-file"
	inputFeedFormat  = "feed-format"
	inputFeedSiteURL = "feed-site-url"
	inputFeedTitle   = "feed-title"
	outputFeed       = "feed-entries"
)

// feedFormats are the formats feed-format accepts.
var feedFormats = []string{"atom", "rss", "json"}

// feedInputs are the validated inputs of the change feed.
type feedInputs struct {
	file    string // as given, relative to the workspace; "" writes none
	format  string // one of feedFormats
	siteURL string // "" means the repository's address
	title   string // "" means "Subprocessors of OWNER/REPO"
}

// readFeedInputs reads and validates feed-file, feed-format, feed-site-url and feed-title.
func readFeedInputs(a *githubactions.Action) (feedInputs, []error) {
	var errs []error
	in := feedInputs{
		file:    strings.TrimSpace(a.GetInput(inputFeedFile)),
		format:  cmp.Or(strings.ToLower(strings.TrimSpace(a.GetInput(inputFeedFormat))), "atom"),
		siteURL: strings.TrimSpace(a.GetInput(inputFeedSiteURL)),
		title:   strings.TrimSpace(a.GetInput(inputFeedTitle)),
	}
	if !slices.Contains(feedFormats, in.format) {
		errs = append(errs, fmt.Errorf("input %q is %q (valid: %s)", inputFeedFormat, a.GetInput(inputFeedFormat), strings.Join(feedFormats, ", ")))
	}
	if strings.ContainsAny(in.file, "\r\n") {
		errs = append(errs, fmt.Errorf("input %q must be one path", inputFeedFile))
	}
	if strings.ContainsAny(in.title, "\r\n") {
		errs = append(errs, fmt.Errorf("input %q must be one line", inputFeedTitle))
	}
	if in.siteURL != "" {
		if u, err := url.Parse(in.siteURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs = append(errs, fmt.Errorf("input %q is %q: give the http or https address of the published page, e.g. \"https://example.com/subprocessors\"", inputFeedSiteURL, in.siteURL))
		}
	}
	return in, errs
}

// writeFeed writes the change feed of the audited subprocessor pages when feed-file is set
// (audit mode: a push to the default branch, a schedule, workflow_dispatch), from the git
// history of the workspace. It returns the number of entries written, -1 when it wrote none.
func (r *run) writeFeed(eng *policy.Engine, t *target, rep *report.Report) (entries int, failed bool) {
	in := r.in.feed
	switch {
	case in.file == "":
		return -1, false
	case t.context.Mode != "audit":
		r.log.printf("subpolicy: the change feed is written by audits only (a push, a schedule or workflow_dispatch; input %q); this pull-request run leaves it alone", inputFeedFile)
		return -1, false
	}
	var pages []string
	for _, f := range rep.Files {
		if f.Error == "" && len(f.Subprocessors) > 0 {
			pages = append(pages, f.Path)
		}
	}
	fail := func(format string, args ...any) (int, bool) {
		r.log.command("error", title("subpolicy: change feed"), r.relative(fmt.Sprintf(format, args...)))
		return -1, true
	}
	if len(pages) == 0 {
		return fail("no subprocessor page among the audited files, so the feed %q would be empty; check input %q", in.file, inputPaths)
	}
	repo, root, err := history.Open(r.rv.workspace)
	if err != nil {
		return fail("%v", err)
	}
	// The pages are read as the audit read them, with the configuration it loaded.
	opts := history.Options{MaxFileSize: r.in.maxFileSize, Reading: eng.Reading()}
	notice, err := eng.NoticeDays()
	if err != nil {
		return fail("%v", err)
	}
	var hs []*history.History
	for _, p := range pages {
		rel, err := history.RepoPath(root, r.workspacePath(p))
		if err != nil {
			return fail("%v", err)
		}
		h, err := history.Read(repo, rel, opts)
		if err != nil {
			return fail("%s: %v", p, err)
		}
		if h.Shallow {
			r.log.command("warning", append(title("subpolicy: change feed from a shallow clone"), report.Property{Key: "file", Value: p}),
				"the feed holds only the changes in this clone's history: "+history.ShallowHint)
		}
		for _, ev := range h.Events {
			if ev.Unreadable() {
				r.log.command("warning", append(title("subpolicy: a version has no feed entry"), report.Property{Key: "file", Value: p}),
					fmt.Sprintf("the version of %s at commit %s could not be read, so the feed has no entry for it: %s", ev.Path, report.ShortSHA(ev.Commit), ev.Error))
			}
		}
		hs = append(hs, h)
	}
	fopts := feed.Options{
		SiteURL:    cmp.Or(in.siteURL, strings.TrimRight(r.rv.serverURL, "/")+"/"+r.rv.repository),
		Title:      cmp.Or(in.title, "Subprocessors of "+r.rv.repository),
		NoticeDays: notice,
	}
	es, err := feed.Entries(hs, fopts)
	if err != nil {
		return fail("%v (input %q)", err, inputFeedSiteURL)
	}
	if err := r.writeWorkspaceFile(in.file, "change feed", func(w io.Writer) error { return feed.Write(w, in.format, es, fopts) }); err != nil {
		return fail("%v", err)
	}
	r.log.printf("subpolicy: change feed written to %q (%s, %d %s from %s)", in.file, in.format, len(es), report.Pronoun(len(es), "entry", "entries"), report.Plural(len(hs), "page"))
	return len(es), false
}

// feedOutput is the feed-entries output: the number of entries written, empty for no feed.
func feedOutput(entries int) output {
	if entries < 0 {
		return output{outputFeed, ""}
	}
	return output{outputFeed, fmt.Sprint(entries)}
}
