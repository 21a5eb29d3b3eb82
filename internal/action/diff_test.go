package action_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/subpolicy/subpolicy/internal/action"
	"github.com/subpolicy/subpolicy/internal/github/githubtest"
)

var commentsPath = fmt.Sprintf("/repos/%s/%s/issues/%d/comments", owner, repo, prNumber)

// base puts a file's content on the server at the pull request's base commit.
func (h *harness) base(path, content string) {
	h.srv.SetContent(owner, repo, baseSHA, path, []byte(content))
}

// labels replaces the pull request's labels in the event payload.
func (h *harness) labels(names ...string) {
	ls := []any{}
	for _, n := range names {
		ls = append(ls, map[string]any{"name": n})
	}
	h.pull()["labels"] = ls
}

// bump moves a page's Updated date (and front matter date) from 2026-11-02 to 2026-11-20.
func bump(page string) string { return strings.ReplaceAll(page, "2026-11-02", "2026-11-20") }

// rules returns the rule ids of annotations, in order.
func rules(annotations []string) []string {
	var out []string
	for _, a := range annotations {
		if _, t, ok := strings.Cut(a, "title="); ok {
			id, _, _ := strings.Cut(t, "%3A")
			out = append(out, id)
		}
	}
	return out
}

// An AI provider added without approval or notice, and without bumping the Updated date.
func TestChangeAddsAIProviderUnapproved(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})
	h.base(page, fixture(t, "clean.md"))
	h.write(page, fixture(t, "ai-added.md"))

	if code := h.run(); code != action.ExitFindings {
		t.Fatalf("exit %d, want %d", code, action.ExitFindings)
	}
	ann := h.annotations()
	want := []string{
		"::error file=docs/subprocessors.md,line=8,col=1,title=SP013%3A The \"Updated\" date moves forward when rows change::" +
			"1 row added, but the Updated date is still 2026-11-02, as in the base version; set it to the date this change is published (e.g. 2026-11-28)",
		"::error file=docs/subprocessors.md,line=19,col=3,title=SP014%3A New and replacing subprocessors get the notice period::" +
			`new subprocessor "OpenAI, L.L.C." has no Effective date, so customers get no notice before it processes their data (the notice period is 30 days). ` +
			"Set Effective to 2026-12-02 or later, or add the label subprocessor-notice-sent:YYYY-MM-DD once customers were notified at least 30 days ago",
		"::error file=docs/subprocessors.md,line=19,col=3,title=SP015%3A Added and materially changed subprocessors have privacy approval::" +
			`"OpenAI, L.L.C." is added without privacy approval; have the privacy team review it, then apply the label "privacy-approved"`,
	}
	if diff := cmp.Diff(want, ann); diff != "" {
		t.Errorf("annotations (-want +got):\n%s", diff)
	}
	// One contents request: the page at the base commit (the head is in the workspace).
	var refs []string
	for _, r := range h.under("GET", contentsPath) {
		refs = append(refs, r.Path+"?ref="+r.Query.Get("ref"))
	}
	if want := []string{contentsPath + page + "?ref=" + baseSHA}; !cmp.Equal(refs, want) {
		t.Errorf("contents requests = %q, want %q", refs, want)
	}
	out := h.outputs()
	if out["added"] != "1" || out["removed"] != "0" || out["modified"] != "0" || out["changed"] != "true" || out["errors"] != "3" {
		t.Errorf("outputs = %v", out)
	}
	s := h.summary()
	changes := strings.Index(s, "### Subprocessor changes")
	if changes < 0 || changes > strings.Index(s, "### Findings") {
		t.Errorf("the summary does not open with the changes:\n%s", s)
	}
	if !strings.Contains(s, "| OpenAI, L.L.C. | AI drafting of support replies; no training on customer data | Support tickets; chat transcripts | United States |") {
		t.Errorf("the summary does not describe the added subprocessor:\n%s", s)
	}
	cr := h.checkRun()
	if cr.Conclusion != "failure" || !strings.HasPrefix(cr.Summary, "## subpolicy: 3 errors") || !strings.Contains(cr.Summary, "**Added**") {
		t.Errorf("check run %s:\n%s", cr.Conclusion, cr.Summary)
	}
	comments := h.srv.Comments(owner, repo, prNumber)
	if len(comments) != 1 || !strings.HasPrefix(comments[0].Body, "<!-- subpolicy:change-notice subpolicy -->\n") ||
		!strings.Contains(comments[0].Body, "### Blocking findings\n\n3 findings at or above error block this pull request:") {
		t.Errorf("comments = %+v", comments)
	}
}

