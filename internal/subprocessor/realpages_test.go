package subprocessor

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	unorm "golang.org/x/text/unicode/norm"
)

// realPagesDir holds real subprocessor pages from public repositories with hand-made gold
// readings (testdata/realpages/README.md says how they were made and read).
const realPagesDir = "../../testdata/realpages"

type goldPage struct {
	Tables []struct {
		Header []string  `json:"header"`
		Rows   []goldRow `json:"rows"`
	} `json:"tables"`
}

type goldRow struct {
	Name     string   `json:"name"`
	Purpose  string   `json:"purpose"`
	Data     []string `json:"data"`
	Location string   `json:"location"`
	Links    []string `json:"links"`
}

var (
	joiners  = regexp.MustCompile(`\s*[;,]\s*`)
	spaces   = regexp.MustCompile(`\s+`)
	listSeps = regexp.MustCompile(`[\s,;]+`)
	andWord  = regexp.MustCompile(`(?:^| )and(?: |$)`)
)

// goldNorm is how the gold readings are compared (as the corpus's score.py does): Unicode
// NFKC, no-break spaces as spaces, "; " and ", " between joined parts alike, case folded.
func goldNorm(s string) string {
	s = strings.ReplaceAll(unorm.NFKC.String(s), "\u00a0", " ")
	s = joiners.ReplaceAllString(s, " ")
	return strings.ToLower(strings.TrimSpace(spaces.ReplaceAllString(s, " ")))
}

func goldNormAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = goldNorm(s)
	}
	return out
}

// flatWords is a list read as words: one cell "a, b, and c" and the items a, b, c agree.
func flatWords(ss []string) []string {
	s := listSeps.ReplaceAllString(strings.Join(ss, " "), " ")
	for andWord.MatchString(s) {
		s = andWord.ReplaceAllString(s, " ")
	}
	return strings.Fields(s)
}

// TestRealPages holds the recogniser to every gold row of every real page: each row read
// exactly (name, purpose, data, location, links) and no row the gold does not have.
func TestRealPages(t *testing.T) {
	t.Parallel()
	expected, err := filepath.Glob(filepath.Join(realPagesDir, "expected", "*.json"))
	if err != nil || len(expected) == 0 {
		t.Fatalf("no gold readings in %s: %v", realPagesDir, err)
	}
	rows, pages := 0, 0
	for _, e := range expected {
		name := strings.TrimSuffix(filepath.Base(e), ".json")
		pages++
		t.Run(name, func(t *testing.T) {
			var gold goldPage
			b, err := os.ReadFile(e)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &gold); err != nil {
				t.Fatalf("%s: %v", e, err)
			}
			src, err := os.ReadFile(filepath.Join(realPagesDir, "pages", name+".md"))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Parse(name+".md", src)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			got := map[string][]Row{}
			for _, r := range doc.Subprocessors {
				k := goldNorm(r.Name)
				got[k] = append(got[k], r)
			}
			for _, tb := range gold.Tables {
				for _, w := range tb.Rows {
					rows++
					k := goldNorm(w.Name)
					if len(got[k]) == 0 {
						t.Errorf("row %q not read", w.Name)
						continue
					}
					g := got[k][0]
					got[k] = got[k][1:]
					checkGoldRow(t, g, w)
				}
			}
			for _, left := range got {
				for _, r := range left {
					t.Errorf("row %q (line %d) read, but the gold reading has no such row", r.Name, r.Line)
				}
			}
		})
	}
	t.Logf("%d real pages, %d gold rows", pages, rows)
}

func checkGoldRow(t *testing.T, g Row, w goldRow) {
	t.Helper()
	if goldNorm(g.Purpose) != goldNorm(w.Purpose) {
		t.Errorf("%q: purpose %q, want %q", w.Name, g.Purpose, w.Purpose)
	}
	gd, wd := goldNormAll(g.Data), goldNormAll(w.Data)
	if !slices.Equal(gd, wd) && !slices.Equal(flatWords(gd), flatWords(wd)) {
		t.Errorf("%q: data %q, want %q", w.Name, g.Data, w.Data)
	}
	if goldNorm(g.Location) != goldNorm(w.Location) {
		var parts []string
		for _, p := range regexp.MustCompile(`[;,]|<br>`).Split(w.Location, -1) {
			if p = goldNorm(p); p != "" {
				parts = append(parts, p)
			}
		}
		if !slices.Equal(goldNormAll(g.Locations), parts) {
			t.Errorf("%q: location %q, want %q", w.Name, g.Location, w.Location)
		}
	}
	var gl []string
	for _, l := range g.Links {
		gl = append(gl, goldNorm(l.URL))
	}
	wl := goldNormAll(w.Links)
	slices.Sort(gl)
	slices.Sort(wl)
	if !slices.Equal(gl, wl) && (len(gl) > 0 || len(wl) > 0) {
		t.Errorf("%q: links %q, want %q", w.Name, gl, wl)
	}
}

// TestRealPagesHaveSources keeps sources.tsv a true manifest: every page names the repository,
// path and commit it was copied from, so that an independent set can be kept disjoint.
func TestRealPagesHaveSources(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join(realPagesDir, "sources.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
		f := strings.Split(line, "\t")
		if len(f) != 7 || f[3] == "" || f[4] == "" || len(f[5]) < 12 {
			t.Errorf("sources.tsv line %d: want file, organisation, language, repository, path, commit (12+ hex digits), notes: %q", i+2, line)
			continue
		}
		listed[f[0]] = true
	}
	pages, _ := filepath.Glob(filepath.Join(realPagesDir, "pages", "*.md"))
	for _, p := range pages {
		name := filepath.Base(p)
		if !listed[name] {
			t.Errorf("%s is not in sources.tsv", name)
		}
		if _, err := os.Stat(filepath.Join(realPagesDir, "expected", strings.TrimSuffix(name, ".md")+".json")); err != nil {
			t.Errorf("%s has no gold reading: %v", name, err)
		}
		delete(listed, name)
	}
	for name := range listed {
		t.Errorf("sources.tsv lists %s, which is not in pages/", name)
	}
}
