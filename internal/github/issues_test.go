package github_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/subpolicy/subpolicy/internal/github"
	"github.com/subpolicy/subpolicy/internal/github/githubtest"
)

func TestIssueComments(t *testing.T) {
	t.Parallel()
	s := githubtest.NewServer(t)
	s.AddPullRequest("o", "r", githubtest.PullRequest{Number: 7, HeadSHA: "h", BaseSHA: "b"})
	for i := range 120 {
		s.AddComment("o", "r", 7, githubtest.Comment{Body: fmt.Sprintf("comment %d", i), Author: "someone"})
	}
	c, _ := newClient(t, s)
	ctx := context.Background()

	created, err := c.CreateIssueComment(ctx, "o", "r", 7, "<!-- subpolicy -->\nfirst")
	if err != nil {
		t.Fatal(err)
	}
	if created.ID == 0 || created.Author != githubtest.Actor || created.URL == "" {
		t.Errorf("created comment = %+v", created)
	}
	all, err := c.ListIssueComments(ctx, "o", "r", 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 121 || all[0].Body != "comment 0" || all[120] != *created {
		t.Errorf("listed %d comments, first %q, last %+v; want 121 ending with the new one", len(all), all[0].Body, all[120])
	}
	updated, err := c.UpdateIssueComment(ctx, "o", "r", created.ID, "<!-- subpolicy -->\nsecond")
	if err != nil {
		t.Fatal(err)
	}
	if updated.ID != created.ID || updated.Body != "<!-- subpolicy -->\nsecond" {
		t.Errorf("updated comment = %+v", updated)
	}

	comments := s.Comments("o", "r", 7)
	if len(comments) != 121 || comments[0].Body != "comment 0" || comments[120].Body != "<!-- subpolicy -->\nsecond" {
		t.Errorf("server holds %d comments, first %q, last %q", len(comments), comments[0].Body, comments[120].Body)
	}
	wantReqs := []string{
		"POST /repos/o/r/issues/7/comments",
		"GET /repos/o/r/issues/7/comments?per_page=100",
		"GET /repos/o/r/issues/7/comments?page=2&per_page=100",
		fmt.Sprintf("PATCH /repos/o/r/issues/comments/%d", created.ID),
	}
	if diff := cmp.Diff(wantReqs, paths(s.Requests())); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}

	const missing = 999999
	_, err = c.UpdateIssueComment(ctx, "o", "r", missing, "x")
	wantErrContaining(t, err, fmt.Sprintf("github: update comment %d in o/r: 404 Not Found", missing))
	if !github.IsPermission(err) {
		t.Error("a 404 on a write should count as a permission error")
	}
}

func TestFindIssueByMarkerAcrossPages(t *testing.T) {
	t.Parallel()
	s := githubtest.NewServer(t)
	const marker = "<!-- subpolicy:audit -->"
	old := s.AddIssue("o", "r", githubtest.Issue{Title: "Subprocessor audit", Body: marker + "\nold report", Labels: []string{"subpolicy"}})
	for i := range 150 {
		s.AddIssue("o", "r", githubtest.Issue{Title: fmt.Sprint("other ", i), Body: "no marker", Labels: []string{"subpolicy"}})
	}
	// Pull requests show in the issues list; one quoting the marker must not match.
	s.AddPullRequest("o", "r", githubtest.PullRequest{Title: "quotes it", Body: marker, Labels: []string{"subpolicy"}, HeadSHA: "h", BaseSHA: "b"})
	s.AddIssue("o", "r", githubtest.Issue{Title: "unlabelled", Body: marker})
	c, _ := newClient(t, s)

	got, err := c.FindIssueByMarker(context.Background(), "o", "r", "subpolicy", marker)
	if err != nil {
		t.Fatal(err)
	}
	want := &github.Issue{Number: old, Title: "Subprocessor audit", Body: marker + "\nold report", State: "open", Labels: []string{"subpolicy"}, URL: fmt.Sprintf("%s/o/r/issues/%d", s.URL, old)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("issue (-want +got):\n%s", diff)
	}
	wantReqs := []string{
		"GET /repos/o/r/issues?direction=desc&labels=subpolicy&per_page=100&sort=created&state=all",
		"GET /repos/o/r/issues?direction=desc&labels=subpolicy&page=2&per_page=100&sort=created&state=all",
	}
	if diff := cmp.Diff(wantReqs, paths(s.Requests())); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

func TestFindIssueByMarkerPrefersOpenIssues(t *testing.T) {
	t.Parallel()
	s := githubtest.NewServer(t)
	open := s.AddIssue("o", "r", githubtest.Issue{Body: "M", Labels: []string{"l"}})
	s.AddIssue("o", "r", githubtest.Issue{Body: "M", Labels: []string{"l"}, State: "closed"})
	c, _ := newClient(t, s)
	got, err := c.FindIssueByMarker(context.Background(), "o", "r", "l", "M")
	if err != nil {
		t.Fatal(err)
	}
	if got == nil || got.Number != open {
		t.Errorf("found %+v, want the open issue #%d", got, open)
	}

	none, err := c.FindIssueByMarker(context.Background(), "o", "r", "l", "absent")
	if err != nil || none != nil {
		t.Errorf("FindIssueByMarker(absent) = %+v, %v; want nil, nil", none, err)
	}
}

func TestCreateAndUpdateIssue(t *testing.T) {
	t.Parallel()
	s := githubtest.NewServer(t)
	s.AddPullRequest("o", "r", githubtest.PullRequest{Number: 3, HeadSHA: "h", BaseSHA: "b"})
	c, _ := newClient(t, s)
	ctx := context.Background()

	created, err := c.CreateIssue(ctx, "o", "r", "Subprocessor audit", "body 1", []string{"subpolicy", "privacy"})
	if err != nil {
		t.Fatal(err)
	}
	if created.Number != 4 || created.State != "open" {
		t.Errorf("created = %+v, want #4 open", created)
	}
	updated, err := c.UpdateIssue(ctx, "o", "r", created.Number, "", "body 2", "closed")
	if err != nil {
		t.Fatal(err)
	}
	want := &github.Issue{Number: 4, Title: "Subprocessor audit", Body: "body 2", State: "closed", Labels: []string{"subpolicy", "privacy"}, URL: created.URL}
	if diff := cmp.Diff(want, updated); diff != "" {
		t.Errorf("updated (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]githubtest.Issue{{Number: 4, Title: "Subprocessor audit", Body: "body 2", State: "closed", Labels: []string{"subpolicy", "privacy"}, Author: githubtest.Actor}}, s.Issues("o", "r")); diff != "" {
		t.Errorf("server issues (-want +got):\n%s", diff)
	}
	if patch := s.RequestsTo("PATCH", "/repos/o/r/issues/4"); len(patch) != 1 || patch[0].Body["title"] != nil {
		t.Errorf("PATCH requests = %v, want one without a title", paths(patch))
	}
}