// The same addition, approved, announced in time and with the date bumped, passes.
func TestChangeAddsAIProviderApproved(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})
	h.labels("privacy-approved", "subprocessor-notice-sent:2026-10-20")
	h.base(page, fixture(t, "clean.md"))
	h.write(page, bump(fixture(t, "ai-added.md")))

	if code := h.run(); code != action.ExitOK {
		t.Fatalf("exit %d, want %d", code, action.ExitOK)
	}
	if a := h.annotations(); len(a) != 0 {
		t.Errorf("annotations: %q", a)
	}
	if cr := h.checkRun(); cr.Conclusion != "success" {
		t.Errorf("check run %s", cr.Conclusion)
	}
	if out := h.outputs(); out["added"] != "1" || out["changed"] != "true" {
		t.Errorf("outputs = %v", out)
	}
	comments := h.srv.Comments(owner, repo, prNumber)
	if len(comments) != 1 || !strings.Contains(comments[0].Body, "No finding at or above error blocks this pull request.") {
		t.Errorf("comments = %+v", comments)
	}
}

// A removed row is called out on its table; a removed page is reported, and its rows called
// out on the page (it has no line left); removing it is approved (SP021).
func TestChangeRemovals(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const old = "legal/old-subprocessors.md"
	h.pullRequest(githubtest.File{Path: page, Status: "modified"}, githubtest.File{Path: old, Status: "removed"})
	h.labels("privacy-approved")
	h.base(page, fixture(t, "clean.md"))
	h.base(old, fixture(t, "ai-provider.md"))
	var kept []string
	for l := range strings.Lines(bump(fixture(t, "clean.md"))) {
		if !strings.HasPrefix(l, "| Zendesk") {
			kept = append(kept, l)
		}
	}
	h.write(page, strings.Join(kept, ""))

	if code := h.run(); code != action.ExitOK {
		t.Fatalf("exit %d, want %d", code, action.ExitOK)
	}
	sp016 := func(file, line, row string) string {
		return "::warning file=" + file + ",line=" + line + ",col=1,title=SP016%3A Removed subprocessors and suspected replacements are called out::" +
			row + " is removed from the list; make sure it no longer receives personal data, and tell customers in the change notice and the change log"
	}
	want := []string{
		sp016(page, "15", `"Zendesk, Inc." (Customer support ticketing, United States)`),
		sp016(old, "1", `"Anthropic" (AI Service Provider, United States)`),
		sp016(old, "1", `"Stripe, Inc." (Payment processing for subscriptions, United States)`),
		sp016(old, "1", `"Zendesk, Inc." (Customer support ticketing, United States)`),
	}
	if diff := cmp.Diff(want, h.annotations()); diff != "" {
		t.Errorf("annotations (-want +got):\n%s", diff)
	}
	if out := h.outputs(); out["removed"] != "4" || out["added"] != "0" || out["files"] != "1" {
		t.Errorf("outputs = %v, want 4 rows removed (1 + the 3 of the removed page) in 1 file checked", out)
	}
	s := h.summary()
	for _, w := range []string{
		"**docs/subprocessors.md**: 1 removed.",
		"**legal/old-subprocessors.md** (file removed): 3 removed.",
		"| Anthropic | AI Service Provider |  | United States |",
	} {
		if !strings.Contains(s, w) {
			t.Errorf("the summary lacks %q:\n%s", w, s)
		}
	}
	if n := len(h.srv.RequestsTo("GET", contentsPath+old)); n != 1 {
		t.Errorf("%d requests for the removed page, want 1", n)
	}
}

