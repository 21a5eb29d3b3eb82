// Package report renders a check result for people and machines. Each format has its own
// file; all of them are fed the same Report and escape untrusted page text for their medium.
package report

import (
	"errors"
	"fmt"

	"github.com/subpolicy/subpolicy/internal/check"
	"github.com/subpolicy/subpolicy/internal/finding"
	"github.com/subpolicy/subpolicy/internal/markdown"
)

// Report is the shape of the JSON output, and what every other format renders.
type Report struct {
	Findings []finding.Finding `json:"findings"`
	Summary  Summary           `json:"summary"`
	Files    []File            `json:"files"`
	// Changes, when the files were compared with a base version, is how their subprocessors
	// changed; it opens the Markdown report.
	Changes *Changes `json:"changes,omitempty"`
	// Preexisting are findings left out of Findings because the base version already had
	// them (a pull request checked with filter "changed"); listed apart, never failing a run.
	Preexisting []finding.Finding `json:"preexisting,omitempty"`
}

// Summary totals a run.
type Summary struct {
	Files         int `json:"files"`
	Subprocessors int `json:"subprocessors"`
	Errors        int `json:"errors"`
	Warnings      int `json:"warnings"`
	Notices       int `json:"notices"`
	// Waived counts the findings a waiver silences; they are not in Errors, Warnings or
	// Notices.
	Waived int `json:"waived"`
}

// File says what was found in one file. A file that could not be read as Markdown has an
// Error, and Line and Column where the problem is known.
type File struct {
	Path          string   `json:"path"`
	Tables        int      `json:"tables"`
	Subprocessors []string `json:"subprocessors"`
	Error         string   `json:"error,omitempty"`
	Line          int      `json:"line,omitempty"`
	Column        int      `json:"column,omitempty"`
}

// ErrorPosition splits an input error into its message and, when the parser knows it,
// its line and column.
func ErrorPosition(err error) (msg string, line, column int) {
	var pe *markdown.PosError
	if errors.As(err, &pe) {
		return pe.Msg, pe.Line, pe.Column
	}
	return err.Error(), 0, 0
}

// Location is "path", "path:line" or "path:line:column", as far as the error's position is known.
func (f File) Location() string {
	switch {
	case f.Line > 0 && f.Column > 0:
		return fmt.Sprintf("%s:%d:%d", f.Path, f.Line, f.Column)
	case f.Line > 0:
		return fmt.Sprintf("%s:%d", f.Path, f.Line)
	}
	return f.Path
}

// New builds the report of a result.
func New(res *check.Result) *Report {
	c := finding.Count(res.Findings)
	r := &Report{
		Findings: res.Findings,
		Summary: Summary{
			Files:         len(res.Files),
			Subprocessors: res.Subprocessors(),
			Errors:        c.Errors,
			Warnings:      c.Warnings,
			Notices:       c.Notices,
			Waived:        c.Waived,
		},
		Files: make([]File, 0, len(res.Files)),
	}
	if r.Findings == nil {
		r.Findings = []finding.Finding{}
	}
	for _, f := range res.Files {
		rf := File{Path: f.Path, Subprocessors: []string{}}
		if f.Err != nil {
			rf.Error, rf.Line, rf.Column = ErrorPosition(f.Err)
		}
		if f.Document != nil {
			rf.Tables = len(f.Document.Tables)
			for _, sp := range f.Document.Subprocessors {
				rf.Subprocessors = append(rf.Subprocessors, sp.Name)
			}
		}
		r.Files = append(r.Files, rf)
	}
	return r
}

// NewCompared builds the report of a result whose files were compared with their base
// versions (check.Compare): New, with the changes. With onlyIntroduced (filter "changed") it
// keeps only the findings the base versions did not have, in res.Findings too (what fails
// the run is what the report lists), and lists the others apart as Preexisting. With no
// review (nothing compared) it is New.
func NewCompared(res *check.Result, review *check.Review, onlyIntroduced bool) *Report {
	if review == nil {
		return New(res)
	}
	if onlyIntroduced {
		res.Findings = review.Introduced
	}
	r := New(res)
	r.Changes = NewChanges(review.Changes)
	if onlyIntroduced {
		r.Preexisting = review.Preexisting
	}
	return r
}

// ShortSHA is a commit's first seven hex digits, as GitHub shows it.
func ShortSHA(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}
