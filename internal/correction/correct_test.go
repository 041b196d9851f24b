package correction

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"digisos-invoice/internal/billing"
)

// oneSolution has a cost of 400.00 NOK for soknad alone: 100.00 a quarter.
func oneSolution(year int) billing.Tariff {
	return billing.Tariff{Year: year, AnnualCost: 40_000,
		Shares: []billing.Share{{Solution: "soknad", Ratio: decimal.NewFromInt(1)}}}
}

func muni(number string, pop int64) billing.Municipality {
	return billing.Municipality{Number: number, Name: "M" + number, Population: pop}
}

func allocate(t *testing.T, tf billing.Tariff, ms ...billing.Municipality) billing.Allocation {
	t.Helper()
	a, err := billing.Allocate(tf, ms)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func original(t *testing.T, a billing.Allocation) Record {
	t.Helper()
	r, err := FromAllocation(a, time.Date(2021, 1, 15, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// summary renders documents as "id kind corrects total notes" for
// comparison with what the tests work out by hand.
func summary(c Correction) []string {
	var out []string
	for _, d := range c.Documents {
		out = append(out, strings.Join([]string{d.ID, string(d.Kind), d.Corrects, d.Total().String(), strings.Join(d.Notes, "; ")}, " "))
	}
	return out
}

func TestCorrectByHand(t *testing.T) {
	tf := oneSolution(2020)
	// 0001 and 0002 have one inhabitant each: 50.00 a quarter, 200.00 a year.
	issued := allocate(t, tf, muni("0001", 1), muni("0002", 1))
	july := billing.Municipality{Number: "0002", Name: "M0002", Population: 1,
		Starts: map[string]billing.Start{"soknad": billing.From(time.Date(2020, 7, 1, 0, 0, 0, 0, time.UTC))}}
	tests := []struct {
		name      string
		corrected []billing.Municipality
		threshold billing.Money
		want      []string
		unsettled int
	}{
		{"population: 0002 has 3, so 0001 owes 25.00 a quarter and 0002 75.00",
			[]billing.Municipality{muni("0001", 1), muni("0002", 3)}, 1,
			[]string{"DIGISOS-2020-0001-K1 credit_note DIGISOS-2020-0001 -100.00 endret fordeling etter endringer hos andre deltakere",
				"DIGISOS-2020-0002-K1 invoice DIGISOS-2020-0002 100.00 korrigert innbyggertall 1 → 3"}, 0},
		{"the same just below the threshold: 8 lines unsettled",
			[]billing.Municipality{muni("0001", 1), muni("0002", 3)}, 10_001, nil, 8},
		{"the same exactly at the threshold",
			[]billing.Municipality{muni("0001", 1), muni("0002", 3)}, 10_000,
			[]string{"DIGISOS-2020-0001-K1 credit_note DIGISOS-2020-0001 -100.00 endret fordeling etter endringer hos andre deltakere",
				"DIGISOS-2020-0002-K1 invoice DIGISOS-2020-0002 100.00 korrigert innbyggertall 1 → 3"}, 0},
		{"new participant 0003 with 2: 25.00, 25.00, 50.00 a quarter",
			[]billing.Municipality{muni("0001", 1), muni("0002", 1), muni("0003", 2)}, 1,
			[]string{"DIGISOS-2020-0001-K1 credit_note DIGISOS-2020-0001 -100.00 endret fordeling etter endringer hos andre deltakere",
				"DIGISOS-2020-0002-K1 credit_note DIGISOS-2020-0002 -100.00 endret fordeling etter endringer hos andre deltakere",
				"DIGISOS-2020-0003-K1 invoice  200.00 ny deltaker"}, 0},
		{"0002 left: 0001 owes all 400.00, 0002 is credited its 200.00",
			[]billing.Municipality{muni("0001", 1)}, 1,
			[]string{"DIGISOS-2020-0001-K1 invoice DIGISOS-2020-0001 200.00 endret fordeling etter endringer hos andre deltakere",
				"DIGISOS-2020-0002-K1 credit_note DIGISOS-2020-0002 -200.00 utmeldt deltaker"}, 0},
		{"0002 from July: 0001 owes Q1 and Q2 alone",
			[]billing.Municipality{muni("0001", 1), july}, 1,
			[]string{"DIGISOS-2020-0001-K1 invoice DIGISOS-2020-0001 100.00 endret fordeling etter endringer hos andre deltakere",
				"DIGISOS-2020-0002-K1 credit_note DIGISOS-2020-0002 -100.00 endret oppstartsdato soknad"}, 0},
		{"nothing changed", []billing.Municipality{muni("0002", 1), muni("0001", 1)}, 1, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			prev := original(t, issued)
			c, err := Correct(prev, allocate(t, tf, tc.corrected...), Params{Threshold: tc.threshold})
			if err != nil {
				t.Fatal(err)
			}
			if got := summary(c); !slices.Equal(got, tc.want) {
				t.Errorf("documents\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if len(c.Unsettled) != tc.unsettled {
				t.Errorf("%d unsettled lines, want %d", len(c.Unsettled), tc.unsettled)
			}
			if c.Empty() != (tc.want == nil && tc.unsettled == 0) {
				t.Errorf("Empty() = %v with %d documents and %d unsettled lines", c.Empty(), len(c.Documents), len(c.Unsettled))
			}
			checkIdentity(t, c, allocate(t, tf, tc.corrected...))
		})
	}
}

// TestUnsettledCarried: a difference below the threshold is unsettled and
// settled by the next correction once the municipality's total reaches it.
func TestUnsettledCarried(t *testing.T) {
	tf := oneSolution(2020)
	prev := original(t, allocate(t, tf, muni("0001", 1000), muni("0002", 1000)))
	// 0002 at 1001: 0001 owes 100.00 × 1000/2001 = 49.98 a quarter (−0.02),
	// 0002 50.02 (+0.02): 0.08 a year each, below 0.10.
	step1 := allocate(t, tf, muni("0001", 1000), muni("0002", 1001))
	c1, err := Correct(prev, step1, Params{Threshold: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(c1.Documents) != 0 || len(c1.Unsettled) != 8 || c1.Empty() {
		t.Fatalf("first correction: %d documents, %d unsettled lines, empty %v; want 0, 8, false", len(c1.Documents), len(c1.Unsettled), c1.Empty())
	}
	again, err := Correct(c1.Record, step1, Params{Threshold: 10})
	if err != nil {
		t.Fatal(err)
	}
	if !again.Empty() {
		t.Errorf("the same inputs against the correction's record: not empty (%d documents, %d unsettled)", len(again.Documents), len(again.Unsettled))
	}
	// 0002 at 1002: 49.95 and 50.05 a quarter (100 × 1000/2002 = 49.950…,
	// rounded down, the øre left over to the larger remainder): 0.20 a year.
	c2, err := Correct(c1.Record, allocate(t, tf, muni("0001", 1000), muni("0002", 1002)), Params{Threshold: 10})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"DIGISOS-2020-0001-K2 credit_note DIGISOS-2020-0001 -0.20 endret fordeling etter endringer hos andre deltakere; inkluderer tidligere uoppgjort differanse under terskelen",
		"DIGISOS-2020-0002-K2 invoice DIGISOS-2020-0002 0.20 korrigert innbyggertall 1001 → 1002; inkluderer tidligere uoppgjort differanse under terskelen",
	}
	if got := summary(c2); !slices.Equal(got, want) {
		t.Errorf("second correction\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if tot := c2.Record.Totals(); tot.Unsettled != 0 || tot.Invoiced != 40_000 {
		t.Errorf("after the second correction: %+v, want all 400.00 invoiced and nothing unsettled", tot)
	}
}

func TestCorrectErrors(t *testing.T) {
	tf := oneSolution(2020)
	prev := original(t, allocate(t, tf, muni("0001", 1)))
	tests := []struct {
		name string
		prev Record
		a    billing.Allocation
		p    Params
		want error
	}{
		{"record of another year", prev, allocate(t, oneSolution(2021), muni("0001", 1)), Params{}, ErrYear},
		{"negative threshold", prev, allocate(t, tf, muni("0001", 2)), Params{Threshold: -1}, ErrThreshold},
		{"record whose number is behind its documents",
			Record{Year: 2020, Correction: 0, Documents: []Issued{{ID: "DIGISOS-2020-0001-K1", Number: "0001", Correction: 1}}},
			allocate(t, tf, muni("0001", 1)), Params{}, ErrRecord},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Correct(tc.prev, tc.a, tc.p); !errors.Is(err, tc.want) {
				t.Errorf("Correct = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestParseThreshold(t *testing.T) {
	tests := []struct {
		in   string
		want billing.Money
		err  bool
	}{
		{"0.01", 1, false}, {"100", 10_000, false}, {"0", 0, false}, {"10.5", 1050, false},
		{"-0.01", 0, true}, {"abc", 0, true}, {"0.001", 0, true}, {"", 0, true}, {"1e400", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseThreshold(tc.in)
			if (err != nil) != tc.err || got != tc.want {
				t.Errorf("ParseThreshold(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.err)
			}
			if err != nil && !errors.Is(err, ErrThreshold) {
				t.Errorf("ParseThreshold(%q) = %v, not ErrThreshold", tc.in, err)
			}
		})
	}
}

func TestIDsAndKIDs(t *testing.T) {
	if got := ID(2020, "0301", 1); got != "DIGISOS-2020-0301-K1" {
		t.Errorf("ID = %s", got)
	}
	// The original KID is 20200301 + check; K1 and K12 add their number.
	seen := map[string]string{}
	for _, id := range []string{"DIGISOS-2020-0301", ID(2020, "0301", 1), ID(2020, "0301", 12), ID(2020, "0301", 2), ID(2020, "3011", 1)} {
		for _, s := range []billing.KIDScheme{billing.KIDMod10, billing.KIDMod11} {
			kid, err := billing.KID(s, id)
			if err != nil {
				t.Fatal(err)
			}
			if other, ok := seen[string(s)+kid]; ok {
				t.Errorf("%s and %s have the same %s KID %s", id, other, s, kid)
			}
			seen[string(s)+kid] = id
		}
	}
}

// TestDated: calculate's CSV holds no issue date; Dated gives its invoices
// one, which the documents that correct them refer to.
func TestDated(t *testing.T) {
	tf := oneSolution(2020)
	a, err := billing.Allocate(tf, []billing.Municipality{muni("0001", 1), muni("0002", 1)})
	if err != nil {
		t.Fatal(err)
	}
	prev, err := FromAllocation(a, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	corrected := allocate(t, tf, muni("0001", 1), muni("0002", 3), muni("0003", 1))
	c, err := Correct(prev, corrected, Params{Threshold: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Undated(); !slices.Equal(got, []string{"DIGISOS-2020-0001", "DIGISOS-2020-0002"}) {
		t.Errorf("Undated() = %v, want the two original invoices (0003 is new)", got)
	}
	jan15 := time.Date(2021, 1, 15, 0, 0, 0, 0, time.UTC)
	c, err = Correct(prev.Dated(jan15), corrected, Params{Threshold: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Undated(); len(got) != 0 || !c.Documents[0].CorrectsDate.Equal(jan15) {
		t.Errorf("after Dated: Undated() = %v, first document refers to %v", got, c.Documents[0].CorrectsDate)
	}
	if prev.Documents[0].IssueDate.IsZero() != true {
		t.Errorf("Dated changed the record it was called on")
	}
}
