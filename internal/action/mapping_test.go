package action_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/subpolicy/subpolicy/internal/github/githubtest"
)

// A page whose headers no lexicon knows is read through the column mapping of the data input,
// taken from the base commit like every policy input: the added row is seen and judged.
func TestColumnMappingInPullRequest(t *testing.T) {
	t.Parallel()
	base := "# Subprocessors\n\nUpdated 2026-11-02\n\n| Col A | What they do | Zone |\n|---|---|---|\n| Acme Mail | Sends email | Germany |\n"
	head := strings.Replace(base, "2026-11-02", "2026-11-20", 1) + "| Beta Hosting | Hosts the app | Ireland |\n"
	for _, tt := range []struct {
		name    string
		mapping bool
		added   string
		rule    string // an annotation's rule that must (mapping false) or must not (true) appear
	}{
		{"without a mapping", false, "0", "SP022"},
		{"with a mapping", true, "1", "SP022"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			h.input("fail-on", "never")
			h.pullRequest(githubtest.File{Path: page, Status: "modified"})
			h.base(page, base)
			h.write(page, head)
			if tt.mapping {
				cfg := "columns:\n  name: [Col A]\n  purpose: [What they do]\n  location: [Zone]\n"
				h.input("data", "policies/config.yaml")
				h.base("policies/config.yaml", cfg)
				h.write("policies/config.yaml", cfg)
			}
			h.run()
			if got := h.outputs()["added"]; got != tt.added {
				t.Errorf("added output %q, want %q", got, tt.added)
			}
			has := slices.ContainsFunc(h.annotations(), func(a string) bool { return strings.Contains(a, "title="+tt.rule) })
			if has == tt.mapping {
				t.Errorf("%s annotation present %v, want %v: %q", tt.rule, has, !tt.mapping, h.annotations())
			}
		})
	}
}
