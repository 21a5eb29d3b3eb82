package github_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/subpolicy/subpolicy/internal/github"
	"github.com/subpolicy/subpolicy/internal/github/githubtest"
)

func TestFileContentDecodesBase64AtRef(t *testing.T) {
	t.Parallel()
	s := githubtest.NewServer(t)
	want := []byte(strings.Repeat("| Name | Purpose | Location |\n| OpenAI | AI | United States — ünïcode |\n", 40))
	s.SetContent("o", "r", "headsha", "docs/sub processors.md", want)
	s.SetContent("o", "r", "basesha", "docs/sub processors.md", []byte("old"))
	c, _ := newClient(t, s)

	got, err := c.FileContent(context.Background(), "o", "r", "docs/sub processors.md", "headsha")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("content = %q, want %q", got, want)
	}
	reqs := s.Requests()
	if len(reqs) != 1 {
		t.Fatalf("made %d requests, want 1", len(reqs))
	}
	if r := reqs[0]; r.Path != "/repos/o/r/contents/docs/sub processors.md" || r.Query.Get("ref") != "headsha" {
		t.Errorf("request = %s %s?%s, want the contents path with ref=headsha", r.Method, r.Path, r.Query.Encode())
	}
}

func TestFileContentNotFound(t *testing.T) {
	t.Parallel()
	s := githubtest.NewServer(t)
	s.SetContent("o", "r", "headsha", "docs/a.md", []byte("a"))
	c, _ := newClient(t, s)
	for name, tc := range map[string]struct{ path, ref string }{
		"unknown path": {"docs/missing.md", "headsha"},
		"unknown ref":  {"docs/a.md", "nosuchsha"},
		"unknown repo": {"docs/a.md", "headsha"},
	} {
		repo := "r"
		if name == "unknown repo" {
			repo = "other"
		}
		_, err := c.FileContent(context.Background(), "o", repo, tc.path, tc.ref)
		if !errors.Is(err, github.ErrNotFound) {
			t.Errorf("%s: err = %v, want ErrNotFound", name, err)
		}
	}
}

func TestFileContentLargeFileReadsTheBlob(t *testing.T) {
	t.Parallel()
	s := githubtest.NewServer(t)
	want := bytes.Repeat([]byte("0123456789abcdef"), 70_000) // 1.1 MB: no inline content
	s.SetContent("o", "r", "headsha", "big.md", want)
	c, _ := newClient(t, s)

	got, err := c.FileContent(context.Background(), "o", "r", "big.md", "headsha")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("got %d bytes, want the %d of the file", len(got), len(want))
	}
	reqs := s.Requests()
	if diff := cmp.Diff([]string{"GET /repos/o/r/contents/big.md?ref=headsha", "GET /repos/o/r/git/blobs/" + blobSHA(want)}, paths(reqs)); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	if accept := reqs[len(reqs)-1].Header.Get("Accept"); !strings.Contains(accept, "raw") {
		t.Errorf("blob request Accept = %q, want the raw media type", accept)
	}
}

func TestFileContentMaxDoesNotDownloadLargeFiles(t *testing.T) {
	t.Parallel()
	s := githubtest.NewServer(t)
	big := bytes.Repeat([]byte("0123456789abcdef"), 70_000) // 1.1 MB: a blob
	s.SetContent("o", "r", "headsha", "big.md", big)
	s.SetContent("o", "r", "headsha", "small.md", []byte("0123456789"))
	c, _ := newClient(t, s)

	for _, name := range []string{"big.md", "small.md"} {
		_, err := c.FileContentMax(context.Background(), "o", "r", name, "headsha", 9)
		if !errors.Is(err, github.ErrTooLarge) {
			t.Errorf("%s: err = %v, want ErrTooLarge", name, err)
		}
	}
	wantErrContaining(t, func() error {
		_, err := c.FileContentMax(context.Background(), "o", "r", "big.md", "headsha", 1<<20)
		return err
	}(), "is 1120000 bytes, over the limit of 1048576")
	// Only the contents API's metadata was requested, never the blob.
	if diff := cmp.Diff([]string{
		"GET /repos/o/r/contents/big.md?ref=headsha", "GET /repos/o/r/contents/small.md?ref=headsha", "GET /repos/o/r/contents/big.md?ref=headsha",
	}, paths(s.Requests())); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	got, err := c.FileContentMax(context.Background(), "o", "r", "small.md", "headsha", 10)
	if err != nil || string(got) != "0123456789" {
		t.Errorf("a file at the limit: %q, %v", got, err)
	}
}

func TestFileContentDirectoryIsAnError(t *testing.T) {
	t.Parallel()
	s := githubtest.NewServer(t)
	s.SetContent("o", "r", "headsha", "docs/a.md", []byte("a"))
	c, _ := newClient(t, s)
	_, err := c.FileContent(context.Background(), "o", "r", "docs", "headsha")
	wantErrContaining(t, err, "is a directory")
	if errors.Is(err, github.ErrNotFound) {
		t.Error("a directory is not ErrNotFound")
	}
}
