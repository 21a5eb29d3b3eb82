package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// A page whose headers no lexicon knows: unread without a mapping, a subprocessor page by
// its path, so SP022 fails it and says how to map the columns.
const unknownHeaders = "# Partners\n\n| Col A | What they do | Zone |\n|---|---|---|\n| Acme Mail | Sends email | Mars |\n"

const mapping = "columns:\n  name: [\"col a\"]\n  purpose: [\"What they do\"]\n  location: [\"ZONE\"]\n"

func TestColumnMappingCheck(t *testing.T) {
	t.Parallel()
	page := writeTemp(t, "subprocessors.md", unknownHeaders)
	code, out, _ := run(t, "check", "--now", now, page)
	if code != ExitFindings || !strings.Contains(out, `error: no subprocessor table is read on this subprocessor page (path "`) ||
		!strings.Contains(out, `map its columns in a --data file (columns: {name: ["Col A"], purpose: [...]}) [SP022]`) {
		t.Fatalf("without a mapping: exit %d, want %d and SP022 with the fix:\n%s", code, ExitFindings, out)
	}
	data := writeTemp(t, "config.yaml", mapping)
	code, out, errOut := run(t, "check", "--now", now, "--data", data, "--format", "json", page)
	var rep struct {
		Findings []struct{ Rule, Message string }
		Summary  struct{ Subprocessors int }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s%s", err, out, errOut)
	}
	if rep.Summary.Subprocessors != 1 {
		t.Errorf("with the mapping: %d subprocessors, want 1", rep.Summary.Subprocessors)
	}
	for _, f := range rep.Findings {
		if f.Rule == "SP022" {
			t.Errorf("with the mapping the page is still unread: %s", f.Message)
		}
		if f.Rule == "SP002" && strings.Contains(f.Message, "no location") {
			t.Errorf("the mapped location column is not read: %s", f.Message)
		}
	}
	_ = code
}

func TestColumnMappingParseAndDiff(t *testing.T) {
	t.Parallel()
	page := writeTemp(t, "vendors.md", unknownHeaders)
	data := writeTemp(t, "config.yaml", mapping)
	code, out, errOut := run(t, "parse", "--data", data, page)
	if code != ExitOK {
		t.Fatalf("parse: exit %d: %s", code, errOut)
	}
	var doc struct {
		Subprocessors []struct{ Name, Purpose, Location string }
		Tables        []struct {
			Reading []struct {
				Role     string
				Evidence []string
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Subprocessors) != 1 || doc.Subprocessors[0].Location != "Mars" || doc.Subprocessors[0].Purpose != "Sends email" {
		t.Fatalf("parse --data: %+v", doc.Subprocessors)
	}
	if ev := doc.Tables[0].Reading[2].Evidence; len(ev) != 1 || ev[0] != `configuration maps "Zone" to location` {
		t.Errorf("evidence %q, want the configuration named", ev)
	}

	code, out, _ = run(t, "parse", page)
	if code != ExitOK || !strings.Contains(out, `"unread_tables": [`) || !strings.Contains(out, `"reason": "no column names the vendor`) {
		t.Errorf("parse without the mapping: exit %d, want the table listed as unread with its reason:\n%s", code, out)
	}

	head := writeTemp(t, "vendors.md", unknownHeaders+"| Beta Ltd | Hosting | Venus |\n")
	code, out, errOut = run(t, "diff", "--data", data, page, head)
	if code != ExitOK || !strings.Contains(out, "1 added") || !strings.Contains(out, "Beta Ltd") {
		t.Errorf("diff --data: exit %d:\n%s%s", code, out, errOut)
	}

	bad := writeTemp(t, "bad.yaml", "columns:\n  vendor: [\"Col A\"]\n")
	code, _, errOut = run(t, "parse", "--data", bad, page)
	if code != ExitUsage || !strings.Contains(errOut, `columns: unknown role "vendor"; the roles are name, purpose, location, data, links, transfer, effective, category`) || !strings.Contains(errOut, "bad.yaml") {
		t.Errorf("a bad mapping: exit %d, want %d and the file and role named: %s", code, ExitUsage, errOut)
	}
	code, _, errOut = run(t, "check", "--data", bad, page)
	if code != ExitUsage || !strings.Contains(errOut, `unknown role "vendor"`) {
		t.Errorf("check with a bad mapping: exit %d, want %d: %s", code, ExitUsage, errOut)
	}
}
