package check

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/subpolicy/subpolicy/internal/markdown"
	"github.com/subpolicy/subpolicy/internal/policy"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
	"github.com/subpolicy/subpolicy/internal/testpage"
)

// BenchmarkCheck is parse + evaluate with the default pack, what `subpolicy check` does after
// loading the policies, on generated pages with <br> lists and links. The ns/row metric stays
// flat when nothing is worse than linear in the rows.
func BenchmarkCheck(b *testing.B) {
	benchCheck(b, policy.Options{DefaultPack: true}, 100, 1000, 20000, 100000)
}

// BenchmarkCheckFloor is BenchmarkCheck with one trivial rule instead of the default pack
// (scripts/floor): what a page costs before any real rule runs.
func BenchmarkCheckFloor(b *testing.B) {
	benchCheck(b, policy.Options{Policies: []string{"../../scripts/floor"}}, 1000, 20000)
}

// BenchmarkCheckInlineWaivers is BenchmarkCheck with an inline waiver on every AI
// provider's row (a sixth of them), each silencing that row's SP004 finding: matching findings
// with waivers must stay linear too.
func BenchmarkCheckInlineWaivers(b *testing.B) {
	waive := func(page []byte) []byte {
		lines := bytes.Split(page, []byte("\n"))
		for i, l := range lines {
			if bytes.Contains(l, []byte("| AI Service Provider |")) {
				lines[i] = append(l, " <!-- subpolicy-ignore SP004: the DPA rules out training -->"...)
			}
		}
		return bytes.Join(lines, []byte("\n"))
	}
	benchCheckPages(b, policy.Options{DefaultPack: true}, waive, 1000, 20000)
}

func benchCheck(b *testing.B, popts policy.Options, sizes ...int) {
	benchCheckPages(b, popts, func(page []byte) []byte { return page }, sizes...)
}

// benchCheckPages checks generated pages of the given sizes, each changed by edit.
func benchCheckPages(b *testing.B, popts policy.Options, edit func([]byte) []byte, sizes ...int) {
	eng, err := policy.Load(context.Background(), popts)
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			files := []File{{Path: "docs/subprocessors.md", Content: edit(testpage.Bytes(n))}}
			opts := Options{Context: subprocessor.Context{Mode: "local", Now: "2026-11-28T00:00:00Z"}, MaxFileSize: 1 << 30}
			b.ReportAllocs()
			var findings, waived int
			for b.Loop() {
				res, err := Run(context.Background(), eng, files, opts)
				if err != nil {
					b.Fatal(err)
				}
				if n := len(res.Files[0].Document.Subprocessors); n == 0 {
					b.Fatal("no rows parsed")
				}
				findings, waived = len(res.Findings), 0
				for _, f := range res.Findings {
					if f.Waived != nil {
						waived++
					}
				}
			}
			b.ReportMetric(float64(findings), "findings")
			b.ReportMetric(float64(waived), "waived")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/row")
		})
	}
}

// BenchmarkCheckStages times each stage of a 20,000-row check on its own, to see where the
// time goes: parse, build the document, group its rows, evaluate (input conversion included).
func BenchmarkCheckStages(b *testing.B) {
	src := testpage.Bytes(20000)
	page, err := markdown.Parse(src)
	if err != nil {
		b.Fatal(err)
	}
	doc := subprocessor.Build("docs/subprocessors.md", page)
	doc.Context = subprocessor.Context{Mode: "local", Now: "2026-11-28T00:00:00Z"}
	eng, err := policy.Load(context.Background(), policy.Options{DefaultPack: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("parse", func(b *testing.B) {
		for b.Loop() {
			if _, err := markdown.Parse(src); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			subprocessor.Build("docs/subprocessors.md", page)
		}
	})
	b.Run("index", func(b *testing.B) {
		for b.Loop() {
			subprocessor.NewIndex(doc.Subprocessors)
		}
	})
	b.Run("evaluate", func(b *testing.B) {
		for b.Loop() {
			if _, err := eng.Evaluate(context.Background(), doc); err != nil {
				b.Fatal(err)
			}
		}
	})
}
