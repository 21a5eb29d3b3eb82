package report

import (
	"cmp"
	"fmt"
	"io"
	"net/url"
	"path"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/subpolicy/subpolicy/internal/finding"
	"github.com/subpolicy/subpolicy/internal/policy"
)

// SARIF constants: the names code scanning keys alerts by. They are part of the output's
// contract: changing one makes every existing alert look fixed and reopens it as new.
const (
	// SARIFToolName is tool.driver.name.
	SARIFToolName = "subpolicy"
	// SARIFInformationURI is tool.driver.informationUri.
	SARIFInformationURI = "https://github.com/subpolicy/subpolicy"
	// SARIFFingerprintKey names the partialFingerprints entry that holds finding.Fingerprint
	// (rule, path, subprocessor name_key and field, never the line), so an alert survives
	// its row moving on the page.
	SARIFFingerprintKey = "subpolicy/v1"
	// SARIFSourceRoot is the uriBaseId of every repository-relative location.
	SARIFSourceRoot = "%SRCROOT%"
)

// SARIFOptions tune the SARIF output.
type SARIFOptions struct {
	// Version is the tool's version (tool.driver.version); "devel" when empty.
	Version string
	// Rules are the loaded rules, one reporting descriptor each, in this order. A finding of
	// a rule missing here gets a descriptor of its own after them.
	Rules []policy.Rule
	// RepositoryURI and Revision, when set, become the run's versionControlProvenance
	// (e.g. https://github.com/owner/repo and the commit SHA).
	RepositoryURI, Revision string
}

// WriteSARIF writes the report as a SARIF 2.1.0 log with one run: the tool with a reporting
// descriptor per rule, one result per finding and a tool-execution notification per file that
// could not be checked. Results carry a repository-relative location (uriBaseId %SRCROOT%),
// a region at the finding's line and column (columns count Unicode code points), the
// position-independent fingerprint under SARIFFingerprintKey and, for a waived finding, a
// suppression whose justification is the waiver's reason.
func WriteSARIF(w io.Writer, r *Report, opts SARIFOptions) error {
	run := sarif.NewRunWithInformationURI(SARIFToolName, SARIFInformationURI)
	run.Tool.Driver.WithVersion(cmp.Or(opts.Version, "devel"))
	run.ColumnKind = ptr("unicodeCodePoints")
	if opts.RepositoryURI != "" {
		vc := sarif.NewVersionControlDetails()
		vc.RepositoryURI = ptr(opts.RepositoryURI)
		if opts.Revision != "" {
			vc.RevisionID = ptr(opts.Revision)
		}
		run.VersionControlProvenance = append(run.VersionControlProvenance, vc)
	}

	index := map[string]int{}
	addRule := func(rd *sarif.ReportingDescriptor) {
		index[*rd.ID] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.AddRule(rd)
	}
	for _, ru := range opts.Rules {
		if _, dup := index[ru.ID]; !dup {
			addRule(ruleDescriptor(ru))
		}
	}
	for _, f := range r.Findings {
		if _, ok := index[f.Rule]; !ok {
			addRule(ruleDescriptor(policy.Rule{ID: f.Rule, Title: f.Title, DocURL: f.DocURL, Severity: f.Severity}))
		}
	}

	for _, f := range r.Findings {
		res := sarif.NewRuleResult(f.Rule).
			WithRuleIndex(index[f.Rule]).
			WithLevel(sarifLevel(f.Severity)).
			WithMessage(sarif.NewTextMessage(sarifText(f.Message))).
			AddLocation(sarifLocation(f.Path, f.Line, f.Column, f.EndColumn)).
			WithPartialFingerprints(map[string]string{SARIFFingerprintKey: finding.Fingerprint(f)})
		if f.Waived != nil {
			res.AddSuppression(suppression(f))
		}
		run.AddResult(res)
	}

	inv := sarif.NewInvocation()
	inv.ExecutionSuccessful = ptr(true)
	for _, f := range r.Files {
		if f.Error == "" {
			continue
		}
		n := sarif.NewNotification()
		n.Level = sarif.LevelError
		n.Message = sarif.NewTextMessage(sarifText(fmt.Sprintf("%s was not checked: %s", f.Path, f.Error)))
		n.Locations = append(n.Locations, sarifLocation(f.Path, max(f.Line, 1), f.Column, 0))
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	run.AddInvocation(inv)

	log := sarif.NewReport()
	log.AddRun(run)
	if err := log.PrettyWrite(w); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// ruleDescriptor is a rule's reporting descriptor. Code scanning shows shortDescription as
// the alert's title and fullDescription under it, and links helpUri. The texts come from a
// policy's METADATA, which a pull request may write (with policy-source: head), so they are
// made plain text (no control, bidi or invalid characters).
func ruleDescriptor(ru policy.Rule) *sarif.ReportingDescriptor {
	title := PlainText(cmp.Or(ru.Title, ru.ID))
	rd := sarif.NewRule(ru.ID).
		WithName(ruleName(ru)).
		WithShortDescription(sarif.NewMultiformatMessageString().WithText(title)).
		WithFullDescription(sarif.NewMultiformatMessageString().WithText(cmp.Or(PlainText(ru.Description), title))).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(ru.Severity)))
	if u, err := url.Parse(ru.DocURL); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		rd.WithHelpURI(u.String())
	}
	return rd
}

