package action_test

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/subpolicy/subpolicy/internal/action"
	"github.com/subpolicy/subpolicy/internal/github/githubtest"
	"github.com/subpolicy/subpolicy/internal/markdown"
	"github.com/subpolicy/subpolicy/internal/report/injectiontest"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// hostileValues are the values the policies see on the hostile page (as the parser
// normalises them): what every sink must show, literally.
func hostileValues(t *testing.T, content string) []string {
	t.Helper()
	parsed, err := markdown.Parse([]byte(content))
	if err != nil {
		t.Fatal(err)
	}
	doc := subprocessor.Build(page, parsed)
	if len(doc.Subprocessors) != len(injectiontest.Values) {
		t.Fatalf("the hostile page has %d rows, want %d", len(doc.Subprocessors), len(injectiontest.Values))
	}
	var out []string
	for _, sp := range doc.Subprocessors {
		out = append(out, sp.Name, sp.Purpose, sp.Location)
		out = append(out, sp.Data...)
		for _, l := range sp.Links {
			out = append(out, l.Text, l.URL)
		}
	}
	return slices.DeleteFunc(out, func(s string) bool { return strings.TrimSpace(s) == "" })
}

// hostileFileName is a page name an audit walks into: file names are page text too.
const hostileFileName = "docs/evil %0A\n::error::x <img src=x> @org #1 [x](javascript:alert(1)) \u202e\x1b[31m.md"

// checkSinksCommon checks what every run writes: the job log (only subpolicy's own
// workflow commands, the token the only value masked), the job summary and the outputs.
func checkSinksCommon(t *testing.T, h *harness, wantOutputs []string) []string {
	t.Helper()
	cmds := injectiontest.CheckLog(t, "job log", h.stdout.String())
	for _, c := range cmds {
		if strings.HasPrefix(c, "::add-mask::") && c != "::add-mask::"+githubtest.Token {
			t.Errorf("job log: page text masked a value: %q", c)
		}
		if strings.HasPrefix(c, "::error") || strings.HasPrefix(c, "::warning") || strings.HasPrefix(c, "::notice") {
			injectiontest.CheckPlain(t, "workflow command message", injectiontest.CommandData(c))
		}
	}
	injectiontest.CheckMarkdown(t, "job summary", h.trusted(h.summary()))
	out := h.outputs()
	if got := slices.Sorted(maps.Keys(out)); !slices.Equal(got, wantOutputs) {
		t.Errorf("outputs %q, want exactly %q", got, wantOutputs)
	}
	for k, v := range out {
		if strings.ContainsAny(v, "\r\n") {
			t.Errorf("output %s = %q spans lines", k, v)
		}
	}
	return cmds
}

// trusted makes the fake server's links (http on loopback) look like GitHub's, which
// CheckMarkdown accepts: they come from the API, not from the page.
func (h *harness) trusted(md string) string {
	return strings.ReplaceAll(md, h.srv.URL, "https://github.example")
}

