package markdown

import (
	"fmt"
	"os"
	"testing"

	"github.com/subpolicy/subpolicy/internal/testpage"
)

// tableOfRows returns a page with one pipe table of n body rows shaped like the seed page's.
func tableOfRows(n int) []byte {
	b := []byte("# Vendors\n\n| Name | Purpose | Data | Location | Links |\n|---|---|---|---|---|\n")
	for i := range n {
		b = fmt.Appendf(b, "| Vendor %d | Cloud hosting | *   Real-time<br>*   Storage | United States | [Policy](https://example.com/%d) |\n", i, i)
	}
	return b
}

// benchmarkParse reports the time to parse src.
func benchmarkParse(b *testing.B, src []byte) {
	b.Helper()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseSeed(b *testing.B) {
	src, err := os.ReadFile(seedPath)
	if err != nil {
		b.Fatal(err)
	}
	benchmarkParse(b, src)
}

// The large-page benchmarks parse testpage pages: front matter, an Updated line, and one
// table whose cells hold emphasis, <br>-separated bullet lists and links, like real pages.

func BenchmarkParse20000Rows(b *testing.B) {
	benchmarkParse(b, testpage.Bytes(20000))
}

func BenchmarkParse100000Rows(b *testing.B) {
	benchmarkParse(b, testpage.Bytes(100000))
}
