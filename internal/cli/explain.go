package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/subpolicy/subpolicy/internal/check"
	"github.com/subpolicy/subpolicy/internal/finding"
	"github.com/subpolicy/subpolicy/internal/policy"
	"github.com/subpolicy/subpolicy/internal/report"
)

// writeExplanations writes, for each finding of res, the rule body that produced it, the
// input values it read and the values its variables took (check --explain). Page text is
// made safe for a terminal.
func writeExplanations(ctx context.Context, w io.Writer, eng *policy.Engine, res *check.Result) error {
	byPath := map[string][]finding.Finding{}
	for _, f := range res.Findings {
		byPath[f.Path] = append(byPath[f.Path], f)
	}
	var b strings.Builder
	for _, fr := range res.Files {
		fs := byPath[fr.Path]
		if fr.Document == nil || len(fs) == 0 {
			continue
		}
		xs, err := eng.Explain(ctx, fr.Document, fs)
		if err != nil {
			return err
		}
		for _, x := range xs {
			writeExplanation(&b, x)
		}
	}
	if b.Len() == 0 {
		b.WriteString("explain: no finding to explain\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeExplanation(b *strings.Builder, x policy.Explanation) {
	f := x.Finding
	state := f.Severity.String()
	if f.Waived != nil {
		state = "waived " + state
	}
	fmt.Fprintf(b, "explain %s:%d:%d: %s: %s [%s]\n", report.Terminal(f.Path), f.Line, f.Column, state,
		report.Terminal(f.Message), report.Terminal(f.Rule))
	fmt.Fprintf(b, "  rule %s %q: %s at %s:%d\n", report.Terminal(x.Rule.ID), report.Terminal(x.Rule.Title), x.Set,
		report.Terminal(x.File), x.Line)
	if why := x.Rule.Why[f.Severity.String()]; why != "" {
		fmt.Fprintf(b, "  why %s: %s\n", f.Severity, report.Terminal(why))
	}
	if len(x.Inputs) > 0 {
		b.WriteString("  input values read:\n")
		for _, v := range x.Inputs {
			fmt.Fprintf(b, "    %s = %s", report.Terminal(v.Input), report.Terminal(v.Value))
			if v.Name != v.Input {
				fmt.Fprintf(b, " (as %s)", report.Terminal(v.Name))
			}
			b.WriteByte('\n')
		}
	}
	if len(x.Values) > 0 {
		b.WriteString("  variables:\n")
		for _, v := range x.Values {
			if v.Input != "" {
				fmt.Fprintf(b, "    %s = %s", report.Terminal(v.Name), report.Terminal(v.Input))
				if v.Summary != "" {
					fmt.Fprintf(b, " (%s)", report.Terminal(v.Summary))
				}
				b.WriteByte('\n')
				continue
			}
			fmt.Fprintf(b, "    %s = %s\n", report.Terminal(v.Name), report.Terminal(v.Value))
		}
	}
	if len(x.Steps) > 0 {
		b.WriteString("  rule body, as it held:\n")
		for _, s := range x.Steps {
			fmt.Fprintf(b, "    %s:%d: %s\n", report.Terminal(s.File), s.Line, report.Terminal(s.Text))
		}
	}
	b.WriteByte('\n')
}
