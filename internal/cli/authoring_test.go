package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/format"
	"gopkg.in/yaml.v3"
)

const seedPage = "../../testdata/subprocessors.md"

// chinaPage has one row that only a custom rule reports (a subprocessor in China).
const chinaPage = "# Subprocessors\n\nUpdated 2026-11-01\n\n" +
	"We give at least 30 days' notice before engaging a new subprocessor. Subscribe to changes via our RSS feed.\n\n" +
	"| Name | Purpose | Data | Location | Link |\n|---|---|---|---|---|\n" +
	"| Acme Ltd | Sends transactional email | Email addresses | China | [Privacy policy](https://acme.example/privacy) |\n"

func TestNewRuleScaffoldPassesItsTests(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	policies := filepath.Join(dir, "policies")
	code, out, errOut := run(t, "new", "rule", "china-counsel", "--dir", policies, "--id", "ACME001")
	if code != ExitOK {
		t.Fatalf("new rule: exit %d\n%s%s", code, out, errOut)
	}
	rule := filepath.Join(policies, "china_counsel", "china_counsel.rego")
	test := filepath.Join(policies, "china_counsel", "china_counsel_test.rego")
	for _, f := range []string{rule, test} {
		if !strings.Contains(out, "created "+filepath.ToSlash(f)) {
			t.Errorf("output does not name %s:\n%s", f, out)
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		formatted, err := format.SourceWithOpts(f, src, format.Opts{RegoVersion: ast.RegoV1})
		if err != nil || !bytes.Equal(formatted, src) {
			t.Errorf("%s is not opa fmt formatted (%v)", f, err)
		}
	}
	src, _ := os.ReadFile(rule)
	for _, want := range []string{"# METADATA\n", "#   id: ACME001\n", "#   severity: warning\n", "package subpolicy.rules.china_counsel\n", "import data.subpolicy.lib\n", "warn contains lib.cell_finding("} {
		if !strings.Contains(string(src), want) {
			t.Errorf("the rule lacks %q:\n%s", want, src)
		}
	}

	// The scaffold's tests pass: one where the rule fires, one where it does not.
	code, out, errOut = run(t, "test", "--coverage", policies)
	if code != ExitOK {
		t.Fatalf("test: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		filepath.ToSlash(test) + ":\n",
		"data.subpolicy.test.china_counsel.test_fail_watched_country: PASS (",
		"data.subpolicy.test.china_counsel.test_pass_other_country: PASS (",
		"coverage of " + filepath.ToSlash(policies) + ": 100.00% (",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("test output lacks %q:\n%s", want, out)
		}
	}

	// And the rule works on a page.
	page := filepath.Join(dir, "list.md")
	writeFile(t, page, chinaPage)
	code, out, errOut = run(t, "check", "--now", now, "--policy", policies, page)
	if code != ExitOK || !strings.Contains(out, `list.md:9:60: warning: "Acme Ltd" is located in CN; get a review before engaging it [ACME001]`) {
		t.Errorf("check with the new rule: exit %d\n%s%s", code, out, errOut)
	}

	// Its configuration comes from a data file.
	data := filepath.Join(dir, "config.yaml")
	writeFile(t, data, "china_counsel:\n  countries: [RU]\n")
	if code, out, _ = run(t, "check", "--now", now, "--policy", policies, "--data", data, page); code != ExitOK || strings.Contains(out, "ACME001") {
		t.Errorf("countries overridden to RU: exit %d\n%s", code, out)
	}

	// A second scaffold never overwrites the first.
	code, _, errOut = run(t, "new", "rule", "china_counsel", "--dir", policies)
	if code != ExitUsage || !strings.Contains(errOut, "already exists") {
		t.Errorf("second new rule: exit %d\n%s", code, errOut)
	}
}

func TestNewRuleSeverityAndErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	code, _, errOut := run(t, "new", "rule", "--severity", "error", "--dir", dir, "ai_no_training")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	src, _ := os.ReadFile(filepath.Join(dir, "ai_no_training", "ai_no_training.rego"))
	if !strings.Contains(string(src), "deny contains lib.cell_finding(") || !strings.Contains(string(src), "#   id: AI_NO_TRAINING\n") ||
		!strings.Contains(string(src), "# title: Ai no training\n") {
		t.Errorf("an error rule reports through deny, with the id and title from its name:\n%s", src)
	}
	if code, out, errOut := run(t, "test", dir); code != ExitOK {
		t.Errorf("its tests: exit %d\n%s%s", code, out, errOut)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"new"}, "usage: subpolicy new rule"},
		{[]string{"new", "policy", "x"}, "usage: subpolicy new rule"},
		{[]string{"new", "rule"}, "give one NAME"},
		{[]string{"new", "rule", "9lives"}, `NAME "9lives" is not a rule name`},
		{[]string{"new", "rule", "contains"}, `NAME "contains" is not a rule name`},
		{[]string{"new", "rule", "x", "--id", "SP021"}, `looks like a default pack id`},
		{[]string{"new", "rule", "x", "--id", "A B"}, `--id "A B" is not an id`},
		{[]string{"new", "rule", "x", "--severity", "fatal"}, `unknown value "fatal"`},
	} {
		code, _, errOut := run(t, append(tt.args, "--dir", dir)...)
		if code != ExitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", tt.args, code, errOut, ExitUsage, tt.want)
		}
	}
}

