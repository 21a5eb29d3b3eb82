package github

import (
	"context"
	"fmt"
	"net/http"

	gh "github.com/google/go-github/v62/github"
)

// MaxPullRequestFiles is GitHub's cap on the files listed for one pull request.
const MaxPullRequestFiles = 3000

// ChangedFile is one file of a pull request.
type ChangedFile struct {
	Path string
	// PreviousPath is the old path of a renamed or copied file.
	PreviousPath string
	// Status is added, modified, removed, renamed, copied, changed or unchanged.
	Status string
	// SHA is the file's blob SHA.
	SHA string
}

// ListPullRequestFiles lists a pull request's files, 100 per page, following
// the Link header up to GitHub's cap of MaxPullRequestFiles. capped reports
// that the cap was reached, so files past it may be missing.
func (c *Client) ListPullRequestFiles(ctx context.Context, owner, repo string, number int) (files []ChangedFile, capped bool, err error) {
	opts := &gh.ListOptions{PerPage: listPageSize}
	list := func() ([]*gh.CommitFile, *gh.Response, error) {
		return c.gh.PullRequests.ListFiles(ctx, owner, repo, number, opts)
	}
	for f, err := range allPages(&opts.Page, list) {
		if err != nil {
			return nil, false, c.fail(http.MethodGet, fmt.Sprintf("list files of pull request %s/%s#%d", owner, repo, number), err)
		}
		files = append(files, ChangedFile{
			Path:         f.GetFilename(),
			PreviousPath: f.GetPreviousFilename(),
			Status:       f.GetStatus(),
			SHA:          f.GetSHA(),
		})
		if len(files) == MaxPullRequestFiles {
			break
		}
	}
	return files, len(files) == MaxPullRequestFiles, nil
}

func labelNames(labels []*gh.Label) []string {
	names := make([]string, 0, len(labels))
	for _, l := range labels {
		names = append(names, l.GetName())
	}
	return names
}