// A pull request that only changes a row with a finding: with filter "changed", the
// findings the base already had (on that row and others) are listed apart, and only what the
// pull request introduces is annotated and gates; filter "all" gates on everything.
func TestChangeFilter(t *testing.T) {
	t.Parallel()
	const before = "---\ntitle: Subprocessors\ndate: 2026-11-02\n---\n\n# Subprocessors\n\nUpdated 2026-11-02\n\n" +
		"We give at least 30 days' notice before a new subprocessor processes Customer Personal Data.\n" +
		"Subscribe to changes by watching this repository.\n\n" +
		"| Name | Purpose | Data categories | Location | Link |\n|---|---|---|---|---|\n" +
		"| Stripe, Inc. | Payment processing for subscriptions | Billing email, payment method tokens | United States | [Stripe DPA](https://stripe.com/legal/dpa) |\n" +
		"| Twilio Inc. | Twilio services | Phone numbers | United States | [Privacy](https://www.twilio.com/legal/privacy) |\n" +
		"| Elastic N.V. | Analytics data storage | Reporting data | | [Privacy](https://www.elastic.co/legal/privacy-statement) |\n"
	after := strings.Replace(bump(before), "| Phone numbers |", "| Phone numbers, call recordings |", 1)
	for _, filter := range []string{"changed", "all"} {
		t.Run(filter, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			h.input("filter", filter)
			h.labels("privacy-approved")
			h.pullRequest(githubtest.File{Path: page, Status: "modified"})
			h.base(page, before)
			h.write(page, after)
			code := h.run()
			got := rules(h.annotations())
			cr := h.checkRun()
			if filter == "all" {
				if code != action.ExitFindings || !slices.Contains(got, "SP002") || !slices.Contains(got, "SP005") || cr.Text != "" {
					t.Errorf("exit %d, annotations %q, check-run text %q: want the pre-existing SP002 error annotated and failing", code, got, cr.Text)
				}
				return
			}
			if code != action.ExitOK {
				t.Errorf("exit %d, want %d: the pre-existing SP002 error must not block", code, action.ExitOK)
			}
			// Only Twilio's row (line 16) is annotated: the new data item (SP011) and the
			// material change (SP017); its old SP005 finding and Elastic's SP002 are not.
			for _, a := range h.annotations() {
				if !strings.Contains(a, ",line=16,") {
					t.Errorf("annotation outside the changed row: %s", a)
				}
			}
			if want := []string{"SP011", "SP017"}; !cmp.Equal(got, want) {
				t.Errorf("annotated rules %q, want %q", got, want)
			}
			if !strings.Contains(cr.Text, "### Pre-existing findings") || !strings.Contains(cr.Text, "Elastic N.V.") ||
				strings.Contains(cr.Summary, "### Pre-existing findings") {
				t.Errorf("check run: the pre-existing findings belong in its text only\nsummary:\n%s\ntext:\n%s", cr.Summary, cr.Text)
			}
			s := h.summary()
			if !strings.Contains(s, "### Pre-existing findings\n\nThe base version already had 2 findings") || !strings.Contains(s, "Twilio services") {
				t.Errorf("the job summary does not list the pre-existing findings:\n%s", s)
			}
			if out := h.outputs(); out["errors"] != "0" || out["warnings"] != "2" || out["modified"] != "1" {
				t.Errorf("outputs = %v", out)
			}
		})
	}
}

// The sticky comment is created on the first run, updated in place (never duplicated) on
// the next, and marked resolved once the pull request no longer changes the list.
func TestChangeStickyComment(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})
	h.base(page, fixture(t, "clean.md"))
	h.srv.AddComment(owner, repo, prNumber, githubtest.Comment{Body: "LGTM", Author: "reviewer"})
	// A comment quoting the marker, by a person: not the one to update.
	h.srv.AddComment(owner, repo, prNumber, githubtest.Comment{Body: "> <!-- subpolicy:change-notice subpolicy -->", Author: "mallory"})

	rerun := func(content string, wantCode int) {
		t.Helper()
		h.stdout.Reset()
		h.write(page, content)
		if code := h.run(); code != wantCode {
			t.Fatalf("exit %d, want %d", code, wantCode)
		}
	}
	ours := func() []githubtest.Comment {
		var out []githubtest.Comment
		for _, c := range h.srv.Comments(owner, repo, prNumber) {
			if c.Author == githubtest.Actor {
				out = append(out, c)
			}
		}
		return out
	}

	rerun(fixture(t, "ai-added.md"), action.ExitFindings)
	first := ours()
	if len(first) != 1 || !strings.Contains(first[0].Body, "3 findings at or above error") {
		t.Fatalf("after the first run: %+v", first)
	}

	h.labels("privacy-approved", "subprocessor-notice-sent:2026-10-20")
	rerun(bump(fixture(t, "ai-added.md")), action.ExitOK)
	second := ours()
	if len(second) != 1 || second[0].ID != first[0].ID || !strings.Contains(second[0].Body, "No finding at or above error blocks") {
		t.Fatalf("after the second run: %+v (first %+v)", second, first)
	}
	if n := len(h.srv.RequestsTo("POST", commentsPath)); n != 1 {
		t.Errorf("%d comments created, want 1", n)
	}

	rerun(fixture(t, "clean.md"), action.ExitOK)
	third := ours()
	if len(third) != 1 || third[0].ID != first[0].ID || !strings.Contains(third[0].Body, "Resolved: this pull request no longer adds, removes or changes a subprocessor") {
		t.Fatalf("after the third run: %+v", third)
	}
	// An unchanged body is not sent again.
	patches := len(h.srv.RequestsTo("PATCH", fmt.Sprintf("/repos/%s/%s/issues/comments/*", owner, repo)))
	rerun(fixture(t, "clean.md"), action.ExitOK)
	if n := len(h.srv.RequestsTo("PATCH", fmt.Sprintf("/repos/%s/%s/issues/comments/*", owner, repo))); n != patches {
		t.Errorf("the resolved comment was rewritten unchanged")
	}
	if n := len(h.srv.Comments(owner, repo, prNumber)); n != 3 {
		t.Errorf("%d comments on the pull request, want 3 (two by people, one by subpolicy)", n)
	}
}

