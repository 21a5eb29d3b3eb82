package github_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/subpolicy/subpolicy/internal/github"
	"github.com/subpolicy/subpolicy/internal/github/githubtest"
)

func seedFiles(n int) []githubtest.File {
	files := make([]githubtest.File, n)
	for i := range files {
		files[i] = githubtest.File{Path: fmt.Sprintf("docs/f%04d.md", i), Status: "modified", SHA: fmt.Sprintf("%040d", i)}
	}
	return files
}

func TestListPullRequestFilesFollowsLinkPages(t *testing.T) {
	t.Parallel()
	s := githubtest.NewServer(t)
	files := seedFiles(250)
	files[3] = githubtest.File{Path: "docs/new.md", PreviousPath: "docs/old.md", Status: "renamed", SHA: "abc"}
	s.AddPullRequest("o", "r", githubtest.PullRequest{Number: 7, HeadSHA: "h", BaseSHA: "b", Files: files})
	c, _ := newClient(t, s)

	got, capped, err := c.ListPullRequestFiles(context.Background(), "o", "r", 7)
	if err != nil {
		t.Fatal(err)
	}
	if capped {
		t.Error("capped = true for 250 files")
	}
	var want []github.ChangedFile
	for _, f := range files {
		want = append(want, github.ChangedFile{Path: f.Path, PreviousPath: f.PreviousPath, Status: f.Status, SHA: f.SHA})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	wantReqs := []string{
		"GET /repos/o/r/pulls/7/files?per_page=100",
		"GET /repos/o/r/pulls/7/files?page=2&per_page=100",
		"GET /repos/o/r/pulls/7/files?page=3&per_page=100",
	}
	if diff := cmp.Diff(wantReqs, paths(s.Requests())); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	for _, r := range s.Requests() {
		if got := r.Header.Get("Authorization"); got != "Bearer "+githubtest.Token {
			t.Errorf("Authorization = %q", got)
		}
		if got := r.Header.Get("User-Agent"); got != "subpolicy" {
			t.Errorf("User-Agent = %q, want subpolicy", got)
		}
	}
}

func TestListPullRequestFilesStopsAtGitHubsCap(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		files      int
		wantCapped bool
		wantReqs   int
	}{
		{files: 3100, wantCapped: true, wantReqs: 30},
		{files: 3000, wantCapped: true, wantReqs: 30},
		{files: 2999, wantCapped: false, wantReqs: 30},
		{files: 0, wantCapped: false, wantReqs: 1},
	} {
		t.Run(fmt.Sprint(tc.files), func(t *testing.T) {
			t.Parallel()
			s := githubtest.NewServer(t)
			s.AddPullRequest("o", "r", githubtest.PullRequest{Number: 1, HeadSHA: "h", BaseSHA: "b", Files: seedFiles(tc.files)})
			c, _ := newClient(t, s)
			got, capped, err := c.ListPullRequestFiles(context.Background(), "o", "r", 1)
			if err != nil {
				t.Fatal(err)
			}
			if want := min(tc.files, 3000); len(got) != want {
				t.Errorf("got %d files, want %d", len(got), want)
			}
			if capped != tc.wantCapped {
				t.Errorf("capped = %v, want %v", capped, tc.wantCapped)
			}
			if n := len(s.Requests()); n != tc.wantReqs {
				t.Errorf("made %d requests, want %d", n, tc.wantReqs)
			}
		})
	}
}

func TestListPullRequestFilesUnknownPullRequest(t *testing.T) {
	t.Parallel()
	s := githubtest.NewServer(t)
	s.AddPullRequest("o", "r", githubtest.PullRequest{Number: 1, HeadSHA: "h", BaseSHA: "b"})
	c, _ := newClient(t, s)
	_, _, err := c.ListPullRequestFiles(context.Background(), "o", "r", 2)
	wantErrContaining(t, err, "github: list files of pull request o/r#2: 404 Not Found")
	if github.IsPermission(err) {
		t.Error("a 404 on a read is not a permission error")
	}
}
