package report

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/subpolicy/subpolicy/internal/check"
	"github.com/subpolicy/subpolicy/internal/finding"
	"github.com/subpolicy/subpolicy/internal/policy"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

const sarifSchemaPath = "../../testdata/sarif-schema-2.1.0.json"

var (
	sarifSchemaOnce sync.Once
	sarifSchema     *jsonschema.Schema
	sarifSchemaErr  error
)

// validateSARIF checks b against the OASIS SARIF 2.1.0 schema, formats (uri,
// uri-reference, date-time) included.
func validateSARIF(t *testing.T, b []byte) {
	t.Helper()
	sarifSchemaOnce.Do(func() {
		f, err := os.Open(sarifSchemaPath)
		if err != nil {
			sarifSchemaErr = err
			return
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			sarifSchemaErr = err
			return
		}
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		const url = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
		if sarifSchemaErr = c.AddResource(url, doc); sarifSchemaErr == nil {
			sarifSchema, sarifSchemaErr = c.Compile(url)
		}
	})
	if sarifSchemaErr != nil {
		t.Fatalf("loading the SARIF schema: %v", sarifSchemaErr)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the SARIF output is not JSON: %v", err)
	}
	if err := sarifSchema.Validate(inst); err != nil {
		t.Fatalf("the SARIF output does not match the SARIF 2.1.0 schema: %v", err)
	}
}

