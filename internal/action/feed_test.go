package action_test

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/subpolicy/subpolicy/internal/action"
	"github.com/subpolicy/subpolicy/internal/testpage"
)

const feedPage = "# Subprocessors\n\n| Subprocessor | Purpose | Data | Location | Links |\n| --- | --- | --- | --- | --- |\n" +
	"| Amazon Web Services, Inc. | Cloud hosting | Account data | United States | [DPA](https://aws.amazon.com/dpa/) |\n"

// commitVersions makes the workspace a git repository holding the versions of path, one
// commit a day.
func commitVersions(t *testing.T, h *harness, path string, versions ...string) {
	t.Helper()
	repo, err := testpage.InitRepo(h.workspace)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range versions {
		if _, err := repo.Commit("v", time.Date(2026, 5, 1+i, 8, 0, 0, 0, time.UTC), map[string]string{path: v}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAuditWritesTheFeed(t *testing.T) {
	t.Parallel()
	h := newAudit(t)
	h.vars["GITHUB_EVENT_NAME"] = "push"
	h.payload = map[string]any{"ref": "refs/heads/main"}
	h.input("issue", "false")
	h.input("feed-file", "public/subprocessors.atom")
	h.input("feed-site-url", "https://example.com/subprocessors")
	commitVersions(t, h, "docs/subprocessors.md", feedPage,
		feedPage+"| OpenAI, L.L.C. | AI features | Prompts | United States | [DPA](https://openai.com/dpa) |\n")
	h.run()
	if got := h.outputs()["feed-entries"]; got != "2" {
		t.Errorf("feed-entries = %q, want 2\n%s", got, h.stdout.String())
	}
	var f struct {
		Entries []struct {
			Title string `xml:"title"`
			ID    string `xml:"id"`
		} `xml:"entry"`
	}
	b := h.readFile(filepath.Join(h.workspace, "public", "subprocessors.atom"))
	if err := xml.Unmarshal([]byte(b), &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Entries) != 2 || f.Entries[0].Title != `Added "OpenAI, L.L.C."` || !strings.HasPrefix(f.Entries[0].ID, "tag:example.com,2026-05-02:docs/subprocessors.md@") {
		t.Errorf("entries = %+v", f.Entries)
	}
}

func TestFeedInputs(t *testing.T) {
	t.Parallel()
	h := newAudit(t)
	h.input("feed-format", "html")
	h.input("feed-site-url", "example.com")
	if code := h.run(); code != action.ExitUsage {
		t.Fatalf("exit %d", code)
	}
	out := h.stdout.String()
	for _, want := range []string{`input "feed-format" is "html" (valid: atom, rss, json)`, `input "feed-site-url" is "example.com"`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

func TestFeedNeedsHistory(t *testing.T) {
	t.Parallel()
	h := newAudit(t)
	h.input("issue", "false")
	h.input("feed-file", "feed.json")
	h.write("docs/subprocessors.md", feedPage) // a workspace that is no git repository
	if code := h.run(); code != action.ExitRuntime {
		t.Errorf("exit %d, want %d", code, action.ExitRuntime)
	}
	if out := h.stdout.String(); !strings.Contains(out, "not in a git repository") {
		t.Errorf("log:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(h.workspace, "feed.json")); err == nil {
		t.Error("a feed was written without a history")
	}
}
