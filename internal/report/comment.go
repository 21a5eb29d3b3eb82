package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"

	"github.com/subpolicy/subpolicy/internal/finding"
)

// MaxCommentBytes keeps a pull-request comment under GitHub's 65,536 characters.
const MaxCommentBytes = 65536 - 1024

// CommentOptions tune the pull-request comment.
type CommentOptions struct {
	// Marker is a hidden HTML comment written first, by which the comment is found again.
	Marker string
	// Title names the check in the heading; "subpolicy" when empty.
	Title string
	// FailOn is the threshold of the findings listed as blocking.
	FailOn finding.FailOn
	// ServerURL, Repository and Ref link locations, as in MarkdownOptions.
	ServerURL, Repository, Ref string
	// MaxBytes bounds the comment; MaxCommentBytes when zero.
	MaxBytes int
}

// WriteComment writes the sticky pull-request comment: the change notice (how the
// subprocessor lists change, ready to paste into the notice to customers) and the findings
// that block the pull request. Every piece of page text goes through MarkdownText.
func WriteComment(w io.Writer, r *Report, opts CommentOptions) error {
	m := &mdBuilder{limit: cmp.Or(opts.MaxBytes, MaxCommentBytes)}
	links := newLinker(opts.ServerURL, opts.Repository, opts.Ref)
	m.printf("%s\n", opts.Marker)
	changes := r.Changes
	if changes == nil {
		changes = &Changes{}
	}
	writeChanges(m, changes, fmt.Sprintf("## %s: subprocessor changes", MarkdownText(cmp.Or(opts.Title, "subpolicy"))), 1)

	blocking := opts.FailOn.Blocking(r.Findings)
	switch {
	case opts.FailOn == finding.Never:
		m.printf("### Blocking findings\n\nNothing blocks this pull request: the check fails on no finding (fail-on is never).\n\n")
	case len(blocking) == 0:
		m.printf("### Blocking findings\n\nNo finding at or above %s blocks this pull request.\n\n", opts.FailOn)
	default:
		slices.SortStableFunc(blocking, finding.BySeverity)
		m.table(fmt.Sprintf("### Blocking findings\n\n%s at or above %s %s this pull request:",
			Plural(len(blocking), "finding"), opts.FailOn, Pronoun(len(blocking), "blocks", "block")),
			findingsHeader, findingRows(blocking, links), 1, "finding", "see the check run")
	}
	m.printf("%s\n", commentFooter(opts.Ref))
	_, err := io.WriteString(w, m.String())
	return err
}

// WriteResolvedComment writes what the comment becomes once the pull request no longer
// changes a subprocessor list.
func WriteResolvedComment(w io.Writer, opts CommentOptions) error {
	_, err := fmt.Fprintf(w, "%s\n## %s: subprocessor changes\n\n✅ Resolved: this pull request no longer adds, removes or changes a subprocessor.\n\n%s\n",
		opts.Marker, MarkdownText(cmp.Or(opts.Title, "subpolicy")), commentFooter(opts.Ref))
	return err
}

func commentFooter(ref string) string {
	at := ""
	if ref != "" {
		at = " as of commit " + MarkdownText(ShortSHA(ref))
	}
	return fmt.Sprintf("<sub>Written by subpolicy%s and updated in place on every run.</sub>", at)
}
