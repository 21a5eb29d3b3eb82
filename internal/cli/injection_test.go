package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/subpolicy/subpolicy/internal/markdown"
	"github.com/subpolicy/subpolicy/internal/report"
	"github.com/subpolicy/subpolicy/internal/report/injectiontest"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// TestInjectionCLI feeds the hostile page through the command line's sinks: the text report
// and print() output on a terminal, the JSON and SARIF reports, `parse` and `diff`. Each shows
// the text literally or escaped and cannot be driven by it.
func TestInjectionCLI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	content := injectiontest.Page()
	pagePath := filepath.Join(dir, "subprocessors.md")
	basePath := filepath.Join(dir, "base.md")
	pol := filepath.Join(dir, "echo.rego")
	for p, c := range map[string]string{pagePath: content, pol: injectiontest.EchoPolicy,
		basePath: "# Subprocessors\n\nUpdated 2026-11-01\n\n| Name | Purpose | Data | Location |\n|---|---|---|---|\n| Acme Ltd | Email | Names | Germany |\n"} {
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	parsed, err := markdown.Parse([]byte(content))
	if err != nil {
		t.Fatal(err)
	}
	doc := subprocessor.Build(pagePath, parsed)
	var names []string
	for _, sp := range doc.Subprocessors {
		names = append(names, sp.Name)
	}

	t.Run("text", func(t *testing.T) {
		t.Parallel()
		code, out, errOut := run(t, "check", "--now", now, "--policy", pol, pagePath)
		if code != ExitFindings {
			t.Fatalf("exit %d; stderr:\n%s", code, errOut)
		}
		injectiontest.CheckTerminal(t, "text report", out, false)
		injectiontest.CheckTerminal(t, "print output", errOut, false)
		for _, n := range names {
			if !strings.Contains(out, report.Terminal(n)) {
				t.Errorf("text report: %.80q is not shown escaped", n)
			}
			if !strings.Contains(errOut, report.Terminal(n)) {
				t.Errorf("print output: %.80q is not shown escaped", n)
			}
		}
	})
	t.Run("json", func(t *testing.T) {
		t.Parallel()
		code, out, _ := run(t, "check", "--now", now, "--policy", pol, "--format", "json", pagePath)
		if code != ExitFindings {
			t.Fatalf("exit %d", code)
		}
		var rep report.Report
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("JSON report: %v", err)
		}
		if got := rep.Files[0].Subprocessors; strings.Join(got, "\x00") != strings.Join(names, "\x00") {
			t.Errorf("the JSON report does not keep the names as they are")
		}
	})
	t.Run("sarif", func(t *testing.T) {
		t.Parallel()
		code, out, _ := run(t, "check", "--now", now, "--policy", pol, "--format", "sarif", pagePath)
		if code != ExitFindings {
			t.Fatalf("exit %d", code)
		}
		var log struct {
			Runs []struct {
				Results []struct {
					Message struct{ Text string } `json:"message"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal([]byte(out), &log); err != nil || len(log.Runs) != 1 || len(log.Runs[0].Results) == 0 {
			t.Fatalf("SARIF: %v", err)
		}
		for _, r := range log.Runs[0].Results {
			injectiontest.CheckPlain(t, "SARIF message", r.Message.Text)
		}
	})
	t.Run("parse", func(t *testing.T) {
		t.Parallel()
		code, out, _ := run(t, "parse", pagePath)
		if code != ExitOK || !json.Valid([]byte(out)) {
			t.Fatalf("exit %d, valid JSON %t", code, json.Valid([]byte(out)))
		}
	})
	t.Run("diff", func(t *testing.T) {
		t.Parallel()
		code, out, _ := run(t, "diff", basePath, pagePath)
		if code != ExitOK {
			t.Fatalf("exit %d", code)
		}
		injectiontest.CheckTerminal(t, "diff text", out, false)
		code, out, _ = run(t, "diff", "--format", "markdown", basePath, pagePath)
		if code != ExitOK {
			t.Fatalf("exit %d", code)
		}
		injectiontest.CheckMarkdown(t, "diff markdown", out)
		for _, n := range names {
			injectiontest.CheckShown(t, "diff markdown", out, n)
		}
	})
}
