package check

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/subpolicy/subpolicy/internal/policy"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

var (
	engineOnce sync.Once
	engine     *policy.Engine
	engineErr  error
)

func defaultEngine(tb testing.TB) *policy.Engine {
	tb.Helper()
	engineOnce.Do(func() { engine, engineErr = policy.Load(context.Background(), policy.Options{DefaultPack: true}) })
	if engineErr != nil {
		tb.Fatal(engineErr)
	}
	return engine
}

var testContext = subprocessor.Context{Mode: "local", Now: "2026-11-28T00:00:00Z"}

// page is a subprocessor page updated on date with the given table rows.
func page(date string, rows ...string) []byte {
	return []byte("# Subprocessors\n\nUpdated " + date + "\n\n" +
		"We give at least 30 days' notice before a new subprocessor processes personal data. Subscribe to changes by email.\n\n" +
		"| Name | Purpose | Data | Location | Link |\n|---|---|---|---|---|\n" + strings.Join(rows, "\n") + "\n")
}

const (
	stripe  = "| Stripe, Inc. | Payment processing for subscriptions | Billing email, payment tokens | United States | [DPA](https://stripe.com/legal/dpa) |"
	twilio  = "| Twilio Inc. | Twilio services | Phone numbers | United States | [Privacy](https://www.twilio.com/legal/privacy) |"
	elastic = "| Elastic N.V. | Analytics data storage | Reporting data | | [Privacy](https://www.elastic.co/legal/privacy) |"
)

func TestCompareSplitsFindings(t *testing.T) {
	t.Parallel()
	base := File{Path: "old/subprocessors.md", Content: page("2026-11-02", stripe, twilio, elastic)}
	head := File{Path: "docs/subprocessors.md", Content: page("2026-11-02", stripe,
		strings.Replace(twilio, "Phone numbers", "Phone numbers, call recordings", 1), elastic)}
	res, rv, err := Compare(context.Background(), defaultEngine(t), []Pair{{Head: &head, Base: &base}}, Options{Context: testContext})
	if err != nil {
		t.Fatal(err)
	}
	ids := func(fs []findingLike) string {
		var out []string
		for _, f := range fs {
			out = append(out, f.rule+"@"+f.who)
		}
		return strings.Join(out, " ")
	}
	var intro, pre []findingLike
	for _, f := range rv.Introduced {
		intro = append(intro, findingLike{f.Rule, f.NameKey})
	}
	for _, f := range rv.Preexisting {
		pre = append(pre, findingLike{f.Rule, f.NameKey})
	}
	// Twilio's old SP005 (its purpose only restates its name) and Elastic's SP002 are pre-existing; the date
	// not bumped (SP013), the material change without approval (SP015), its notice (SP017)
	// and the new recordings (SP011) are introduced.
	if got, want := ids(pre), "SP005@twilio SP002@elastic"; got != want {
		t.Errorf("pre-existing = %s, want %s", got, want)
	}
	if got, want := ids(intro), "SP013@ SP015@twilio SP011@twilio SP017@twilio"; got != want {
		t.Errorf("introduced = %s, want %s", got, want)
	}
	if len(res.Findings) != len(rv.Introduced)+len(rv.Preexisting) {
		t.Errorf("%d findings, split into %d + %d", len(res.Findings), len(rv.Introduced), len(rv.Preexisting))
	}
	if len(rv.Changes) != 1 || rv.Changes[0].Change.Status != "renamed" || rv.Changes[0].Change.Base.Path != base.Path || !rv.Changes[0].Change.Changed() {
		t.Errorf("changes = %+v", rv.Changes)
	}
}

type findingLike struct{ rule, who string }

