package action_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/subpolicy/subpolicy/internal/action"
	"github.com/subpolicy/subpolicy/internal/github/githubtest"
)

// chinaRule is the repository's own rule, as the base branch has it.
const chinaRule = `# METADATA
# title: Vendors in watched countries need counsel sign-off
# description: A subprocessor in a country of acme.watched_countries needs counsel sign-off.
# custom:
#   id: ACME001
#   severity: error
package subpolicy.rules.acme_watched

deny contains {"msg": msg, "subprocessor": sp.name, "field": "location"} if {
	some sp in input.subprocessors
	some country in sp.countries
	country in data.subpolicy.config.acme.watched_countries
	msg := sprintf("%q is located in %s and needs counsel sign-off", [sp.name, country])
}
`

// loopholeRule is what the pull request adds: a rule reusing ACME001, which the engine
// refuses next to chinaRule. Loaded with the base policies, it would fail the run.
const loopholeRule = `# METADATA
# title: Nothing to see
# description: Added by the pull request.
# custom:
#   id: ACME001
#   severity: notice
package subpolicy.rules.loophole

info contains "never" if {
	some sp in input.subprocessors
	sp.name == "nobody"
}
`

// badRowPage is clean.md with a row in China added.
const badRowPage = "| Acme Ltd | Sends transactional email | Email addresses | China | [Privacy](https://acme.example/privacy) |\n"

// policyWeakeningPR prepares a pull request that adds a subprocessor in China and, in the same
// change, deletes the rule that catches it, empties the configuration it reads and adds a
// rule of its own.
func policyWeakeningPR(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	h.input("default-policies", "false") // the repository's rules alone decide
	h.input("policy", "policies/")
	h.input("data", "./policies/config.yaml")
	clean := fixture(t, "clean.md")
	h.write(page, clean+badRowPage)
	h.write("policies/config.yaml", "acme:\n  watched_countries: []\n") // weakened
	h.write("policies/loophole.rego", loopholeRule)                     // added
	// policies/china.rego is deleted: the merge commit in the workspace lacks it.
	h.srv.SetContent(owner, repo, baseSHA, page, []byte(clean))
	h.srv.SetContent(owner, repo, baseSHA, "policies/china.rego", []byte(chinaRule))
	h.srv.SetContent(owner, repo, baseSHA, "policies/config.yaml", []byte("acme:\n  watched_countries: [CN]\n"))
	h.pullRequest(
		githubtest.File{Path: page, Status: "modified"},
		githubtest.File{Path: "policies/china.rego", Status: "removed"},
		githubtest.File{Path: "policies/config.yaml", Status: "modified"},
		githubtest.File{Path: "policies/loophole.rego", Status: "added"},
	)
	return h
}

// TestPullRequestCannotWeakenItsPolicies: a pull request that adds a bad row and deletes the
// rule that would catch it still fails, because the policies are read as the base commit
// has them, and the summary says so.
func TestPullRequestCannotWeakenItsPolicies(t *testing.T) {
	t.Parallel()
	h := policyWeakeningPR(t)

	if code := h.run(); code != action.ExitFindings {
		t.Fatalf("exit %d, want %d: the base's rule catches the row", code, action.ExitFindings)
	}
	if !slices.ContainsFunc(h.annotations(), func(a string) bool {
		return strings.HasPrefix(a, "::error file=docs/subprocessors.md,line=19,col=") &&
			strings.Contains(a, `::"Acme Ltd" is located in CN and needs counsel sign-off`)
	}) {
		t.Errorf("no ACME001 error on the new row: %q", h.annotations())
	}
	if cr := h.checkRun(); cr.Conclusion != "failure" || !strings.Contains(cr.Summary, "take effect after merge") {
		t.Errorf("check run %s; summary:\n%s", cr.Conclusion, cr.Summary)
	}
	summary := h.summary()
	for _, want := range []string{
		"This pull request changes policy or data files this check uses (`policies/china.rego`, `policies/config.yaml`, `policies/loophole.rego`)",
		"at the base commit 9e8d7c6",
		"**the changed policies take effect after merge**",
		"`policy-source: base`",
	} {
		if !strings.Contains(summary, want) {
			t.Errorf("the summary lacks %q:\n%s", want, summary)
		}
	}
	log := h.stdout.String()
	for _, want := range []string{
		"policies/china.rego (removed: the base version is loaded)",
		"policies/config.yaml (modified: the base version is loaded)",
		"policies/loophole.rego (added: not loaded until merged)",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q", want)
		}
	}
	if slices.ContainsFunc(h.commands("warning"), func(c string) bool { return strings.Contains(c, "evaluated as the pull request leaves them") }) {
		t.Errorf("warned that the pull request's policies are evaluated, though the base's were")
	}
	// The base versions are read at the base commit; the added rule is not read at all.
	var read []string
	for _, r := range h.under("GET", contentsPath+"policies/") {
		if r.Query.Get("ref") != baseSHA {
			t.Errorf("%s read at %q, want the base commit", r.Path, r.Query.Get("ref"))
		}
		read = append(read, strings.TrimPrefix(r.Path, contentsPath))
	}
	slices.Sort(read)
	if !slices.Equal(read, []string{"policies/china.rego", "policies/config.yaml"}) {
		t.Errorf("policy files read through the API: %q", read)
	}
	if n := len(h.srv.RequestsTo("GET", filesPath)); n != 1 {
		t.Errorf("the pull request's files were listed %d times, want once", n)
	}
}

