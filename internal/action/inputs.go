package action

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/sethvargo/go-githubactions"

	"github.com/subpolicy/subpolicy/internal/check"
	"github.com/subpolicy/subpolicy/internal/finding"
)

// The inputs action.yml declares. The runner passes each as INPUT_<NAME>, upper-cased with
// hyphens kept (INPUT_GITHUB-TOKEN), and always sets it, to its default when the workflow
// does not.
const (
	inputToken           = "github-token"
	inputPaths           = "paths"
	inputPolicy          = "policy"
	inputData            = "data"
	inputDefaultPolicies = "default-policies"
	inputFailOn          = "fail-on"
	inputCheckName       = "check-name"
	inputAnnotations     = "annotations"
	inputSummary         = "summary"
	inputJSONFile        = "json-file"
	inputMaxFileSize     = "max-file-size"
)

// Inputs lists every input Run reads, as action.yml names them.
var Inputs = []string{
	inputToken, inputPaths, inputPolicy, inputData, inputDefaultPolicies, inputFailOn,
	inputCheckName, inputAnnotations, inputSummary, inputJSONFile,
	inputMode, inputSARIFFile, inputIssue, inputIssueLabel,
	inputFilter, inputComment,
	inputPolicySource, inputPolicyTimeout,
	inputMaxFileSize,
	inputFeedFile, inputFeedFormat, inputFeedSiteURL, inputFeedTitle,
}

// The outputs Run sets, as action.yml names them.
const (
	outputErrors        = "errors"
	outputWarnings      = "warnings"
	outputNotices       = "notices"
	outputFiles         = "files"
	outputSubprocessors = "subprocessors"
	outputReport        = "report"
)

// Outputs lists every output Run sets, as action.yml names them.
var Outputs = []string{
	outputErrors, outputWarnings, outputNotices, outputFiles, outputSubprocessors, outputReport,
	outputAdded, outputRemoved, outputModified, outputChanged,
	outputFeed,
}

// DefaultPaths are the globs checked when the paths input is empty.
var DefaultPaths = []string{"**/*.md", "**/*.mdx"}

// inputs are the validated inputs.
type inputs struct {
	token           string
	paths           []string // doublestar globs, relative to the repository root
	policies        []string // as given, relative to the workspace unless absolute
	data            []string
	defaultPolicies bool
	failOn          finding.FailOn
	checkName       string // "" disables the check run
	annotations     bool
	summary         bool
	jsonFile        string       // as given; "" writes none
	maxFileSize     int          // bytes; larger pages are not read, and not checked
	audit           auditInputs  // mode, sarif-file, issue, issue-label (audit.go)
	changes         changeInputs // filter, comment (diff.go)
	trust           trustInputs  // policy-source, policy-timeout (trust.go)
	feed            feedInputs   // feed-file, feed-format, feed-site-url, feed-title (feed.go)
}

// readInputs reads and validates the inputs, returning every problem found. An input the
// runner did not set (empty) takes action.yml's default, except check-name, whose empty
// value disables the check run, and github-token.
func readInputs(a *githubactions.Action) (inputs, []error) {
	var errs []error
	in := inputs{
		token:     a.GetInput(inputToken),
		policies:  lines(a.GetInput(inputPolicy)),
		data:      lines(a.GetInput(inputData)),
		checkName: a.GetInput(inputCheckName),
		jsonFile:  a.GetInput(inputJSONFile),
	}

	var err error
	var globErrs []error
	in.paths, globErrs = globs(a.GetInput(inputPaths))
	errs = append(errs, globErrs...)
	if in.defaultPolicies, err = boolInput(a, inputDefaultPolicies, true); err != nil {
		errs = append(errs, err)
	}
	if in.annotations, err = boolInput(a, inputAnnotations, true); err != nil {
		errs = append(errs, err)
	}
	if in.summary, err = boolInput(a, inputSummary, true); err != nil {
		errs = append(errs, err)
	}
	failOn := a.GetInput(inputFailOn)
	if failOn == "" {
		failOn = "error"
	}
	if in.failOn, err = finding.ParseFailOn(failOn); err != nil {
		errs = append(errs, fmt.Errorf("input %q: %w", inputFailOn, err))
	}
	if !in.defaultPolicies && len(in.policies) == 0 {
		errs = append(errs, fmt.Errorf("input %q is false and input %q names no policies, so there is nothing to evaluate; name .rego files or folders in %q or set %q to true",
			inputDefaultPolicies, inputPolicy, inputPolicy, inputDefaultPolicies))
	}
	if strings.ContainsAny(in.checkName, "\r\n") {
		errs = append(errs, fmt.Errorf("input %q must be one line", inputCheckName))
	}
	if strings.ContainsAny(in.jsonFile, "\r\n") {
		errs = append(errs, fmt.Errorf("input %q must be one path", inputJSONFile))
	}
	in.maxFileSize = check.DefaultMaxFileSize
	if v := strings.TrimSpace(a.GetInput(inputMaxFileSize)); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			errs = append(errs, fmt.Errorf("input %q is %q: write a positive number of bytes, such as %d (10 MiB, the default)", inputMaxFileSize, v, check.DefaultMaxFileSize))
		} else {
			in.maxFileSize = n
		}
	}
	var auditErrs []error
	in.audit, auditErrs = readAuditInputs(a)
	errs = append(errs, auditErrs...)
	var changeErrs []error
	in.changes, changeErrs = readChangeInputs(a)
	errs = append(errs, changeErrs...)
	var trustErrs []error
	in.trust, trustErrs = readTrustInputs(a)
	errs = append(errs, trustErrs...)
	var feedErrs []error
	in.feed, feedErrs = readFeedInputs(a)
	errs = append(errs, feedErrs...)
	return in, errs
}

// boolInput accepts what actions/toolkit's getBooleanInput accepts: true, True, TRUE,
// false, False, FALSE.
func boolInput(a *githubactions.Action, name string, def bool) (bool, error) {
	switch v := a.GetInput(name); v {
	case "":
		return def, nil
	case "true", "True", "TRUE":
		return true, nil
	case "false", "False", "FALSE":
		return false, nil
	default:
		return false, fmt.Errorf("input %q is %q (valid: true, false)", name, v)
	}
}

// lines splits a multi-line input into its non-empty, trimmed lines.
func lines(s string) []string {
	var out []string
	for l := range strings.Lines(s) {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// globs validates the paths input: doublestar patterns relative to the repository root.
func globs(s string) ([]string, []error) {
	pats := lines(s)
	if len(pats) == 0 {
		return DefaultPaths, nil
	}
	var errs []error
	for i, p := range pats {
		p = strings.TrimPrefix(p, "./")
		pats[i] = p
		switch {
		case strings.HasPrefix(p, "!"):
			errs = append(errs, fmt.Errorf("input %q: pattern %q starts with \"!\"; negation is not supported, list only the files to check", inputPaths, p))
		case strings.HasPrefix(p, "/") || filepath.IsAbs(p):
			errs = append(errs, fmt.Errorf("input %q: pattern %q is absolute; patterns are relative to the repository root, e.g. \"docs/**/*.md\"", inputPaths, p))
		case !doublestar.ValidatePattern(p):
			errs = append(errs, fmt.Errorf("input %q: pattern %q is not a valid glob (check its brackets and braces)", inputPaths, p))
		}
	}
	return pats, errs
}

// matches reports whether a repository-relative path matches one of the globs.
func matches(globs []string, path string) bool {
	for _, g := range globs {
		if doublestar.MatchUnvalidated(g, path) {
			return true
		}
	}
	return false
}
