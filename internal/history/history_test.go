package history

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/subpolicy/subpolicy/internal/subprocessor"
	"github.com/subpolicy/subpolicy/internal/testpage"
)

// page is a subprocessor page with the given rows of "name|purpose|location".
func page(rows ...string) string {
	var b strings.Builder
	b.WriteString("# Subprocessors\n\n| Subprocessor | Purpose | Location |\n| --- | --- | --- |\n")
	for _, r := range rows {
		b.WriteString("| " + strings.ReplaceAll(r, "|", " | ") + " |\n")
	}
	return b.String()
}

// repoBuilder commits files to a real git repository in a temporary folder, one day apart.
type repoBuilder struct {
	t   *testing.T
	dir string
	*testpage.Repo
	day int
}

func newRepo(t *testing.T) *repoBuilder {
	t.Helper()
	r, err := testpage.InitRepo(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return &repoBuilder{t: t, dir: r.Dir, Repo: r}
}

// commit writes files (path -> content; "" removes the file) and commits them.
func (r *repoBuilder) commit(msg string, files map[string]string) plumbing.Hash {
	r.t.Helper()
	r.day++
	h, err := r.Commit(msg, time.Date(2026, 1, r.day, 12, 0, 0, 0, time.UTC), files)
	if err != nil {
		r.t.Fatal(err)
	}
	return h
}

// sequence builds the history the issue names: add, change a location, replace, remove,
// rename, an unreadable version and its fix. It returns the commits in order.
func sequence(t *testing.T) (*repoBuilder, []plumbing.Hash) {
	r := newRepo(t)
	var hs []plumbing.Hash
	hs = append(hs, r.commit("start", map[string]string{"README.md": "# Project\n", "docs/subprocessors.md": page("AWS|Hosting|Ireland", "Zendesk|Support|United States")}))
	hs = append(hs, r.commit("add OpenAI", map[string]string{"docs/subprocessors.md": page("AWS|Hosting|Ireland", "Zendesk|Support|United States", "OpenAI|AI features|United States")}))
	hs = append(hs, r.commit("unrelated", map[string]string{"README.md": "# Project\n\nMore.\n"}))
	hs = append(hs, r.commit("move AWS", map[string]string{"docs/subprocessors.md": page("AWS|Hosting|Germany", "Zendesk|Support|United States", "OpenAI|AI features|United States")}))
	hs = append(hs, r.commit("swap support tool", map[string]string{"docs/subprocessors.md": page("AWS|Hosting|Germany", "Intercom|Support|United States", "OpenAI|AI features|United States")}))
	hs = append(hs, r.commit("drop OpenAI", map[string]string{"docs/subprocessors.md": page("AWS|Hosting|Germany", "Intercom|Support|United States")}))
	hs = append(hs, r.commit("rename", map[string]string{"docs/subprocessors.md": "", "legal/subprocessors.md": page("AWS|Hosting|Germany", "Intercom|Support|United States")}))
	hs = append(hs, r.commit("broken", map[string]string{"legal/subprocessors.md": page("AWS|Hosting|Germany", "Intercom|Support|United States") + "\xff\xfe\n"}))
	hs = append(hs, r.commit("fixed, add Slack", map[string]string{"legal/subprocessors.md": page("AWS|Hosting|Germany", "Intercom|Support|United States", "Slack|Messaging|United States")}))
	return r, hs
}

func TestReadFollowsTheWholeHistory(t *testing.T) {
	r, hs := sequence(t)
	h, err := Read(r.Repo.Repo, "legal/subprocessors.md", Options{MaxFileSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if h.Shallow {
		t.Error("a full clone reported as shallow")
	}
	type want struct {
		commit  plumbing.Hash
		path    string
		summary string
	}
	wants := []want{
		{hs[8], "legal/subprocessors.md", `added "Slack"`},
		{hs[7], "legal/subprocessors.md", "this version could not be read: "},
		{hs[5], "docs/subprocessors.md", `removed "OpenAI"`},
		{hs[4], "docs/subprocessors.md", `replaced "Zendesk" with "Intercom"`},
		{hs[3], "docs/subprocessors.md", `changed the location of "AWS"`},
		{hs[1], "docs/subprocessors.md", `added "OpenAI"`},
		{hs[0], "docs/subprocessors.md", `added "AWS", "Zendesk"`},
	}
	var got []string
	for _, ev := range h.Events {
		got = append(got, ev.Commit[:7]+" "+ev.Path+" "+ev.Summary)
	}
	if len(h.Events) != len(wants) {
		t.Fatalf("got %d events, want %d:\n%s", len(h.Events), len(wants), strings.Join(got, "\n"))
	}
	for i, w := range wants {
		ev := h.Events[i]
		if ev.Commit != w.commit.String() || ev.Path != w.path || !strings.HasPrefix(ev.Summary, w.summary) {
			t.Errorf("event %d = %s, want %s %s %s", i, got[i], w.commit.String()[:7], w.path, w.summary)
		}
	}
	if ev := h.Events[1]; !ev.Unreadable() || !strings.Contains(ev.Error, "UTF-8") || ev.Changes != nil {
		t.Errorf("the broken version: %+v, want an unreadable event about UTF-8", ev)
	}
	// The version after the broken one is compared with the last readable one, the rename's.
	if c := h.Events[0].Changes; len(c.Added) != 1 || len(c.Removed)+len(c.Modified) != 0 {
		t.Errorf("the fix is compared with the wrong version: %+v", c)
	}
	if m := h.Events[4].Changes.Modified; len(m) != 1 || m[0].Fields[0].Before != "Ireland" || m[0].Fields[0].After != "Germany" {
		t.Errorf("location change = %+v", m)
	}
	if d := h.Events[0].Date; d != "2026-01-09T12:00:00Z" {
		t.Errorf("date = %q, want the committer date in UTC", d)
	}
}

func TestReadSince(t *testing.T) {
	r, hs := sequence(t)
	h, err := Read(r.Repo.Repo, "legal/subprocessors.md", Options{Since: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Events) != 4 || h.Events[3].Commit != hs[4].String() {
		t.Fatalf("since 2026-01-05: %d events, want the 4 from the replacement on", len(h.Events))
	}
	// The first event after the date is still compared with the version before it.
	if s := h.Events[3].Summary; s != `replaced "Zendesk" with "Intercom"` {
		t.Errorf("first event = %q", s)
	}

	// The version just before the date cannot be read: the one before it is the base.
	h, err = Read(r.Repo.Repo, "legal/subprocessors.md", Options{Since: time.Date(2026, 1, 9, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Events) != 1 || h.Events[0].Commit != hs[8].String() || h.Events[0].Summary != `added "Slack"` {
		t.Errorf("since 2026-01-09: %+v, want only the fix adding Slack", h.Events)
	}
}

func TestReadShallowClone(t *testing.T) {
	r, hs := sequence(t)
	// A shallow clone lists its boundary commits in .git/shallow.
	if err := os.WriteFile(filepath.Join(r.dir, ".git", "shallow"), []byte(hs[4].String()+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	repo, err := git.PlainOpen(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	h, err := Read(repo, "legal/subprocessors.md", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !h.Shallow {
		t.Error("a shallow clone is not reported as shallow")
	}
	// The boundary version is read but has nothing to compare with.
	if len(h.Events) != 3 || h.Events[2].Commit != hs[5].String() {
		t.Errorf("got %d events, want the 3 after the boundary", len(h.Events))
	}
	var b bytes.Buffer
	if err := WriteText(&b, []*History{h}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "fetch-depth: 0") {
		t.Errorf("text does not say how to fetch the whole history:\n%s", b.String())
	}
}

func TestReadErrors(t *testing.T) {
	r, _ := sequence(t)
	if _, err := Read(r.Repo.Repo, "docs/subprocessors.md", Options{}); err == nil || !strings.Contains(err.Error(), "not in HEAD") {
		t.Errorf("a page not in HEAD: err = %v", err)
	}
	if _, _, err := Open(t.TempDir()); err == nil || !strings.Contains(err.Error(), "not in a git repository") {
		t.Errorf("a folder outside git: err = %v", err)
	}
	empty := newRepo(t)
	if _, err := Read(empty.Repo.Repo, "x.md", Options{}); err == nil || !strings.Contains(err.Error(), "no commit") {
		t.Errorf("a repository with no commit: err = %v", err)
	}
}

func TestWriteMarkdownIsAChangeLogAndText(t *testing.T) {
	r := newRepo(t)
	r.commit("start", map[string]string{"p.md": page("AWS|Hosting|Ireland")})
	r.commit("add", map[string]string{"p.md": page("AWS|Hosting|Ireland", "<script>x</script> ]]> & [a](http://e.example)|Stuff|Germany")})
	h, err := Read(r.Repo.Repo, "p.md", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteMarkdown(&b, []*History{h}, "## Change log"); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"<script>", "](http"} {
		if strings.Contains(out, bad) {
			t.Errorf("markdown holds markup %q:\n%s", bad, out)
		}
	}
	// The section is a change log the page's reader (and so SP018) reads, one dated entry per event.
	doc, err := subprocessor.ParseWith("p.md", []byte(page("AWS|Hosting|Ireland")+"\n"+out), subprocessor.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Changelog) != 2 || doc.Changelog[0].Date != "2026-01-02" || doc.Changelog[1].Date != "2026-01-01" ||
		doc.Changelog[1].Text != `2026-01-01: added "AWS" (Hosting; Ireland)` {
		t.Errorf("change log read back = %+v\nfrom\n%s", doc.Changelog, out)
	}
}
