package action_test

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// TestWorkflowsPassActionlint lints every workflow (and, through "uses: ./", action.yml's
// inputs) with actionlint when it is installed; .ci/run installs a pinned version.
func TestWorkflowsPassActionlint(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("actionlint")
	if err != nil {
		t.Skip("actionlint is not on PATH, so the workflows are not linted; install it with " +
			"\"go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12\"")
	}
	files, err := filepath.Glob(filepath.Join(repoRoot, ".github", "workflows", "*.y*ml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no workflow under .github/workflows")
	}
	args := []string{"-no-color"}
	for _, f := range files {
		rel, err := filepath.Rel(repoRoot, f)
		if err != nil {
			t.Fatal(err)
		}
		args = append(args, filepath.ToSlash(rel))
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = repoRoot
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("actionlint %v: %v\n%s", args, err, out)
	}
}
