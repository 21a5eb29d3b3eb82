// Command genpage writes a subprocessor page with the given number of rows, shaped like real
// pages (front matter, an Updated line, <br>-separated bullet lists, links, a few defects), for
// benchmarks and the peer comparison in scripts/bench-peers.sh.
//
//	go run ./scripts/genpage -rows 20000 > /tmp/page.md
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/subpolicy/subpolicy/internal/testpage"
)

func main() {
	rows := flag.Int("rows", 1000, "number of subprocessor rows")
	flag.Parse()
	if err := testpage.Write(os.Stdout, *rows); err != nil {
		fmt.Fprintln(os.Stderr, "genpage:", err)
		os.Exit(1)
	}
}
