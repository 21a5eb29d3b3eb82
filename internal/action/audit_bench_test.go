package action_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/subpolicy/subpolicy/internal/action"
)

// BenchmarkAudit2000Files runs a whole scheduled audit, as the runner starts it, over a
// repository of 2,000 Markdown files of which 5 are subprocessor pages: walking the
// workspace, reading and parsing every file in parallel, compiling the policies once,
// evaluating the pages, and writing the annotations, job summary and outputs (no API: the
// check run and the issue are off). One op is one audit.
//
//	go test -run '^$' -bench Audit2000Files ./internal/action
func BenchmarkAudit2000Files(b *testing.B) {
	dir := b.TempDir()
	ws := filepath.Join(dir, "workspace")
	pages := []string{
		filepath.Join(repoRoot, "testdata", "subprocessors.md"),
		filepath.Join(repoRoot, "testdata", "pages", "multiple-tables.md"),
		filepath.Join(repoRoot, "testdata", "pages", "html-table.md"),
		filepath.Join(repoRoot, "testdata", "pages", "messy-cells.md"),
		filepath.Join(repoRoot, "testdata", "action", "many-findings.md"),
	}
	const total = 2000
	write := func(rel string, content []byte) {
		p := filepath.Join(ws, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, content, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for i, p := range pages {
		content, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		write(fmt.Sprintf("legal/region%d/subprocessors.md", i), content)
	}
	for i := range total - len(pages) {
		write(fmt.Sprintf("docs/section%02d/topic%03d/page%d.md", i%40, i%170, i), docPage(i))
	}

	summary, output := filepath.Join(dir, "summary.md"), filepath.Join(dir, "output")
	vars := map[string]string{
		"GITHUB_EVENT_NAME":   "schedule",
		"GITHUB_EVENT_PATH":   filepath.Join(dir, "event.json"),
		"GITHUB_WORKSPACE":    ws,
		"GITHUB_REPOSITORY":   "octo-org/docs",
		"GITHUB_SHA":          auditSHA,
		"GITHUB_STEP_SUMMARY": summary,
		"GITHUB_OUTPUT":       output,
		"INPUT_FAIL-ON":       "never",
		"INPUT_CHECK-NAME":    "",
	}
	if err := os.WriteFile(vars["GITHUB_EVENT_PATH"], []byte(`{"schedule":"17 3 * * 1"}`), 0o644); err != nil {
		b.Fatal(err)
	}
	var log strings.Builder
	env := action.NewEnv(func(k string) string { return vars[k] }, &log)
	env.Now = func() time.Time { return now }

	b.ReportAllocs()
	for b.Loop() {
		log.Reset()
		for _, p := range []string{summary, output} {
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				b.Fatal(err)
			}
		}
		if code := action.Run(context.Background(), env); code != action.ExitOK {
			b.Fatalf("exit %d:\n%s", code, log.String())
		}
	}
	b.StopTimer()
	if !strings.Contains(log.String(), fmt.Sprintf("subpolicy: %d files, ", total)) {
		b.Fatalf("the audit did not check %d files:\n%s", total, log.String())
	}
	b.ReportMetric(float64(total)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

// docPage is an ordinary documentation page of about 3 KB: headings, prose, lists, links,
// code and, on one page in ten, a table that is not a subprocessor table.
func docPage(i int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: Topic %d\nsidebar_position: %d\n---\n\n# Topic %d\n\n", i, i%17, i)
	for s := range 4 {
		fmt.Fprintf(&b, "## Section %d.%d\n\n", i, s)
		b.WriteString("This page explains how the product handles **configuration**, _permissions_ and `settings` for teams. ")
		b.WriteString("See the [reference](https://docs.example.com/reference) and the [FAQ](../faq.md) for details; ")
		b.WriteString("every change is logged and can be reverted from the admin console.\n\n")
		b.WriteString("- Open the settings page\n- Choose a workspace\n  - nested item with `code`\n- Save\n\n")
		if s == 2 {
			b.WriteString("```yaml\nsettings:\n  retention_days: 30\n  region: eu-west-1\n```\n\n")
		}
	}
	if i%10 == 0 {
		b.WriteString("| Plan | Price | Seats |\n|---|---|---|\n| Free | $0 | 3 |\n| Pro | $12 | 50 |\n| Enterprise | Contact us | Unlimited |\n\n")
	}
	b.WriteString("> **Note**: features marked beta may change.\n")
	return []byte(b.String())
}
