package cli

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestSARIFGolden checks the seed page with --format sarif: the output matches
// testdata/golden/subprocessors.sarif (regenerate with -update) and the SARIF 2.1.0 schema
// shipped in testdata.
func TestSARIFGolden(t *testing.T) {
	t.Parallel()
	code, out, errOut := run(t, "check", "--now", now, "--format", "sarif", "--fail-on", "never", "../../testdata/subprocessors.md")
	if code != ExitOK || errOut != "" {
		t.Fatalf("exit code %d, stderr:\n%s", code, errOut)
	}
	compareGolden(t, "subprocessors.sarif", out)

	f, err := os.Open("../../testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const schemaURL = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	if err := c.AddResource(schemaURL, doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(schemaURL)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("--format sarif is not JSON: %v", err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("--format sarif does not match the SARIF 2.1.0 schema: %v", err)
	}

	// What code scanning reads, spelled out: the same findings as the text output.
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Name, Version string
					Rules         []struct{ ID string }
				}
			}
			Results []struct {
				RuleID    string
				Level     string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
				PartialFingerprints map[string]string
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	run0 := log.Runs[0]
	if run0.Tool.Driver.Name != "subpolicy" || run0.Tool.Driver.Version != version() || len(run0.Tool.Driver.Rules) == 0 {
		t.Errorf("tool = %+v", run0.Tool.Driver)
	}
	_, text, _ := run(t, "check", "--now", now, "--fail-on", "never", "../../testdata/subprocessors.md")
	if got, want := len(run0.Results), strings.Count(text, "[SP"); got != want {
		t.Errorf("%d SARIF results, %d findings in the text output", got, want)
	}
	last := run0.Results[len(run0.Results)-1]
	loc := last.Locations[0].PhysicalLocation
	if last.RuleID != "SP002" || last.Level != "error" || loc.ArtifactLocation.URI != "../../testdata/subprocessors.md" ||
		loc.ArtifactLocation.URIBaseID != "%SRCROOT%" || loc.Region.StartLine != 29 || loc.Region.StartColumn != 151 ||
		len(last.PartialFingerprints["subpolicy/v1"]) != 32 {
		t.Errorf("the Elastic SP002 result = %+v", last)
	}
}
