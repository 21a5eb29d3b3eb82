// Package finding holds the one result type every stage and sink shares.
package finding

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Severity orders findings; a higher value is more severe.
type Severity int

// The severities a rule can report. The zero value is invalid on purpose.
const (
	Notice Severity = iota + 1
	Warning
	Error
)

var severityNames = map[Severity]string{Notice: "notice", Warning: "warning", Error: "error"}

func (s Severity) String() string {
	if n, ok := severityNames[s]; ok {
		return n
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity accepts "error", "warning" and "notice" (any case).
func ParseSeverity(s string) (Severity, error) {
	for k, v := range severityNames {
		if strings.EqualFold(s, v) {
			return k, nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (valid: error, warning, notice)", s)
}

func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

func (s *Severity) UnmarshalJSON(b []byte) error {
	var str string
	if err := json.Unmarshal(b, &str); err != nil {
		return err
	}
	v, err := ParseSeverity(str)
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Finding is one rule result, placed at the cell, row, table or page it is about.
type Finding struct {
	Rule         string   `json:"rule"`
	Title        string   `json:"title"`
	Severity     Severity `json:"severity"`
	Message      string   `json:"message"`
	Path         string   `json:"path"`
	Line         int      `json:"line"`
	Column       int      `json:"column"`
	EndColumn    int      `json:"end_column,omitempty"`
	Subprocessor string   `json:"subprocessor,omitempty"`
	NameKey      string   `json:"name_key,omitempty"`
	Field        string   `json:"field,omitempty"`
	DocURL       string   `json:"doc_url,omitempty"`
	// Waived is set when a waiver silences this finding: it is still reported (JSON, SARIF
	// suppressions, summary counts) but never annotated and never fails a run.
	Waived *Waiver `json:"waived,omitempty"`
}

// Waiver says why a finding is silenced, by whom, until when, and where the waiver is written.
type Waiver struct {
	Reason  string `json:"reason"`
	Owner   string `json:"owner,omitempty"`
	Expires string `json:"expires,omitempty"` // ISO date, "" for no expiry
	Source  string `json:"source"`            // "path:line" of an inline comment, or the data file
}

// Fingerprint identifies a finding independently of where its row sits on the page:
// rule, path, subprocessor name_key and field. SARIF's partialFingerprints, the pre-existing
// filter of pull requests and the audit issue all use it, so an alert survives rows moving.
// Page-level findings (no name_key) fall back to the message with its numbers masked
// (MaskDigits), so "last updated 99 days ago" keeps its identity from one day to the next,
// 100 days included.
func Fingerprint(f Finding) string {
	subject := f.NameKey
	if subject == "" {
		subject = "page:" + MaskDigits(f.Message)
	}
	sum := sha256.Sum256([]byte(strings.Join([]string{f.Rule, f.Path, subject, f.Field}, "\x00")))
	return hex.EncodeToString(sum[:16])
}

// MaskDigits replaces every run of ASCII digits in text with one "#": what identifies a
// finding must not change with the counts and dates its message quotes.
func MaskDigits(text string) string {
	var b strings.Builder
	inRun := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= '0' && c <= '9' {
			if !inRun {
				b.WriteByte('#')
			}
			inRun = true
			continue
		}
		inRun = false
		b.WriteByte(c)
	}
	return b.String()
}

// Active returns the findings no waiver silences.
func Active(fs []Finding) []Finding {
	out := make([]Finding, 0, len(fs))
	for _, f := range fs {
		if f.Waived == nil {
			out = append(out, f)
		}
	}
	return out
}

// Compare orders findings by path, position, then most severe first, then rule and message,
// so every sink lists them the same way.
func Compare(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.Path, b.Path),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(b.Severity, a.Severity),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Message, b.Message),
	)
}

// Sort sorts findings in place with Compare.
func Sort(fs []Finding) { slices.SortStableFunc(fs, Compare) }

// BySeverity orders the most severe first, then by Compare; sinks with a display budget use it.
func BySeverity(a, b Finding) int {
	return cmp.Or(cmp.Compare(b.Severity, a.Severity), Compare(a, b))
}

// Counts tallies findings by severity; waived findings are counted apart, not by severity.
type Counts struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Notices  int `json:"notices"`
	Waived   int `json:"waived"`
}

// Count tallies fs.
func Count(fs []Finding) Counts {
	var c Counts
	for _, f := range fs {
		if f.Waived != nil {
			c.Waived++
			continue
		}
		switch f.Severity {
		case Error:
			c.Errors++
		case Warning:
			c.Warnings++
		case Notice:
			c.Notices++
		}
	}
	return c
}

// FailOn is the threshold at or above which findings fail a run. Never (0) fails nothing.
type FailOn Severity

// Never is the FailOn value that lets every finding pass.
const Never FailOn = 0

// FailOnValues lists the accepted spellings, for messages.
var FailOnValues = []string{"error", "warning", "notice", "never"}

// ParseFailOn accepts error, warning, notice or never.
func ParseFailOn(s string) (FailOn, error) {
	if strings.EqualFold(s, "never") {
		return Never, nil
	}
	sev, err := ParseSeverity(s)
	if err != nil {
		return Never, fmt.Errorf("unknown fail-on value %q (valid: %s)", s, strings.Join(FailOnValues, ", "))
	}
	return FailOn(sev), nil
}

func (f FailOn) String() string {
	if f == Never {
		return "never"
	}
	return Severity(f).String()
}

// Fails reports whether any finding no waiver silences is at or above the threshold.
func (f FailOn) Fails(fs []Finding) bool {
	return len(f.Blocking(fs)) > 0
}

// Blocking returns the findings that make the run fail, in their order: those at or above
// the threshold that no waiver silences (none with Never).
func (f FailOn) Blocking(fs []Finding) []Finding {
	if f == Never {
		return nil
	}
	var out []Finding
	for _, x := range fs {
		if x.Waived == nil && x.Severity >= Severity(f) {
			out = append(out, x)
		}
	}
	return out
}
