package policy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/format"
	"github.com/open-policy-agent/opa/v1/loader"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	subpolicy "github.com/subpolicy/subpolicy/internal/policy"
	"github.com/subpolicy/subpolicy/policy"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current policies")

// minCoverage is the line coverage of the pack (tests excluded) the Rego tests must reach:
// every line of every rule and of the lib.
const minCoverage = 100.0

// removedBuiltins are the builtins the engine takes away (network, environment, clock, chance);
// the pack must compile without them.
var removedBuiltins = []string{
	"http.send", "net.lookup_ip_addr", "opa.runtime", "time.now_ns", "rand.intn", "uuid.rfc4122",
	"io.jwt.decode_verify", "io.jwt.encode_sign", "io.jwt.encode_sign_raw",
}

var (
	idPattern      = regexp.MustCompile(`^SP\d{3}$`)
	severities     = map[string]int{"notice": 1, "warning": 2, "error": 3}
	setSeverity    = map[string]string{"deny": "error", "warn": "warning", "info": "notice"}
	findingKeys    = []string{"msg", "subprocessor", "name_key", "field", "line", "column", "row"}
	rulePackageRe  = regexp.MustCompile(`^data\.subpolicy\.rules\.([a-z][a-z0-9_]*)$`)
	ruleFileRe     = regexp.MustCompile(`^rules/([a-z][a-z0-9_]*)/([a-z][a-z0-9_]*)\.rego$`)
	ruleTestFileRe = regexp.MustCompile(`^rules/([a-z][a-z0-9_]*)/([a-z][a-z0-9_]*)_test\.rego$`)
)

func isTestFile(name string) bool { return strings.HasSuffix(name, "_test.rego") }

// regoFiles lists every .rego file in the embedded pack.
func regoFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	err := fs.WalkDir(policy.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".rego") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// loadModules parses the pack's modules (with METADATA), with or without the tests.
func loadModules(t *testing.T, withTests bool) map[string]*ast.Module {
	t.Helper()
	res, err := loader.NewFileLoader().
		WithFS(policy.FS).
		WithProcessAnnotation(true).
		WithRegoVersion(ast.RegoV1).
		Filtered([]string{"lib", "rules"}, func(_ string, info fs.FileInfo, _ int) bool {
			if info.IsDir() {
				return false
			}
			return !strings.HasSuffix(info.Name(), ".rego") || (!withTests && isTestFile(info.Name()))
		})
	if err != nil {
		t.Fatalf("load pack: %v", err)
	}
	return res.ParsedModules()
}

// config is the default configuration, policy/config.json.
func config(t *testing.T) map[string]any {
	t.Helper()
	raw, err := fs.ReadFile(policy.FS, "config.json")
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]any
	if err := json.Unmarshal(raw, &cfg); err != nil {
		t.Fatalf("config.json: %v", err)
	}
	return cfg
}

// newStore mounts config.json at data.subpolicy.config, as the engine does.
func newStore(t *testing.T) storage.Store {
	t.Helper()
	return inmem.NewFromObject(map[string]any{"subpolicy": map[string]any{"config": config(t)}})
}

// newCompiler is a strict compiler without the builtins the engine removes.
func newCompiler() *ast.Compiler {
	caps := ast.CapabilitiesForThisVersion()
	caps.Builtins = slices.DeleteFunc(slices.Clone(caps.Builtins), func(b *ast.Builtin) bool {
		return slices.Contains(removedBuiltins, b.Name)
	})
	return ast.NewCompiler().
		WithStrict(true).
		WithCapabilities(caps).
		WithDefaultRegoVersion(ast.RegoV1).
		WithEnablePrintStatements(false)
}

// compilePack compiles the pack's modules as the engine does, failing the test on an error.
func compilePack(t *testing.T, modules map[string]*ast.Module) *ast.Compiler {
	t.Helper()
	compiler := newCompiler()
	if compiler.Compile(modules); compiler.Failed() {
		t.Fatalf("compile pack: %v", compiler.Errors)
	}
	return compiler
}

