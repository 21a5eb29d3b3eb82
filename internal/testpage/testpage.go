// Package testpage generates subprocessor pages of any size, shaped like real ones (front
// matter, an Updated line, <br>-separated bullet lists, links, a few defects), for benchmarks
// and for scripts/genpage.
package testpage

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

var (
	purposes  = []string{"Cloud hosting and storage of the service", "Transactional email delivery", "AI Service Provider", "Customer support ticketing", "Error monitoring of the web application", "Payment processing"}
	data      = []string{"*   Real-time application<br>*   Transcripts", "*   Email addresses<br>*   Names", "*   Call Recordings", "*   Support tickets", "*   Stack traces<br>*   IP addresses", "*   Billing email"}
	locations = []string{"United States", "Germany", "Ireland", "USA", "United Kingdom", "Japan"}
)

// Write writes a page with the given number of rows. Every 97th row has no location, and
// "United States" is also written "USA", so the default pack has findings to report.
func Write(w io.Writer, rows int) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "---\ntitle: Subprocessors\ndate: 2026-11-01\n---\n\n# Subprocessors\n\nUpdated November 1, 2026\n\n")
	fmt.Fprintf(bw, "We give at least 30 days' notice of new subprocessors. Subscribe to changes by watching this repository.\n\n")
	fmt.Fprintf(bw, "| **Name** | **Purpose** | **Data Shared with Subprocessor** | **Location** | **Links** |\n|---|---|---|---|---|\n")
	for i := range rows {
		loc := locations[i%len(locations)]
		if i%97 == 0 {
			loc = ""
		}
		fmt.Fprintf(bw, "| Vendor %d, Inc. | %s | %s | %s | [Vendor %d Privacy Policy](https://vendor%d.example.com/privacy) |\n",
			i, purposes[i%len(purposes)], data[i%len(data)], loc, i, i)
	}
	return bw.Flush()
}

// Bytes returns the page Write writes.
func Bytes(rows int) []byte {
	var b bytes.Buffer
	_ = Write(&b, rows) // a bytes.Buffer never fails
	return b.Bytes()
}
