package policy

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/subpolicy/subpolicy/internal/finding"
)

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWaiversFromDataFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "w.yaml"), `# waivers of the privacy team
notice_days: 10
waivers:
  - rule: SP004
    subprocessor: OpenAI
    path: docs/*.md
    reason: DPA section 4
    owner: "@acme/privacy"
    expires: 2027-06-30

  - rule: SP005
    subprocessor: Slack
  - {rule: SP003, reason: x}
  - rule: SP006
    path: "docs/[x.md"
    reason: bad glob
    colour: red
    expires: soon
  - just a string
`)
	writeTestFile(t, filepath.Join(dir, "w.json"), `{
  "waivers": [
    {"rule": "SP002", "subprocessor": "Elastic", "reason": "location pending"},
    {
      "rule": 7,
      "path": "x.md",
      "reason": "r"
    }
  ],
  "other": {"waivers": [1, 2]}
}
`)
	writeTestFile(t, filepath.Join(dir, "notalist.yaml"), "waivers:\n  rule: SP001\n")
	e := mustLoad(t, Options{DefaultPack: true, Dir: dir, Data: []string{"w.yaml", "w.json", "notalist.yaml"}})
	got := e.Waivers()
	want := []Waiver{
		{Rule: "SP004", Subprocessor: "OpenAI", Path: "docs/*.md", Reason: "DPA section 4", Owner: "@acme/privacy", Expires: "2027-06-30", File: "w.yaml", Line: 4},
		{Rule: "SP005", Subprocessor: "Slack", File: "w.yaml", Line: 11,
			Problem: "the waiver for SP005 has no reason; say why the finding is acceptable (reason: …), so reviewers can judge it"},
		{Rule: "SP003", Reason: "x", File: "w.yaml", Line: 13,
			Problem: "the waiver for SP003 names neither a subprocessor nor a path; a waiver silences a rule for one subprocessor or one file"},
		{Rule: "SP006", Path: "docs/[x.md", Reason: "bad glob", Expires: "soon", File: "w.yaml", Line: 14,
			Problem: `unknown key "colour" (valid: rule, subprocessor, path, reason, owner, expires); expires "soon" is not a date; write it as YYYY-MM-DD; path "docs/[x.md" is not a valid glob`},
		{File: "w.yaml", Line: 19, Problem: "a waiver is an object with rule, reason and subprocessor or path, not a string"},
		{Rule: "SP002", Subprocessor: "Elastic", Reason: "location pending", File: "w.json", Line: 3},
		{Path: "x.md", Reason: "r", File: "w.json", Line: 4,
			Problem: "rule must be a string, not a number; a waiver names the rule it silences (rule: SP004)"},
		{File: "notalist.yaml", Line: 2, Problem: "waivers must be a list of objects with rule, reason and subprocessor or path, not an object"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("waivers (-want +got):\n%s", diff)
	}
	// Relative data paths were read from Dir and the rest of the file still configures.
	if e.Config()["notice_days"] == nil || e.Config()["notice_days"].(interface{ String() string }).String() != "10" {
		t.Errorf("notice_days = %v, want 10 from w.yaml", e.Config()["notice_days"])
	}
}

func TestDirResolvesPolicies(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/bad/no_id.rego")
	if err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(dir, "policies", "no_id.rego"), string(src))
	_, err = Load(context.Background(), Options{Dir: dir, Policies: []string{"policies"}})
	if err == nil || !strings.HasPrefix(err.Error(), "policies/no_id.rego:1:1: ") {
		t.Errorf("error %v, want it to name policies/no_id.rego as given", err)
	}
}

