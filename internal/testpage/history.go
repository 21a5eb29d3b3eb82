package testpage

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// HistoryPage is where WriteHistory puts the page, relative to the repository.
const HistoryPage = "docs/subprocessors.md"

// WriteHistory makes dir a git repository holding commits versions of a page of rows rows
// (HistoryPage), one commit an hour: the first adds the page, each next one changes one
// row, in turn a location, an added row and a removed row. It is the history the benchmarks
// of subpolicy history and feed read.
func WriteHistory(dir string, commits, rows int) error {
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		return err
	}
	wt, err := repo.Worktree()
	if err != nil {
		return err
	}
	head, table := split(string(Bytes(rows)))
	places := []string{"Australia", "Brazil", "Japan", "Singapore", "South Africa"}
	added := 0
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	path := filepath.Join(dir, filepath.FromSlash(HistoryPage))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
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
		if err := os.WriteFile(path, []byte(head+strings.Join(table, "\n")+"\n"), 0o644); err != nil {
			return err
		}
		if _, err := wt.Add(HistoryPage); err != nil {
			return err
		}
		sig := &object.Signature{Name: "Bench", Email: "bench@example.com", When: start.Add(time.Duration(i) * time.Hour)}
		if _, err := wt.Commit(fmt.Sprintf("version %d", i), &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
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