func TestChangeCommentModes(t *testing.T) {
	t.Parallel()
	t.Run("never", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.input("comment", "never")
		h.pullRequest(githubtest.File{Path: page, Status: "modified"})
		h.base(page, fixture(t, "clean.md"))
		h.write(page, fixture(t, "ai-added.md"))
		h.run()
		if r := h.under("", commentsPath); len(r) != 0 {
			t.Errorf("comment requests with comment never: %v", h.requests())
		}
	})
	t.Run("always", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.input("comment", "always")
		h.pullRequest(githubtest.File{Path: page, Status: "modified"})
		h.base(page, fixture(t, "clean.md"))
		h.write(page, fixture(t, "clean.md"))
		if code := h.run(); code != action.ExitOK {
			t.Fatalf("exit %d", code)
		}
		if c := h.srv.Comments(owner, repo, prNumber); len(c) != 1 || !strings.Contains(c[0].Body, "No subprocessor was added, removed or changed.") {
			t.Errorf("comments = %+v", c)
		}
	})
	t.Run("changes, nothing changed", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.pullRequest(githubtest.File{Path: page, Status: "modified"})
		h.base(page, fixture(t, "clean.md"))
		h.write(page, fixture(t, "clean.md"))
		h.run()
		if r := h.under("POST", commentsPath); len(r) != 0 {
			t.Errorf("a comment on a pull request that changes no subprocessor: %v", h.requests())
		}
	})
	t.Run("invalid", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.input("comment", "sometimes")
		h.input("filter", "new")
		h.pullRequest(githubtest.File{Path: page})
		if code := h.run(); code != action.ExitUsage {
			t.Fatalf("exit %d, want %d", code, action.ExitUsage)
		}
		errs := strings.Join(h.commands("error"), "\n")
		for _, w := range []string{`input "comment" is "sometimes" (valid: changes, always, never)`, `input "filter" is "new" (valid: changed, all)`} {
			if !strings.Contains(errs, w) {
				t.Errorf("no error %q in:\n%s", w, errs)
			}
		}
	})
}

// Without pull-requests: write (a fork's read-only token) the comment is skipped with a
// notice, and the run does not fail for it.
func TestChangeCommentForbidden(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})
	h.labels("privacy-approved", "subprocessor-notice-sent:2026-10-20")
	h.base(page, fixture(t, "clean.md"))
	h.write(page, bump(fixture(t, "ai-added.md")))
	h.srv.DenyWrites(fmt.Sprintf("/repos/%s/%s/issues", owner, repo))

	if code := h.run(); code != action.ExitOK {
		t.Fatalf("exit %d, want %d", code, action.ExitOK)
	}
	if !slices.ContainsFunc(h.commands("notice"), func(c string) bool {
		return strings.Contains(c, "no pull-request comment") && strings.Contains(c, "pull-requests: write")
	}) {
		t.Errorf("no notice about the missing permission: %q", h.commands("notice"))
	}
}

// Page text in the comment is escaped like in every other sink.
func TestChangeCommentEscapes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})
	h.base(page, fixture(t, "clean.md"))
	h.write(page, fixture(t, "escaping.md"))
	h.run()
	c := h.srv.Comments(owner, repo, prNumber)
	if len(c) != 1 {
		t.Fatalf("comments = %+v", c)
	}
	for _, bad := range []string{"<img", "@org/team", "#12 ", "`<"} {
		if strings.Contains(c[0].Body, bad) {
			t.Errorf("the comment holds %q unescaped:\n%s", bad, c[0].Body)
		}
	}
	if !strings.Contains(c[0].Body, "&lt;img src=x&gt;") {
		t.Errorf("the comment does not show the escaped name:\n%s", c[0].Body)
	}
}

