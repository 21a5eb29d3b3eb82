package subprocessor

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// legalFormsFile is the extract of the GLEIF ISO 20275 Entity Legal Forms code list that
// legalforms_gen.go writes; the default pack's SP020 matches names against the "legal_forms" of
// policy/config.json, which the generator writes from it too.
const legalFormsFile = "legalforms.tsv"

type legalFormLine struct {
	abbr, supplement string
	codes            []string
}

func readLegalForms(t *testing.T) (header string, lines []legalFormLine) {
	t.Helper()
	b, err := os.ReadFile(legalFormsFile)
	if err != nil {
		t.Fatal(err)
	}
	elfCode := regexp.MustCompile(`^[A-Z0-9]{4}$`)
	var h strings.Builder
	for n, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		if strings.HasPrefix(l, "#") {
			if len(lines) > 0 {
				t.Fatalf("%s:%d: a comment after the data", legalFormsFile, n+1)
			}
			h.WriteString(l + "\n")
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) < 2 || len(f) > 3 || f[0] == "" || strings.TrimSpace(f[0]) != f[0] {
			t.Fatalf("%s:%d: %q is not ABBREVIATION<TAB>ELF CODES[<TAB>supplement: ...]", legalFormsFile, n+1, l)
		}
		line := legalFormLine{abbr: f[0], codes: strings.Fields(f[1])}
		for _, c := range line.codes {
			if !elfCode.MatchString(c) {
				t.Errorf("%s:%d: %q is not an ELF code", legalFormsFile, n+1, c)
			}
		}
		if len(line.codes) == 0 || !slices.IsSorted(line.codes) {
			t.Errorf("%s:%d: ELF codes %q: want some, sorted", legalFormsFile, n+1, f[1])
		}
		if len(f) == 3 {
			var ok bool
			if line.supplement, ok = strings.CutPrefix(f[2], "supplement: "); !ok || line.supplement == "" {
				t.Errorf("%s:%d: third column %q: want \"supplement: \" and what the list has", legalFormsFile, n+1, f[2])
			}
		}
		lines = append(lines, line)
	}
	return h.String(), lines
}

// The extract names its source, holds each abbreviation once, in order, and has the legal forms
// subprocessor pages use, including those the supplement adds.
func TestLegalFormsExtract(t *testing.T) {
	header, lines := readLegalForms(t)
	for _, want := range []string{
		"GLEIF", "ISO 20275", "version 1.5 of 2023-09-28", "github.com/jsdelivr/globalping",
		"data/2023-09-28-elf-code-list-v1.5.csv", "3fd34b64428e49f86ae4404b430e398a9fa8e2e0",
		"8c79029b55ce19aa220f0cd0d80a8fa8d0e2d483996f232f646607e1839d93ff",
	} {
		if !strings.Contains(header, want) {
			t.Errorf("the header does not name the source's %q", want)
		}
	}
	if len(lines) < 1000 {
		t.Errorf("%d abbreviations; the ELF code list has more than 1,100", len(lines))
	}
	seen := map[string]bool{}
	var supplements int
	for i, l := range lines {
		if seen[l.abbr] {
			t.Errorf("%q is listed twice", l.abbr)
		}
		seen[l.abbr] = true
		if i > 0 && legalFormOrder(lines[i-1].abbr, l.abbr) >= 0 {
			t.Errorf("%q comes after %q: want the generator's order", l.abbr, lines[i-1].abbr)
		}
		if l.supplement != "" {
			supplements++
		}
	}
	if !strings.Contains(header, "the "+strconv.Itoa(supplements)+" lines with a third column") {
		t.Errorf("%d supplement lines; the header counts another number", supplements)
	}
	keys := map[string]bool{}
	for _, l := range lines {
		keys[legalFormKey(l.abbr)] = true
	}
	for _, form := range []string{
		"s.r.o.", "GK", "KK", "EIRELI", "a.s.", "Sp. z o.o.", "AB", "AS", "Oy", "ApS", "SAS", "SRL",
		"BV", "B.V.", "NV", "GmbH", "AG", "Ltd", "Limited", "LLC", "L.L.C.", "Inc.", "Pty Ltd", "PBC",
		"plc", "S.A.", "S.p.A.", "S.L.", "Ltda", "d.o.o.", "OÜ", "ehf.", "Sdn Bhd", "(주)", "株式会社",
	} {
		if !keys[legalFormKey(form)] {
			t.Errorf("no legal form %q", form)
		}
	}
}

// policy/config.json's legal_forms are the extract's abbreviations, one per key SP020 tells
// apart, and its legal_form_exceptions are among them.
func TestLegalFormsInConfig(t *testing.T) {
	_, lines := readLegalForms(t)
	var want []string
	seen := map[string]bool{}
	for _, l := range lines {
		if k := legalFormKey(l.abbr); k != "" && !seen[k] {
			seen[k] = true
			want = append(want, l.abbr)
		}
	}
	slices.SortStableFunc(want, func(a, b string) int { return strings.Compare(legalFormKey(a), legalFormKey(b)) })
	b, err := os.ReadFile("../../policy/config.json")
	if err != nil {
		t.Fatal(err)
	}
	var config struct {
		LegalForms []string `json:"legal_forms"`
		Exceptions []string `json:"legal_form_exceptions"`
	}
	if err := json.Unmarshal(b, &config); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(config.LegalForms, want) {
		t.Errorf("policy/config.json's legal_forms (%d) differ from %s (%d forms); run legalforms_gen.go", len(config.LegalForms), legalFormsFile, len(want))
	}
	for _, e := range config.Exceptions {
		if !seen[legalFormKey(e)] {
			t.Errorf("legal_form_exceptions: %q is no legal form of %s", e, legalFormsFile)
		}
	}
}

// legalFormOrder is the extract's order: case-insensitive, then by bytes.
func legalFormOrder(a, b string) int {
	if c := strings.Compare(strings.ToLower(a), strings.ToLower(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// legalFormKey is the policies' lib.words without its padding: lowercased, runs of other
// characters than letters and digits as one space.
func legalFormKey(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.Is(unicode.N, r)
	}), " ")
}