// TestRegoTests runs every Rego test of the pack the way "subpolicy test" does
// (internal/policy.RunTests: the strict compiler, without the removed builtins, builtin errors
// raised) and requires every line of the pack to be covered.
func TestRegoTests(t *testing.T) {
	run, err := subpolicy.RunTests(context.Background(), subpolicy.TestOptions{DefaultPack: true, Coverage: true})
	if err != nil {
		t.Fatalf("compile pack and tests: %v", err)
	}
	var passed, failed int
	for _, r := range run.Results {
		switch r.Outcome {
		case subpolicy.Pass:
			passed++
		case subpolicy.Skipped:
			t.Logf("%s:%d: %s: skipped", r.File, r.Line, r.FullName())
		case subpolicy.Errored:
			failed++
			t.Errorf("%s:%d: %s: error: %v", r.File, r.Line, r.FullName(), r.Err)
		default:
			failed++
			t.Errorf("%s:%d: %s: fail at %s", r.File, r.Line, r.FullName(), r.FailedAt)
		}
	}
	if passed+failed == 0 {
		t.Fatal("no Rego tests found")
	}
	t.Logf("rego tests: %d passed, %d failed", passed, failed)

	// Coverage of the pack itself: the test modules are left out of the figure.
	packFiles := 0
	for _, f := range regoFiles(t) {
		if !isTestFile(f) {
			packFiles++
		}
	}
	if len(run.Coverage.Files) != packFiles {
		t.Errorf("coverage data for %d files, want the pack's %d", len(run.Coverage.Files), packFiles)
	}
	for _, f := range run.Coverage.Files {
		for _, rng := range f.Missed {
			t.Logf("not covered: %s:%d-%d", f.File, rng[0], rng[1])
		}
	}
	pct, covered, lines := run.Coverage.Total(nil)
	t.Logf("coverage of the pack: %.2f%% (%d of %d lines)", pct, covered, lines)
	if pct < minCoverage {
		t.Errorf("coverage %.2f%% is below %.0f%%", pct, minCoverage)
	}
}

// ruleMeta is what the engine reads of a rule package.
type ruleMeta struct {
	Slug, ID, Severity, Title, File string
}

// rules returns each rule package's METADATA by slug, checking the conventions as it goes.
func rules(t *testing.T, modules map[string]*ast.Module) map[string]ruleMeta {
	t.Helper()
	out := map[string]ruleMeta{}
	ids := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(modules)) {
		m := modules[name]
		if isTestFile(name) {
			continue
		}
		pkg := m.Package.Path.String()
		if name == "lib/lib.rego" {
			if pkg != "data.subpolicy.lib" {
				t.Errorf("%s: package %s, want subpolicy.lib", name, pkg)
			}
			continue
		}
		fm := ruleFileRe.FindStringSubmatch(name)
		if fm == nil || fm[1] != fm[2] {
			t.Errorf("%s: a rule lives in rules/<slug>/<slug>.rego", name)
			continue
		}
		pm := rulePackageRe.FindStringSubmatch(pkg)
		if pm == nil || pm[1] != fm[1] {
			t.Errorf("%s: package %s, want subpolicy.rules.%s", name, pkg, fm[1])
			continue
		}
		var ann *ast.Annotations
		for _, a := range m.Annotations {
			if a.Scope == "package" {
				ann = a
			}
		}
		if ann == nil {
			t.Errorf("%s: no package-scoped METADATA", name)
			continue
		}
		id, _ := ann.Custom["id"].(string)
		sev, _ := ann.Custom["severity"].(string)
		switch {
		case strings.TrimSpace(ann.Title) == "":
			t.Errorf("%s: METADATA has no title", name)
		case strings.TrimSpace(ann.Description) == "":
			t.Errorf("%s: METADATA has no description", name)
		case len(ann.RelatedResources) == 0 || ann.RelatedResources[0].Ref.String() == "":
			t.Errorf("%s: METADATA has no related_resources", name)
		case !idPattern.MatchString(id):
			t.Errorf("%s: custom.id %q does not match %s", name, id, idPattern)
		case severities[sev] == 0:
			t.Errorf("%s: custom.severity %q is not error, warning or notice", name, sev)
		}
		if prev, dup := ids[id]; dup {
			t.Errorf("%s: custom.id %s is also used by %s", name, id, prev)
		}
		ids[id] = name
		if ref := ann.RelatedResources; len(ref) > 0 && !strings.HasSuffix(ref[0].Ref.String(), "#"+strings.ToLower(id)) {
			t.Errorf("%s: related_resources %s should point at #%s", name, ref[0].Ref.String(), strings.ToLower(id))
		}

		// custom.severity is the highest severity the rule reports.
		highest := ""
		for _, r := range m.Rules {
			if s, ok := setSeverity[ruleName(r)]; ok && severities[s] > severities[highest] {
				highest = s
			}
		}
		if highest != sev {
			t.Errorf("%s: custom.severity is %q but the highest set the rule fills is %q", name, sev, highest)
		}
		out[fm[1]] = ruleMeta{Slug: fm[1], ID: id, Severity: sev, Title: ann.Title, File: name}
	}
	return out
}