// sarifLog is the part of a SARIF log the tests read.
type sarifLog struct {
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name    string `json:"name"`
				Version string `json:"version"`
				Rules   []struct {
					ID               string `json:"id"`
					Name             string `json:"name"`
					HelpURI          string `json:"helpUri"`
					ShortDescription struct {
						Text string `json:"text"`
					} `json:"shortDescription"`
					FullDescription struct {
						Text string `json:"text"`
					} `json:"fullDescription"`
					DefaultConfiguration struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results     []sarifResult `json:"results"`
		Invocations []struct {
			ToolExecutionNotifications []struct {
				Level   string `json:"level"`
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
	} `json:"runs"`
}

type sarifResult struct {
	RuleID    string `json:"ruleId"`
	RuleIndex int    `json:"ruleIndex"`
	Level     string `json:"level"`
	Message   struct {
		Text string `json:"text"`
	} `json:"message"`
	Locations []struct {
		PhysicalLocation struct {
			ArtifactLocation struct {
				URI       string `json:"uri"`
				URIBaseID string `json:"uriBaseId"`
			} `json:"artifactLocation"`
			Region struct {
				StartLine   int `json:"startLine"`
				StartColumn int `json:"startColumn"`
				EndColumn   int `json:"endColumn"`
			} `json:"region"`
		} `json:"physicalLocation"`
	} `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Suppressions        []struct {
		Kind          string         `json:"kind"`
		Status        string         `json:"status"`
		Justification string         `json:"justification"`
		Properties    map[string]any `json:"properties"`
	} `json:"suppressions"`
}

// writeSARIF renders r, validates it against the schema and decodes it.
func writeSARIF(t *testing.T, r *Report, opts SARIFOptions) sarifLog {
	t.Helper()
	var b bytes.Buffer
	if err := WriteSARIF(&b, r, opts); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, b.Bytes())
	var log sarifLog
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q with %d runs, want 2.1.0 with one run", log.Version, len(log.Runs))
	}
	return log
}

func TestSARIFResults(t *testing.T) {
	t.Parallel()
	rules := []policy.Rule{
		{ID: "SP002", Title: "Rows fill the required fields", Description: "Every row fills its cells.", Package: "subpolicy.rules.required_fields",
			DocURL: "https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp002", Severity: finding.Error},
		{ID: "SP005", Title: "Purposes are specific", Package: "subpolicy.rules.specific_text", Severity: finding.Warning, DocURL: "javascript:alert(1)"},
		{ID: "SP012", Title: "The page is dated\u202e", Description: "bell\a and escape\x1b[31m", Package: "subpolicy.rules.updated_date", Severity: finding.Notice},
	}
	r := &Report{
		Findings: []finding.Finding{
			{Rule: "SP002", Severity: finding.Error, Message: `"Elastic" has no location`, Path: "docs/sub processors.md",
				Line: 29, Column: 151, EndColumn: 160, Subprocessor: "Elastic", NameKey: "elastic", Field: "location"},
			{Rule: "SP005", Severity: finding.Warning, Message: "purpose too short", Path: "docs/sub processors.md", Line: 22, Column: 27,
				NameKey: "twilio", Field: "purpose", Waived: &finding.Waiver{Reason: "legal approved", Owner: "@privacy", Expires: "2027-01-01", Source: "docs/sub processors.md:40"}},
			{Rule: "SP005", Severity: finding.Warning, Message: "purpose too short", Path: "docs/sub processors.md", Line: 28, Column: 27,
				NameKey: "redis", Field: "purpose", Waived: &finding.Waiver{Reason: "accepted for now", Source: ".subpolicy/waivers.yaml"}},
			{Rule: "SP012", Severity: finding.Notice, Message: "stale", Path: "./docs/other.md", Line: 0},
			{Rule: "ACME001", Title: "Custom", Severity: finding.Warning, Message: "custom rule missing from the rule list", Path: "a.md", Line: 3, Column: 1},
		},
		Files: []File{{Path: "docs/broken.md", Error: "invalid UTF-8", Line: 4, Column: 2}},
	}
	log := writeSARIF(t, r, SARIFOptions{Version: "v1.2.3", Rules: rules, RepositoryURI: "https://github.com/o/r", Revision: "abc"})
	run := log.Runs[0]
	if d := run.Tool.Driver; d.Name != "subpolicy" || d.Version != "v1.2.3" {
		t.Errorf("tool %q %q, want subpolicy v1.2.3", d.Name, d.Version)
	}
	var ids []string
	for _, rd := range run.Tool.Driver.Rules {
		ids = append(ids, rd.ID+"/"+rd.Name+"/"+rd.DefaultConfiguration.Level+"/"+rd.HelpURI)
	}
	want := []string{
		"SP002/RequiredFields/error/https://github.com/subpolicy/subpolicy/blob/main/docs/rules.md#sp002",
		"SP005/SpecificText/warning/", // a non-http help link is dropped
		"SP012/UpdatedDate/note/",
		"ACME001/ACME001/warning/", // a finding's rule missing from Rules gets a descriptor
	}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	// METADATA text is made plain: no bidi override, bell or terminal escape.
	if rd := run.Tool.Driver.Rules[2]; rd.ShortDescription.Text != `The page is dated\u202e` || rd.FullDescription.Text != `bell\u0007 and escape\u001b[31m` {
		t.Errorf("SP012 descriptions %q, %q", rd.ShortDescription.Text, rd.FullDescription.Text)
	}
	if len(run.Results) != len(r.Findings) {
		t.Fatalf("%d results, want %d", len(run.Results), len(r.Findings))
	}
	for i, res := range run.Results {
		f := r.Findings[i]
		if rd := run.Tool.Driver.Rules[res.RuleIndex]; rd.ID != res.RuleID || res.RuleID != f.Rule {
			t.Errorf("result %d: ruleId %q, ruleIndex %d (%q), want %q", i, res.RuleID, res.RuleIndex, rd.ID, f.Rule)
		}
		if got := res.PartialFingerprints[SARIFFingerprintKey]; got != finding.Fingerprint(f) {
			t.Errorf("result %d: fingerprint %q, want finding.Fingerprint %q", i, got, finding.Fingerprint(f))
		}
		if res.Message.Text != f.Message {
			t.Errorf("result %d: message %q", i, res.Message.Text)
		}
	}
	elastic := run.Results[0]
	loc := elastic.Locations[0].PhysicalLocation
	if elastic.Level != "error" || loc.ArtifactLocation.URI != "docs/sub%20processors.md" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" ||
		loc.Region.StartLine != 29 || loc.Region.StartColumn != 151 || loc.Region.EndColumn != 160 {
		t.Errorf("Elastic result: level %q at %+v", elastic.Level, loc)
	}
	if got := run.Results[3]; got.Level != "note" || got.Locations[0].PhysicalLocation.ArtifactLocation.URI != "docs/other.md" ||
		got.Locations[0].PhysicalLocation.Region.StartLine != 1 || got.Locations[0].PhysicalLocation.Region.StartColumn != 0 {
		t.Errorf("page-level notice: %+v", got)
	}
	if s := run.Results[0].Suppressions; len(s) != 0 {
		t.Errorf("an active finding has suppressions: %+v", s)
	}
	inSource, external := run.Results[1].Suppressions, run.Results[2].Suppressions
	if len(inSource) != 1 || inSource[0].Kind != "inSource" || inSource[0].Status != "accepted" || inSource[0].Justification != "legal approved" ||
		inSource[0].Properties["owner"] != "@privacy" || inSource[0].Properties["expires"] != "2027-01-01" {
		t.Errorf("waiver in the page: suppressions %+v", inSource)
	}
	if len(external) != 1 || external[0].Kind != "external" || external[0].Justification != "accepted for now" ||
		external[0].Properties["source"] != ".subpolicy/waivers.yaml" {
		t.Errorf("waiver in a data file: suppressions %+v", external)
	}
	notes := run.Invocations[0].ToolExecutionNotifications
	if len(notes) != 1 || notes[0].Level != "error" || !strings.Contains(notes[0].Message.Text, "docs/broken.md was not checked: invalid UTF-8") {
		t.Errorf("notifications for files not checked: %+v", notes)
	}
}

func TestSARIFEmpty(t *testing.T) {
	t.Parallel()
	log := writeSARIF(t, &Report{Findings: []finding.Finding{}}, SARIFOptions{})
	if d := log.Runs[0].Tool.Driver; d.Version != "devel" || len(d.Rules) != 0 || len(log.Runs[0].Results) != 0 {
		t.Errorf("empty report: %+v", log.Runs[0])
	}
}

func TestArtifactURI(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in       string
		want     string
		relative bool
	}{
		{"docs/subprocessors.md", "docs/subprocessors.md", true},
		{"./docs/a b.md", "docs/a%20b.md", true},
		{`docs\win.md`, "docs/win.md", true},
		{"docs/100%.md", "docs/100%25.md", true},
		{"docs/a#b?.md", "docs/a%23b%3F.md", true},
		{"a:b.md", "./a:b.md", true},
		{"/home/me/docs/x.md", "file:///home/me/docs/x.md", false},
		{`C:\repo\x.md`, "file:///C:/repo/x.md", false},
	}
	for _, tt := range tests {
		got, rel := artifactURI(tt.in)
		if got != tt.want || rel != tt.relative {
			t.Errorf("artifactURI(%q) = %q, %t; want %q, %t", tt.in, got, rel, tt.want, tt.relative)
		}
	}
}

// TestSARIFFingerprintsSurviveMovedRows moves rows of the seed page to other lines, once by
// adding a paragraph above the table (every row shifts) and once by moving the Elastic row up
// the table: every result keeps its partial fingerprint, while its region follows the row.
// (The row moves within the last rows: SP020's page-level summary names the first five
// unnamed entities in page order, and a page-level finding is identified by its message.)
func TestSARIFFingerprintsSurviveMovedRows(t *testing.T) {
	t.Parallel()
	page, err := os.ReadFile("../../testdata/subprocessors.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(page), "\n")
	find := func(prefix string) int {
		i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, prefix) })
		if i < 0 {
			t.Fatalf("the seed page no longer has a line starting %q", prefix)
		}
		return i
	}
	header, deepgram, elastic := find("| **Name**"), find("| Deepgram "), find("| Elastic ")
	if !(header < deepgram && deepgram < elastic) {
		t.Fatal("the seed page's rows are no longer in the expected order")
	}
	shifted := slices.Insert(slices.Clone(lines), header-1, "A paragraph\n", "added above\n", "\n")
	reordered := slices.Insert(slices.Delete(slices.Clone(lines), elastic, elastic+1), deepgram+1, lines[elastic])

	eng, err := policy.Load(context.Background(), policy.Options{DefaultPack: true})
	if err != nil {
		t.Fatal(err)
	}
	results := func(content []string) map[string]sarifResult {
		t.Helper()
		res, err := check.Run(context.Background(), eng, []check.File{{Path: "docs/subprocessors.md", Content: []byte(strings.Join(content, ""))}},
			check.Options{Context: subprocessor.Context{Mode: "local", Now: "2026-11-28T00:00:00Z"}})
		if err != nil {
			t.Fatal(err)
		}
		log := writeSARIF(t, New(res), SARIFOptions{Version: "test", Rules: eng.Rules()})
		out := map[string]sarifResult{}
		for _, r := range log.Runs[0].Results {
			fp := r.PartialFingerprints[SARIFFingerprintKey]
			if fp == "" {
				t.Fatalf("result without a %s fingerprint: %+v", SARIFFingerprintKey, r)
			}
			if _, dup := out[fp]; dup {
				t.Fatalf("two results share the fingerprint %s", fp)
			}
			out[fp] = r
		}
		return out
	}
	before := results(lines)
	if len(before) == 0 {
		t.Fatal("the seed page gives no results")
	}
	for _, tt := range []struct {
		name            string
		content         []string
		elasticLineWant int
	}{
		{"paragraph above the table", shifted, elastic + 1 + 3},
		{"row moved up the table", reordered, deepgram + 2},
	} {
		after := results(tt.content)
		if diff := cmp.Diff(slices.Sorted(maps.Keys(before)), slices.Sorted(maps.Keys(after))); diff != "" {
			t.Errorf("%s: fingerprints changed (-before +after):\n%s", tt.name, diff)
			continue
		}
		movedLines := 0
		for fp, b := range before {
			a := after[fp]
			if a.RuleID != b.RuleID {
				t.Errorf("%s: fingerprint %s: rule %s became %s", tt.name, fp, b.RuleID, a.RuleID)
			}
			lb, la := b.Locations[0].PhysicalLocation.Region.StartLine, a.Locations[0].PhysicalLocation.Region.StartLine
			if lb != la {
				movedLines++
			}
			if strings.Contains(b.Message.Text, `"Elastic"`) && (lb != elastic+1 || la != tt.elasticLineWant) {
				t.Errorf("%s: the Elastic %s result is at line %d then %d, want %d then %d", tt.name, b.RuleID, lb, la, elastic+1, tt.elasticLineWant)
			}
		}
		if movedLines == 0 {
			t.Errorf("%s: no result moved to another line", tt.name)
		}
	}
}
