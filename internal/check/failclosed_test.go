package check

import (
	"context"
	"strings"
	"testing"

	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// TestRunPanicFailsClosed: a panic while checking one file, in a worker goroutine, is an
// error that stops the run, never a crash of the process and never a result without it.
func TestRunPanicFailsClosed(t *testing.T) {
	t.Parallel()
	files := []File{
		{Path: "docs/a.md", Content: page("2026-11-01", stripe)},
		{Path: "docs/b.md", Content: page("2026-11-01", twilio)},
	}
	for _, workers := range []int{1, 4} {
		res, err := Run(context.Background(), defaultEngine(t), files, Options{
			Context: testContext,
			Workers: workers,
			Prepare: func(doc *subprocessor.Document) {
				if doc.Path == "docs/b.md" {
					panic("boom")
				}
			},
		})
		if err == nil || res != nil {
			t.Fatalf("workers %d: result %v, error %v; want no result and an error", workers, res, err)
		}
		if want := "docs/b.md: internal error (panic: boom)"; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("workers %d: error %q, want it to start %q", workers, err, want)
		}
	}
}
