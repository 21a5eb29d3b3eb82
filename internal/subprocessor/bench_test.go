package subprocessor

import (
	"fmt"
	"testing"

	"github.com/subpolicy/subpolicy/internal/markdown"
	"github.com/subpolicy/subpolicy/internal/testpage"
)

// BenchmarkPlaceIndex is what building the CLDR place names would cost each run (places_cldr.go saves it).
func BenchmarkPlaceIndex(b *testing.B) {
	for b.Loop() {
		buildPlaces()
	}
}

// BenchmarkBuild is recognising and building the document of a parsed page: the ns/row
// metric stays flat when the recogniser is linear in the rows (its content scoring weighs 64
// rows of each column at most).
func BenchmarkBuild(b *testing.B) {
	for _, rows := range []int{1000, 20000, 100000} {
		page, err := markdown.Parse(testpage.Bytes(rows))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			for b.Loop() {
				Build("docs/subprocessors.md", page)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
		})
	}
}