// A renamed page is compared with its previous name's content: nothing changed.
func TestChangeRenamedPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const old = "docs/vendors.md"
	h.pullRequest(githubtest.File{Path: page, PreviousPath: old, Status: "renamed"})
	h.base(old, fixture(t, "clean.md"))
	h.write(page, fixture(t, "clean.md"))
	if code := h.run(); code != action.ExitOK {
		t.Fatalf("exit %d, want %d", code, action.ExitOK)
	}
	if r := h.srv.RequestsTo("GET", contentsPath+old); len(r) != 1 || r[0].Query.Get("ref") != baseSHA {
		t.Errorf("want the previous name read at the base commit: %v", h.requests())
	}
	if out := h.outputs(); out["changed"] != "false" {
		t.Errorf("outputs = %v", out)
	}
	if s := h.summary(); !strings.Contains(s, "No subprocessor was added, removed or changed.") {
		t.Errorf("summary:\n%s", s)
	}
}

// TestChangeGolden keeps the job summary and the comment of a change-aware run.
func TestChangeGolden(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})
	h.base(page, fixture(t, "clean.md"))
	h.write(page, fixture(t, "ai-added.md"))
	h.run()
	normalize := strings.NewReplacer(h.srv.URL, "https://api.github.test").Replace
	golden(t, "ai-added.summary.md", normalize(h.summary()))
	c := h.srv.Comments(owner, repo, prNumber)
	if len(c) != 1 {
		t.Fatalf("comments = %+v", c)
	}
	golden(t, "ai-added.comment.md", normalize(c[0].Body))
}

// A pull request that only removes a page, with approval, still reports its rows and comments.
func TestChangeOnlyRemovesPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.pullRequest(githubtest.File{Path: page, Status: "removed"}, githubtest.File{Path: "src/app.go", Status: "modified"})
	h.labels("privacy-approved")
	h.base(page, fixture(t, "clean.md"))
	if code := h.run(); code != action.ExitOK {
		t.Fatalf("exit %d, want %d", code, action.ExitOK)
	}
	if got := rules(h.annotations()); !slices.Equal(got, []string{"SP016", "SP016"}) {
		t.Errorf("annotations for a removed page: %q, want its two removed rows called out", got)
	}
	s := h.summary()
	if !strings.Contains(s, "it only removes files that match") || !strings.Contains(s, "**docs/subprocessors.md** (file removed): 2 removed.") {
		t.Errorf("summary:\n%s", s)
	}
	if out := h.outputs(); out["removed"] != "2" || out["changed"] != "true" || out["files"] != "0" {
		t.Errorf("outputs = %v", out)
	}
	if c := h.srv.Comments(owner, repo, prNumber); len(c) != 1 || !strings.Contains(c[0].Body, "| Zendesk, Inc. | Customer support ticketing |") {
		t.Errorf("comments = %+v", c)
	}
}

// A pull request that removes a subprocessor page without approval fails closed: the page's
// table and rows are no longer checked (SP021), named in an error at the page's first line.
func TestChangeRemovedPageFailsClosed(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.pullRequest(githubtest.File{Path: page, Status: "removed"})
	h.base(page, fixture(t, "clean.md"))
	if code := h.run(); code != action.ExitFindings {
		t.Fatalf("exit %d, want %d", code, action.ExitFindings)
	}
	sp021 := "::error file=docs/subprocessors.md,line=1,col=1,title=SP021%3A Subprocessor tables stay readable::" +
		`the page is removed or moved out of the checked paths, and with it the table under "Third-party subprocessors" ` +
		`(line 15 of the base version, header "Name | Purpose | Data categories | Location | Link"), so its rows "Stripe, Inc.", "Zendesk, Inc." go unchecked; ` +
		`restore the page, or, if the removal is intended, apply the label "privacy-approved"`
	if a := h.annotations(); len(a) == 0 || a[0] != sp021 || !slices.Equal(rules(a), []string{"SP021", "SP016", "SP016"}) {
		t.Errorf("annotations = %q, want first %q", a, sp021)
	}
	cr := h.checkRun()
	if cr.Conclusion != "failure" || cr.Title != "1 error, 2 warnings, 0 notices" || len(cr.Annotations) != 3 ||
		cr.Annotations[0].Path != page || cr.Annotations[0].StartLine != 1 || cr.Annotations[0].Level != "failure" {
		t.Errorf("check run %s %q, annotations %+v", cr.Conclusion, cr.Title, cr.Annotations)
	}
	if out := h.outputs(); out["errors"] != "1" || out["removed"] != "2" || out["files"] != "0" {
		t.Errorf("outputs = %v", out)
	}
	if s := h.summary(); !strings.HasPrefix(s, "## subpolicy: 1 error, 2 warnings, 0 notices") || !strings.Contains(s, "Subprocessor tables stay readable") {
		t.Errorf("summary:\n%s", s)
	}
}

