package policy

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/subpolicy/subpolicy/internal/finding"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
	"github.com/subpolicy/subpolicy/policy"
)

func TestDefaultPackRules(t *testing.T) {
	t.Parallel()
	e := mustLoad(t, Options{DefaultPack: true})
	slugs, err := fs.Glob(policy.FS, "rules/*")
	if err != nil {
		t.Fatal(err)
	}
	rules := e.Rules()
	if len(rules) != len(slugs) {
		t.Errorf("%d rules loaded, want one per folder under policy/rules (%d)", len(rules), len(slugs))
	}
	idRE := regexp.MustCompile(`^SP\d{3}$`)
	for i, r := range rules {
		slug := r.Package[len("subpolicy.rules."):]
		if !idRE.MatchString(r.ID) || r.Title == "" || r.Description == "" || r.DocURL == "" ||
			r.File != "policy/rules/"+slug+"/"+slug+".rego" || r.Severity == 0 {
			t.Errorf("rule %+v: want an SPnnn id, a title, description and docs URL, a severity, and File policy/rules/<slug>/<slug>.rego", r)
		}
		if i > 0 && rules[i-1].ID >= r.ID {
			t.Errorf("rules not sorted by id: %s before %s", rules[i-1].ID, r.ID)
		}
	}
	if got := e.Config()["notice_days"]; got != json.Number("30") {
		t.Errorf("config notice_days = %v, want the pack's 30", got)
	}
}

func TestDefaultPackDataOverride(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := path.Join(dir, "override.yaml")
	if err := os.WriteFile(file, []byte("notice_days: 60\ntransfers:\n  allowed: [US, DE]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e := mustLoad(t, Options{DefaultPack: true, Data: []string{file}})
	cfg := e.Config()
	transfers := cfg["transfers"].(map[string]any)
	if cfg["notice_days"] != json.Number("60") || !cmp.Equal(transfers["allowed"], []any{"US", "DE"}) || transfers["mechanisms"] == nil {
		t.Errorf("merged config: notice_days %v, transfers %v; want 60, allowed [US DE] and the pack's mechanisms kept",
			cfg["notice_days"], transfers)
	}
}

// goldenLineRE reads policy/testdata/seed_findings.golden, which the pack's own tests write from
// the raw query: "LINE:COLUMN RULE SEVERITY FIELD: MESSAGE", 0 for a position the finding does
// not give and "-" for no field.
var goldenLineRE = regexp.MustCompile(`^(\d+):(\d+) (\S+) (\S+) (\S+): (.*)$`)

// The engine turns the pack's results on the seed page into the same findings the pack's tests
// expect, placed where the finding says (and at the row, or line 1, where it gives no line).
func TestDefaultPackSeedPage(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../../policy/testdata/seed_input.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc subprocessor.Document
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	goldenText, err := os.ReadFile("../../policy/testdata/seed_findings.golden")
	if err != nil {
		t.Fatal(err)
	}

	e := mustLoad(t, Options{DefaultPack: true})
	got, err := e.Evaluate(context.Background(), &doc)
	if err != nil {
		t.Fatal(err)
	}

	// The golden file's findings by rule, severity, field and message, with their raw positions.
	type pos struct{ line, col int }
	want := map[string][]pos{}
	nWant := 0
	sc := bufio.NewScanner(bytes.NewReader(goldenText))
	for sc.Scan() {
		m := goldenLineRE.FindStringSubmatch(sc.Text())
		if m == nil {
			t.Fatalf("golden line %q does not read as LINE:COLUMN RULE SEVERITY FIELD: MESSAGE", sc.Text())
		}
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		k := m[3] + " " + m[4] + " " + m[5] + ": " + m[6]
		want[k] = append(want[k], pos{line, col})
		nWant++
	}
	if nWant == 0 {
		t.Fatal("the golden file lists no findings")
	}
	if len(got) != nWant {
		t.Errorf("%d findings, the golden file has %d", len(got), nWant)
	}
	for _, f := range got {
		field := f.Field
		if field == "" {
			field = "-"
		}
		k := f.Rule + " " + f.Severity.String() + " " + field + ": " + f.Message
		i := slices.IndexFunc(want[k], func(p pos) bool {
			return (p.line == 0 || p.line == f.Line) && (p.col == 0 || p.col == f.Column)
		})
		if i < 0 {
			t.Errorf("%d:%d %s: not in the golden file at that position (golden has %v)", f.Line, f.Column, k, want[k])
			continue
		}
		if p := want[k][i]; p.line == 0 && f.Subprocessor == "" && (f.Line != 1 || f.Column != 1) {
			t.Errorf("%d:%d %s: a page finding without a line belongs at 1:1", f.Line, f.Column, k)
		}
		want[k] = slices.Delete(want[k], i, i+1)
		if f.Line < 1 || f.Column < 1 || f.Path != doc.Path {
			t.Errorf("finding %+v: want the document's path and a position from 1:1", f)
		}
	}
	if n := finding.Count(got).Errors; n != 1 {
		t.Errorf("%d errors on the seed page, want 1 (Elastic's empty location)", n)
	}
}
