package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/subpolicy/subpolicy/internal/testpage"
)

// gitPage commits versions of docs/subprocessors.md to a new repository, one day apart, and
// returns the page's path.
func gitPage(t *testing.T, versions ...string) string {
	t.Helper()
	repo, err := testpage.InitRepo(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range versions {
		if _, err := repo.Commit("version", time.Date(2026, 3, 1+i, 9, 0, 0, 0, time.UTC), map[string]string{"docs/subprocessors.md": v}); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(repo.Dir, "docs", "subprocessors.md")
}

const historyV1 = "# Subprocessors\n\n| Name | Purpose | Location |\n| --- | --- | --- |\n| AWS | Hosting | Ireland |\n"

func TestHistory(t *testing.T) {
	p := gitPage(t, historyV1, historyV1+"| OpenAI | AI features | United States |\n")
	code, out, errOut := run(t, "history", p)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.HasPrefix(out, "docs/subprocessors.md: 2 changes\n2026-03-02 ") || !strings.Contains(out, ` added "OpenAI"`) ||
		!strings.Contains(out, "  + OpenAI (line 6): AI features · location: United States") {
		t.Errorf("text =\n%s", out)
	}

	code, out, _ = run(t, "history", "--format", "json", "--since", "2026-03-02", p)
	var doc struct {
		Pages []struct {
			Path   string
			Events []struct{ Summary, Date string }
		}
	}
	if code != ExitOK || json.Unmarshal([]byte(out), &doc) != nil || len(doc.Pages) != 1 || len(doc.Pages[0].Events) != 1 ||
		doc.Pages[0].Events[0].Summary != `added "OpenAI"` {
		t.Errorf("json since 2026-03-02 (exit %d) =\n%s", code, out)
	}

	code, out, _ = run(t, "history", "-f", "markdown", p)
	if code != ExitOK || !strings.HasPrefix(out, "## Change log\n\n- 2026-03-02: added \"OpenAI\"") {
		t.Errorf("markdown (exit %d) =\n%s", code, out)
	}
}

func TestHistoryErrors(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "p.md")
	if err := os.WriteFile(outside, []byte(historyV1), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"history"}, "name the page"},
		{[]string{"history", outside}, "not in a git repository"},
		{[]string{"history", "--since", "last week", outside}, `--since "last week": not a date`},
		{[]string{"history", filepath.Join(t.TempDir(), "missing.md")}, "reading"},
	} {
		code, _, errOut := run(t, c.args...)
		if code != ExitUsage || !strings.Contains(errOut, c.want) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", c.args, code, errOut, ExitUsage, c.want)
		}
	}
}

func TestFeed(t *testing.T) {
	p := gitPage(t, historyV1, historyV1+"| OpenAI | AI features | United States |\n")
	out := filepath.Join(t.TempDir(), "feed.atom")
	args := []string{"feed", "--site-url", "https://example.com/subprocessors", "--title", "Example", "-o", out, p}
	code, _, errOut := run(t, args...)
	if code != ExitOK || !strings.Contains(errOut, "wrote 2 entries to ") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	first, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(first), "<title>Added &#34;OpenAI&#34;</title>") ||
		!strings.Contains(string(first), "You may object until 2026-04-01 (30 days&amp;#39; notice from 2026-03-02)") {
		t.Errorf("feed =\n%s", first)
	}
	// The same history gives the same file.
	if code, _, _ := run(t, args...); code != ExitOK {
		t.Fatal("second run failed")
	}
	if again, _ := os.ReadFile(out); string(again) != string(first) {
		t.Error("a second run wrote a different feed")
	}
	// --notice-days overrides the configuration; --data sets it too.
	data := filepath.Join(t.TempDir(), "notice.yaml")
	if err := os.WriteFile(data, []byte("notice_days: 45\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stdout, _ := run(t, "feed", "-f", "json", "--site-url", "https://example.com/s", "--data", data, p); !strings.Contains(stdout, "(45 days' notice") {
		t.Errorf("notice_days from --data not used:\n%s", stdout)
	}
	if _, stdout, _ := run(t, "feed", "-f", "rss", "--site-url", "https://example.com/s", "--notice-days", "10", p); !strings.Contains(stdout, "(10 days&amp;#39; notice") {
		t.Errorf("--notice-days not used:\n%s", stdout)
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"feed", p}, "--site-url is required"},
		{[]string{"feed", "--site-url", "example.com", p}, "http or https"},
		{[]string{"feed", "--site-url", "https://example.com", "--notice-days", "-5", p}, "--notice-days -5"},
		{[]string{"feed", "--site-url", "https://example.com", "-f", "html", p}, "html"},
	} {
		code, _, errOut := run(t, c.args...)
		if code != ExitUsage || !strings.Contains(errOut, c.want) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", c.args, code, errOut, ExitUsage, c.want)
		}
	}
}