// acmeRule and its tests: testdata for subpolicy test.
const acmeRule = `# METADATA
# title: Vendors need a long purpose
# description: For the test runner's tests.
# custom:
#   id: ACME002
#   severity: warning
package subpolicy.rules.acme_purpose

import data.subpolicy.lib

warn contains lib.row_finding(sp, "short purpose") if {
	some sp in lib.rows
	count(sp.purpose) < data.subpolicy.config.acme_min_purpose
}

warn contains lib.row_finding(sp, "no name") if {
	some sp in lib.rows
	sp.name == ""
}
`

const acmeTests = `package subpolicy.test.acme_purpose

import data.subpolicy.rules.acme_purpose

test_short if {
	count(acme_purpose.warn) == 1 with input as {"subprocessors": [{"name": "A", "name_key": "a", "line": 3, "purpose": "x"}]}
}

test_config_from_data if {
	data.subpolicy.config.acme_min_purpose == 5
	data.subpolicy.config.notice_days == 30
}
`

func acmeDir(t *testing.T, tests string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "policies")
	writeFile(t, filepath.Join(dir, "acme", "acme.rego"), acmeRule)
	writeFile(t, filepath.Join(dir, "acme", "acme_test.rego"), tests)
	writeFile(t, filepath.Join(dir, "..", "config.yaml"), "acme_min_purpose: 5\n")
	return dir
}

func TestTestPassingWithCoverage(t *testing.T) {
	t.Parallel()
	dir := acmeDir(t, acmeTests)
	data := filepath.Join(dir, "..", "config.yaml")
	code, out, errOut := run(t, "test", "--coverage", "--data", data, dir)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	file := filepath.ToSlash(filepath.Join(dir, "acme", "acme.rego"))
	for _, want := range []string{
		"data.subpolicy.test.acme_purpose.test_short: PASS (",
		"data.subpolicy.test.acme_purpose.test_config_from_data: PASS (",
		"data.subpolicy.test.ai_posture.test_fail_no_posture: PASS (", // the pack's own tests run too, with the pack's config
		"policy/lib/lib.rego", // coverage lists the pack
		file,
		"not covered: 16", // the head of the "no name" rule, whose body never holds
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`(?m)^PASS: (\d+)/(\d+)$`).MatchString(out) || strings.Contains(out, "\nFAIL") {
		t.Errorf("no all-pass total:\n%s", out)
	}
	if !regexp.MustCompile(`coverage of .*policies: 83\.33% \(5 of 6 lines\)`).MatchString(out) {
		t.Errorf("the coverage of the given policies is not reported:\n%s", out)
	}

	// --threshold measures the given policies, not the pack.
	if code, out, _ := run(t, "test", "--threshold", "90", "--data", data, dir); code != ExitFindings ||
		!strings.Contains(out, "FAIL: coverage 83.33% is below the threshold of 90%") {
		t.Errorf("--threshold 90: exit %d\n%s", code, out)
	}
	if code, out, _ := run(t, "test", "--threshold", "80", "--data", data, dir); code != ExitOK {
		t.Errorf("--threshold 80: exit %d\n%s", code, out)
	}
	if code, _, errOut := run(t, "test", "--threshold", "101", dir); code != ExitUsage || !strings.Contains(errOut, "not a percentage") {
		t.Errorf("--threshold 101: exit %d\n%s", code, errOut)
	}
	// --run picks tests by name.
	code, out, _ = run(t, "test", "--run", `acme_purpose\.test_short$`, "--data", data, dir)
	if code != ExitOK || !strings.Contains(out, "PASS: 1/1\n") {
		t.Errorf("--run: exit %d\n%s", code, out)
	}
	if code, _, errOut := run(t, "test", "--run", "nothing_like_this", dir); code != ExitUsage || !strings.Contains(errOut, "no test matches") {
		t.Errorf("--run matching nothing: exit %d\n%s", code, errOut)
	}
}

