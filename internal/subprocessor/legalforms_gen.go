//go:build ignore

// legalforms_gen extracts the legal-form abbreviations of the GLEIF ISO 20275 Entity Legal
// Forms (ELF) code list into legalforms.tsv, and writes the list SP020 matches names against
// ("legal_forms" in policy/config.json). Run it in this directory:
//
//	go run legalforms_gen.go path/to/2023-09-28-elf-code-list-v1.5.csv
//
// The CSV is the one named in legalforms.tsv's header: GLEIF publishes it at
// https://www.gleif.org/en/lei-data/code-lists/iso-20275-entity-legal-forms-code-list, and
// github.com/jsdelivr/globalping holds a copy (data/2023-09-28-elf-code-list-v1.5.csv).
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"log"
	"os"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf16"

	"golang.org/x/text/unicode/norm"
)

const (
	tsvFile    = "legalforms.tsv"
	configFile = "../../policy/config.json"
	wantSHA256 = "8c79029b55ce19aa220f0cd0d80a8fa8d0e2d483996f232f646607e1839d93ff"
)

// supplement adds abbreviations in common use whose ELF rows give none, or another spelling.
var supplement = []struct{ abbr, codes, why string }{
	{"s.r.o.", "9HLU VSZS", `Czech and Slovak limited liability company: no abbreviation (CZ), "Spol. s r. o." (SK)`},
	{"spol. s r.o.", "9HLU", `Czech limited liability company: no abbreviation`},
	{"a.s.", "2EEG 6CQN", `Czech and Slovak joint-stock company: no abbreviation (CZ), "Akc. spol." (SK)`},
	{"v.o.s.", "5J5Y 5KU5", `Czech and Slovak general partnership: no abbreviation (CZ), "Ver. obch. spol." (SK)`},
	{"k.s.", "CD28 KB52", `Czech and Slovak limited partnership: no abbreviation (CZ), "Kom. spol." (SK)`},
	{"GK", "7QQ0", `Japanese godo kaisha (合同会社): only "合"`},
	{"G.K.", "7QQ0", `Japanese godo kaisha (合同会社): only "合"`},
	{"合同会社", "7QQ0", `Japanese godo kaisha: only "合"`},
	{"KK", "T417", `Japanese kabushiki kaisha (株式会社): only "株"`},
	{"K.K.", "T417", `Japanese kabushiki kaisha (株式会社): only "株"`},
	{"株式会社", "T417", `Japanese kabushiki kaisha: only "株"`},
	{"주식회사", "5RCH", `Korean jusik hoesa: only "㈜" and "(Ju)"`},
	{"유한회사", "J3U5", `Korean yuhan hoesa: only "(유)" and "(Yu)"`},
	{"S.à r.l.", "DVXS", `Luxembourg société à responsabilité limitée: only "SARL"`},
}

