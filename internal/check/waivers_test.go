package check

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/subpolicy/subpolicy/internal/finding"
	"github.com/subpolicy/subpolicy/internal/policy"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// everyRow reports each row (W001) and each table (W002).
const everyRow = `# METADATA
# title: Every row
# description: Reports every row.
# custom:
#   id: W001
#   severity: warning
package subpolicy.rules.every_row

warn contains {"msg": sprintf("row %s", [sp.name]), "subprocessor": sp.name, "name_key": sp.name_key, "field": "location"} if {
	some sp in input.subprocessors
}
`

const everyTable = `# METADATA
# title: Every table
# description: Reports every table.
# custom:
#   id: W002
#   severity: error
package subpolicy.rules.every_table

deny contains {"msg": "table", "line": t.line, "column": t.column} if {
	some t in input.tables
}
`

func waiverEngine(t *testing.T, data string) *policy.Engine {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{"row.rego": everyRow, "table.rego": everyTable, "w.yaml": data} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	eng, err := policy.Load(context.Background(), policy.Options{Dir: dir, Policies: []string{"row.rego", "table.rego"}, Data: []string{"w.yaml"}})
	if err != nil {
		t.Fatal(err)
	}
	return eng
}

// summarize renders findings as "line rule message (waived by source)".
func summarize(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		s := f.Path + ":" + strings.TrimSpace(strings.Join([]string{strconv.Itoa(f.Line), f.Rule, f.Message}, " "))
		if f.Waived != nil {
			s += " (waived by " + f.Waived.Source + ")"
		}
		out = append(out, s)
	}
	return out
}

func TestInlineWaiverPlacement(t *testing.T) {
	t.Parallel()
	page := strings.Join([]string{
		"# Subprocessors", // 1
		"",
		"<!-- subpolicy-ignore W002: the table is fine -->", // 3: the line above the table
		"| Name | Location |",                               // 4
		"|---|---|",
		"| A | US | <!-- subpolicy-ignore W001: on its own row -->", // 6
		"| B | US |", // 7: the comment above is on a row, so B is not waived
		"",
		"<table>", // 9
		"<tr><th>Name</th><th>Location</th></tr>",
		"<!-- subpolicy-ignore W001: above the row -->", // 11
		"<tr>",           // 12
		"<td>C</td>",     // 13
		"<td>US</td>",    // 14: the location cell the finding is placed at
		"</tr>",          // 15
		"<tr><td>D</td>", // 16
		"<td>US <!-- subpolicy-ignore W001: inside a cell on another line of the row --></td></tr>", // 17
		"</table>",
		"",
		"<!-- subpolicy-ignore W001: nothing below -->", // 20
		"",
	}, "\n")
	eng := waiverEngine(t, "")
	res, err := Run(context.Background(), eng, []File{{Path: "p.md", Content: []byte(page)}}, Options{Context: subprocessor.Context{Now: "2026-11-28T00:00:00Z"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"p.md:4 W002 table (waived by p.md:3)",
		"p.md:6 W001 row A (waived by p.md:6)",
		"p.md:7 W001 row B",
		"p.md:10 W002 table",
		"p.md:14 W001 row C (waived by p.md:11)",
		"p.md:17 W001 row D (waived by p.md:17)",
		"p.md:20 waiver waiver for W001 on line 20 matches no finding; remove it (an inline waiver applies to findings on its own line or the line below it)",
	}
	if diff := cmp.Diff(want, summarize(res.Findings)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

func TestDataWaiverMatching(t *testing.T) {
	t.Parallel()
	eng := waiverEngine(t, `waivers:
  - rule: w001
    subprocessor: acme          # by name key, any case of the rule id
    reason: ok
    expires: 2026-11-28         # the last day it applies: today
  - rule: W001
    subprocessor: Beta Ltd
    path: ./docs/**/*.md
    reason: ok
  - rule: W001
    subprocessor: Gamma
    path: other/*.md            # a page this run does not check: not judged
    reason: ok
  - rule: W001
    subprocessor: Nobody        # no such row in the pages checked: not judged
    reason: ok
  - rule: W404
    path: docs/a/list.md
    reason: typo in the id
`)
	page := "| Name | Location |\n|---|---|\n| Acme, Inc. | US |\n| Beta Ltd | US |\n| Gamma | US |\n"
	res, err := Run(context.Background(), eng, []File{{Path: "docs/a/list.md", Content: []byte(page)}}, Options{Context: subprocessor.Context{Now: "2026-11-28T12:00:00Z"}})
	if err != nil {
		t.Fatal(err)
	}
	got := summarize(res.Findings)
	want := []string{
		"docs/a/list.md:1 W002 table",
		"docs/a/list.md:3 W001 row Acme, Inc. (waived by w.yaml:2)",
		"docs/a/list.md:4 W001 row Beta Ltd (waived by w.yaml:6)",
		"docs/a/list.md:5 W001 row Gamma",
		"w.yaml:17 waiver waiver for W404 in \"docs/a/list.md\" matches no finding; remove it (no rule W404 is loaded: check the id)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if c := finding.Count(res.Findings); c.Waived != 2 || c.Warnings != 1 || c.Errors != 1 || c.Notices != 1 {
		t.Errorf("counts %+v", c)
	}
	if finding.FailOn(finding.Warning).Fails(slices.DeleteFunc(slices.Clone(res.Findings), func(f finding.Finding) bool { return f.Waived == nil })) {
		t.Errorf("waived findings fail a run")
	}
}
