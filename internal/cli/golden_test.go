package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGolden runs parse and check on every fixture page and compares what a user sees with
// testdata/golden/<page>.parse.json and <page>.check.txt. Regenerate with -update.
func TestGolden(t *testing.T) {
	t.Parallel()
	pages, err := filepath.Glob("../../testdata/pages/*.md")
	if err != nil {
		t.Fatal(err)
	}
	pages = append(pages, "../../testdata/subprocessors.md")
	for _, page := range pages {
		name := strings.TrimSuffix(filepath.Base(page), ".md")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, parsed, errOut := run(t, "parse", "--now", now, page)
			if errOut != "" {
				t.Errorf("parse wrote to stderr:\n%s", errOut)
			}
			compareGolden(t, name+".parse.json", parsed)
			code, checked, errOut := run(t, "check", "--now", now, "--fail-on", "never", page)
			if code != ExitOK {
				t.Errorf("check exit code = %d\n%s", code, errOut)
			}
			compareGolden(t, name+".check.txt", checked+errOut)
		})
	}
}

func compareGolden(t *testing.T, name, got string) {
	t.Helper()
	got = strings.ReplaceAll(got, "../../testdata/", "testdata/")
	path := filepath.Join("../../testdata/golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got); run go test ./internal/cli -update if the change is right:\n%s", name, diff)
	}
}

// TestRulesReferenceUpToDate fails when docs/rules.md no longer matches the default pack,
// so the docs links in every finding stay right.
func TestRulesReferenceUpToDate(t *testing.T) {
	t.Parallel()
	code, out, errOut := run(t, "rules", "--format", "markdown")
	if code != ExitOK {
		t.Fatalf("exit code = %d\n%s", code, errOut)
	}
	const path = "../../docs/rules.md"
	if *update {
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), out); diff != "" {
		t.Errorf("docs/rules.md is out of date; run go test ./internal/cli -update (-file +generated):\n%s", diff)
	}
}

// TestReadmeExampleOutput keeps the output pasted in the README's quick start true.
func TestReadmeExampleOutput(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const start = "```\ntestdata/subprocessors.md:"
	i := strings.Index(string(readme), start)
	if i < 0 {
		t.Fatal("README.md has no pasted output of the seed page")
	}
	block := string(readme[i+len("```\n"):])
	block = block[:strings.Index(block, "```")]
	_, out, _ := run(t, "check", "--now", now, "../../testdata/subprocessors.md")
	out = strings.ReplaceAll(out, "../../testdata/", "testdata/")
	if diff := cmp.Diff(block, out); diff != "" {
		t.Errorf("README.md's example output is out of date (-readme +actual):\n%s", diff)
	}
}