// The same holds when the inputs name the policies by absolute paths inside the workspace,
// and in an audit run on the pull request (whose SARIF upload could otherwise close alerts by
// deleting their rule).
func TestPullRequestCannotWeakenItsPoliciesAnyWay(t *testing.T) {
	t.Parallel()
	for name, setup := range map[string]func(h *harness){
		"absolute paths": func(h *harness) {
			h.input("policy", h.workspace+"/policies/")
			h.input("data", h.workspace+"/policies/config.yaml")
		},
		"mode audit": func(h *harness) {
			h.input("mode", "audit")
			h.input("check-name", "") // as the README's SARIF job: no check run
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := policyWeakeningPR(t)
			setup(h)
			if code := h.run(); code != action.ExitFindings {
				t.Fatalf("exit %d, want %d: the base's rule catches the row\n%s", code, action.ExitFindings, h.stdout.String())
			}
			if !strings.Contains(h.stdout.String(), "policies/china.rego (removed: the base version is loaded)") {
				t.Errorf("the log does not say the base versions were loaded:\n%s", h.stdout.String())
			}
			if !strings.Contains(h.summary(), "**the changed policies take effect after merge**") {
				t.Errorf("the summary does not say base policies were used:\n%s", h.summary())
			}
		})
	}
}

// A rule linked into a policy folder loads with the base versions as it does without them.
func TestLinkedRuleLoadsWithBasePolicies(t *testing.T) {
	t.Parallel()
	h := policyWeakeningPR(t)
	h.write("shared/acme.rego", strings.NewReplacer("ACME001", "ACME002", "acme_watched", "acme_linked",
		"Vendors in watched countries", "Linked rule for vendors", "needs counsel sign-off", "is linked").Replace(chinaRule))
	if err := os.Symlink("../shared/acme.rego", filepath.Join(h.workspace, "policies", "linked.rego")); err != nil {
		t.Fatal(err)
	}
	if code := h.run(); code != action.ExitFindings {
		t.Fatalf("exit %d, want %d\n%s", code, action.ExitFindings, h.stdout.String())
	}
	if !slices.ContainsFunc(h.annotations(), func(a string) bool { return strings.Contains(a, `"Acme Ltd" is located in CN and is linked`) }) {
		t.Errorf("the linked rule did not run: %q", h.annotations())
	}
}

// A rule renamed into a policy folder from outside the inputs was never loaded: it is left
// out, and the log says so rather than claiming a base version.
func TestRuleRenamedIntoThePolicies(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.input("default-policies", "false")
	h.input("policy", "policies/")
	clean := fixture(t, "clean.md")
	h.write(page, clean+badRowPage)
	h.write("policies/china.rego", chinaRule)
	h.write("policies/loophole.rego", loopholeRule) // renamed from drafts/, clashes with ACME001
	h.srv.SetContent(owner, repo, baseSHA, page, []byte(clean))
	h.srv.SetContent(owner, repo, baseSHA, "policies/china.rego", []byte(chinaRule))
	h.pullRequest(
		githubtest.File{Path: page, Status: "modified"},
		githubtest.File{Path: "policies/loophole.rego", PreviousPath: "drafts/loophole.rego", Status: "renamed"},
	)
	h.input("data", "policies/config.yaml")
	h.write("policies/config.yaml", "acme:\n  watched_countries: [CN]\n")
	if code := h.run(); code != action.ExitFindings {
		t.Fatalf("exit %d, want %d (the renamed rule must not load)\n%s", code, action.ExitFindings, h.stdout.String())
	}
	if want := "policies/loophole.rego (renamed from drafts/loophole.rego: not loaded until merged)"; !strings.Contains(h.stdout.String(), want) {
		t.Errorf("the log lacks %q:\n%s", want, h.stdout.String())
	}
}

