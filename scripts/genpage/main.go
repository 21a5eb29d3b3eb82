// Command genpage writes a subprocessor page with the given number of rows, shaped like real
// pages (front matter, an Updated line, <br>-separated bullet lists, links, a few defects), for
// benchmarks and the peer comparison in scripts/bench-peers.sh.
//
//	go run ./scripts/genpage -rows 20000 > /tmp/page.md
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
)

var (
	purposes  = []string{"Cloud hosting and storage of the service", "Transactional email delivery", "AI Service Provider", "Customer support ticketing", "Error monitoring of the web application", "Payment processing"}
	data      = []string{"*   Real-time application<br>*   Transcripts", "*   Email addresses<br>*   Names", "*   Call Recordings", "*   Support tickets", "*   Stack traces<br>*   IP addresses", "*   Billing email"}
	locations = []string{"United States", "Germany", "Ireland", "USA", "United Kingdom", "Japan"}
)

func main() {
	rows := flag.Int("rows", 1000, "number of subprocessor rows")
	flag.Parse()
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprintf(w, "---\ntitle: Subprocessors\ndate: 2026-11-01\n---\n\n# Subprocessors\n\nUpdated November 1, 2026\n\n")
	fmt.Fprintf(w, "We give at least 30 days' notice of new subprocessors. Subscribe to changes by watching this repository.\n\n")
	fmt.Fprintf(w, "| **Name** | **Purpose** | **Data Shared with Subprocessor** | **Location** | **Links** |\n|---|---|---|---|---|\n")
	for i := range *rows {
		loc := locations[i%len(locations)]
		if i%97 == 0 {
			loc = ""
		}
		fmt.Fprintf(w, "| Vendor %d, Inc. | %s | %s | %s | [Vendor %d Privacy Policy](https://vendor%d.example.com/privacy) |\n",
			i, purposes[i%len(purposes)], data[i%len(data)], loc, i, i)
	}
}