// The default pack's own tests cover every line of it.
func TestTestDefaultPackFullCoverage(t *testing.T) {
	t.Parallel()
	code, out, errOut := run(t, "test", "--threshold", "100")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if !regexp.MustCompile(`coverage of the default pack: 100\.00% \(\d+ of \d+ lines\)`).MatchString(out) {
		t.Errorf("the pack is not fully covered:\n%s", out)
	}
}

func TestTestFailing(t *testing.T) {
	t.Parallel()
	dir := acmeDir(t, acmeTests+`
test_wrong if {
	count(acme_purpose.warn) == 2 with input as {"subprocessors": [{"name": "A", "name_key": "a", "line": 3, "purpose": "x"}]}
}

test_errors if {
	print("about to fail")
	to_number("x") == 1
}
`)
	code, out, errOut := run(t, "test", "--data", filepath.Join(dir, "..", "config.yaml"), dir)
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d\n%s%s", code, ExitFindings, out, errOut)
	}
	tests := filepath.ToSlash(filepath.Join(dir, "acme", "acme_test.rego"))
	for _, want := range []string{
		"data.subpolicy.test.acme_purpose.test_wrong: FAIL (",
		"  " + tests + ":15: count(acme_purpose.warn) == 2 with input as",
		"data.subpolicy.test.acme_purpose.test_errors: ERROR (",
		"  | about to fail",
		"\nFAIL: 1/",
		"\nERROR: 1/",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestTestPolicyErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "net.rego"), "package subpolicy.test.net\n\ntest_net if {\n\thttp.send({\"method\": \"GET\", \"url\": \"https://example.com\"})\n}\n")
	code, _, errOut := run(t, "test", filepath.Join(dir, "net.rego"))
	if code != ExitUsage || !strings.Contains(errOut, `net.rego:4:2: "http.send" is not allowed in subpolicy policies`) {
		t.Errorf("a test calling http.send: exit %d\n%s", code, errOut)
	}
	writeFile(t, filepath.Join(dir, "syntax", "x_test.rego"), "package subpolicy.test.x\n\ntest_x if {\n")
	if code, _, errOut := run(t, "test", filepath.Join(dir, "syntax")); code != ExitUsage || !strings.Contains(errOut, "x_test.rego:4: rego_parse_error: unexpected eof token") {
		t.Errorf("a syntax error: exit %d\n%s", code, errOut)
	}
	// Rules under test follow the engine's conventions: an id colliding with the pack's fails.
	writeFile(t, filepath.Join(dir, "dup", "dup.rego"), strings.Replace(acmeRule, "ACME002", "SP002", 1))
	if code, _, errOut := run(t, "test", filepath.Join(dir, "dup")); code != ExitUsage || !strings.Contains(errOut, `rule id "SP002" is used by two packages`) {
		t.Errorf("an id collision: exit %d\n%s", code, errOut)
	}
	writeFile(t, filepath.Join(dir, "untested", "p.rego"), "package subpolicy.helpers\n\nanswer := 42\n")
	if code, _, errOut := run(t, "test", "--no-default-policies", filepath.Join(dir, "untested")); code != ExitUsage || !strings.Contains(errOut, "no tests found") {
		t.Errorf("no tests: exit %d\n%s", code, errOut)
	}
}

func TestCustomRuleLoadErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	noID := filepath.Join(dir, "noid.rego")
	writeFile(t, noID, strings.Replace(acmeRule, "#   id: ACME002\n", "", 1))
	clash := filepath.Join(dir, "clash", "clash.rego")
	writeFile(t, clash, strings.Replace(acmeRule, "ACME002", "SP002", 1))
	twinA := filepath.Join(dir, "twins", "a.rego")
	twinB := filepath.Join(dir, "twins", "b.rego")
	writeFile(t, twinA, acmeRule)
	writeFile(t, twinB, strings.Replace(acmeRule, "acme_purpose", "acme_other", 1))
	runtime := filepath.Join(dir, "runtime.rego")
	writeFile(t, runtime, strings.Replace(acmeRule, `sp.name == ""`, `opa.runtime().env.HOME == sp.name`, 1))
	for _, tt := range []struct {
		name   string
		policy string
		want   []string
	}{
		{"no id", noID, []string{filepath.ToSlash(noID) + ":1:1: package subpolicy.rules.acme_purpose: METADATA has no custom.id"}},
		{"id of a pack rule", clash, []string{
			`rule id "SP002" is used by two packages`,
			"policy/rules/required_fields/required_fields.rego", filepath.ToSlash(clash),
		}},
		{"two custom rules, one id", filepath.Join(dir, "twins"), []string{
			`rule id "ACME002" is used by two packages`, filepath.ToSlash(twinA), filepath.ToSlash(twinB),
		}},
		{"opa.runtime", runtime, []string{filepath.ToSlash(runtime) + ":18:", `"opa.runtime" is not allowed in subpolicy policies`}},
	} {
		code, _, errOut := run(t, "check", "--policy", tt.policy, seedPage)
		if code != ExitUsage {
			t.Errorf("%s: exit %d, want %d\n%s", tt.name, code, ExitUsage, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", tt.name, w, errOut)
			}
		}
	}
}

// A data file overrides any default configuration key, nested ones included.
func TestDataOverridesDefaults(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := filepath.Join(dir, "config.yaml")
	writeFile(t, data, "stale_after_days: 100000\nmin_purpose_words: 2\ntransfers:\n  allowed: [DE]\n")
	code, out, errOut := run(t, "check", "--now", now, "--fail-on", "never", "--data", data, seedPage)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if strings.Contains(out, "[SP012]") {
		t.Errorf("[SP012] still reported with the override:\n%s", out)
	}
	if !strings.Contains(out, "[SP007]") {
		t.Errorf("transfers.allowed did not turn SP007 on:\n%s", out)
	}
	if !strings.Contains(out, `purpose "Telephony" of "Twilio" is too short`) {
		t.Errorf("min_purpose_words did not turn the word count on:\n%s", out)
	}
}

