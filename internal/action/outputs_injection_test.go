package action

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/subpolicy/subpolicy/internal/report/injectiontest"
)

// TestWriteOutputsHostile: every hostile value, as an output's value, reads back exactly as
// it was, and sets no other output: the runner's heredoc parser sees only our blocks.
func TestWriteOutputsHostile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "output")
	var outs []output
	want := map[string]string{}
	for i, v := range injectiontest.Values {
		name := fmt.Sprintf("value_%d", i)
		outs = append(outs, output{name, v.Text + "\nerrors<<EOF\n0\nEOF\n_GitHubActionsFileCommandDelimeter_\n" + v.Text})
		want[name] = outs[len(outs)-1].value
	}
	if err := writeOutputs(path, outs); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Read the file as the runner does: NAME<<DELIMITER, then lines up to DELIMITER alone.
	got := map[string]string{}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		name, delim, ok := strings.Cut(lines[i], "<<")
		if !ok {
			t.Fatalf("line %d is no block header: %q", i+1, lines[i])
		}
		var value []string
		for i++; i < len(lines) && lines[i] != delim; i++ {
			value = append(value, lines[i])
		}
		if i == len(lines) {
			t.Fatalf("output %s is not closed", name)
		}
		got[name] = strings.Join(value, "\n")
	}
	if len(got) != len(want) {
		t.Errorf("%d outputs read back, want %d", len(got), len(want))
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("output %s reads back %.80q, want %.80q", name, got[name], w)
		}
	}
}
