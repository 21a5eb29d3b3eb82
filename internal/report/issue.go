package report

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/subpolicy/subpolicy/internal/finding"
)

// IssueMarker is the hidden comment that identifies the audit's tracking issue; the action
// finds the issue again by it.
const IssueMarker = "<!-- subpolicy:audit-issue -->"

// MaxIssueBodyBytes keeps an issue body under GitHub's 65,536 characters.
const MaxIssueBodyBytes = 60000

// issueDigestLine holds the digest of the finding set an issue body lists.
var issueDigestLine = regexp.MustCompile(`<!-- subpolicy:audit-digest ([0-9a-f]{64}) -->`)

// IssueOptions tune the tracking issue's body.
type IssueOptions struct {
	// Title heads the body, "## <Title>: 1 error, 2 warnings"; "subpolicy audit" when empty.
	Title string
	// ServerURL, Repository and Ref (the audited commit) turn locations into links to the
	// line, as in MarkdownOptions.
	ServerURL, Repository, Ref string
	// Date is the audit's date, e.g. 2026-11-28.
	Date string
	// RunURL links the workflow run, when known.
	RunURL string
	// MaxBytes bounds the body; MaxIssueBodyBytes when zero.
	MaxBytes int
}

// IssueFindings returns what the tracking issue lists: the error and warning findings no
// waiver silences, in report order.
func IssueFindings(fs []finding.Finding) []finding.Finding {
	return finding.FailOn(finding.Warning).Blocking(fs)
}

// IssueDigest identifies the finding set the tracking issue lists, so that an audit that
// finds the same set leaves the issue untouched. A finding counts by its severity, rule,
// file, subprocessor, field and message with every run of digits masked; not by its line, so
// rows moving on the page change nothing, and not by the counts or dates a message quotes
// ("926 days ago"), which change from one day to the next. Only IssueFindings count.
func IssueDigest(fs []finding.Finding) string {
	keys := make([]string, 0, len(fs))
	for _, f := range IssueFindings(fs) {
		keys = append(keys, strings.Join([]string{f.Severity.String(), f.Rule, f.Path, f.NameKey, f.Field, finding.MaskDigits(f.Message)}, "\x00"))
	}
	slices.Sort(keys)
	sum := sha256.Sum256([]byte(strings.Join(keys, "\x01")))
	return hex.EncodeToString(sum[:])
}

// IssueBodyDigest returns the digest an issue body records, or "" when it records none.
func IssueBodyDigest(body string) string {
	if m := issueDigestLine.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

// IssueTitle is the tracking issue's title: "<title>: 1 error, 2 warnings", or
// "<title>: no findings" for a clean audit.
func IssueTitle(title string, fs []finding.Finding) string {
	title = cmp.Or(title, "subpolicy audit")
	c := finding.Count(IssueFindings(fs))
	if c.Errors+c.Warnings == 0 {
		return title + ": no findings"
	}
	return fmt.Sprintf("%s: %s, %s", title, Plural(c.Errors, "error"), Plural(c.Warnings, "warning"))
}

// WriteIssue writes the tracking issue's body: the marker and the finding set's digest
// (hidden comments), the totals, and the error and warning findings grouped by file, each
// linking to its line at the audited commit. With no such findings it says the audit is
// clean. Page text goes through MarkdownText, so it can neither forge the marker nor ping
// anyone.
func WriteIssue(w io.Writer, fs []finding.Finding, opts IssueOptions) error {
	limit := cmp.Or(opts.MaxBytes, MaxIssueBodyBytes)
	links := newLinker(opts.ServerURL, opts.Repository, opts.Ref)
	listed := IssueFindings(fs)
	finding.Sort(listed)
	m := &mdBuilder{limit: limit}
	m.printf("%s\n<!-- subpolicy:audit-digest %s -->\n", IssueMarker, IssueDigest(listed))
	m.printf("## %s\n\n", MarkdownText(IssueTitle(opts.Title, listed)))

	audit := "The audit"
	if opts.Ref != "" {
		commit := MarkdownCode(ShortSHA(opts.Ref))
		if u := links.commit(); u != "" {
			commit = "[" + commit + "](" + destination(u) + ")"
		}
		audit += " of " + commit
	}
	if opts.Date != "" {
		audit += " on " + MarkdownText(opts.Date)
	}
	if opts.RunURL != "" {
		audit += " ([workflow run](" + destination(opts.RunURL) + "))"
	}
	if len(listed) == 0 {
		m.printf("%s found no error or warning findings, so this issue is closed. It is reopened when an audit finds some again; the findings it listed before are in this issue's edit history.\n", audit)
		_, err := io.WriteString(w, m.String())
		return err
	}
	var files []string
	for _, f := range listed {
		if !slices.Contains(files, f.Path) {
			files = append(files, f.Path)
		}
	}
	m.printf("%s found these error and warning findings in %s. This issue is updated when they change and closed when an audit finds none; notices are listed in the job summary.\n\n",
		audit, Plural(len(files), "file"))

	const header = "| Severity | Rule | Subprocessor | Finding | Line |\n| --- | --- | --- | --- | --- |\n"
	room := limit - 256 // the "and N more" line
	written := 0
byFile:
	for _, path := range files {
		heading := fmt.Sprintf("### %s\n\n%s", links.file(path), header)
		if m.Len()+len(heading) > room {
			break
		}
		m.WriteString(heading)
		for written < len(listed) && listed[written].Path == path {
			f := listed[written]
			r := row(severityCell(f.Severity), links.rule(f.Rule, f.DocURL), MarkdownText(f.Subprocessor), MarkdownText(f.Message), links.lineOnly(f.Path, f.Line))
			if m.Len()+len(r) > room {
				m.WriteByte('\n')
				break byFile
			}
			m.WriteString(r)
			written++
		}
		m.WriteByte('\n')
	}
	if left := len(listed) - written; left > 0 {
		m.printf("…and %d more %s, left out to keep this issue under %s; the job summary and the check run list every finding.\n",
			left, Pronoun(left, "finding", "findings"), sizeText(limit))
	}
	_, err := io.WriteString(w, m.String())
	return err
}

// commit links the commit itself.
func (l linker) commit() string {
	if l.repo == "" || l.ref == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(l.server)
	for _, part := range strings.Split(l.repo, "/") {
		b.WriteString("/" + url.PathEscape(part))
	}
	b.WriteString("/commit/" + url.PathEscape(l.ref))
	return b.String()
}

// lineOnly links a line number (the file is named by the heading above) to the line.
func (l linker) lineOnly(path string, line int) string {
	line = max(line, 1)
	n := strconv.Itoa(line)
	if u := l.blob(path); u != "" {
		return "[" + n + "](" + destination(u) + "#L" + n + ")"
	}
	return n
}
