package policy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/subpolicy/subpolicy/internal/finding"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
	"github.com/subpolicy/subpolicy/internal/testpage"
)

// testDoc is a small page: a table at line 5, OpenAI on line 7 and Acme on line 8.
func testDoc() *subprocessor.Document {
	return &subprocessor.Document{
		Path:  "docs/subprocessors.md",
		Title: "Subprocessors",
		Tables: []subprocessor.Table{{
			Index: 0, Line: 5, Column: 1, Heading: "Subprocessors", Kind: "third_party", Format: "markdown",
			Header:  []string{"Name", "Purpose", "Location"},
			Columns: map[string]int{"name": 0, "purpose": 1, "location": 2},
		}},
		Subprocessors: []subprocessor.Row{
			{
				Table: 0, Line: 7, Name: "OpenAI", NameKey: "openai", Purpose: "AI Service Provider",
				Location: "United States", Locations: []string{"United States"}, Countries: []string{"US"},
				Cells: map[string]subprocessor.Cell{
					"name":     {Text: "OpenAI", Line: 7, Column: 3},
					"purpose":  {Text: "AI Service Provider", Line: 7, Column: 12},
					"location": {Text: "United States", Line: 7, Column: 34},
				},
			},
			{
				Table: 0, Line: 8, Name: "Acme, Inc.", NameKey: "acme", Purpose: "Services",
				Cells: map[string]subprocessor.Cell{
					"name":     {Text: "Acme, Inc.", Line: 8, Column: 3},
					"purpose":  {Text: "Services", Line: 8, Column: 16},
					"location": {Text: "", Line: 8, Column: 40},
				},
			},
		},
		Context: subprocessor.Context{Mode: "local", Now: "2026-11-28T00:00:00Z"},
	}
}

func mustLoad(t testing.TB, opts Options) *Engine {
	t.Helper()
	e, err := Load(context.Background(), opts)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return e
}