func TestCompareFiles(t *testing.T) {
	t.Parallel()
	added := File{Path: "new.md", Content: page("2026-11-20", stripe)}
	unknown := File{Path: "unknown.md", Content: page("2026-11-20", twilio)}
	gone := File{Path: "gone.md", Content: page("2026-11-02", stripe, twilio)}
	badBase := File{Path: "bad.md", Content: []byte("| Name | Purpose |\n|---|---|\n| Acme\xff | Email |\n")}
	headOfBad := File{Path: "bad.md", Content: page("2026-11-20", elastic)}
	badRemoved := File{Path: "bad-removed.md", Content: []byte("\xff")}
	pairs := []Pair{
		{Head: &added},
		{Head: &unknown, BaseUnknown: true},
		{Base: &gone},
		{Head: &headOfBad, Base: &badBase},
		{Base: &badRemoved},
	}
	prepared := 0
	var mu sync.Mutex
	opts := Options{Context: testContext, Prepare: func(*subprocessor.Document) { mu.Lock(); prepared++; mu.Unlock() }}
	res, rv, err := Compare(context.Background(), defaultEngine(t), pairs, opts)
	if err != nil {
		t.Fatal(err)
	}
	if prepared != 4 {
		t.Errorf("Prepare ran %d times, want once per document evaluated: the 3 heads and the removed page", prepared)
	}
	var got []string
	for _, c := range rv.Changes {
		got = append(got, fmt.Sprintf("%s:%s:+%d-%d", c.Path, c.Change.Status, len(c.Change.Added), len(c.Change.Removed)))
	}
	if want := "new.md:added:+1-0 gone.md:removed:+0-2"; strings.Join(got, " ") != want {
		t.Errorf("changes = %q, want %q", got, want)
	}
	if len(rv.BaseErrors) != 2 || rv.BaseErrors[0].Path != "bad.md" || rv.BaseErrors[1].Path != "bad-removed.md" {
		t.Errorf("base errors = %+v", rv.BaseErrors)
	}
	if len(res.Files) != 3 {
		t.Errorf("%d files checked, want the 3 heads", len(res.Files))
	}
	// The removed page is evaluated, as an empty page carrying its change: its table is no
	// longer read (SP021), on the page (at line 1: it has no line left).
	var gonePage []string
	for _, f := range res.Findings {
		if f.Path == "gone.md" {
			gonePage = append(gonePage, fmt.Sprintf("%d %s %s", f.Line, f.Rule, f.Severity))
		}
	}
	if want := "1 SP021 error|1 SP016 warning|1 SP016 warning"; strings.Join(gonePage, "|") != want {
		t.Errorf("findings of the removed page = %q, want %q", gonePage, want)
	}
	// Every finding of an added file or one not compared is introduced.
	if len(rv.Preexisting) != 0 || len(rv.Introduced) != len(res.Findings) {
		t.Errorf("introduced %d, pre-existing %d of %d", len(rv.Introduced), len(rv.Preexisting), len(res.Findings))
	}

	// A removed file over the size limit is a base error too.
	big := File{Path: "big.md", Content: []byte(strings.Repeat("x", 100))}
	_, rv, err = Compare(context.Background(), defaultEngine(t), []Pair{{Base: &big}}, Options{Context: testContext, MaxFileSize: 10})
	if err != nil || len(rv.BaseErrors) != 1 || !strings.Contains(rv.BaseErrors[0].Err.Error(), "over the 10 bytes limit") {
		t.Errorf("big removed file: %v, %+v", err, rv.BaseErrors)
	}
}

// A head whose table lost its delimiter row holds no subprocessor table: it is evaluated all
// the same, and the table and rows no longer read are an error (SP021), unless the change is
// approved. An unchanged page has no such finding.
func TestCompareTableNoLongerRead(t *testing.T) {
	t.Parallel()
	base := page("2026-11-02", stripe, twilio)
	broken := []byte(strings.Replace(string(page("2026-11-20", stripe, twilio)), "|---|---|---|---|---|\n", "", 1))
	approved := testContext
	approved.PullRequest = &subprocessor.PullRequest{Labels: []string{"Privacy-Approved"}}
	for _, tt := range []struct {
		name string
		head []byte
		ctx  subprocessor.Context
		want string
	}{
		{"delimiter row deleted", broken, testContext, `the table under "Subprocessors" (line 7 of the base version, header "Name | Purpose | Data | Location | Link") ` +
			`is no longer read as a subprocessor table, so its rows "Stripe, Inc.", "Twilio Inc." go unchecked; ` +
			`restore it (a header row with a name column and a purpose, data or location column, then a delimiter row such as "| --- | --- | --- | --- | --- |"), ` +
			`or, if the removal is intended, apply the label "privacy-approved"`},
		{"approved", broken, approved, ""},
		{"unchanged", base, testContext, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			head := File{Path: "docs/subprocessors.md", Content: tt.head}
			res, rv, err := Compare(context.Background(), defaultEngine(t), []Pair{{Head: &head, Base: &File{Path: head.Path, Content: base}}}, Options{Context: tt.ctx})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range rv.Introduced {
				if f.Rule == "SP021" {
					got = append(got, f.Message)
					if f.Severity.String() != "error" || f.Line != 1 || f.Path != head.Path {
						t.Errorf("SP021 finding %+v, want an error at %s:1", f, head.Path)
					}
				}
			}
			if want := []string{tt.want}; tt.want == "" && len(got) != 0 || tt.want != "" && strings.Join(got, "|") != tt.want {
				t.Errorf("SP021 findings:\n%q\nwant\n%q", got, want)
			}
			if len(res.Files) != 1 || res.Files[0].Document == nil {
				t.Fatalf("files = %+v", res.Files)
			}
			if doc := res.Files[0].Document; doc.Change == nil || doc.Change.Base == nil || len(doc.Change.Base.Tables) != 1 || doc.Change.Base.Tables[0].Line != 7 {
				t.Errorf("the change does not carry the base's table: %+v", doc.Change)
			}
		})
	}
}

