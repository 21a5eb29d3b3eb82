package github

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	gh "github.com/google/go-github/v62/github"
)

// Issue is an issue (never a pull request).
type Issue struct {
	Number int
	Title  string
	Body   string
	State  string // open or closed
	Labels []string
	URL    string // html_url
}

// Comment is a comment on an issue or a pull request.
type Comment struct {
	ID     int64
	Body   string
	Author string
	URL    string // html_url
}

// ListIssueComments lists every comment of issue or pull request number, oldest first.
func (c *Client) ListIssueComments(ctx context.Context, owner, repo string, number int) ([]Comment, error) {
	opts := &gh.IssueListCommentsOptions{ListOptions: gh.ListOptions{PerPage: listPageSize}}
	var comments []Comment
	list := func() ([]*gh.IssueComment, *gh.Response, error) {
		return c.gh.Issues.ListComments(ctx, owner, repo, number, opts)
	}
	for ic, err := range allPages(&opts.Page, list) {
		if err != nil {
			return nil, c.fail(http.MethodGet, fmt.Sprintf("list comments of %s/%s#%d", owner, repo, number), err)
		}
		comments = append(comments, toComment(ic))
	}
	return comments, nil
}

// CreateIssueComment comments on issue or pull request number.
func (c *Client) CreateIssueComment(ctx context.Context, owner, repo string, number int, body string) (*Comment, error) {
	ic, _, err := c.gh.Issues.CreateComment(ctx, owner, repo, number, &gh.IssueComment{Body: &body})
	if err != nil {
		return nil, c.fail(http.MethodPost, fmt.Sprintf("comment on %s/%s#%d", owner, repo, number), err)
	}
	cm := toComment(ic)
	return &cm, nil
}

// UpdateIssueComment replaces the body of comment id.
func (c *Client) UpdateIssueComment(ctx context.Context, owner, repo string, id int64, body string) (*Comment, error) {
	ic, _, err := c.gh.Issues.EditComment(ctx, owner, repo, id, &gh.IssueComment{Body: &body})
	if err != nil {
		return nil, c.fail(http.MethodPatch, fmt.Sprintf("update comment %d in %s/%s", id, owner, repo), err)
	}
	cm := toComment(ic)
	return &cm, nil
}

// FindIssueByMarker looks through the issues carrying label (every issue when
// label is empty), open and closed, newest first, for one whose body contains
// marker (typically a hidden HTML comment). It prefers an open issue to a
// closed one and returns nil, nil when none matches.
func (c *Client) FindIssueByMarker(ctx context.Context, owner, repo, label, marker string) (*Issue, error) {
	opts := &gh.IssueListByRepoOptions{
		State:       "all",
		Sort:        "created",
		Direction:   "desc",
		ListOptions: gh.ListOptions{PerPage: listPageSize},
	}
	if label != "" {
		opts.Labels = []string{label}
	}
	var found *Issue
	list := func() ([]*gh.Issue, *gh.Response, error) { return c.gh.Issues.ListByRepo(ctx, owner, repo, opts) }
	for is, err := range allPages(&opts.Page, list) {
		if err != nil {
			return nil, c.fail(http.MethodGet, fmt.Sprintf("list issues labelled %q in %s/%s", label, owner, repo), err)
		}
		if is.IsPullRequest() || !strings.Contains(is.GetBody(), marker) {
			continue
		}
		if is.GetState() == "open" {
			return toIssue(is), nil
		}
		if found == nil {
			found = toIssue(is)
		}
	}
	return found, nil
}

// CreateIssue opens an issue.
func (c *Client) CreateIssue(ctx context.Context, owner, repo, title, body string, labels []string) (*Issue, error) {
	req := &gh.IssueRequest{Title: &title, Body: &body}
	if len(labels) > 0 {
		req.Labels = &labels
	}
	is, _, err := c.gh.Issues.Create(ctx, owner, repo, req)
	if err != nil {
		return nil, c.fail(http.MethodPost, fmt.Sprintf("create issue %q in %s/%s", title, owner, repo), err)
	}
	return toIssue(is), nil
}

// UpdateIssue changes an issue's title, body and state (open or closed); an
// empty argument leaves that field as it is.
func (c *Client) UpdateIssue(ctx context.Context, owner, repo string, number int, title, body, state string) (*Issue, error) {
	req := &gh.IssueRequest{}
	if title != "" {
		req.Title = &title
	}
	if body != "" {
		req.Body = &body
	}
	if state != "" {
		req.State = &state
	}
	is, _, err := c.gh.Issues.Edit(ctx, owner, repo, number, req)
	if err != nil {
		return nil, c.fail(http.MethodPatch, fmt.Sprintf("update issue %s/%s#%d", owner, repo, number), err)
	}
	return toIssue(is), nil
}

func toIssue(is *gh.Issue) *Issue {
	return &Issue{
		Number: is.GetNumber(),
		Title:  is.GetTitle(),
		Body:   is.GetBody(),
		State:  is.GetState(),
		Labels: labelNames(is.Labels),
		URL:    is.GetHTMLURL(),
	}
}

func toComment(ic *gh.IssueComment) Comment {
	return Comment{ID: ic.GetID(), Body: ic.GetBody(), Author: ic.GetUser().GetLogin(), URL: ic.GetHTMLURL()}
}
