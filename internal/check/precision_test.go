package check

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/subpolicy/subpolicy/internal/finding"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// precisionDir holds the default pack's precision regressions: each NAME.md is a page (real,
// or written for one pattern of wrong findings) and NAME.want says what the pack must and must
// not find on it, checked on 2026-11-28. Each line of a .want file is one of:
//
//	"+ RULE SEVERITY LINE TEXT"  a finding of RULE at SEVERITY ("*": any) on LINE ("*": any)
//	                             whose message contains TEXT (may be empty)
//	"- RULE [SEVERITY [LINE]]"   no finding of RULE (at SEVERITY, "*": any; on LINE)
//	"# …"                        a comment: what the case is about
const precisionDir = "../../testdata/precision"

func TestPrecisionRegressions(t *testing.T) {
	t.Parallel()
	wants, err := filepath.Glob(filepath.Join(precisionDir, "*.want"))
	if err != nil || len(wants) == 0 {
		t.Fatalf("no cases in %s: %v", precisionDir, err)
	}
	eng := defaultEngine(t)
	for _, w := range wants {
		name := strings.TrimSuffix(filepath.Base(w), ".want")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(filepath.Join(precisionDir, name+".md"))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Run(context.Background(), eng, []File{{Path: name + ".md", Content: src}},
				Options{Context: subprocessor.Context{Mode: "local", Now: "2026-11-28T00:00:00Z"}})
			if err != nil {
				t.Fatal(err)
			}
			if ie := res.InputErrors(); len(ie) > 0 {
				t.Fatalf("input error: %v", ie[0].Err)
			}
			for _, a := range readWant(t, w) {
				if err := a.check(res.Findings); err != nil {
					t.Errorf("%s:%d: %v\nfindings:\n%s", w, a.line, err, listFindings(res.Findings))
				}
			}
		})
	}
}

// assertion is one line of a .want file.
type assertion struct {
	line     int  // in the .want file
	present  bool // + or -
	rule     string
	severity string // "" for any
	at       int    // the finding's line; 0 for any
	text     string
}

func readWant(t *testing.T, path string) []assertion {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []assertion
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		fields := strings.SplitN(l, " ", 5)
		a := assertion{line: n}
		switch {
		case fields[0] == "+" && len(fields) >= 4:
			a.present, a.rule, a.severity = true, fields[1], strings.TrimPrefix(fields[2], "*")
			if fields[3] != "*" {
				if a.at, err = strconv.Atoi(fields[3]); err != nil {
					t.Fatalf("%s:%d: line %q is not a number or *", path, n, fields[3])
				}
			}
			if len(fields) == 5 {
				a.text = fields[4]
			}
		case fields[0] == "-" && len(fields) >= 2 && len(fields) <= 4:
			a.rule = fields[1]
			if len(fields) >= 3 {
				a.severity = strings.TrimPrefix(fields[2], "*")
			}
			if len(fields) == 4 {
				if a.at, err = strconv.Atoi(fields[3]); err != nil {
					t.Fatalf("%s:%d: line %q is not a number", path, n, fields[3])
				}
			}
		default:
			t.Fatalf("%s:%d: want \"+ RULE SEVERITY LINE TEXT\" or \"- RULE [SEVERITY [LINE]]\", got %q", path, n, l)
		}
		out = append(out, a)
	}
	return out
}

func (a assertion) matches(f finding.Finding) bool {
	return f.Rule == a.rule && (a.severity == "" || f.Severity.String() == a.severity) &&
		(a.at == 0 || f.Line == a.at) && strings.Contains(f.Message, a.text)
}

func (a assertion) check(fs []finding.Finding) error {
	n := 0
	for _, f := range fs {
		if a.matches(f) {
			n++
		}
	}
	switch {
	case a.present && n == 0:
		return fmt.Errorf("want a %s %s finding at line %d containing %q; none", a.rule, a.severity, a.at, a.text)
	case !a.present && n > 0:
		return fmt.Errorf("want no %s %s finding; got %d", a.rule, a.severity, n)
	}
	return nil
}

func listFindings(fs []finding.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %d:%d %s %s: %s\n", f.Line, f.Column, f.Rule, f.Severity, f.Message)
	}
	return b.String()
}