// benchPage is a page of n rows (every tenth an AI provider) and the same page changed: a
// tenth of the rows added, a tenth removed, a tenth modified.
func benchPage(n int) (base, head []byte) {
	var b, h []string
	for i := range n {
		row := fmt.Sprintf("| Vendor %d Inc. | Sends transactional email notifications | Email addresses, names | Germany | [Privacy](https://v%d.example/privacy) |", i, i)
		if i%10 == 0 {
			row = fmt.Sprintf("| Model %d Inc. | AI inference for support replies; no training | Support tickets | United States | [Privacy](https://m%d.example/privacy) |", i, i)
		}
		b = append(b, row)
		switch i % 10 {
		case 1: // removed
		case 2: // modified: a new location
			h = append(h, strings.Replace(row, "| Germany |", "| Germany, United States |", 1))
		default:
			h = append(h, row)
		}
		if i%10 == 3 {
			h = append(h, fmt.Sprintf("| New %d GmbH | Sends transactional email notifications | Email addresses | Germany | [Privacy](https://n%d.example/privacy) |", i, i))
		}
	}
	return page("2026-11-02", b...), page("2026-11-20", h...)
}

// changeRules loads only the change rules (SP013-SP018, SP021) with the lib and the default
// configuration, to measure them apart from the rest of the pack.
func changeRules(b *testing.B) *policy.Engine {
	b.Helper()
	opts := policy.Options{Policies: []string{"../../policy/lib/lib.rego"}, Data: []string{"../../policy/config.json"}}
	for _, r := range []string{"updated_date_bumped", "notice_period", "privacy_approval", "removals_and_replacements", "material_changes", "changelog_entries", "readable_tables"} {
		opts.Policies = append(opts.Policies, "../../policy/rules/"+r)
	}
	eng, err := policy.Load(context.Background(), opts)
	if err != nil {
		b.Fatal(err)
	}
	return eng
}

// BenchmarkChangeRules evaluates the change rules on a changed page with a 100-entry change
// log. Their time per row stays flat as the page grows: they index rows (by position, by
// replaced row) and never scan all rows for each row.
func BenchmarkChangeRules(b *testing.B) {
	eng := changeRules(b)
	for _, n := range []int{1000, 4000, 8000} {
		base, head := benchPage(n)
		head = append(head, "\n## Change log\n\n"...)
		for i := range 100 {
			head = append(head, fmt.Sprintf("- 2026-11-20: Added New %d3 GmbH\n", i)...)
		}
		bd, err := subprocessor.Parse("p.md", base)
		if err != nil {
			b.Fatal(err)
		}
		hd, err := subprocessor.Parse("p.md", head)
		if err != nil {
			b.Fatal(err)
		}
		subprocessor.Diff(bd, hd)
		hd.Context = testContext
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := eng.Evaluate(context.Background(), hd); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "µs/row")
		})
	}
}

// BenchmarkDiff measures the diff alone.
func BenchmarkDiff(b *testing.B) {
	for _, n := range []int{1000, 4000} {
		base, head := benchPage(n)
		bd, err := subprocessor.Parse("p.md", base)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				hd, err := subprocessor.Parse("p.md", head)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				subprocessor.Diff(bd, hd)
			}
		})
	}
}
