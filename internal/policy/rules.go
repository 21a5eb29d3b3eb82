package policy

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/subpolicy/subpolicy/internal/finding"
)

// Rule is one rule package's METADATA.
type Rule struct {
	ID          string           // custom.id, e.g. SP003
	Title       string           // title (the package's last name when absent)
	Description string           // description
	DocURL      string           // the first related_resources ref
	Package     string           // e.g. subpolicy.rules.ai_provider_disclosed
	File        string           // the file holding the METADATA block
	Severity    finding.Severity // custom.severity; findings take theirs from the set (deny, warn, info)
	// Why (custom.why) says, per severity the rule reports at ("error", "warning",
	// "notice"), why a finding is that severe: what a reviewer would block, and what is
	// only good practice.
	Why map[string]string
	// FailClosed (custom.fail_closed) marks a rule that says a page could not be checked:
	// its findings on a changed page count as the change's own even when the base version
	// had them, so a pull request never passes a page that was not read.
	FailClosed bool
}

// resultSet is a partial set a rule package reports through, and the severity of what it holds.
type resultSet struct {
	name     string
	severity finding.Severity
}

// resultSets are the result sets in the order they are read.
var resultSets = []resultSet{
	{"deny", finding.Error},
	{"warn", finding.Warning},
	{"info", finding.Notice},
}

// rulesRoot is the package every rule package lives under.
var rulesRoot = ast.MustParseRef("data.subpolicy.rules")

// ruleInfo is a rule and what the engine needs to read its results.
type ruleInfo struct {
	Rule
	path      ast.Ref     // data.subpolicy.rules.<slug>
	sets      []resultSet // which of deny, warn, info the package defines
	line, col int         // where the METADATA block starts
}

func (r *ruleInfo) where() string { return fmt.Sprintf("%s:%d:%d", r.File, r.line, r.col) }

// pkgModules is one package's modules, sorted by file name.
type pkgModules struct {
	path ast.Ref
	mods []*ast.Module
}

// extractRules finds the rule packages (every package under subpolicy.rules), reads their
// METADATA and checks the conventions: a package-scoped METADATA block with custom.id and a valid
// custom.severity, ids unique, and deny/warn/info defined as partial sets.
func extractRules(mods map[string]*ast.Module) ([]*ruleInfo, error) {
	var errs Errors
	byPkg := map[string]*pkgModules{}
	for _, m := range mods {
		p := m.Package.Path
		if !p.HasPrefix(rulesRoot) {
			errs = append(errs, strayResultSets(m)...)
			continue
		}
		k := p.String()
		if byPkg[k] == nil {
			byPkg[k] = &pkgModules{path: p}
		}
		byPkg[k].mods = append(byPkg[k].mods, m)
	}
	pkgs := make([]*pkgModules, 0, len(byPkg))
	for _, p := range byPkg {
		slices.SortFunc(p.mods, func(a, b *ast.Module) int {
			return cmp.Compare(a.Package.Location.File, b.Package.Location.File)
		})
		pkgs = append(pkgs, p)
	}
	slices.SortFunc(pkgs, func(a, b *pkgModules) int { return a.path.Compare(b.path) })

	var (
		rules []*ruleInfo
		byID  = map[string]*ruleInfo{}
	)
	for _, p := range pkgs {
		r, pkgErrs := ruleOf(p)
		errs = append(errs, pkgErrs...)
		if r == nil {
			continue
		}
		if prev, dup := byID[r.ID]; dup {
			errs = append(errs, &Error{File: r.File, Line: r.line, Column: r.col, Message: fmt.Sprintf(
				"rule id %q is used by two packages: %s (%s) and %s (%s); ids must be unique",
				r.ID, prev.Package, prev.where(), r.Package, r.where())})
			continue
		}
		byID[r.ID] = r
		rules = append(rules, r)
	}
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b *Error) int {
			return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
		})
		return nil, errs
	}
	slices.SortFunc(rules, func(a, b *ruleInfo) int { return cmp.Compare(a.ID, b.ID) })
	return rules, nil
}

