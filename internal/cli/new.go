package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/format"

	"github.com/subpolicy/subpolicy/internal/finding"
)

// runNew scaffolds policy files: "subpolicy new rule NAME" writes a rule folder with a
// METADATA header, a rule using the lib and a _test.rego with a failing and a passing case,
// which "subpolicy test" runs green as written.
func runNew(_ context.Context, args []string, s Streams) int {
	if len(args) == 0 || args[0] != "rule" {
		fmt.Fprintln(s.Stderr, "usage: subpolicy new rule [flags] NAME\n\nScaffolds a rule: DIR/NAME/NAME.rego and its tests, DIR/NAME/NAME_test.rego.")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
			return ExitOK
		}
		return ExitUsage
	}
	var (
		dir, id, title string
		sev            = choiceFlag{value: "warning", choices: []string{"error", "warning", "notice"}}
	)
	fset := newFlagSet("new rule", s.Stderr)
	fset.StringVar(&dir, "dir", "policies", "the `folder` the rule's folder is created in")
	fset.StringVar(&id, "id", "", "the rule's permanent `id` (default: NAME in capitals); SPnnn ids belong to the default pack")
	fset.StringVar(&title, "title", "", "the rule's `title` (default: from NAME)")
	fset.Var(&sev, "severity", "the rule's `severity`: error, warning or notice")
	fset.Usage = func() {
		fmt.Fprintln(s.Stderr, "usage: subpolicy new rule [flags] NAME\n\nScaffolds a rule: DIR/NAME/NAME.rego and its tests, DIR/NAME/NAME_test.rego.\n\nflags:")
		fset.PrintDefaults()
	}
	rest, err := parseInterleaved(fset, args[1:])
	if err != nil {
		return flagError(err)
	}
	if len(rest) != 1 {
		fmt.Fprintln(s.Stderr, "subpolicy new rule: give one NAME, e.g. \"subpolicy new rule china_counsel\"")
		return ExitUsage
	}
	r, err := newRule(rest[0], id, title, sev.value)
	if err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy new rule: %v\n", err)
		return ExitUsage
	}
	folder := filepath.Join(dir, r.Slug)
	files := []struct {
		path string
		tmpl *template.Template
	}{
		{filepath.Join(folder, r.Slug+".rego"), ruleTemplate},
		{filepath.Join(folder, r.Slug+"_test.rego"), ruleTestTemplate},
	}
	texts := make([][]byte, len(files))
	for i, f := range files {
		if _, err := os.Stat(f.path); err == nil || !errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(s.Stderr, "subpolicy new rule: %q already exists; pick another NAME or --dir\n", f.path)
			return ExitUsage
		}
		if texts[i], err = r.render(f.path, f.tmpl); err != nil {
			fmt.Fprintf(s.Stderr, "subpolicy new rule: %v\n", err)
			return ExitUsage
		}
	}
	if err := os.MkdirAll(folder, 0o755); err != nil {
		fmt.Fprintf(s.Stderr, "subpolicy new rule: %v\n", err)
		return ExitRuntime
	}
	for i, f := range files {
		if err := os.WriteFile(f.path, texts[i], 0o644); err != nil {
			fmt.Fprintf(s.Stderr, "subpolicy new rule: %v\n", err)
			return ExitRuntime
		}
		fmt.Fprintf(s.Stdout, "created %s\n", filepath.ToSlash(f.path))
	}
	d := filepath.ToSlash(dir)
	fmt.Fprintf(s.Stdout, "\nrule %s (%s) is ready. Next:\n", r.ID, r.Severity)
	fmt.Fprintf(s.Stdout, "  subpolicy test %s                      # run its tests, and the default pack's\n", d)
	fmt.Fprintf(s.Stdout, "  subpolicy check --policy %s docs/      # check your pages with it\n", d)
	return ExitOK
}

// scaffold is what the templates are filled with.
type scaffold struct {
	Slug, ID, Title, Severity string
	Set                       string // deny, warn or info
}

