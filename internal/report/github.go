package report

import (
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/subpolicy/subpolicy/internal/finding"
)

// StepAnnotationLimit is how many workflow-command annotations of each of the error and
// warning levels GitHub shows for one step; it drops the rest from the pull request's
// "Files changed" view and the run's annotation list.
const StepAnnotationLimit = 10

// GitHubOptions tune the workflow-command format.
type GitHubOptions struct {
	// PerSeverity caps the annotations of each severity, most severe first; 0 writes every
	// one. Set it to StepAnnotationLimit when another sink (a check run) carries them all.
	PerSeverity int
}

// WriteGitHub writes the report as GitHub Actions workflow commands, one a line:
//
//	::error file=docs/subprocessors.md,line=29,col=151,title=SP002%3A Rows fill the required fields::"Elastic" has no location; ...
//
// Files that could not be read come first, as errors on line 1; then the findings, most
// severe first (finding.BySeverity). Page text reaches the commands only escaped as
// GitHub's toolkit escapes it, so a cell cannot end a command or start another. It returns
// how many annotations PerSeverity left out.
func WriteGitHub(w io.Writer, r *Report, opts GitHubOptions) (omitted int, err error) {
	var b strings.Builder
	emitted := map[finding.Severity]int{}
	allow := func(s finding.Severity) bool {
		if opts.PerSeverity > 0 && emitted[s] >= opts.PerSeverity {
			omitted++
			return false
		}
		emitted[s]++
		return true
	}
	for _, f := range r.Files {
		if f.Error != "" && allow(finding.Error) {
			b.WriteString(WorkflowCommand("error", []Property{
				{"file", f.Path}, {"line", "1"}, {"title", "subpolicy: file not checked"},
			}, f.Error))
			b.WriteByte('\n')
		}
	}
	fs := slices.Clone(r.Findings)
	slices.SortStableFunc(fs, finding.BySeverity)
	for _, f := range fs {
		if f.Waived != nil {
			continue // a waived finding is reported (JSON, SARIF, summary), never annotated
		}
		if !allow(f.Severity) {
			continue
		}
		b.WriteString(Annotation(f))
		b.WriteByte('\n')
	}
	_, err = io.WriteString(w, b.String())
	return omitted, err
}

// Annotation renders one finding as a workflow command (without the line end).
func Annotation(f finding.Finding) string {
	props := []Property{{"file", f.Path}, {"line", strconv.Itoa(max(f.Line, 1))}}
	if f.Column > 0 {
		props = append(props, Property{"col", strconv.Itoa(f.Column)})
		if f.EndColumn >= f.Column {
			props = append(props, Property{"endColumn", strconv.Itoa(f.EndColumn)})
		}
	}
	props = append(props, Property{"title", AnnotationTitle(f)})
	return WorkflowCommand(commandLevel(f.Severity), props, f.Message)
}

// AnnotationTitle is the title every annotation sink shows: "SP002: Rows fill the required fields".
func AnnotationTitle(f finding.Finding) string {
	switch {
	case f.Title == "":
		return f.Rule
	case f.Rule == "":
		return f.Title
	}
	return f.Rule + ": " + f.Title
}

func commandLevel(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "error"
	case finding.Warning:
		return "warning"
	default:
		return "notice"
	}
}

// Property is one key=value of a workflow command, kept in the order given.
type Property struct{ Key, Value string }

// WorkflowCommand renders "::name key=value,...::message" with the value and message
// escaped for the runner. Keys are the caller's constants and are written as given. Values and
// message go through PlainText first, so that no control or bidirectional character reaches
// the log or the annotation (the log viewer acts on ANSI escapes).
func WorkflowCommand(name string, props []Property, message string) string {
	var b strings.Builder
	b.WriteString("::")
	b.WriteString(name)
	for i, p := range props {
		if i == 0 {
			b.WriteByte(' ')
		} else {
			b.WriteByte(',')
		}
		b.WriteString(p.Key)
		b.WriteByte('=')
		b.WriteString(EscapeProperty(PlainText(p.Value)))
	}
	b.WriteString("::")
	b.WriteString(EscapeData(PlainText(message)))
	return b.String()
}

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// EscapeData escapes a workflow command's message as actions/toolkit does: % \r \n.
func EscapeData(s string) string { return dataEscaper.Replace(s) }

// EscapeProperty escapes a workflow command's property value: % \r \n : and ,.
func EscapeProperty(s string) string { return propertyEscaper.Replace(s) }
