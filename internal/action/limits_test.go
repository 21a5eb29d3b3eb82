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

// The max-file-size input: a page over it is never read (its size is looked at first), and
// is a file not checked, which fails the run with a message naming the limit.

func TestMaxFileSizeInput(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"10MB", "0", "-1"} {
		h := newHarness(t)
		h.pullRequest(githubtest.File{Path: page})
		h.input("max-file-size", v)
		if code := h.run(); code != action.ExitUsage {
			t.Fatalf("max-file-size %q: exit %d, want %d", v, code, action.ExitUsage)
		}
		want := `input "max-file-size" is "` + v + `": write a positive number of bytes, such as 10485760 (10 MiB, the default)`
		if errs := h.commands("error"); !slices.ContainsFunc(errs, func(c string) bool { return strings.Contains(c, want) }) {
			t.Errorf("no error command containing %q: %q", want, errs)
		}
	}
}

func TestPageOverMaxFileSize(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.pullRequest(githubtest.File{Path: "docs/huge.md", Status: "added"}, githubtest.File{Path: page, Status: "modified"})
	h.write(page, fixture(t, "clean.md"))
	// 20 GiB, sparse: reading it, even up to the limit, would show.
	huge := filepath.Join(h.workspace, "docs", "huge.md")
	f, err := os.Create(huge)
	if err == nil {
		err = f.Truncate(20 << 30)
	}
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		t.Skipf("cannot make a sparse file here: %v", err)
	}

	if code := h.run(); code != action.ExitUsage {
		t.Fatalf("exit %d, want %d", code, action.ExitUsage)
	}
	want := "::error file=docs/huge.md,line=1,title=subpolicy%3A file not checked::file is 20480.0 MiB, over the 10.0 MiB limit; " +
		"raise the maximum file size (--max-file-size, or the action's max-file-size input) if this page is really that large"
	if !slices.Contains(h.annotations(), want) {
		t.Errorf("no annotation %q in %q", want, h.annotations())
	}
	cr := h.checkRun()
	if cr.Conclusion != "failure" || !strings.HasSuffix(cr.Title, "; 1 file not checked") {
		t.Errorf("check run: %s %q", cr.Conclusion, cr.Title)
	}

	// A lower limit, given as an input.
	h = newHarness(t)
	h.input("mode", "audit")
	h.input("max-file-size", "1000")
	h.write(page, fixture(t, "clean.md")+"\n"+strings.Repeat("More text. ", 100)+"\n")
	h.write("docs/small.md", "# Small\n")
	if code := h.run(); code != action.ExitUsage {
		t.Fatalf("audit: exit %d, want %d", code, action.ExitUsage)
	}
	anns := h.annotations()
	if !slices.ContainsFunc(anns, func(a string) bool {
		return strings.HasPrefix(a, "::error file="+page+",line=1,title=subpolicy%3A file not checked::file is 1.") &&
			strings.Contains(a, " KiB, over the 1000 bytes limit")
	}) || slices.ContainsFunc(anns, func(a string) bool { return strings.Contains(a, "docs/small.md") }) {
		t.Errorf("annotations %q: want the page over 1000 bytes not checked, and nothing about docs/small.md", anns)
	}
}

func TestPageOverMaxFileSizeThroughTheAPI(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.input("max-file-size", "1048576")
	h.pullRequest(githubtest.File{Path: page, Status: "modified"}, githubtest.File{Path: "docs/other.md", Status: "modified"})
	// Not in the workspace: read through the contents API. Over 1 MB, the API sends no
	// content and the file would be downloaded as a blob.
	big := []byte("# Big\n\n" + strings.Repeat("| Name | Purpose |\n|---|---|\n| Acme | Email |\n\n", 30_000))
	h.srv.SetContent(owner, repo, headSHA, page, big)
	h.write("docs/other.md", fixture(t, "clean.md"))
	h.srv.SetContent(owner, repo, baseSHA, "docs/other.md", big)

	if code := h.run(); code != action.ExitUsage {
		t.Fatalf("exit %d, want %d", code, action.ExitUsage)
	}
	want := "::error file=" + page + ",line=1,title=subpolicy%3A file not checked::file is 1.3 MiB, over the 1.0 MiB limit; "
	if !slices.ContainsFunc(h.annotations(), func(a string) bool { return strings.HasPrefix(a, want) }) {
		t.Errorf("no annotation starting %q in %q", want, h.annotations())
	}
	// The base version of the other page is as large: compared with nothing, said so.
	if w := h.commands("warning"); !slices.ContainsFunc(w, func(c string) bool {
		return strings.Contains(c, `the base version of "docs/other.md" is not compared: file is 1.3 MiB, over the 1.0 MiB limit`)
	}) {
		t.Errorf("no warning about the base version: %q", w)
	}
	if blobs := h.under("GET", "/repos/"+owner+"/"+repo+"/git/blobs/"); len(blobs) != 0 {
		t.Errorf("downloaded %d blobs over the limit: %v", len(blobs), h.requests())
	}
}

// perRow reports a warning on every row, and an error on rows whose name ends in 7.
const perRow = `# METADATA
# title: Every row
# description: A finding per row, for a test.
# custom:
#   id: CU100
#   severity: warning
package subpolicy.rules.perrow

warn contains {"msg": sprintf("row %s", [sp.name]), "subprocessor": sp.name} if {
	some sp in input.subprocessors
}

deny contains {"msg": sprintf("row %s is an error", [sp.name]), "subprocessor": sp.name} if {
	some sp in input.subprocessors
	endswith(sp.name, "7")
}
`

func TestCheckRunAnnotationsAreBounded(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.input("default-policies", "false")
	h.input("policy", "policies\n")
	h.write("policies/perrow.rego", perRow)
	var b strings.Builder
	b.WriteString("# Subprocessors\n\n| Name | Purpose |\n|---|---|\n")
	for i := range 1500 {
		fmt.Fprintf(&b, "| Vendor %d | Hosting |\n", i)
	}
	h.write(page, b.String())
	h.pullRequest(githubtest.File{Path: page, Status: "modified"})

	if code := h.run(); code != action.ExitFindings {
		t.Fatalf("exit %d, want %d", code, action.ExitFindings)
	}
	// 1,500 warnings and 150 errors: the check run holds the errors and the first 850
	// warnings, in 20 requests rather than 33.
	cr := h.checkRun()
	if len(cr.Annotations) != action.MaxCheckRunAnnotations || cr.AnnotationBatches != 20 {
		t.Fatalf("check run has %d annotations in %d batches, want %d in 20", len(cr.Annotations), cr.AnnotationBatches, action.MaxCheckRunAnnotations)
	}
	levels := map[string]int{}
	for _, a := range cr.Annotations {
		levels[a.Level]++
	}
	if levels["failure"] != 150 || levels["warning"] != 850 {
		t.Errorf("annotation levels %v, want every error (150) and 850 warnings", levels)
	}
	note := "The check run annotates 1000 of the 1650 findings and files not checked, the most severe first"
	if !strings.Contains(cr.Summary, note) || !strings.Contains(h.summary(), note) {
		t.Errorf("neither the check run's summary nor the job summary says %q", note)
	}
	if strings.Contains(h.summary(), "holds every finding") {
		t.Errorf("the job summary says the check run holds every finding")
	}
	// The job log has every finding instead.
	if got := len(h.annotations()); got != 1650 {
		t.Errorf("the job log has %d annotations, want all 1650", got)
	}
}
