package policy

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/subpolicy/subpolicy/internal/policy/policytest"
)

// The panicking built-in is registered before any test runs: registering it adds to OPA's
// global table, which engines being loaded in parallel tests read.
func init() { policytest.RegisterPanic() }

// TestEvaluatePanic: a panic inside a built-in function during evaluation is an error that
// names the document, never a crash, and the engine still evaluates afterwards.
func TestEvaluatePanic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "panics.rego"), []byte(policytest.PanicPolicy), 0o644); err != nil {
		t.Fatal(err)
	}
	e := mustLoad(t, Options{Policies: []string{dir}})
	for range 2 {
		fs, err := e.Evaluate(context.Background(), testDoc())
		if err == nil {
			t.Fatalf("Evaluate returned %d findings and no error", len(fs))
		}
		var ee *EvalError
		var pe *PanicError
		if !errors.As(err, &ee) || ee.Path != "docs/subprocessors.md" || !errors.As(err, &pe) || len(pe.Stack) == 0 {
			t.Fatalf("error %#v is not an EvalError for the document wrapping a PanicError with its stack", err)
		}
		if !strings.HasPrefix(err.Error(), "docs/subprocessors.md: policy evaluation failed: internal error (panic: "+policytest.PanicValue) {
			t.Errorf("error = %q", err)
		}
		if fs != nil {
			t.Errorf("findings %v with the error", fs)
		}
	}
}
