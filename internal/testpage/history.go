package testpage

import (
	"fmt"
	"strings"
	"time"
)

// HistoryPage is where WriteHistory puts the page, relative to the repository.
const HistoryPage = "docs/subprocessors.md"

// WriteHistory makes dir a git repository holding commits versions of a page of rows rows
// (HistoryPage), one commit an hour: the first adds the page, each next one changes one
// row, in turn a location, an added row and a removed row. It is the history the benchmarks
// of subpolicy history and feed read.
func WriteHistory(dir string, commits, rows int) error {
	repo, err := InitRepo(dir)
	if err != nil {
		return err
	}
	head, table := split(string(Bytes(rows)))
	places := []string{"Australia", "Brazil", "Japan", "Singapore", "South Africa"}
	added := 0
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range commits {
		if i > 0 && len(table) > 0 {
			switch k := (i / 3) % len(table); i % 3 {
			case 0:
				cells := strings.Split(table[k], " | ")
				if len(cells) > 3 {
					next := places[i%len(places)]
					if strings.TrimSpace(cells[3]) == next {
						next = places[(i+1)%len(places)]
					}
					cells[3] = next
					table[k] = strings.Join(cells, " | ")
				}
			case 1:
				added++
				table = append(table, fmt.Sprintf("| Newcomer %d, Inc. | Analytics of product usage | *   Usage events | Canada | [Privacy](https://newcomer%d.example.com/privacy) |", added, added))
			case 2:
				table = append(table[:k], table[k+1:]...)
			}
		}
		page := head + strings.Join(table, "\n") + "\n"
		if _, err := repo.Commit(fmt.Sprintf("version %d", i), start.Add(time.Duration(i)*time.Hour), map[string]string{HistoryPage: page}); err != nil {
			return err
		}
	}
	return nil
}

// split cuts a page after its table's delimiter row: the text up to it, and the body rows.
func split(page string) (head string, rows []string) {
	lines := strings.SplitAfter(page, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "|---") {
			head = strings.Join(lines[:i+1], "")
			for _, r := range lines[i+1:] {
				if r = strings.TrimRight(r, "\n"); strings.HasPrefix(r, "| ") {
					rows = append(rows, r)
				}
			}
			return head, rows
		}
	}
	return page, nil
}
