// Command genhistory writes a git repository holding many versions of a subprocessor page
// (testpage.WriteHistory), for the benchmarks of subpolicy history and feed:
//
//	go run ./scripts/genhistory -commits 1000 -rows 300 /tmp/history-repo
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/subpolicy/subpolicy/internal/testpage"
)

func main() {
	commits := flag.Int("commits", 1000, "number of commits, each a version of the page")
	rows := flag.Int("rows", 300, "number of subprocessor rows of the first version")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: genhistory [-commits N] [-rows N] NEW_FOLDER")
		os.Exit(2)
	}
	if err := testpage.WriteHistory(flag.Arg(0), *commits, *rows); err != nil {
		fmt.Fprintln(os.Stderr, "genhistory:", err)
		os.Exit(1)
	}
}
