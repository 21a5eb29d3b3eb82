package github

import (
	"context"
	"fmt"
	"net/http"

	gh "github.com/google/go-github/v62/github"
)

// FileContent returns the bytes of the file at path in owner/repo at ref (a
// SHA, branch or tag; the default branch when empty), read through the
// contents API. Files over 1 MB, for which that API sends no content, are read
// as raw git blobs by their SHA. The error matches ErrNotFound when the file
// (or the ref) does not exist.
func (c *Client) FileContent(ctx context.Context, owner, repo, path, ref string) ([]byte, error) {
	return c.FileContentMax(ctx, owner, repo, path, ref, 0)
}

// FileContentMax is FileContent for a file of at most maxSize bytes (no limit
// when zero). A larger file is not downloaded: the error, from the size the
// contents API reports, matches ErrTooLarge.
func (c *Client) FileContentMax(ctx context.Context, owner, repo, path, ref string, maxSize int64) ([]byte, error) {
	at := ref
	if at == "" {
		at = "the default branch"
	}
	op := fmt.Sprintf("get %s at %s in %s/%s", path, at, owner, repo)
	file, _, _, err := c.gh.Repositories.GetContents(ctx, owner, repo, path, &gh.RepositoryContentGetOptions{Ref: ref})
	if err != nil {
		return nil, c.fail(http.MethodGet, op, err)
	}
	if file == nil {
		return nil, &Error{Op: op, Method: http.MethodGet, Message: "is a directory, not a file"}
	}
	if t := file.GetType(); t != "file" {
		return nil, &Error{Op: op, Method: http.MethodGet, Message: fmt.Sprintf("is a %s, not a file", t)}
	}
	if maxSize > 0 && int64(file.GetSize()) > maxSize {
		return nil, &Error{Op: op, Method: http.MethodGet, Message: fmt.Sprintf("is %d bytes, over the limit of %d", file.GetSize(), maxSize), Size: int64(file.GetSize()), err: ErrTooLarge}
	}
	if file.GetEncoding() == "none" || (file.Content == nil || *file.Content == "") && file.GetSize() > 0 {
		// Over 1 MB: the contents API leaves content empty (encoding "none").
		blob, _, err := c.gh.Git.GetBlobRaw(ctx, owner, repo, file.GetSHA())
		if err != nil {
			return nil, c.fail(http.MethodGet, fmt.Sprintf("%s: get blob %s", op, file.GetSHA()), err)
		}
		return blob, nil
	}
	text, err := file.GetContent()
	if err != nil {
		return nil, &Error{Op: op, Method: http.MethodGet, Message: err.Error(), err: err}
	}
	return []byte(text), nil
}