func ruleOf(p *pkgModules) (*ruleInfo, Errors) {
	pkgName := strings.TrimPrefix(p.path.String(), "data.")
	first := p.mods[0].Package.Location

	var anns []*ast.Annotations
	for _, m := range p.mods {
		for _, a := range m.Annotations {
			if a.Scope == "package" {
				anns = append(anns, a)
			}
		}
	}
	var errs Errors
	switch len(anns) {
	case 0:
		return nil, Errors{{File: first.File, Line: first.Row, Column: first.Col, Message: fmt.Sprintf(
			"package %s has no METADATA: every package under subpolicy.rules is a rule and needs a "+
				"# METADATA block above its package line with title, custom.id and custom.severity", pkgName)}}
	case 1:
	default:
		return nil, Errors{{File: anns[1].Location.File, Line: anns[1].Location.Row, Column: anns[1].Location.Col, Message: fmt.Sprintf(
			"package %s has a second package-scoped METADATA block (the first is at %s:%d:%d); keep one",
			pkgName, anns[0].Location.File, anns[0].Location.Row, anns[0].Location.Col)}}
	}
	a := anns[0]
	loc := a.Location
	at := func(format string, args ...any) *Error {
		return &Error{File: loc.File, Line: loc.Row, Column: loc.Col, Message: fmt.Sprintf(format, args...)}
	}
	r := &ruleInfo{path: p.path, line: loc.Row, col: loc.Col, Rule: Rule{
		Title:       a.Title,
		Description: a.Description,
		Package:     pkgName,
		File:        loc.File,
	}}
	if r.Title == "" {
		r.Title = strings.Trim(p.path[len(p.path)-1].String(), `"`)
	}
	if len(a.RelatedResources) > 0 && a.RelatedResources[0] != nil {
		r.DocURL = a.RelatedResources[0].Ref.String()
	}
	switch id := a.Custom["id"].(type) {
	case nil:
		errs = append(errs, at("package %s: METADATA has no custom.id (a stable rule id such as SP001)", pkgName))
	case string:
		if strings.TrimSpace(id) == "" {
			errs = append(errs, at("package %s: METADATA custom.id is empty", pkgName))
		}
		r.ID = strings.TrimSpace(id)
	default:
		errs = append(errs, at("package %s: METADATA custom.id must be a string, not %v", pkgName, id))
	}
	switch sev := a.Custom["severity"].(type) {
	case nil:
		errs = append(errs, at("package %s: METADATA has no custom.severity (error, warning or notice)", pkgName))
	case string:
		s, err := finding.ParseSeverity(sev)
		if err != nil {
			errs = append(errs, at("package %s: METADATA custom.severity %q is not one of error, warning, notice", pkgName, sev))
		}
		r.Severity = s
	default:
		errs = append(errs, at("package %s: METADATA custom.severity must be one of error, warning, notice, not %v", pkgName, sev))
	}

	switch why := a.Custom["why"].(type) {
	case nil:
	case map[string]any:
		r.Why = map[string]string{}
		for sev, text := range why {
			t, ok := text.(string)
			if _, err := finding.ParseSeverity(sev); err != nil || !ok || strings.TrimSpace(t) == "" {
				errs = append(errs, at("package %s: METADATA custom.why maps error, warning or notice to a reason, not %q to %v", pkgName, sev, text))
				continue
			}
			r.Why[strings.ToLower(sev)] = strings.TrimSpace(t)
		}
	default:
		errs = append(errs, at("package %s: METADATA custom.why must map error, warning or notice to a reason, not %v", pkgName, why))
	}
	switch fc := a.Custom["fail_closed"].(type) {
	case nil:
	case bool:
		r.FailClosed = fc
	default:
		errs = append(errs, at("package %s: METADATA custom.fail_closed must be true or false, not %v", pkgName, fc))
	}

	sets, setErrs := resultSetsOf(pkgName, p.mods)
	errs = append(errs, setErrs...)
	if len(sets) == 0 && len(setErrs) == 0 {
		errs = append(errs, &Error{File: first.File, Line: first.Row, Column: first.Col, Message: fmt.Sprintf(
			"package %s defines none of deny, warn, info: a rule reports through them (deny contains msg if { … })", pkgName)})
	}
	r.sets = sets
	if len(errs) > 0 {
		return nil, errs
	}
	return r, nil
}

// strayResultSets reports deny, warn and info rules outside subpolicy.rules: nothing reads
// them, so a policy written for another layout (conftest's package main) would pass silently.
func strayResultSets(m *ast.Module) Errors {
	var errs Errors
	for _, rule := range m.Rules {
		name, ok := rule.Head.Ref()[0].Value.(ast.Var)
		if !ok || !slices.ContainsFunc(resultSets, func(s resultSet) bool { return s.name == string(name) }) {
			continue
		}
		pkg := strings.TrimPrefix(m.Package.Path.String(), "data.")
		errs = append(errs, &Error{File: rule.Location.File, Line: rule.Location.Row, Column: rule.Location.Col, Message: fmt.Sprintf(
			"package %s defines %s but is not under subpolicy.rules, so it would never be evaluated; "+
				"name the package subpolicy.rules.<name> and give it a # METADATA block", pkg, name)})
		break
	}
	return errs
}

// resultSetsOf returns which result sets a package defines, in deny, warn, info order, and an
// error for each that is not a partial set.
func resultSetsOf(pkgName string, mods []*ast.Module) ([]resultSet, Errors) {
	var errs Errors
	defined := map[string]bool{}
	for _, m := range mods {
		for _, rule := range m.Rules {
			ref := rule.Head.Ref()
			name, ok := ref[0].Value.(ast.Var)
			if !ok || !slices.ContainsFunc(resultSets, func(s resultSet) bool { return s.name == string(name) }) {
				continue
			}
			if len(ref) != 1 || len(rule.Head.Args) > 0 || rule.Head.RuleKind() != ast.MultiValue {
				errs = append(errs, &Error{File: rule.Location.File, Line: rule.Location.Row, Column: rule.Location.Col, Message: fmt.Sprintf(
					"package %s: %s must be a partial set rule (%s contains msg if { … })", pkgName, name, name)})
				continue
			}
			defined[string(name)] = true
		}
	}
	var sets []resultSet
	for _, s := range resultSets {
		if defined[s.name] {
			sets = append(sets, s)
		}
	}
	return sets, errs
}