// A subprocessor table whose delimiter row the pull request deletes is no longer read as a
// table: its rows would leave every check without a word, so the pull request fails (SP021)
// until the table is restored or the removal approved. An unchanged page says nothing.
func TestChangeTableNoLongerRead(t *testing.T) {
	t.Parallel()
	var broken, removed strings.Builder
	for l := range strings.Lines(bump(fixture(t, "clean.md"))) {
		if !strings.HasPrefix(l, "|---") {
			broken.WriteString(l)
		}
		if !strings.HasPrefix(l, "|") {
			removed.WriteString(l)
		}
	}
	sp021 := "::error file=docs/subprocessors.md,line=1,col=1,title=SP021%3A Subprocessor tables stay readable::" +
		`the table under "Third-party subprocessors" (line 15 of the base version, header "Name | Purpose | Data categories | Location | Link") ` +
		`is no longer read as a subprocessor table, so its rows "Stripe, Inc.", "Zendesk, Inc." go unchecked; ` +
		`restore it (a header row with a name column and a purpose, data or location column, then a delimiter row such as "| --- | --- | --- | --- | --- |"), ` +
		`or, if the removal is intended, apply the label "privacy-approved"`
	for _, tt := range []struct {
		name, head string
		labels     []string
		code       int
		rules      []string
	}{
		{"delimiter row deleted", broken.String(), nil, action.ExitFindings, []string{"SP021", "SP016", "SP016"}},
		// One defect, one finding: the rows a deleted delimiter row shows as text are SP021's.
		{"table removed, approved", removed.String(), []string{"privacy-approved"}, action.ExitOK, []string{"SP016", "SP016"}},
		// Approved, the rows shown as text are still a broken page (SP023).
		{"delimiter row deleted, approved", broken.String(), []string{"privacy-approved"}, action.ExitFindings, []string{"SP023", "SP016", "SP016"}},
		{"unchanged", fixture(t, "clean.md"), nil, action.ExitOK, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			h.pullRequest(githubtest.File{Path: page, Status: "modified"})
			h.labels(tt.labels...)
			h.base(page, fixture(t, "clean.md"))
			h.write(page, tt.head)
			if code := h.run(); code != tt.code {
				t.Fatalf("exit %d, want %d", code, tt.code)
			}
			a := h.annotations()
			if got := rules(a); !slices.Equal(got, tt.rules) {
				t.Errorf("annotations %q, want rules %q", a, tt.rules)
			}
			if tt.code == action.ExitFindings && tt.rules[0] == "SP021" && a[0] != sp021 {
				t.Errorf("annotation\n%s\nwant\n%s", a[0], sp021)
			}
		})
	}
}

// A page renamed to a path the paths input does not match leaves the checked pages: its
// rows are removed as a removed file's are (they used to disappear without a word).
func TestChangeRenamedOutOfPaths(t *testing.T) {
	t.Parallel()
	for _, to := range []string{"archive/subprocessors.md", "docs/subprocessors.txt"} {
		t.Run(to, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			h.vars["INPUT_PATHS"] = "docs/**/*.md"
			h.pullRequest(githubtest.File{Path: to, PreviousPath: page, Status: "renamed"})
			h.base(page, fixture(t, "clean.md"))
			h.write(to, fixture(t, "clean.md"))
			if code := h.run(); code != action.ExitFindings {
				t.Fatalf("exit %d, want %d: the page leaves the checked paths unapproved (SP021)", code, action.ExitFindings)
			}
			if got := rules(h.annotations()); len(got) == 0 || got[0] != "SP021" {
				t.Errorf("annotations %q, want SP021 first", got)
			}
			if out := h.outputs(); out["removed"] != "2" || out["changed"] != "true" || out["files"] != "0" {
				t.Errorf("outputs = %v", out)
			}
			if s := h.summary(); !strings.Contains(s, "**docs/subprocessors.md** (file removed): 2 removed.") {
				t.Errorf("summary:\n%s", s)
			}
		})
	}
}