var (
	slugRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	idRE   = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]*$`)
	packID = regexp.MustCompile(`^(?i)SP\d+$`)
)

// newRule validates the name, id and severity of a new rule.
func newRule(name, id, title, severity string) (*scaffold, error) {
	slug := strings.ToLower(strings.NewReplacer("-", "_", " ", "_").Replace(strings.TrimSpace(name)))
	if !slugRE.MatchString(slug) || ast.IsKeywordInRegoVersion(slug, ast.RegoV1) {
		return nil, fmt.Errorf("NAME %q is not a rule name: use lower-case letters, digits and underscores, starting with a letter (e.g. china_counsel)", name)
	}
	if id == "" {
		id = strings.ToUpper(slug)
	}
	switch {
	case !idRE.MatchString(id):
		return nil, fmt.Errorf("--id %q is not an id: use letters, digits, '_', '.' and '-', starting with a letter (e.g. ACME001)", id)
	case packID.MatchString(id):
		return nil, fmt.Errorf("--id %q looks like a default pack id (SPnnn); pick your own prefix, e.g. ACME001", id)
	}
	if title == "" {
		title = strings.ReplaceAll(slug, "_", " ")
		title = strings.ToUpper(title[:1]) + title[1:]
	}
	if strings.ContainsAny(title, "\r\n") {
		return nil, errors.New("--title must be one line")
	}
	sev, err := finding.ParseSeverity(severity)
	if err != nil {
		return nil, err
	}
	set := map[finding.Severity]string{finding.Error: "deny", finding.Warning: "warn", finding.Notice: "info"}[sev]
	return &scaffold{Slug: slug, ID: id, Title: title, Severity: sev.String(), Set: set}, nil
}

// render fills a template and formats the result as opa fmt does, which also proves it parses.
func (r *scaffold) render(name string, t *template.Template) ([]byte, error) {
	var b strings.Builder
	if err := t.Execute(&b, r); err != nil {
		return nil, err
	}
	out, err := format.SourceWithOpts(name, []byte(b.String()), format.Opts{RegoVersion: ast.RegoV1})
	if err != nil {
		return nil, fmt.Errorf("the scaffold for %q does not parse: %v", r.Slug, err)
	}
	return out, nil
}

// plainYAML matches the METADATA values that need no quotes.
var plainYAML = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ,.()'/-]*$`)

// yamlString writes a METADATA value, quoted when YAML could read it as something else.
func yamlString(s string) string {
	if plainYAML.MatchString(s) && !strings.HasSuffix(s, " ") {
		return s
	}
	return fmt.Sprintf("%q", s)
}

var funcs = template.FuncMap{"yaml": yamlString}

var ruleTemplate = template.Must(template.New("rule").Funcs(funcs).Parse(`# METADATA
# title: {{yaml .Title}}
# description: >-
#   Subprocessors located in a watched country need a review before they are engaged.
#   Say here what the rule checks and why: "subpolicy rules" shows this text.
# custom:
#   id: {{.ID}}
#   severity: {{.Severity}}
package subpolicy.rules.{{.Slug}}

import data.subpolicy.lib

# _countries are the ISO 3166-1 alpha-2 codes the rule watches. Override them in a data file
# (subpolicy check --data my-config.yaml):
#
#   {{.Slug}}:
#     countries: [CN, RU]
_countries := object.get(lib.config, ["{{.Slug}}", "countries"], ["CN"])

# A subprocessor in a watched country, reported at its location cell. lib.rows are the rows of
# every subprocessor table of the page; "subpolicy parse PAGE" prints what a rule sees.
{{.Set}} contains lib.cell_finding(sp, "location", msg) if {
	some sp in lib.rows
	some country in lib.items(sp, "countries")
	country in _countries
	msg := sprintf("%s is located in %s; get a review before engaging it", [lib.subject(sp), country])
}
`))

var ruleTestTemplate = template.Must(template.New("test").Funcs(funcs).Parse(`# Tests of rule {{.ID}}: run them with "subpolicy test".
package subpolicy.test.{{.Slug}}

import data.subpolicy.rules.{{.Slug}}

# _row is a subprocessor row at line 12, in the shape "subpolicy parse" prints.
_row(name, location, countries) := {
	"table": 0,
	"line": 12,
	"name": name,
	"name_key": lower(name),
	"location": location,
	"countries": countries,
	"cells": {
		"name": {"text": name, "line": 12, "column": 3},
		"location": {"text": location, "line": 12, "column": 40},
	},
}

# Fails the rule: a subprocessor in China, reported at its location cell.
test_fail_watched_country if {
	{{.Slug}}.{{.Set}} == {{"{{"}}
		"msg": ` + "`" + `"Acme Ltd" is located in CN; get a review before engaging it` + "`" + `,
		"subprocessor": "Acme Ltd",
		"name_key": "acme ltd",
		"field": "location",
		"line": 12,
		"column": 40,
	{{"}}"}} with input as {"subprocessors": [_row("Acme Ltd", "China", ["CN"])]}
}

# Passes the rule: a subprocessor elsewhere.
test_pass_other_country if {
	count({{.Slug}}.{{.Set}}) == 0 with input as {"subprocessors": [_row("Acme GmbH", "Germany", ["DE"])]}
}
`))