// checkJSONReport checks that the JSON report parses and keeps every value exactly.
func checkJSONReport(t *testing.T, h *harness, path string, values []string) {
	t.Helper()
	var rep struct {
		Findings []struct{ Message, Subprocessor string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(h.readFile(h.workspace+"/"+path)), &rep); err != nil {
		t.Fatalf("JSON report: %v", err)
	}
	var all strings.Builder
	for _, f := range rep.Findings {
		all.WriteString(f.Message + "\n" + f.Subprocessor + "\n")
	}
	for _, v := range values {
		if !strings.Contains(all.String(), v) {
			t.Errorf("JSON report: %.80q is not kept as it is", v)
		}
	}
}

// checkSARIF checks that the SARIF log parses and that its messages are plain text with no
// embedded link.
func checkSARIF(t *testing.T, h *harness, path string, results int) {
	t.Helper()
	var log struct {
		Runs []struct {
			Results []struct {
				Message struct{ Text string } `json:"message"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(h.readFile(h.workspace+"/"+path)), &log); err != nil {
		t.Fatalf("SARIF: %v", err)
	}
	if len(log.Runs) != 1 || len(log.Runs[0].Results) != results {
		t.Fatalf("SARIF: %d runs, want 1 with %d results", len(log.Runs), results)
	}
	for _, r := range log.Runs[0].Results {
		injectiontest.CheckPlain(t, "SARIF message", r.Message.Text)
		if strings.Contains(strings.ReplaceAll(r.Message.Text, `\]`, ""), "](") {
			t.Errorf("SARIF message with an embedded link: %.200q", r.Message.Text)
		}
	}
}

var prOutputs = []string{"added", "changed", "errors", "feed-entries", "files", "modified", "notices", "removed", "report", "subprocessors", "warnings"}

// TestInjectionPullRequest feeds the hostile page through a pull request: the job log's
// workflow commands, the check run (annotations, title, summary and text), the job summary,
// the sticky comment, the JSON and SARIF reports and the step outputs each show the text
// literally, or escaped, and none can be driven by it.
func TestInjectionPullRequest(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	content := injectiontest.Page()
	values := hostileValues(t, content)
	h.input("policy", "policies/echo.rego")
	h.input("json-file", "out/report.json")
	h.input("sarif-file", "out/report.sarif")
	h.input("fail-on", "warning")
	h.write("policies/echo.rego", injectiontest.EchoPolicy)
	h.write(page, content)
	h.base(page, fixture(t, "clean.md"))
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})

	if code := h.run(); code != action.ExitFindings {
		t.Fatalf("exit %d, want %d", code, action.ExitFindings)
	}
	checkSinksCommon(t, h, prOutputs)
	for _, v := range values {
		injectiontest.CheckShown(t, "job summary", h.summary(), v)
	}

	cr := h.checkRun()
	if cr.Status != "completed" || cr.Conclusion != "failure" {
		t.Errorf("check run %s %s, want completed failure", cr.Status, cr.Conclusion)
	}
	injectiontest.CheckPlain(t, "check-run title", cr.Title)
	injectiontest.CheckMarkdown(t, "check-run summary", h.trusted(cr.Summary))
	injectiontest.CheckMarkdown(t, "check-run text", cr.Text)
	echoed := 0
	for _, a := range cr.Annotations {
		injectiontest.CheckPlain(t, "check-run annotation message", a.Message)
		injectiontest.CheckPlain(t, "check-run annotation title", a.Title)
		if strings.HasPrefix(a.Title, "ECHO001") {
			echoed++
		}
	}
	if echoed != len(injectiontest.Values) {
		t.Errorf("the check run holds %d ECHO001 annotations, want one per row (%d)", echoed, len(injectiontest.Values))
	}

	comments := h.srv.Comments(owner, repo, prNumber)
	if len(comments) != 1 {
		t.Fatalf("%d comments, want the sticky one", len(comments))
	}
	injectiontest.CheckMarkdown(t, "comment", comments[0].Body)
	if !strings.HasPrefix(comments[0].Body, "<!-- subpolicy:change-notice subpolicy -->\n") || strings.Count(comments[0].Body, "subpolicy:change-notice") != 1 {
		t.Errorf("the comment's marker is not its own, once")
	}

	checkJSONReport(t, h, "out/report.json", values)
	var rep struct{ Findings []json.RawMessage }
	if err := json.Unmarshal([]byte(h.readFile(h.workspace+"/out/report.json")), &rep); err != nil {
		t.Fatal(err)
	}
	checkSARIF(t, h, "out/report.sarif", len(rep.Findings))
}

var auditOutputs = prOutputs

// TestInjectionAudit feeds the hostile page, under a hostile file name too, through an audit
// with every annotation in the job log (no check run) and the tracking issue.
func TestInjectionAudit(t *testing.T) {
	t.Parallel()
	h := newAudit(t)
	content := injectiontest.Page()
	values := hostileValues(t, content)
	h.input("policy", "policies/echo.rego")
	h.input("check-name", "")
	h.input("json-file", "out/report.json")
	h.input("sarif-file", "out/report.sarif")
	h.write("policies/echo.rego", injectiontest.EchoPolicy)
	h.write(page, content)
	h.write(hostileFileName, "# Subprocessors\n\n| Name | Purpose | Data | Location |\n|---|---|---|---|\n| Acme | Email | Names | |\n")

	if code := h.run(); code != action.ExitFindings {
		t.Fatalf("exit %d, want %d", code, action.ExitFindings)
	}
	cmds := checkSinksCommon(t, h, auditOutputs)
	for _, v := range values {
		injectiontest.CheckShown(t, "job summary", h.summary(), v)
	}
	injectiontest.CheckShown(t, "job summary", h.summary(), hostileFileName)

	var rep struct {
		Findings []struct{ Severity string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(h.readFile(h.workspace+"/out/report.json")), &rep); err != nil {
		t.Fatal(err)
	}
	annotations := 0
	for _, c := range cmds {
		if strings.Contains(c, " file=") {
			annotations++
		}
	}
	if annotations != len(rep.Findings) {
		t.Errorf("%d annotations in the log, want one per finding (%d): nothing merged, split or added", annotations, len(rep.Findings))
	}
	checkJSONReport(t, h, "out/report.json", values)
	checkSARIF(t, h, "out/report.sarif", len(rep.Findings))

	is := h.onlyIssue()
	injectiontest.CheckPlain(t, "issue title", is.Title)
	injectiontest.CheckMarkdown(t, "issue", is.Body)
	if strings.Count(is.Body, "<!-- subpolicy:audit-issue -->") != 1 || !strings.HasPrefix(is.Body, "<!-- subpolicy:audit-issue -->\n") {
		t.Errorf("the issue's marker is forged or repeated")
	}
}