func TestExplain(t *testing.T) {
	t.Parallel()
	// One-word purposes are fine by default; asking for two words brings back Twilio's
	// "Telephony", a finding whose explanation shows the input value it read.
	data := filepath.Join(t.TempDir(), "config.yaml")
	writeFile(t, data, "min_purpose_words: 2\n")
	code, out, errOut := run(t, "check", "--now", now, "--explain", "--format", "json", "--data", data, seedPage)
	if code != ExitFindings {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if !json.Valid([]byte(out)) {
		t.Errorf("--explain spoiled the JSON on standard output:\n%s", out)
	}
	block := explanation(errOut, `explain ../../testdata/subprocessors.md:29:151: error: "Elastic" has no location`)
	for _, want := range []string{
		`  rule SP002 "Rows fill the required fields": deny at policy/rules/required_fields/required_fields.rego:`,
		"  variables:\n",
		`    field = "location"`,
		`    sp = input.subprocessors[10] ("Elastic", line 29)`,
		"  rule body, as it held:\n",
		"policy/rules/required_fields/required_fields.rego:",
		": some [i, field] in _suspects\n",
		": sp := lib.rows[i]\n",
	} {
		if !strings.Contains(block, want) {
			t.Errorf("the explanation of Elastic's SP002 lacks %q:\n%s", want, block)
		}
	}
	block = explanation(errOut, `explain ../../testdata/subprocessors.md:22:27: warning: purpose "Telephony" of "Twilio" is too short`)
	if !strings.Contains(block, `    input.subprocessors[3].purpose = "Telephony" (as sp.purpose)`) {
		t.Errorf("the explanation of Twilio's SP005 does not show the input value it read:\n%s", block)
	}
	if n := strings.Count(errOut, "\nexplain ") + 1; n != 15 {
		t.Errorf("%d explanations, want one per finding (15):\n%s", n, errOut)
	}
}

// explanation returns the block of --explain output that starts with head.
func explanation(out, head string) string {
	i := strings.Index(out, head)
	if i < 0 {
		return ""
	}
	block, _, _ := strings.Cut(out[i:], "\n\n")
	return block
}

func TestPrintShowsFileAndLine(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pol := filepath.Join(dir, "p.rego")
	writeFile(t, pol, strings.Replace(acmeRule, "\tsp.name == \"\"\n", "\tprint(\"checking\", sp.name)\n\tsp.name == \"\"\n", 1))
	data := filepath.Join(dir, "config.yaml")
	writeFile(t, data, "acme_min_purpose: 1\n")
	page := filepath.Join(dir, "list.md")
	writeFile(t, page, chinaPage)
	code, out, errOut := run(t, "check", "--now", now, "--policy", pol, "--data", data, page)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if want := filepath.ToSlash(pol) + ":18: checking Acme Ltd\n"; !strings.Contains(errOut, want) {
		t.Errorf("stderr lacks %q:\n%s", want, errOut)
	}
	if strings.Contains(out, "checking") {
		t.Errorf("print output reached standard output:\n%s", out)
	}
}

func TestPolicyTimeout(t *testing.T) {
	t.Parallel()
	code, _, errOut := run(t, "check", "--policy", "../policy/testdata/runtime/slow.rego", "--no-default-policies", "--policy-timeout", "100ms", seedPage)
	if code != ExitUsage || !strings.Contains(errOut, "policy evaluation timed out after 100ms") {
		t.Errorf("exit %d\n%s", code, errOut)
	}
}

// waiverPage has an AI provider without posture (SP004) waived on its row, one whose waiver
// has no reason, and one whose waiver has expired.
const waiverPage = "# Subprocessors\n\nUpdated 2026-11-01\n\n" + // 1-3
	"We give at least 30 days' notice before engaging a new subprocessor. Subscribe to changes via our RSS feed.\n\n" + // 5
	"| Name | Purpose | Data | Location | Link |\n|---|---|---|---|---|\n" + // 7-8
	"| OpenAI LLC | AI Service Provider | Prompts | United States | [Privacy policy](https://openai.com/privacy) | <!-- subpolicy-ignore SP004: DPA section 4 rules out training owner=@acme/privacy expires=2027-06-30 -->\n" + // 9
	"| Cohere Inc. | AI Service Provider | Prompts | Canada | [Privacy policy](https://cohere.com/privacy) <!-- subpolicy-ignore SP004 --> |\n" + // 10
	"| Mistral SAS | AI Service Provider | Prompts | France | [Privacy policy](https://mistral.ai/privacy) |\n" + // 11
	"| Acme Ltd | Sends transactional email | Email addresses | Germany | [Privacy policy](https://acme.example/privacy) | <!-- subpolicy-ignore SP005: nothing to waive -->\n" // 12

func TestWaiversBothKinds(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	page := filepath.Join(dir, "docs", "subprocessors.md")
	writeFile(t, page, waiverPage)
	data := filepath.Join(dir, "waivers.yaml")
	writeFile(t, data, `waivers:
  - rule: SP004
    subprocessor: mistral sas
    reason: the model runs in our own tenant
    owner: "@acme/ml"
    expires: 2026-06-30
  - rule: SP004
    subprocessor: Cohere
    path: "**/subprocessors.md"
    reason: zero retention agreed
  - rule: SP011
    subprocessor: OpenAI LLC
    reason: no recordings are sent
  - rule: SP004
    path: docs/other.md
    reason: another page, not checked in this run
`)
	code, out, errOut := run(t, "check", "--now", now, "--data", data, page)
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d (a waiver without a reason is an error)\n%s%s", code, ExitFindings, out, errOut)
	}
	p := filepath.ToSlash(page)
	d := filepath.ToSlash(data)
	for _, want := range []string{
		// applied inline, with its owner and expiry
		p + `:9:3: waived warning: AI provider "OpenAI LLC" does not say whether customer data is used for model training`,
		"(waived: DPA section 4 rules out training; owner @acme/privacy; until 2027-06-30; " + p + ":9)",
		// an inline waiver without a reason: an error, and it does not apply
		p + ":10:1: error: waiver for SP004 has no reason; say why the finding is acceptable after a colon: <!-- subpolicy-ignore SP004: reason --> [waiver]",
		// the data file's waiver applies to the row the inline one could not
		p + `:10:3: waived warning: AI provider "Cohere Inc." does not say`,
		"(waived: zero retention agreed; " + d + ":7)",
		// expired: a notice, and the finding stands
		d + `:2:1: notice: waiver for SP004 on "mistral sas" expired on 2026-06-30 and no longer applies`,
		p + `:11:3: warning: AI provider "Mistral SAS" does not say`,
		// unmatched, inline and in the data file
		p + ":12:1: notice: waiver for SP005 on line 12 matches no finding; remove it",
		d + `:11:1: notice: waiver for SP011 on "OpenAI LLC" matches no finding; remove it`,
		"1 file, 4 subprocessors: 1 error, 1 warning, 3 notices, 2 waived",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "another page") || strings.Contains(out, d+":14:") {
		t.Errorf("a waiver for a page not checked was reported:\n%s", out)
	}

	// JSON carries the waiver of each waived finding, and the count.
	code, out, _ = run(t, "check", "--now", now, "--data", data, "--format", "json", page)
	if code != ExitFindings {
		t.Fatalf("json: exit %d", code)
	}
	var rep struct {
		Findings []struct {
			Rule, Subprocessor string
			Waived             *struct{ Reason, Owner, Expires, Source string }
		}
		Summary struct{ Errors, Warnings, Notices, Waived int }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	var waived []string
	for _, f := range rep.Findings {
		if f.Waived != nil {
			waived = append(waived, f.Subprocessor+": "+f.Waived.Reason+" / "+f.Waived.Owner+" / "+f.Waived.Expires+" / "+f.Waived.Source)
		}
	}
	want := []string{
		"OpenAI LLC: DPA section 4 rules out training / @acme/privacy / 2027-06-30 / " + p + ":9",
		"Cohere Inc.: zero retention agreed /  /  / " + d + ":7",
	}
	if !slices.Equal(waived, want) || rep.Summary.Waived != 2 || rep.Summary.Warnings != 1 {
		t.Errorf("waived = %q, summary %+v; want %q", waived, rep.Summary, want)
	}

	// --fail-on warning ignores waived warnings: fix the one that stands and the run passes
	// but for the waiver error.
	fixed := strings.Replace(waiverPage, "| Mistral SAS | AI Service Provider | Prompts |", "| Mistral SAS | AI Service Provider | Prompts (no training, 30-day retention) |", 1)
	fixed = strings.Replace(fixed, "<!-- subpolicy-ignore SP004 -->", "<!-- subpolicy-ignore SP004: zero retention -->", 1)
	writeFile(t, page, fixed)
	if code, out, _ := run(t, "check", "--now", now, "--fail-on", "warning", page); code != ExitOK {
		t.Errorf("only waived warnings left: exit %d\n%s", code, out)
	}
}

// The pre-commit hook runs "subpolicy check" on staged Markdown.
func TestPreCommitHook(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID, Entry, Language, Files string
	}
	if err := yaml.Unmarshal(b, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) != 1 || hooks[0].ID != "subpolicy" || hooks[0].Language != "golang" || hooks[0].Entry != "subpolicy check" {
		t.Fatalf("hooks = %+v", hooks)
	}
	files := regexp.MustCompile(hooks[0].Files)
	for name, want := range map[string]bool{"docs/subprocessors.md": true, "site/legal.mdx": true, "main.go": false, "README.md.bak": false} {
		if files.MatchString(name) != want {
			t.Errorf("files %q matches %s: %t, want %t", hooks[0].Files, name, !want, want)
		}
	}
	// The entry is a command of this binary, and it accepts the staged files as paths.
	args := append(strings.Fields(hooks[0].Entry)[1:], "--now", now, "--fail-on", "never", seedPage)
	if code, _, errOut := run(t, args...); code != ExitOK {
		t.Errorf("%s: exit %d\n%s", hooks[0].Entry, code, errOut)
	}
}