func TestRunTestsConfiguration(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// A user test sees the data files and the pack's fixtures; the pack's tests keep their config.
	writeTestFile(t, filepath.Join(dir, "p", "p_test.rego"), `package subpolicy.test.mine

import data.subpolicy.test.fixtures

test_config if {
	data.subpolicy.config.notice_days == 7
}

test_fixtures if {
	count(fixtures.clean.subprocessors) == 1
}

test_print if {
	print("hello from", "a test")
}

todo_test_later if {
	false
}
`)
	writeTestFile(t, filepath.Join(dir, "c.yaml"), "notice_days: 7\n")
	run, err := RunTests(context.Background(), TestOptions{DefaultPack: true, Dir: dir, Paths: []string{"p"}, Data: []string{"c.yaml"}})
	if err != nil {
		t.Fatal(err)
	}
	if !run.Passed() {
		for _, r := range run.Results {
			if r.Outcome != Pass && r.Outcome != Skipped {
				t.Errorf("%s: %s %v %s", r.FullName(), r.Outcome, r.Err, r.FailedAt)
			}
		}
	}
	var mine []string
	for _, r := range run.Results {
		if r.File == "p/p_test.rego" {
			mine = append(mine, r.Name+" "+string(r.Outcome)+" "+strings.TrimSpace(r.Output))
		}
	}
	want := []string{"test_config PASS ", "test_fixtures PASS ", "test_print PASS hello from a test", "todo_test_later SKIPPED "}
	if diff := cmp.Diff(want, mine); diff != "" {
		t.Errorf("the user's tests (-want +got):\n%s", diff)
	}
	if run.Coverage != nil || len(run.PathFiles) != 0 {
		t.Errorf("coverage %v and path files %v without Coverage and policies", run.Coverage, run.PathFiles)
	}

	if _, err := RunTests(context.Background(), TestOptions{Run: "("}); err == nil || !strings.Contains(err.Error(), "invalid test name pattern") {
		t.Errorf("bad --run: %v", err)
	}
	if _, err := RunTests(context.Background(), TestOptions{}); err == nil || !strings.Contains(err.Error(), "no policies to test") {
		t.Errorf("nothing to test: %v", err)
	}
}

func TestExplainCustomRule(t *testing.T) {
	t.Parallel()
	e := mustLoad(t, Options{Policies: []string{"testdata/policies/basic.rego"}})
	doc := testDoc()
	fs, err := e.Evaluate(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(fs, func(f finding.Finding) bool { return f.Message == "Acme, Inc. has no location" })
	if i < 0 {
		t.Fatalf("no location finding in %v", fs)
	}
	fs[i].Waived = &finding.Waiver{Reason: "explained all the same"}
	xs, err := e.Explain(context.Background(), doc, fs)
	if err != nil {
		t.Fatal(err)
	}
	if len(xs) != len(fs) {
		t.Errorf("%d explanations for %d findings", len(xs), len(fs))
	}
	j := slices.IndexFunc(xs, func(x Explanation) bool { return x.Finding.Message == "Acme, Inc. has no location" })
	if j < 0 {
		t.Fatal("the waived finding is not explained")
	}
	x := xs[j]
	if x.Rule.ID != "T001" || x.Set != "warn" || x.File != "testdata/policies/basic.rego" || x.Line != 22 {
		t.Errorf("explained by %s %s at %s:%d", x.Rule.ID, x.Set, x.File, x.Line)
	}
	wantSteps := []Step{
		{File: "testdata/policies/basic.rego", Line: 23, Text: "some sp in input.subprocessors"},
		{File: "testdata/policies/basic.rego", Line: 24, Text: `sp.location == ""`},
		{File: "testdata/policies/basic.rego", Line: 22, Text: `{"msg": sprintf("%s has no location", [sp.name]), "subprocessor": sp.name, "field": "location"}`},
	}
	if diff := cmp.Diff(wantSteps, x.Steps); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}
	wantInputs := []Value{
		{Name: "sp.location", Value: `""`, Input: "input.subprocessors[1].location"},
		{Name: "sp.name", Value: `"Acme, Inc."`, Input: "input.subprocessors[1].name"},
	}
	if diff := cmp.Diff(wantInputs, x.Inputs); diff != "" {
		t.Errorf("inputs (-want +got):\n%s", diff)
	}
	if len(x.Values) != 1 || x.Values[0].Name != "sp" || x.Values[0].Input != "input.subprocessors[1]" || x.Values[0].Summary != `"Acme, Inc.", line 8` {
		t.Errorf("values = %+v", x.Values)
	}
	if xs, err := e.Explain(context.Background(), doc, nil); err != nil || xs != nil {
		t.Errorf("no findings: %v, %v", xs, err)
	}
}
