package history

import (
	"testing"

	"github.com/go-git/go-git/v5"

	"github.com/subpolicy/subpolicy/internal/testpage"
)

// BenchmarkHistory reads the history of a 300-row page over 1,000 commits, each changing one
// row, from a repository on disk: every version read and compared with the one before.
func BenchmarkHistory(b *testing.B) {
	dir := b.TempDir()
	if err := testpage.WriteHistory(dir, 1000, 300); err != nil {
		b.Fatal(err)
	}
	repo, err := git.PlainOpen(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		h, err := Read(repo, testpage.HistoryPage, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(h.Events) != 1000 {
			b.Fatalf("%d events, want 1000", len(h.Events))
		}
	}
}