// Tests live under data.subpolicy.test so that evaluating data.subpolicy.rules never runs one,
// and rule packages hold nothing but deny, warn, info and private (_-prefixed) helpers.
func TestPackages(t *testing.T) {
	for name, m := range loadModules(t, true) {
		pkg := m.Package.Path.String()
		if isTestFile(name) {
			if !strings.HasPrefix(pkg, "data.subpolicy.test.") {
				t.Errorf("%s: package %s; tests belong under subpolicy.test", name, pkg)
			}
			continue
		}
		if !strings.HasPrefix(pkg, "data.subpolicy.rules.") {
			continue
		}
		for _, r := range m.Rules {
			n := ruleName(r)
			if _, ok := setSeverity[n]; !ok && !strings.HasPrefix(n, "_") {
				t.Errorf("%s:%d: rule %q: a rule package exports only deny, warn and info", name, r.Location.Row, n)
			}
		}
	}
}

// ruleName is the first term of a rule's head reference: "deny" for "deny contains …".
func ruleName(r *ast.Rule) string { return r.Head.Ref()[0].String() }

func TestMetadata(t *testing.T) {
	got := rules(t, loadModules(t, false))
	if len(got) == 0 {
		t.Fatal("no rule packages")
	}
	list := slices.SortedFunc(maps.Values(got), func(a, b ruleMeta) int { return strings.Compare(a.ID, b.ID) })
	for _, m := range list {
		t.Logf("%s %-8s %-24s %s", m.ID, m.Severity, m.Slug, m.Title)
	}
}