// ruleName is the rule's name for SARIF: its package's last segment in PascalCase
// (subpolicy.rules.required_fields is RequiredFields), else its id.
func ruleName(ru policy.Rule) string {
	slug := ru.Package[strings.LastIndexByte(ru.Package, '.')+1:]
	var b strings.Builder
	for part := range strings.FieldsFuncSeq(slug, func(r rune) bool { return r == '_' || r == '-' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return cmp.Or(b.String(), ru.ID)
}

// sarifLevel maps a severity to a SARIF level: error, warning or note.
func sarifLevel(s finding.Severity) string {
	switch s {
	case finding.Error:
		return sarif.LevelError
	case finding.Warning:
		return sarif.LevelWarning
	default:
		return sarif.LevelNote
	}
}

// sarifLocation places a result in a file: a repository-relative URI under %SRCROOT% (an
// absolute path becomes a file: URI), at line (at least 1) and, when known, column.
func sarifLocation(p string, line, column, endColumn int) *sarif.Location {
	al := sarif.NewArtifactLocation()
	al.Index = -1
	if uri, relative := artifactURI(p); relative {
		al.WithURI(uri).WithURIBaseID(SARIFSourceRoot)
	} else {
		al.WithURI(uri)
	}
	region := sarif.NewRegion().WithStartLine(max(line, 1))
	if column > 0 {
		region.WithStartColumn(column)
		if endColumn > column {
			region.WithEndColumn(endColumn)
		}
	}
	return sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().WithArtifactLocation(al).WithRegion(region))
}

// artifactURI turns a path as reported ("docs/a b.md", "./x.md", "C:\\x.md", "/abs/x.md")
// into a URI reference with forward slashes and percent-encoding; relative reports whether
// it is relative to the source root.
func artifactURI(p string) (uri string, relative bool) {
	p = strings.ReplaceAll(p, "\\", "/")
	if len(p) >= 3 && p[1] == ':' && p[2] == '/' && ('a' <= p[0]|0x20 && p[0]|0x20 <= 'z') { // a Windows drive
		p = "/" + p
	}
	if strings.HasPrefix(p, "/") {
		return (&url.URL{Scheme: "file", Path: path.Clean(p)}).String(), false
	}
	p = strings.TrimPrefix(path.Clean(p), "./")
	return (&url.URL{Path: p}).String(), true
}

// suppression says a waiver silences the finding: inSource for a waiver written in the page
// itself (its source is "path:line" of that page), external for one in a data file.
func suppression(f finding.Finding) *sarif.Suppression {
	kind := "external"
	if strings.HasPrefix(f.Waived.Source, f.Path+":") {
		kind = "inSource"
	}
	s := sarif.NewSuppression().WithKind(kind).WithStatus("accepted").WithJustification(PlainText(f.Waived.Reason))
	props := sarif.NewPropertyBag()
	props.Add("source", f.Waived.Source)
	if f.Waived.Owner != "" {
		props.Add("owner", f.Waived.Owner)
	}
	if f.Waived.Expires != "" {
		props.Add("expires", f.Waived.Expires)
	}
	return s.WithProperties(props)
}

// sarifText makes untrusted text a SARIF plain-text message: PlainText, and square brackets
// escaped with a backslash (SARIF 2.1.0, 3.11.6), so that "[text](target)" in a page cannot
// become an embedded link in a SARIF viewer.
func sarifText(s string) string {
	return sarifBrackets.Replace(PlainText(s))
}

var sarifBrackets = strings.NewReplacer("[", `\[`, "]", `\]`)

func ptr[T any](v T) *T { return &v }