// TestPolicySourceHead evaluates the pull request's own policies when the repository asks for
// it: the same pull request passes, with a warning.
func TestPolicySourceHead(t *testing.T) {
	t.Parallel()
	h := policyWeakeningPR(t)
	h.input("policy-source", "head")

	if code := h.run(); code != action.ExitOK {
		t.Fatalf("exit %d, want %d: the pull request removed the rule", code, action.ExitOK)
	}
	if !slices.ContainsFunc(h.commands("warning"), func(c string) bool {
		return strings.Contains(c, "they are evaluated as the pull request leaves them")
	}) {
		t.Errorf("no warning that the pull request's own policies were evaluated: %q", h.commands("warning"))
	}
	if strings.Contains(h.summary(), "take effect after merge") {
		t.Errorf("the summary claims base policies were used:\n%s", h.summary())
	}
	if r := h.under("GET", contentsPath+"policies/"); len(r) != 0 {
		t.Errorf("policy files read through the API with policy-source head: %v", h.requests())
	}
}

// TestUnchangedPoliciesComeFromTheWorkspace: policies the pull request leaves alone are read
// from the workspace, with no API request and no note.
func TestUnchangedPoliciesComeFromTheWorkspace(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.input("policy", "policies")
	h.write("policies/china.rego", chinaRule)
	h.write("policies/config.yaml", "acme:\n  watched_countries: [CN]\n")
	h.input("data", "policies/config.yaml")
	h.write(page, fixture(t, "clean.md")+badRowPage)
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})

	if code := h.run(); code != action.ExitFindings {
		t.Fatalf("exit %d, want %d", code, action.ExitFindings)
	}
	if r := h.under("GET", contentsPath+"policies/"); len(r) != 0 {
		t.Errorf("policies the pull request leaves alone were read through the API: %v", h.requests())
	}
	if strings.Contains(h.summary(), "take effect after merge") {
		t.Errorf("the summary speaks of changed policies:\n%s", h.summary())
	}
}

// TestRunawayPolicy: a policy that outlasts policy-timeout fails the run with a message.
func TestRunawayPolicy(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.input("policy", "policies")
	h.input("policy-timeout", "200ms")
	h.write("policies/slow.rego", `# METADATA
# title: Slow
# description: Counts far.
# custom:
#   id: SLOW001
#   severity: error
package subpolicy.rules.slow

deny contains "done" if {
	count([x | some x in numbers.range(1, 100000000)]) < 0
}
`)
	h.write(page, fixture(t, "clean.md"))
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})

	if code := h.run(); code != action.ExitUsage {
		t.Fatalf("exit %d, want %d", code, action.ExitUsage)
	}
	if !slices.ContainsFunc(h.commands("error"), func(c string) bool {
		return strings.Contains(c, "policy evaluation timed out after 200ms")
	}) {
		t.Errorf("no error saying the policies timed out: %q", h.commands("error"))
	}
}

func TestTrustInputs(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ input, value, want string }{
		{"policy-source", "branch", `input "policy-source" is "branch" (valid: base, head)`},
		{"policy-timeout", "soon", `input "policy-timeout" is "soon": write a duration such as 30s or 2m`},
		{"policy-timeout", "-5", `input "policy-timeout" is "-5": it must be positive`},
	} {
		h := newHarness(t)
		h.input(tt.input, tt.value)
		h.pullRequest(githubtest.File{Path: page, Status: "modified"})
		if code := h.run(); code != action.ExitUsage {
			t.Errorf("%s %q: exit %d, want %d", tt.input, tt.value, code, action.ExitUsage)
		}
		if !slices.ContainsFunc(h.commands("error"), func(c string) bool { return strings.Contains(c, tt.want) }) {
			t.Errorf("%s %q: no error %q in %q", tt.input, tt.value, tt.want, h.commands("error"))
		}
	}
}

// TestPolicySourceBaseFailsOnCappedPullRequests: GitHub lists at most 3,000 files, and a
// policy file past them could not be restored from the base; with policy-source base (the
// default) and policies to load, such a pull request is an error, never evaluated with the
// pull request's own policies.
func TestPolicySourceBaseFailsOnCappedPullRequests(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.input("policy", "policies")
	h.write("policies/china.rego", chinaRule)
	h.write(page, fixture(t, "clean.md")+badRowPage)
	files := []githubtest.File{{Path: page, Status: "modified"}}
	for i := range 3000 {
		files = append(files, githubtest.File{Path: fmt.Sprintf("src/file%04d.go", i), Status: "added"})
	}
	h.pullRequest(files...)
	if code := h.run(); code != action.ExitUsage {
		t.Fatalf("exit %d, want %d", code, action.ExitUsage)
	}
	if !slices.ContainsFunc(h.commands("error"), func(c string) bool {
		return strings.Contains(c, "cannot tell whether it changes the policy or data files it loads")
	}) {
		t.Errorf("no error about the unverifiable policies: %q", h.commands("error"))
	}
}