func TestLayout(t *testing.T) {
	files := regoFiles(t)
	tests := map[string]bool{}
	rulesSeen := map[string]bool{}
	for _, f := range files {
		switch {
		case f == "lib/lib.rego" || strings.HasPrefix(f, "lib/") && isTestFile(f):
		case ruleTestFileRe.MatchString(f):
			m := ruleTestFileRe.FindStringSubmatch(f)
			if m[1] != m[2] {
				t.Errorf("%s: a rule's tests live in rules/<slug>/<slug>_test.rego", f)
			}
			tests[m[1]] = true
		case ruleFileRe.MatchString(f):
			rulesSeen[ruleFileRe.FindStringSubmatch(f)[1]] = true
		default:
			t.Errorf("%s: unexpected file in the pack", f)
		}
	}
	for slug := range rulesSeen {
		if !tests[slug] {
			t.Errorf("rules/%s has no %s_test.rego", slug, slug)
		}
	}
	for _, f := range []string{"lib/lib.rego", "lib/lib_test.rego", "config.json"} {
		if _, err := fs.Stat(policy.FS, f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	// Only .rego files and config.json are embedded.
	err := fs.WalkDir(policy.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".rego") && p != "config.json" {
			t.Errorf("%s: only .rego files and config.json belong in the pack", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestFormatted(t *testing.T) {
	for _, f := range regoFiles(t) {
		src, err := fs.ReadFile(policy.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		want, err := format.SourceWithOpts(f, src, format.Opts{RegoVersion: ast.RegoV1})
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if !bytes.Equal(src, want) {
			t.Errorf("%s is not formatted; run opa fmt -w policy/", f)
		}
	}
}

// evaluate runs every rule on doc the way the engine does and renders each finding as
// "line:column ID severity field: message", sorted.
func evaluate(t *testing.T, doc any) []string {
	t.Helper()
	ctx := context.Background()
	modules := loadModules(t, false)
	meta := rules(t, modules)
	compiler := compilePack(t, modules)
	rs, err := rego.New(
		rego.Compiler(compiler),
		rego.Store(newStore(t)),
		rego.Query("data.subpolicy.rules"),
		rego.Input(doc),
		rego.StrictBuiltinErrors(true),
	).Eval(ctx)
	if err != nil {
		t.Fatalf("evaluate: %v", err)
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		t.Fatalf("unexpected result set %v", rs)
	}
	packages, _ := rs[0].Expressions[0].Value.(map[string]any)
	var out []string
	for slug, v := range packages {
		m, ok := meta[slug]
		if !ok {
			t.Errorf("results for unknown rule package %q", slug)
			continue
		}
		sets, _ := v.(map[string]any)
		for set, sev := range setSeverity {
			findings, _ := sets[set].([]any)
			for _, x := range findings {
				out = append(out, renderFinding(t, m, sev, x))
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return lessFinding(out[i], out[j]) })
	return out
}

func renderFinding(t *testing.T, m ruleMeta, sev string, x any) string {
	t.Helper()
	f, ok := x.(map[string]any)
	if !ok {
		t.Errorf("%s: finding %v is not an object", m.ID, x)
		return ""
	}
	for k := range f {
		if !slices.Contains(findingKeys, k) {
			t.Errorf("%s: finding has unexpected key %q: %v", m.ID, k, f)
		}
	}
	msg, _ := f["msg"].(string)
	if msg == "" || strings.ToLower(msg[:1]) != msg[:1] && !strings.HasPrefix(msg, "AI ") {
		t.Errorf("%s: message %q should start in lowercase", m.ID, msg)
	}
	field, _ := f["field"].(string)
	if field == "" {
		field = "-"
	}
	return fmt.Sprintf("%v:%v %s %s %s: %s", num(f["line"]), num(f["column"]), m.ID, sev, field, msg)
}

func num(v any) string {
	if n, ok := v.(json.Number); ok {
		return n.String()
	}
	if v == nil {
		return "0"
	}
	return fmt.Sprint(v)
}

func lessFinding(a, b string) bool {
	var la, ca, lb, cb int
	fmt.Sscanf(a, "%d:%d", &la, &ca)
	fmt.Sscanf(b, "%d:%d", &lb, &cb)
	if la != lb {
		return la < lb
	}
	if ca != cb {
		return ca < cb
	}
	return a < b
}

func readSeed(t *testing.T) map[string]any {
	t.Helper()
	raw, err := os.ReadFile("testdata/seed_input.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func golden(t *testing.T, name string, got []string) {
	t.Helper()
	file := path.Join("testdata", name)
	text := strings.Join(got, "\n") + "\n"
	if *update {
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./policy -update to create it)", err)
	}
	if string(want) != text {
		t.Errorf("findings differ from %s (run go test ./policy -update after checking them):\n--- want\n%s--- got\n%s", file, want, text)
	}
}

func countSeverity(findings []string, sev string) []string {
	var out []string
	for _, f := range findings {
		if strings.Fields(f)[2] == sev {
			out = append(out, f)
		}
	}
	return out
}

// The page the product was specified from: exactly one error, Elastic's empty location.
func TestSeedPage(t *testing.T) {
	got := evaluate(t, readSeed(t))
	errs := countSeverity(got, "error")
	if len(errs) != 1 || !strings.HasPrefix(errs[0], "29:151 SP002 error location: \"Elastic\" has no location") {
		t.Errorf("want exactly one error, SP002 on Elastic's location; got %q", errs)
	}
	for _, want := range []string{
		`19:67 SP010 warning data: data item "Storage of data and" of "Google Cloud Platform" looks cut off`,
		`25:67 SP011 warning data: data of "Deepgram" mentions "Call Recordings"`,
		`10:0 SP012 notice -: the list was last updated on "2024-05-16"`,
	} {
		n := 0
		for _, f := range got {
			if strings.HasPrefix(f, want) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("want exactly one finding starting %q, got %d", want, n)
		}
	}
	golden(t, "seed_findings.golden", got)
}

// Go nil slices and maps arrive as null: no rule may fail on them (strict builtin errors).
func TestNullLists(t *testing.T) {
	doc := map[string]any{
		"path": "x.md", "title": "", "front_matter": nil, "updated": nil, "notice": nil,
		"subscription": nil, "changelog": nil,
		"tables": []any{map[string]any{
			"index": 0, "line": 3, "column": 1, "heading": "", "kind": "third_party",
			"format": "markdown", "header": nil, "columns": nil,
		}},
		"subprocessors": []any{map[string]any{
			"table": 0, "line": 5, "name": "X Inc.", "purpose": "", "data": nil, "location": "",
			"locations": nil, "countries": nil, "unresolved_locations": nil, "name_key": "x",
			"category": "", "transfer": nil, "effective": nil, "links": nil, "cells": nil, "extra": nil,
		}},
		"context": map[string]any{"mode": "local", "now": "2026-11-28T00:00:00Z"},
	}
	got := evaluate(t, doc)
	want := []string{
		`0:0 SP012 warning -: the page does not say when the list was last updated; add a "Last updated" line with the date the list last changed, so customers can tell whether it is current`,
		`0:0 SP019 warning -: the page offers no way to subscribe to changes; add a subscribe link, mailing list or RSS feed so customers hear about new subprocessors in time to object`,
		`0:0 SP019 warning -: the page states no notice period for new subprocessors; add a sentence such as "We will give at least 30 days' notice before engaging a new subprocessor"`,
		`3:1 SP001 error -: the table has no name column (expected a header such as "Name", "Subprocessor", "Sub-processor", "Vendor", "Entity", "Provider" or "Company"); add it so every row states its name`,
		`3:1 SP001 error -: the table has no purpose column (expected a header such as "Purpose", "Function", "Service", "Processing activity" or "Description"); add it so every row states its purpose`,
		`3:1 SP001 warning -: the table has no data column (expected a header such as "Data", "Data shared", "Data categories", "Personal data" or "Categories of data"); add it so every row states its data`,
		`3:1 SP001 warning -: the table has no location column (expected a header such as "Location", "Country", "Region", "Data location", "Processing location" or "Headquarters"); add it so every row states its location`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
	// Nothing at all for a document without tables or rows.
	if got := evaluate(t, map[string]any{"subprocessors": nil, "tables": nil, "context": map[string]any{"now": "2026-11-28T00:00:00Z"}}); len(got) != 0 {
		t.Errorf("empty document: got %q", got)
	}
	// A removed page whose base had a table of null header and rows, and null lists around.
	removed := map[string]any{
		"path": "x.md", "subprocessors": nil, "tables": nil, "updated": nil, "changelog": nil,
		"change": map[string]any{
			"status": "removed", "added": nil, "removed": nil, "modified": nil, "modifications": nil, "suspected_replacements": nil,
			"lost_tables": []any{0},
			"base": map[string]any{"path": "x.md", "updated": nil, "subprocessors": nil, "tables": []any{map[string]any{
				"index": 0, "line": 3, "column": 1, "heading": "", "kind": "third_party", "format": "markdown", "header": nil, "columns": nil,
			}}},
		},
		"context": map[string]any{"mode": "pull_request", "now": "2026-11-28T00:00:00Z", "pull_request": map[string]any{"labels": nil}},
	}
	want = []string{`0:0 SP021 error -: the page is removed or moved out of the checked paths, and with it the table on line 3 of the base version (header ""); ` +
		`restore the page, or, if the removal is intended, apply the label "privacy-approved"`}
	if got := evaluate(t, removed); !slices.Equal(got, want) {
		t.Errorf("removed page:\n got %q\nwant %q", got, want)
	}
}

// An AI provider with no data gets one error, SP003's, on its line: not SP002's too.
func TestSeedPageWithAnthropic(t *testing.T) {
	doc := readSeed(t)
	rows := doc["subprocessors"].([]any)
	anthropic := map[string]any{
		"table": 0, "line": 30, "name": "Anthropic", "purpose": "AI Service Provider",
		"data": []any{}, "location": "United States", "locations": []any{"United States"},
		"countries": []any{"US"}, "unresolved_locations": []any{}, "name_key": "anthropic",
		"category": "Crescendo Third-Party Subprocessors & Crescendo Affiliates",
		"transfer": []any{}, "effective": nil,
		"links": []any{map[string]any{"text": "Privacy", "url": "https://www.anthropic.com/legal/privacy"}},
		"cells": map[string]any{
			"name":     map[string]any{"text": "Anthropic", "line": 30, "column": 3},
			"purpose":  map[string]any{"text": "AI Service Provider", "line": 30, "column": 15},
			"data":     map[string]any{"text": "", "line": 30, "column": 36},
			"location": map[string]any{"text": "United States", "line": 30, "column": 39},
			"links":    map[string]any{"text": "Privacy", "line": 30, "column": 55},
		},
		"extra": map[string]any{},
	}
	doc["subprocessors"] = append(rows, anthropic)
	got := evaluate(t, doc)
	var line30 []string
	for _, f := range countSeverity(got, "error") {
		if strings.HasPrefix(f, "30:") {
			line30 = append(line30, f)
		}
	}
	want := []string{
		`30:36 SP003 error data: AI provider "Anthropic" lists no specific data categories (found: none); name what is sent to the model, e.g. "prompts, chat transcripts, end-user names"`,
	}
	if !slices.Equal(line30, want) {
		t.Errorf("errors on line 30:\n got %q\nwant %q", line30, want)
	}
	if n := len(countSeverity(got, "error")); n != 2 {
		t.Errorf("want 2 errors (Elastic's SP002, Anthropic's SP003), got %d", n)
	}
}

// TestMatchingAgreesWithRegexMatch compares lib.matching, lib.not_matching and their _lower
// forms, which search
// blocks of texts joined by new lines, with regex.match on each text, on random columns of
// short texts built to break the block search: new lines inside texts, patterns that match
// a new line, anchors, word boundaries, empty texts, whole blocks that match.
func TestMatchingAgreesWithRegexMatch(t *testing.T) {
	t.Parallel()
	compiler := compilePack(t, loadModules(t, false))
	query, err := rego.New(
		rego.Compiler(compiler),
		rego.Store(newStore(t)),
		rego.Query(`data.subpolicy.lib.matching(input.texts, input.pattern) == {i | some i, t in input.texts; regex.match(input.pattern, t)}
			data.subpolicy.lib.matching_lower(input.texts, input.pattern) == {i | some i, t in input.texts; regex.match(input.pattern, lower(t))}
			data.subpolicy.lib.not_matching(input.texts, input.pattern) == {i | some i, t in input.texts; not regex.match(input.pattern, t)}
			data.subpolicy.lib.not_matching_lower(input.texts, input.pattern) == {i | some i, t in input.texts; not regex.match(input.pattern, lower(t))}
			data.subpolicy.lib.any_matching(input.texts, input.pattern) == (count({i | some i, t in input.texts; regex.match(input.pattern, t)}) > 0)`),
		rego.StrictBuiltinErrors(true),
	).PrepareForEval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	patterns := []string{
		`Inc`, `(?i)inc\b`, `^a`, `a$`, `^$`, `^`, `\bInc\b`, `Inc\n`, `Inc\n|z$`, `(?s)a.b`, `a\sb`,
		`[^a]`, `b\nc`, `^Inc$`, `a|^b`, `\AInc`, `Inc\z`, `(?-m:^b)`, `\n`, `(?m)^b`, `x*`,
	}
	words := []string{"a", "b", "Inc", "INC", "z", " ", ".", "\n", "c"}
	rng := rand.New(rand.NewPCG(7, 11))
	for n := range 400 {
		texts := make([]string, rng.IntN(300))
		mode := rng.IntN(4)
		for i := range texts {
			switch mode {
			case 0: // whole blocks that match
				texts[i] = "Acme Inc"
				continue
			case 1: // every line matches, some only with the new line after it
				texts[i] = []string{"a Inc", "b z", "Inc", "z", "b\nz"}[rng.IntN(5)]
				continue
			}
			var b strings.Builder
			for range rng.IntN(6) {
				b.WriteString(words[rng.IntN(len(words))])
			}
			texts[i] = b.String()
		}
		pattern := patterns[n%len(patterns)]
		rs, err := query.Eval(context.Background(), rego.EvalInput(map[string]any{"texts": texts, "pattern": pattern}))
		if err != nil {
			t.Fatalf("pattern %q: %v", pattern, err)
		}
		if len(rs) != 1 {
			t.Fatalf("pattern %q, texts %q: matching and regex.match disagree", pattern, texts)
		}
	}
}