func TestEvaluatePlacement(t *testing.T) {
	t.Parallel()
	e := mustLoad(t, Options{Policies: []string{"testdata/policies"}})
	got, err := e.Evaluate(context.Background(), testDoc())
	if err != nil {
		t.Fatal(err)
	}
	const path = "docs/subprocessors.md"
	t1 := func(sev finding.Severity, msg string, line, col int) finding.Finding {
		return finding.Finding{Rule: "T001", Title: "Basic rule", Severity: sev, Message: msg, Path: path,
			Line: line, Column: col, DocURL: "https://example.com/rules/T001"}
	}
	with := func(f finding.Finding, sub, key, field string) finding.Finding {
		f.Subprocessor, f.NameKey, f.Field = sub, key, field
		return f
	}
	want := []finding.Finding{
		t1(finding.Error, "page-level problem", 1, 1),
		t1(finding.Error, "twice", 1, 1),
		t1(finding.Notice, "nulls are absent", 1, 1),
		with(t1(finding.Notice, "unknown subprocessor", 1, 1), "Gone Inc", "", ""),
		t1(finding.Notice, "table", 5, 1),
		with(t1(finding.Notice, "field without a cell", 7, 1), "OpenAI", "", "transfer"),
		with(t1(finding.Notice, "row level", 7, 1), "OpenAI", "openai", ""),
		with(t1(finding.Notice, "by name key", 8, 3), "", "acme", "name"),
		{Rule: "T002", Title: "Uses the lib", Severity: finding.Warning, Message: "Acme, Inc. purpose is vague",
			Path: path, Line: 8, Column: 16, Subprocessor: "Acme, Inc.", NameKey: "acme", Field: "purpose"},
		with(t1(finding.Warning, "Acme, Inc. has no location", 8, 40), "Acme, Inc.", "", "location"),
		t1(finding.Error, "explicit position", 7, 4),
		t1(finding.Notice, "line only", 12, 1),
		with(t1(finding.Notice, "row index", 8, 16), "Acme, Inc.", "acme", "purpose"),
		with(t1(finding.Notice, "row index without a cell", 7, 3), "OpenAI", "openai", "transfer"),
		with(t1(finding.Notice, "row index and a line", 30, 1), "OpenAI", "openai", ""),
	}
	finding.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

func TestRules(t *testing.T) {
	t.Parallel()
	// A file named twice is read once; a unit-test file named explicitly is still skipped.
	e := mustLoad(t, Options{Policies: []string{"testdata/policies/second.rego", "testdata/policies", "testdata/policies/basic_test.rego"}})
	want := []Rule{
		{
			ID: "T001", Title: "Basic rule", Description: "Exercises every result shape.",
			DocURL: "https://example.com/rules/T001", Package: "subpolicy.rules.basic",
			File: "testdata/policies/basic.rego", Severity: finding.Error,
		},
		{
			ID: "T002", Title: "Uses the lib", Package: `subpolicy.rules["second-rule"]`,
			File: "testdata/policies/second.rego", Severity: finding.Warning,
		},
	}
	if diff := cmp.Diff(want, e.Rules()); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	if n := len(e.Modules()); n != 4 {
		t.Errorf("Modules() has %d modules, want 4 (lib, basic, second, second_helpers; tests and hidden folders skipped)", n)
	}
}

func TestPackAndData(t *testing.T) {
	t.Parallel()
	pack := os.DirFS("testdata/pack")
	tests := []struct {
		name       string
		data       []string
		wantConfig string // JSON
		wantMsgs   []string
	}{
		{
			name:       "pack config alone",
			wantConfig: `{"ai_vendors":["OpenAI","Anthropic"],"labels":["privacy-approved","legal-approved"],"nested":{"a":1,"b":{"c":2,"d":3}},"notice_days":30}`,
			wantMsgs:   []string{"labels privacy-approved,legal-approved", `nested {"a":1,"b":{"c":2,"d":3}}`, "notice days 30"},
		},
		{
			name:       "json then yaml merged in order: objects merge, lists and scalars replace",
			data:       []string{"testdata/data/override.json", "testdata/data/override.yaml"},
			wantConfig: `{"ai_vendors":["OpenAI","Anthropic"],"extra":{"enabled":"yes","ratio":0.5},"labels":["override"],"nested":{"a":1,"b":{"c":20,"d":30,"when":"2024-05-16"},"e":5},"notice_days":45}`,
			wantMsgs:   []string{"labels override", `nested {"a":1,"b":{"c":20,"d":30,"when":"2024-05-16"},"e":5}`, "notice days 45"},
		},
		{
			name:       "a YAML file with only comments overrides nothing",
			data:       []string{"testdata/data/empty.yaml"},
			wantConfig: `{"ai_vendors":["OpenAI","Anthropic"],"labels":["privacy-approved","legal-approved"],"nested":{"a":1,"b":{"c":2,"d":3}},"notice_days":30}`,
			wantMsgs:   []string{"labels privacy-approved,legal-approved", `nested {"a":1,"b":{"c":2,"d":3}}`, "notice days 30"},
		},
		{
			name:       "yaml then json",
			data:       []string{"testdata/data/override.yaml", "testdata/data/override.json"},
			wantConfig: `{"ai_vendors":["OpenAI","Anthropic"],"extra":{"enabled":"yes","ratio":0.5},"labels":["override"],"nested":{"a":1,"b":{"c":20,"d":30,"when":"2024-05-16"},"e":5},"notice_days":45}`,
			wantMsgs:   []string{"labels override", `nested {"a":1,"b":{"c":20,"d":30,"when":"2024-05-16"},"e":5}`, "notice days 45"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, err := load(context.Background(), Options{DefaultPack: true, Data: tt.data}, pack)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := json.Marshal(e.Config())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantConfig, string(cfg)); diff != "" {
				t.Errorf("Config() (-want +got):\n%s", diff)
			}
			fs, err := e.Evaluate(context.Background(), testDoc())
			if err != nil {
				t.Fatal(err)
			}
			var msgs []string
			for _, f := range fs {
				msgs = append(msgs, f.Message)
			}
			if diff := cmp.Diff(tt.wantMsgs, msgs); diff != "" {
				t.Errorf("messages (-want +got):\n%s", diff)
			}
			want := Rule{ID: "P001", Title: "Pack rule", Description: "Reports the configuration it sees.",
				DocURL: "https://example.com/rules/P001", Package: "subpolicy.rules.pk",
				File: "policy/rules/pk/pk.rego", Severity: finding.Notice}
			if diff := cmp.Diff([]Rule{want}, e.Rules()); diff != "" {
				t.Errorf("rules (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConfigIsACopy(t *testing.T) {
	t.Parallel()
	e, err := load(context.Background(), Options{DefaultPack: true}, os.DirFS("testdata/pack"))
	if err != nil {
		t.Fatal(err)
	}
	e.Config()["notice_days"] = json.Number("1")
	if got := e.Config()["notice_days"]; got != json.Number("30") {
		t.Errorf("notice_days = %v after changing a copy, want 30", got)
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	const removed = ` is not allowed in subpolicy policies: network and environment builtins are removed ` +
		`(compare dates against input.context.now instead of time.now_ns)`
	tests := []struct {
		name     string
		policies []string
		data     []string
		want     string // the whole error text; a line wrapped in /…/ is a regular expression
	}{
		{
			name:     "syntax error names the file, line and column",
			policies: []string{"testdata/bad/syntax.rego"},
			want: "testdata/bad/syntax.rego:5:1: rego_parse_error: unexpected } token\n" +
				"\t}\n" +
				"\t^",
		},
		{
			name:     "http.send",
			policies: []string{"testdata/bad/http_send.rego"},
			want:     `testdata/bad/http_send.rego:9:10: "http.send"` + removed,
		},
		{
			name:     "net.lookup_ip_addr",
			policies: []string{"testdata/bad/net_lookup.rego"},
			want:     `testdata/bad/net_lookup.rego:9:11: "net.lookup_ip_addr"` + removed,
		},
		{
			name:     "opa.runtime",
			policies: []string{"testdata/bad/opa_runtime.rego"},
			want:     `testdata/bad/opa_runtime.rego:9:9: "opa.runtime"` + removed,
		},
		{
			name:     "time.now_ns",
			policies: []string{"testdata/bad/time_now.rego"},
			want:     `testdata/bad/time_now.rego:9:2: "time.now_ns"` + removed,
		},
		{
			name:     "missing id",
			policies: []string{"testdata/bad/no_id.rego"},
			want:     "testdata/bad/no_id.rego:1:1: package subpolicy.rules.no_id: METADATA has no custom.id (a stable rule id such as SP001)",
		},
		{
			name:     "missing severity",
			policies: []string{"testdata/bad/no_severity.rego"},
			want:     "testdata/bad/no_severity.rego:1:1: package subpolicy.rules.no_severity: METADATA has no custom.severity (error, warning or notice)",
		},
		{
			name:     "missing METADATA",
			policies: []string{"testdata/bad/no_metadata.rego"},
			want: "testdata/bad/no_metadata.rego:1:1: package subpolicy.rules.no_metadata has no METADATA: every package under " +
				"subpolicy.rules is a rule and needs a # METADATA block above its package line with title, custom.id and custom.severity",
		},
		{
			name:     "bad severity",
			policies: []string{"testdata/bad/bad_severity.rego"},
			want:     `testdata/bad/bad_severity.rego:1:1: package subpolicy.rules.bad_severity: METADATA custom.severity "fatal" is not one of error, warning, notice`,
		},
		{
			name:     "bad why",
			policies: []string{"testdata/bad/bad_why.rego"},
			want:     `testdata/bad/bad_why.rego:1:1: package subpolicy.rules.bad_why: METADATA custom.why maps error, warning or notice to a reason, not "fatal" to because`,
		},
		{
			name:     "bad fail_closed",
			policies: []string{"testdata/bad/bad_fail_closed.rego"},
			want:     `testdata/bad/bad_fail_closed.rego:1:1: package subpolicy.rules.bad_fail_closed: METADATA custom.fail_closed must be true or false, not yes`,
		},
		{
			name:     "duplicate id names both files",
			policies: []string{"testdata/bad/dup"},
			want: `testdata/bad/dup/b.rego:1:1: rule id "X007" is used by two packages: subpolicy.rules.dup_a (testdata/bad/dup/a.rego:1:1) ` +
				`and subpolicy.rules.dup_b (testdata/bad/dup/b.rego:1:1); ids must be unique`,
		},
		{
			name:     "strict: unused variable",
			policies: []string{"testdata/bad/unused_var.rego"},
			want:     "testdata/bad/unused_var.rego:9:2: rego_compile_error: assigned var n unused",
		},
		{
			name:     "strict: unused import",
			policies: []string{"testdata/bad/unused_import.rego"},
			want:     "testdata/bad/unused_import.rego:8:1: rego_compile_error: import data.subpolicy.config unused",
		},
		{
			name:     "rule package without result sets",
			policies: []string{"testdata/bad/no_sets.rego"},
			want:     "testdata/bad/no_sets.rego:6:1: package subpolicy.rules.no_sets defines none of deny, warn, info: a rule reports through them (deny contains msg if { … })",
		},
		{
			name:     "deny that is not a partial set",
			policies: []string{"testdata/bad/bool_deny.rego"},
			want:     "testdata/bad/bool_deny.rego:8:1: package subpolicy.rules.bool_deny: deny must be a partial set rule (deny contains msg if { … })",
		},
		{
			name:     "several files: every error",
			policies: []string{"testdata/bad/no_id.rego", "testdata/bad/bad_severity.rego"},
			want: `testdata/bad/bad_severity.rego:1:1: package subpolicy.rules.bad_severity: METADATA custom.severity "fatal" is not one of error, warning, notice` + "\n" +
				"testdata/bad/no_id.rego:1:1: package subpolicy.rules.no_id: METADATA has no custom.id (a stable rule id such as SP001)",
		},
		{
			name:     "deny outside subpolicy.rules",
			policies: []string{"testdata/policies", "testdata/bad/stray.rego"},
			want: "testdata/bad/stray.rego:3:1: package main defines deny but is not under subpolicy.rules, so it would never be evaluated; " +
				"name the package subpolicy.rules.<name> and give it a # METADATA block",
		},
		{
			name:     "missing policy path",
			policies: []string{"testdata/nope"},
			want:     `policy path "testdata/nope" does not exist`,
		},
		{
			name:     "not a rego file",
			policies: []string{"testdata/policies/notes.txt"},
			want:     `policy path "testdata/policies/notes.txt" is not a .rego file or a folder`,
		},
		{
			name: "no rules",
			want: "no rules to evaluate; load the default pack or pass policies with rule packages under subpolicy.rules " +
				"(package subpolicy.rules.<name> with # METADATA and deny/warn/info)",
		},
		{
			name:     "no rules: a library alone",
			policies: []string{"testdata/nolib"},
			want: "no rules to evaluate; load the default pack or pass policies with rule packages under subpolicy.rules " +
				"(package subpolicy.rules.<name> with # METADATA and deny/warn/info)",
		},
		{
			name:     "invalid JSON data",
			policies: []string{"testdata/policies"},
			data:     []string{"testdata/data/bad.json"},
			want:     "testdata/data/bad.json:4:1: invalid JSON: invalid character '}' looking for beginning of value",
		},
		{
			name:     "invalid YAML data",
			policies: []string{"testdata/policies"},
			data:     []string{"testdata/data/bad.yaml"},
			want:     "testdata/data/bad.yaml:2: invalid YAML: did not find expected '-' indicator",
		},
		{
			name:     "JSON data with a second value",
			policies: []string{"testdata/policies"},
			data:     []string{"testdata/data/trailing.json"},
			want:     "testdata/data/trailing.json:2:1: invalid JSON: unexpected content after the top-level value",
		},
		{
			name:     "YAML data with two documents",
			policies: []string{"testdata/policies"},
			data:     []string{"testdata/data/two.yaml"},
			want:     "testdata/data/two.yaml:2: invalid YAML: more than one document; a data file holds one object",
		},
		{
			name:     "JSON data that is not an object",
			policies: []string{"testdata/policies"},
			data:     []string{"testdata/data/list.json"},
			want:     "testdata/data/list.json: data file must hold an object at the top level, not a list",
		},
		{
			name:     "YAML data that is not an object",
			policies: []string{"testdata/policies"},
			data:     []string{"testdata/data/list.yaml"},
			want:     "testdata/data/list.yaml: data file must hold an object at the top level, not a list",
		},
		{
			name:     "missing data file",
			policies: []string{"testdata/policies"},
			data:     []string{"testdata/data/nope.json"},
			want:     `data file "testdata/data/nope.json" does not exist`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(context.Background(), Options{Policies: tt.policies, Data: tt.data})
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			matchLines(t, tt.want, err.Error())
		})
	}
}

// matchLines compares text line by line with want, where a line wrapped in /…/ is a regular
// expression.
func matchLines(t *testing.T, want, got string) {
	t.Helper()
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	ok := len(wl) == len(gl)
	for i := 0; ok && i < len(wl); i++ {
		if w := wl[i]; len(w) > 1 && strings.HasPrefix(w, "/") && strings.HasSuffix(w, "/") {
			ok = regexp.MustCompile(w[1 : len(w)-1]).MatchString(gl[i])
		} else {
			ok = w == gl[i]
		}
	}
	if !ok {
		t.Errorf("error text mismatch\ngot:\n%s\nwant:\n%s", got, want)
	}
}

func TestRuleOverConfiguration(t *testing.T) {
	t.Parallel()
	_, err := load(context.Background(), Options{DefaultPack: true, Policies: []string{"testdata/bad/config_pkg.rego"}}, os.DirFS("testdata/pack"))
	want := "testdata/bad/config_pkg.rego:3:1: rego_compile_error: conflicting rule for data path subpolicy/config/notice_days found"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}

func TestLoadErrorsAreTyped(t *testing.T) {
	t.Parallel()
	_, err := Load(context.Background(), Options{Policies: []string{"testdata/bad/http_send.rego"}})
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != 1 {
		t.Fatalf("error %v is not one policy.Errors entry", err)
	}
	want := &Error{File: "testdata/bad/http_send.rego", Line: 9, Column: 10, Message: removedBuiltinMessage("http.send")}
	if diff := cmp.Diff(want, errs[0]); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCapabilitiesRemoveBuiltins(t *testing.T) {
	t.Parallel()
	caps := capabilities()
	for _, name := range RemovedBuiltins {
		if caps.ContainsBuiltin(name) {
			t.Errorf("capabilities still contain %s", name)
		}
	}
	for _, name := range []string{"print", "sprintf", "time.parse_rfc3339_ns", "regex.match", "uuid.parse", "net.cidr_contains", "trace"} {
		if !caps.ContainsBuiltin(name) {
			t.Errorf("capabilities lost the pure built-in %s", name)
		}
	}
	if caps.AllowNet == nil || len(caps.AllowNet) != 0 {
		t.Errorf("AllowNet = %#v, want an empty list (no host)", caps.AllowNet)
	}
}

func TestPrint(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	e := mustLoad(t, Options{Policies: []string{"testdata/runtime/print.rego"}, Print: &buf})
	if _, err := e.Evaluate(context.Background(), testDoc()); err != nil {
		t.Fatal(err)
	}
	want := "testdata/runtime/print.rego:9: checking docs/subprocessors.md\n"
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("print output (-want +got):\n%s", diff)
	}

	// Without a writer, print() is discarded and evaluation still works.
	quiet := mustLoad(t, Options{Policies: []string{"testdata/runtime/print.rego"}})
	fs, err := quiet.Evaluate(context.Background(), testDoc())
	if err != nil || len(fs) != 1 {
		t.Fatalf("Evaluate = %v, %v; want one finding", fs, err)
	}
}

func TestEvaluateErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		policy string
		want   string
	}{
		{
			name:   "builtin error is fatal",
			policy: "testdata/runtime/to_number.rego",
			want:   `docs/subprocessors.md: policy error: testdata/runtime/to_number.rego:9:2: eval_builtin_error: to_number: strconv.ParseFloat: parsing "Subprocessors": invalid syntax (rule R001)`,
		},
		{
			name:   "element neither string nor object",
			policy: "testdata/runtime/shape.rego",
			want:   `docs/subprocessors.md: policy error: rule R004 (testdata/runtime/shape.rego): deny contains 42: each element must be a string or an object with a string "msg"`,
		},
		{
			name:   "object without msg",
			policy: "testdata/runtime/nomsg.rego",
			want:   `docs/subprocessors.md: policy error: rule R005 (testdata/runtime/nomsg.rego): deny contains {"message": "x"}: each element must be a string or an object with a string "msg"`,
		},
		{
			name:   "line that is not a number",
			policy: "testdata/runtime/badline.rego",
			want:   `docs/subprocessors.md: policy error: rule R006 (testdata/runtime/badline.rego): deny contains {"line": "three", "msg": "x"}: "line" must be a whole number from 1`,
		},
		{
			name:   "row that is not a row",
			policy: "testdata/runtime/badrow.rego",
			want:   `docs/subprocessors.md: policy error: rule R007 (testdata/runtime/badrow.rego): deny contains {"msg": "x", "row": 2}: "row" must be the index of a row of input.subprocessors (this page has 2)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := mustLoad(t, Options{Policies: []string{tt.policy}})
			fs, err := e.Evaluate(context.Background(), testDoc())
			if err == nil {
				t.Fatalf("Evaluate = %v, want an error", fs)
			}
			var ee *EvalError
			if !errors.As(err, &ee) || ee.Path != "docs/subprocessors.md" {
				t.Errorf("error %T %v is not an *EvalError for the document", err, err)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEvaluateTimeout(t *testing.T) {
	t.Parallel()
	e := mustLoad(t, Options{Policies: []string{"testdata/runtime/slow.rego"}, Timeout: 50 * time.Millisecond})
	start := time.Now()
	_, err := e.Evaluate(context.Background(), testDoc())
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("Evaluate took %s with a 50ms timeout", elapsed)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v does not wrap context.DeadlineExceeded", err)
	}
	if want := "docs/subprocessors.md: policy evaluation timed out after 50ms: context deadline exceeded"; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}

	// A caller's cancellation is reported as such, not as a timeout.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = e.Evaluate(ctx, testDoc())
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v does not wrap context.Canceled", err)
	}
}

func TestEvaluateConcurrent(t *testing.T) {
	t.Parallel()
	e := mustLoad(t, Options{Policies: []string{"testdata/policies", "testdata/runtime/print.rego"}, Print: &syncBuffer{}})
	want, err := e.Evaluate(context.Background(), testDoc())
	if err != nil {
		t.Fatal(err)
	}
	const workers, rounds = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds)
	for w := range workers {
		wg.Go(func() {
			for i := range rounds {
				doc := testDoc()
				doc.Path = fmt.Sprintf("docs/%d-%d.md", w, i)
				got, err := e.Evaluate(context.Background(), doc)
				if err != nil {
					errs <- err
					return
				}
				if len(got) != len(want) {
					errs <- fmt.Errorf("%s: %d findings, want %d", doc.Path, len(got), len(want))
					return
				}
				for j := range got {
					if got[j].Path != doc.Path || got[j].Message != want[j].Message || got[j].Line != want[j].Line {
						errs <- fmt.Errorf("%s: finding %d = %+v, want %+v", doc.Path, j, got[j], want[j])
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func TestInputValueMatchesJSON(t *testing.T) {
	t.Parallel()
	full := &subprocessor.Document{}
	fill(reflect.ValueOf(full).Elem(), new(int))
	withBase := testDoc()
	withBase.Change = &subprocessor.Change{Status: "modified", Base: &subprocessor.BaseState{Path: "x.md"}}
	withBase.Context.PullRequest = &subprocessor.PullRequest{Number: 7}
	// Base rows with links of their own: the index's links are the document's rows', not these.
	withBaseRows := testDoc()
	withBaseRows.Subprocessors[0].Links = []subprocessor.Link{{Text: "DPA", URL: "https://openai.example/dpa"}}
	baseRow := testDoc().Subprocessors[1]
	baseRow.Links = []subprocessor.Link{{Text: "Old", URL: "https://old.example"}}
	withBaseRows.Change = &subprocessor.Change{Status: "modified", Base: &subprocessor.BaseState{
		Path: "x.md", Subprocessors: []subprocessor.Row{baseRow, baseRow, baseRow}}}
	// A page long enough for its rows to be converted in parallel.
	long, err := subprocessor.Parse("long.md", testpage.Bytes(2*parallelConversionRows+1))
	if err != nil {
		t.Fatal(err)
	}
	for name, doc := range map[string]*subprocessor.Document{
		"long page":            long,
		"with base rows":       withBaseRows,
		"every field set":      full,
		"zero":                 {},
		"test page":            testDoc(),
		"base without rows":    withBase,
		"front matter of YAML": {FrontMatter: map[string]any{"date": "2024-05-16", "n": 3, "f": 1.5, "list": []any{true, nil}}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			// A row's index is its position in its list whatever the Go value says (see
			// rowTerm); Build numbers rows so, documents made here by hand are numbered now.
			for _, rows := range [][]subprocessor.Row{doc.Subprocessors, baseRows(doc)} {
				for i := range rows {
					rows[i].Index = i
				}
			}
			// The index is always the rows' own, computed afresh.
			doc.Index = subprocessor.NewIndex(doc.Subprocessors)
			v, err := inputValue(doc)
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			var want, got any
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(v.String()), &got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("input value (-encoding/json +inputValue):\n%s", diff)
			}
		})
	}
}

func baseRows(doc *subprocessor.Document) []subprocessor.Row {
	if doc.Change == nil || doc.Change.Base == nil {
		return nil
	}
	return doc.Change.Base.Subprocessors
}

// fill sets every field reachable from v to a distinct non-zero value: two elements per slice
// and map, pointers allocated, so a Document field the converter misses shows up in the diff.
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", *n))
	case reflect.Int:
		v.SetInt(int64(*n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Float64:
		v.SetFloat(float64(*n) + 0.5)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n)
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), n)
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), n)
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(k, n)
			fill(e, n)
			v.SetMapIndex(k, e)
		}
	case reflect.Interface:
		v.Set(reflect.ValueOf(fmt.Sprintf("any%d", *n)))
	default:
		panic(fmt.Sprintf("fill: unhandled kind %s", v.Kind()))
	}
}

func TestClipKeepsCharactersWhole(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"abcdef", 3, "abc…"},
		{"ééé", 3, "é…"}, // the cut would split the second é
		{"ééé", 4, "éé…"},
	} {
		if got := clip(tt.s, tt.n); got != tt.want {
			t.Errorf("clip(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

// A load raises GOGC from the runtime's default while it runs, and leaves a GOGC that was set.
func TestLoadRaisesDefaultGCPercentOnly(t *testing.T) {
	before := debug.SetGCPercent(defaultGCPercent)
	defer debug.SetGCPercent(before)
	done := loadingGC()
	if got := debug.SetGCPercent(-2); got != loadGCPercent { // -2: read, then restored below
		t.Errorf("GOGC while loading = %d, want %d", got, loadGCPercent)
	}
	debug.SetGCPercent(loadGCPercent)
	done()
	debug.SetGCPercent(123)
	done = loadingGC()
	if got := debug.SetGCPercent(123); got != 123 {
		t.Errorf("GOGC while loading with GOGC set to 123 = %d, want it left", got)
	}
	done()
}

// Concurrent loads raise GOGC while any is under way and leave it as it was, in any order.
func TestLoadRestoresGCPercent(t *testing.T) {
	before := debug.SetGCPercent(123)
	defer debug.SetGCPercent(before)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := Load(context.Background(), Options{DefaultPack: true}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got := debug.SetGCPercent(123); got != 123 {
		t.Errorf("GOGC after the loads is %d, want 123 as before", got)
	}
}
