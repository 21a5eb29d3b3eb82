package testpage

import (
	"os"
	"path/filepath"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Repo is a real git repository in a folder, for tests and benchmarks that need a history.
type Repo struct {
	Dir  string
	Repo *git.Repository
	wt   *git.Worktree
}

// InitRepo makes dir a new git repository with a work tree.
func InitRepo(dir string) (*Repo, error) {
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		return nil, err
	}
	wt, err := repo.Worktree()
	if err != nil {
		return nil, err
	}
	return &Repo{Dir: dir, Repo: repo, wt: wt}, nil
}

// Commit writes files (slash path → content; "" removes the file) and commits them, authored
// and committed at when.
func (r *Repo) Commit(msg string, when time.Time, files map[string]string) (plumbing.Hash, error) {
	for p, content := range files {
		if content == "" {
			if _, err := r.wt.Remove(p); err != nil {
				return plumbing.ZeroHash, err
			}
			continue
		}
		full := filepath.Join(r.Dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return plumbing.ZeroHash, err
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			return plumbing.ZeroHash, err
		}
		if _, err := r.wt.Add(p); err != nil {
			return plumbing.ZeroHash, err
		}
	}
	sig := &object.Signature{Name: "Someone", Email: "someone@example.com", When: when}
	return r.wt.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig})
}
