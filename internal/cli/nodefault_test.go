package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// A rule of the user's that builds on data.subpolicy.lib.
const libRule = `# METADATA
# title: AI providers need counsel
# custom:
#   id: ACME010
#   severity: warning
package subpolicy.rules.acme_ai

import data.subpolicy.lib

warn contains lib.row_finding(sp, sprintf("%s is an AI provider; counsel reviews it", [lib.subject(sp)])) if {
	some i in lib.ai_providers
	sp := lib.rows[i]
}
`

const libRuleTest = `package subpolicy.test.acme_ai

import data.subpolicy.rules.acme_ai
import data.subpolicy.test.fixtures

test_ai_provider if {
	r := fixtures.row(12, {"name": "OpenAI", "category": "AI"})
	count(acme_ai.warn) == 1 with input as fixtures.doc([r])
}
`

// --no-default-policies turns off the default rules, not the library and configuration a
// user's rules build on: check, rules and test load a rule that imports data.subpolicy.lib.
func TestNoDefaultPoliciesKeepsTheLibrary(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "acme_ai.rego"), libRule)
	writeFile(t, filepath.Join(dir, "acme_ai_test.rego"), libRuleTest)

	code, out, errOut := run(t, "check", "--now", now, "--no-default-policies", "--policy", dir, "../../testdata/subprocessors.md")
	if code != ExitOK || !strings.Contains(out, `warning: "OpenAI" is an AI provider; counsel reviews it [ACME010]`) {
		t.Errorf("check: exit %d, want %d and the rule's findings:\n%s%s", code, ExitOK, out, errOut)
	}
	if strings.Contains(out, "[SP0") {
		t.Errorf("check: a default rule ran with --no-default-policies:\n%s", out)
	}
	code, out, errOut = run(t, "rules", "--no-default-policies", "--policy", dir)
	if code != ExitOK || !strings.Contains(out, "ACME010") || strings.Contains(out, "SP001") {
		t.Errorf("rules: exit %d, want only ACME010:\n%s%s", code, out, errOut)
	}
	code, out, errOut = run(t, "test", "--no-default-policies", "--coverage", "--threshold", "100", dir)
	if code != ExitOK || !strings.Contains(out, "test_ai_provider: PASS") || strings.Contains(out, "data.subpolicy.test.lib.") {
		t.Errorf("test: exit %d, want the user's test only, passing with full coverage:\n%s%s", code, out, errOut)
	}
}

// --explain says why a finding is as severe as it is (custom.why), and docs/rules.md too.
func TestExplainSaysWhy(t *testing.T) {
	t.Parallel()
	_, _, errOut := run(t, "check", "--now", now, "--explain", "../../testdata/subprocessors.md")
	want := `  why error: the table promises the field and this row leaves it empty or holds only a placeholder: the page states something it does not say`
	if !strings.Contains(errOut, `"Elastic" has no location`) || !strings.Contains(errOut, want+"\n") {
		t.Errorf("--explain of SP002 lacks %q:\n%s", want, errOut)
	}
	_, out, _ := run(t, "rules", "--format", "markdown")
	if !strings.Contains(out, "- **Error**: the table promises the field") {
		t.Errorf("the rules reference does not say why SP002 is an error")
	}
}
