package policy

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/subpolicy/subpolicy/internal/policy/policytest"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
	"github.com/subpolicy/subpolicy/internal/testpage"
)

// TestParallelEvaluationAgrees evaluates the default pack on long pages with one query per
// rule in parallel and with the one query, and requires the same findings.
func TestParallelEvaluationAgrees(t *testing.T) {
	t.Parallel()
	seq := mustLoad(t, Options{DefaultPack: true})
	seq.parallelRows = 1 << 30
	par := mustLoad(t, Options{DefaultPack: true})
	par.parallelRows, par.workers = 1, 3
	for name, doc := range map[string]*subprocessor.Document{
		"generated page": mustParse(t, "generated.md", testpage.Bytes(400)),
		"seed page":      mustParse(t, "../../testdata/subprocessors.md", mustRead(t, "../../testdata/subprocessors.md")),
		"same-name":      pathologicalDoc("same-name", 50),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			doc.Context = subprocessor.Context{Mode: "local", Now: "2026-11-28T00:00:00Z"}
			want, err := seq.Evaluate(context.Background(), doc)
			if err != nil {
				t.Fatal(err)
			}
			got, err := par.Evaluate(context.Background(), doc)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 {
				t.Fatal("no findings: the comparison proves nothing")
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("findings (-one query +parallel):\n%s", diff)
			}
		})
	}
	t.Cleanup(func() {
		if n := par.parallel.Load(); n != 3 {
			t.Errorf("%d evaluations ran in parallel, want 3", n)
		}
		if n := seq.parallel.Load(); n != 0 {
			t.Errorf("%d evaluations ran in parallel with one query, want 0", n)
		}
	})
}

// TestParallelEvaluationFailsClosed: a panic or a timeout in one rule's query fails the whole
// evaluation as it does with one query.
func TestParallelEvaluationFailsClosed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "panics.rego"), []byte(policytest.PanicPolicy), 0o644); err != nil {
		t.Fatal(err)
	}
	e := mustLoad(t, Options{Policies: []string{dir, "testdata/policies"}})
	e.parallelRows, e.workers = 1, 2
	fs, err := e.Evaluate(context.Background(), testDoc())
	if e.parallel.Load() != 1 {
		t.Error("the evaluation did not run in parallel")
	}
	var pe *PanicError
	if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), "docs/subprocessors.md: policy evaluation failed: internal error (panic: "+policytest.PanicValue) {
		t.Errorf("Evaluate = %d findings, %v; want the panic as an error", len(fs), err)
	}

	slow := mustLoad(t, Options{Policies: []string{"testdata/runtime/slow.rego", "testdata/policies"}, Timeout: 50 * time.Millisecond})
	slow.parallelRows, slow.workers = 1, 2
	if fs, err := slow.Evaluate(context.Background(), testDoc()); !errors.Is(err, context.DeadlineExceeded) || slow.parallel.Load() != 1 {
		t.Errorf("Evaluate = %d findings, %v (parallel: %d); want the timeout, in parallel", len(fs), err, slow.parallel.Load())
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
