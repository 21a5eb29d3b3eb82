package subprocessor

import (
	"fmt"
	"strings"
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

// BenchmarkHeaderMeaning is reading one header no cache holds: a page of thousands of tables
// with headers of their own pays it for each.
func BenchmarkHeaderMeaning(b *testing.B) {
	for _, h := range []string{"Spalte12_3 Daten", "Name of the Sub-processor", "이전되는 개인정보 항목", "Localtion"} {
		b.Run(h, func(b *testing.B) {
			for b.Loop() {
				readHeader(h)
			}
		})
	}
}

// BenchmarkBuildManyTables is a hostile page: thousands of small tables, every header its
// own, so no header meaning and few place lookups come from the caches. The ns/table metric
// stays flat when the recogniser is linear in the tables.
func BenchmarkBuildManyTables(b *testing.B) {
	for _, tables := range []int{500, 5000} {
		var src strings.Builder
		src.WriteString("# Subprocessors\n\n")
		for i := range tables {
			fmt.Fprintf(&src, "| Vendor%d | Zweck%d x | Standort%d y | Daten q%d | Link%d |\n|---|---|---|---|---|\n", i, i, i, i, i)
			for j := range 3 {
				fmt.Fprintf(&src, "| Acme %d Inc. | Hosting | Deutschland | E-Mail, Name | https://x%d.example |\n", j, j)
			}
			src.WriteString("\n")
		}
		page, err := markdown.Parse([]byte(src.String()))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("tables=%d", tables), func(b *testing.B) {
			for b.Loop() {
				resetCaches() // every run as a process's first
				Build("docs/subprocessors.md", page)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*tables), "ns/table")
		})
	}
}

// resetCaches empties the header-meaning and place caches.
func resetCaches() {
	meanings.reset()
	placeLookups.reset()
	placeIDs.reset()
}
