package finding

import (
	"encoding/json"
	"testing"
)

func TestFailOn(t *testing.T) {
	t.Parallel()
	fs := []Finding{{Severity: Warning}, {Severity: Error, Waived: &Waiver{Reason: "accepted"}}}
	tests := []struct {
		failOn string
		want   bool
	}{
		{"error", false}, // the only error is waived
		{"warning", true},
		{"notice", true},
		{"never", false},
	}
	for _, tt := range tests {
		f, err := ParseFailOn(tt.failOn)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Fails(fs); got != tt.want {
			t.Errorf("%s.Fails = %v, want %v", tt.failOn, got, tt.want)
		}
	}
	if _, err := ParseFailOn("critical"); err == nil || err.Error() != `unknown fail-on value "critical" (valid: error, warning, notice, never)` {
		t.Errorf("ParseFailOn(critical) error = %v", err)
	}
}

func TestCount(t *testing.T) {
	t.Parallel()
	got := Count([]Finding{{Severity: Error}, {Severity: Warning}, {Severity: Warning}, {Severity: Notice}, {Severity: Error, Waived: &Waiver{}}})
	if got != (Counts{Errors: 1, Warnings: 2, Notices: 1, Waived: 1}) {
		t.Errorf("Count = %+v", got)
	}
}

func TestSeverityJSON(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(Finding{Rule: "SP001", Severity: Error})
	if err != nil {
		t.Fatal(err)
	}
	var back Finding
	if err := json.Unmarshal(b, &back); err != nil || back.Severity != Error {
		t.Errorf("round trip: %s -> %+v, %v", b, back, err)
	}
	if err := json.Unmarshal([]byte(`{"severity":"fatal"}`), &back); err == nil {
		t.Error("unknown severity accepted")
	}
}

func TestFingerprintIgnoresPosition(t *testing.T) {
	t.Parallel()
	a := Finding{Rule: "SP002", Path: "p.md", NameKey: "elastic", Field: "location", Line: 29, Message: "m1"}
	b := a
	b.Line, b.Column, b.Message = 40, 7, "m2"
	if Fingerprint(a) != Fingerprint(b) {
		t.Error("moving a row changed its fingerprint")
	}
	c := a
	c.Field = "data"
	if Fingerprint(a) == Fingerprint(c) {
		t.Error("a different field has the same fingerprint")
	}
}

func TestSortMostSevereFirstAtSamePlace(t *testing.T) {
	t.Parallel()
	fs := []Finding{
		{Path: "b.md", Line: 1, Severity: Error},
		{Path: "a.md", Line: 2, Severity: Notice},
		{Path: "a.md", Line: 2, Severity: Error},
		{Path: "a.md", Line: 1, Severity: Warning},
	}
	Sort(fs)
	want := []Finding{
		{Path: "a.md", Line: 1, Severity: Warning},
		{Path: "a.md", Line: 2, Severity: Error},
		{Path: "a.md", Line: 2, Severity: Notice},
		{Path: "b.md", Line: 1, Severity: Error},
	}
	for i := range fs {
		if fs[i] != want[i] {
			t.Errorf("Sort()[%d] = %+v, want %+v", i, fs[i], want[i])
		}
	}
}

func TestFingerprintOfPageFindingIgnoresNumbers(t *testing.T) {
	t.Parallel()
	a := Finding{Rule: "SP012", Path: "p.md", Message: "the list was last updated on 2024-05-16, 926 days ago"}
	b := a
	for _, msg := range []string{
		"the list was last updated on 2024-05-16, 927 days ago",
		"the list was last updated on 2024-05-16, 1000 days ago", // a count gaining a digit
	} {
		b.Message = msg
		if Fingerprint(a) != Fingerprint(b) {
			t.Errorf("a page finding's fingerprint changed with the day count: %q", msg)
		}
	}
	b.Message = "the list was last updated on 2024-05-16, 926 weeks ago"
	if Fingerprint(a) == Fingerprint(b) {
		t.Error("a different message has the same fingerprint")
	}
}

func TestMaskDigits(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                       "",
		"no digits":              "no digits",
		"926 days":               "# days",
		"2024-05-16, 1000 days":  "#-#-#, # days",
		"SP002x7y":               "SP#x#y",
		"٣ non-ASCII digits 42é": "٣ non-ASCII digits #é",
	} {
		if got := MaskDigits(in); got != want {
			t.Errorf("MaskDigits(%q) = %q, want %q", in, got, want)
		}
	}
}