const header = `# ISO 20275 Entity Legal Forms (ELF): the abbreviations of the active legal forms, one per line,
# as GLEIF publishes them, with the ELF codes of the forms they abbreviate.
#
# Source: GLEIF, ISO 20275 Entity Legal Forms code list, version 1.5 of 2023-09-28
#   (https://www.gleif.org/en/lei-data/code-lists/iso-20275-entity-legal-forms-code-list),
#   as copied in the public repository github.com/jsdelivr/globalping, path
#   data/2023-09-28-elf-code-list-v1.5.csv, commit 3fd34b64428e49f86ae4404b430e398a9fa8e2e0
#   (SHA-256 of the file: %s; %d rows).
# Extract: the columns "Abbreviations Local language" and "Abbreviations transliterated" of
#   the rows whose "ELF Status ACTV/INAC" is ACTV, split on ";", trimmed and NFKC-normalised
#   (so "㈜" is "(주)"); %d abbreviations.
# Supplement: the %d lines with a third column add abbreviations in common use for a form whose
#   ELF row gives none, or another spelling (Czech "s.r.o.", Japanese "GK" and "KK", the Korean
#   and Japanese forms written out); the third column says what the list has instead.
# Regenerate with legalforms_gen.go (go run legalforms_gen.go CSV, in this directory), which
#   also writes "legal_forms" in policy/config.json: these abbreviations, one per spelling that
#   the policies tell apart (lowercased, runs of other characters than letters and digits as
#   one space).
#
# abbreviation	ELF codes	[supplement: what the list has]
`

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: go run legalforms_gen.go ELF_CSV")
	}
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	if got := hex.EncodeToString(sum[:]); got != wantSHA256 {
		log.Fatalf("%s: SHA-256 %s, want %s (update the header's source when updating the list)", os.Args[1], got, wantSHA256)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))))
	records, err := r.ReadAll()
	if err != nil {
		log.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range records[0] {
		col[h] = i
	}
	codes := map[string][]string{}
	for _, rec := range records[1:] {
		if rec[col["ELF Status ACTV/INAC"]] != "ACTV" {
			continue
		}
		for _, c := range []string{"Abbreviations Local language", "Abbreviations transliterated"} {
			for a := range strings.SplitSeq(rec[col[c]], ";") {
				if a = strings.TrimSpace(norm.NFKC.String(a)); a != "" && !slices.Contains(codes[a], rec[col["ELF Code"]]) {
					codes[a] = append(codes[a], rec[col["ELF Code"]])
				}
			}
		}
	}
	extracted := len(codes)
	why := map[string]string{}
	for _, s := range supplement {
		if _, ok := codes[s.abbr]; ok {
			log.Fatalf("supplement %q: the list has it already", s.abbr)
		}
		codes[s.abbr] = strings.Fields(s.codes)
		why[s.abbr] = s.why
	}
	abbrs := make([]string, 0, len(codes))
	for a := range codes {
		abbrs = append(abbrs, a)
	}
	slices.SortFunc(abbrs, func(a, b string) int {
		if c := strings.Compare(strings.ToLower(a), strings.ToLower(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	var tsv strings.Builder
	fmt.Fprintf(&tsv, header, wantSHA256, len(records)-1, extracted, len(supplement))
	for _, a := range abbrs {
		cs := slices.Sorted(slices.Values(codes[a]))
		fmt.Fprintf(&tsv, "%s\t%s", a, strings.Join(cs, " "))
		if w := why[a]; w != "" {
			fmt.Fprintf(&tsv, "\tsupplement: %s", w)
		}
		tsv.WriteByte('\n')
	}
	if err := os.WriteFile(tsvFile, []byte(tsv.String()), 0o644); err != nil {
		log.Fatal(err)
	}

	// One spelling per key the policies match on, the first in the file's order.
	seen := map[string]bool{}
	var forms, keys []string
	for _, a := range abbrs {
		k := wordsKey(a)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		forms, keys = append(forms, a), append(keys, k)
	}
	order := make([]int, len(forms))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(keys[a], keys[b]) })
	var line strings.Builder
	line.WriteString(`  "legal_forms": [`)
	for n, i := range order {
		if n > 0 {
			line.WriteString(", ")
		}
		line.WriteString(jsonString(forms[i]))
	}
	line.WriteString("],")
	config, err := os.ReadFile(configFile)
	if err != nil {
		log.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^  "legal_forms": \[.*\],$`)
	if !re.Match(config) {
		log.Fatalf(`%s has no line "legal_forms": [...], to replace`, configFile)
	}
	config = re.ReplaceAllLiteral(config, []byte(line.String()))
	if err := os.WriteFile(configFile, config, 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("%s: %d abbreviations (%d from the list); %s: %d legal forms", tsvFile, len(abbrs), extracted, configFile, len(forms))
}

// wordsKey is lib.words without its padding: lowercased, runs of other characters than
// letters and digits as one space.
func wordsKey(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.Is(unicode.N, r)
	}), " ")
}

// jsonString quotes s as config.json does: ASCII only, other characters as \u escapes.
func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r > 0x7e:
			for _, u := range utf16.Encode([]rune{r}) {
				fmt.Fprintf(&b, `\u%04x`, u)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
