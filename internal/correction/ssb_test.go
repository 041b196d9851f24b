package correction

import (
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"digisos-invoice/internal/billing"
)

// tariff2020 is the built-in 2020 tariff: 3,400,000.00 NOK, half each to
// soknad and innsyn, innsyn waived in Q1 and Q2.
func tariff2020() billing.Tariff {
	return billing.Tariff{Year: 2020, AnnualCost: 340_000_000,
		Shares: []billing.Share{
			{Solution: "soknad", Ratio: decimal.RequireFromString("0.5")},
			{Solution: "innsyn", Ratio: decimal.RequireFromString("0.5")},
		},
		Waivers:        []billing.Waiver{{Solution: "innsyn", Quarters: []billing.Quarter{1, 2}, Reason: "pilot"}},
		PopulationDate: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
}

// ssb2020 reads SSB's population of 1 January 2020 from testdata/ref.
func ssb2020(t testing.TB) []billing.Municipality {
	t.Helper()
	p := filepath.Join("..", "..", "testdata", "ref", "ssb-population-2020-01-01.csv")
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var ms []billing.Municipality
	for _, r := range recs[1:] {
		pop, err := strconv.ParseInt(r[2], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		ms = append(ms, billing.Municipality{Number: r[0], Name: r[1], Population: pop})
	}
	if len(ms) != 356 {
		t.Fatalf("%d municipalities in the SSB 2020 table, want 356", len(ms))
	}
	return ms
}

// edit returns a copy of ms with f applied to the municipality number.
func edit(ms []billing.Municipality, number string, f func(*billing.Municipality)) []billing.Municipality {
	out := slices.Clone(ms)
	for i := range out {
		if out[i].Number == number {
			starts := map[string]billing.Start{}
			for k, v := range out[i].Starts {
				starts[k] = v
			}
			out[i].Starts = starts
			f(&out[i])
		}
	}
	return out
}

// changedInvoices counts the documents by the municipalities' original
// invoices they correct, and returns the largest difference.
func largest(c Correction) billing.Money {
	var m billing.Money
	for _, d := range c.Documents {
		m = max(m, abs(d.Total()))
	}
	return m
}

func document(c Correction, number string) (Document, bool) {
	for _, d := range c.Documents {
		if d.Number == number {
			return d, true
		}
	}
	return Document{}, false
}

// TestSSB2020Examples corrects the full 2020 table, everybody taking part
// all year, for the two changes the issue describes.
func TestSSB2020Examples(t *testing.T) {
	ms := ssb2020(t)
	issued := allocate(t, tariff2020(), ms...)
	prev := original(t, issued)

	t.Run("Utsira 198 to 199 inhabitants", func(t *testing.T) {
		a := allocate(t, tariff2020(), edit(ms, "1151", func(m *billing.Municipality) { m.Population = 199 })...)
		c, err := Correct(prev, a, Params{Threshold: DefaultThreshold})
		if err != nil {
			t.Fatal(err)
		}
		checkIdentity(t, c, a)
		// One more inhabitant is 42,500,000 øre ÷ 5,367,581 = 7.92 øre in
		// each of the 6 invoiced pools (soknad Q1-Q4, innsyn Q3-Q4): 0.48.
		// The others pay those 7.92 øre a pool less, in proportion to their
		// population: Oslo 7.92 × 693,494 ÷ 5,367,580 = 1.02 øre a pool, a
		// small municipality a fraction of an øre, so that most invoices do
		// not change at all and none by more than Utsira's.
		u, ok := document(c, "1151")
		if !ok || u.Kind != KindInvoice || u.Total() != 48 || u.Notes[0] != "korrigert innbyggertall 198 → 199" {
			t.Errorf("Utsira: %+v, want an invoice of 0.48 for korrigert innbyggertall 198 → 199", u)
		}
		if n, m := len(c.Documents), largest(c); n != 11 || m != 48 {
			t.Errorf("%d documents, largest %s; want 11, largest 0.48", n, m)
		}
		if oslo, _ := document(c, "0301"); oslo.Total() != -6 {
			t.Errorf("Oslo changes by %s, want -0.06", oslo.Total())
		}
	})

	t.Run("Trondheim uses soknad from 2020-09-01", func(t *testing.T) {
		sept := billing.From(time.Date(2020, 9, 1, 0, 0, 0, 0, time.UTC))
		a := allocate(t, tariff2020(), edit(ms, "5001", func(m *billing.Municipality) { m.Starts["soknad"] = sept })...)
		// The threshold trade-off the README shows: documents against what
		// stays unsettled.
		for _, tc := range []struct {
			threshold       billing.Money
			documents, left int
			unsettled       billing.Money
		}{{1, 356, 0, 0}, {1_000, 297, 118, 39_458}, {10_000, 75, 562, 854_124}} {
			c, err := Correct(prev, a, Params{Threshold: tc.threshold})
			if err != nil {
				t.Fatal(err)
			}
			checkIdentity(t, c, a)
			if got := c.Totals(); len(c.Documents) != tc.documents || got.UnsettledLines != tc.left || got.Unsettled != tc.unsettled {
				t.Errorf("threshold %s: %d documents, %d unsettled lines, %s unsettled; want %d, %d, %s",
					tc.threshold, len(c.Documents), got.UnsettledLines, got.Unsettled, tc.documents, tc.left, tc.unsettled)
			}
		}
		c, _ := Correct(prev, a, Params{Threshold: DefaultThreshold})
		// Trondheim leaves the soknad pools of Q1 and Q2: it is credited
		// them (2 × 42,500,000 × 205,163 ÷ 5,367,580 øre ≈ 32,489.24 NOK),
		// and every other municipality pays that much more in proportion:
		// Oslo 2 × 42,500,000 × 693,494 × (1/5,162,417 − 1/5,367,580) øre.
		tr, _ := document(c, "5001")
		oslo, _ := document(c, "0301")
		if len(c.Documents) != 356 || tr.Kind != KindCreditNote || tr.Total() != -3_248_924 || oslo.Total() != 436_444 {
			t.Errorf("%d documents, Trondheim %s %s, Oslo %s; want 356, a credit note of -32489.24 and 4364.44",
				len(c.Documents), tr.Kind, tr.Total(), oslo.Total())
		}
		if !slices.Equal(tr.Notes, []string{"endret oppstartsdato soknad"}) {
			t.Errorf("Trondheim's notes %q", tr.Notes)
		}
		if c.Totals().Invoiced != c.Totals().Credited {
			t.Errorf("credited %s, invoiced %s: the pools are fixed, so they must be equal", c.Totals().Credited, c.Totals().Invoiced)
		}
	})
}

// randomStart is a start from mid-2019 to mid-2021, or never.
func randomStart(rng *rand.Rand) billing.Start {
	if rng.IntN(8) == 0 {
		return billing.Never()
	}
	return billing.From(time.Date(2019, 7, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(731)))
}

// randomly changes a few municipalities of ms: moves a start date,
// changes a population, removes a participant or adds one from outside
// (the numbers of all, the full table, that ms lacks).
func randomly(rng *rand.Rand, ms, all []billing.Municipality) []billing.Municipality {
	out := slices.Clone(ms)
	for range 1 + rng.IntN(6) {
		i := rng.IntN(len(out))
		switch rng.IntN(4) {
		case 0:
			out = edit(out, out[i].Number, func(m *billing.Municipality) { m.Starts[[]string{"soknad", "innsyn"}[rng.IntN(2)]] = randomStart(rng) })
		case 1:
			out = edit(out, out[i].Number, func(m *billing.Municipality) { m.Population = max(0, m.Population+int64(rng.IntN(201)-100)) })
		case 2:
			out = slices.Delete(out, i, i+1)
		case 3:
			for _, m := range all {
				if !slices.ContainsFunc(out, func(o billing.Municipality) bool { return o.Number == m.Number }) {
					m.Starts = map[string]billing.Start{"soknad": randomStart(rng), "innsyn": randomStart(rng)}
					out = append(out, m)
					break
				}
			}
		}
	}
	return out
}

// TestSSB2020Properties applies random corrections to the 2020 table, once
// and chained twice, at thresholds 0.01 and 100: the identity holds per
// line and in total, ids are unique across the chain, a correction run
// again, or on its record's lines in another order, is the same, and its
// record corrected with the same computation has nothing to correct.
func TestSSB2020Properties(t *testing.T) {
	all := ssb2020(t)
	rng := rand.New(rand.NewPCG(11, 2020))
	for round := range 12 {
		base := slices.Clone(all)
		for i := range base {
			base[i].Starts = map[string]billing.Start{"soknad": randomStart(rng), "innsyn": randomStart(rng)}
		}
		rng.Shuffle(len(base), func(i, j int) { base[i], base[j] = base[j], base[i] })
		base = base[:300+rng.IntN(50)] // the others can be added
		first := randomly(rng, base, all)
		second := randomly(rng, first, all)
		for _, threshold := range []billing.Money{1, 10_000} {
			t.Run(fmt.Sprintf("round %d threshold %s", round, threshold), func(t *testing.T) {
				rec := original(t, allocate(t, tariff2020(), base...))
				ids := map[string]bool{}
				for _, d := range rec.Documents {
					ids[d.ID] = true
				}
				for step, ms := range [][]billing.Municipality{first, second} {
					a := allocate(t, tariff2020(), ms...)
					c := correctTwice(t, rng, rec, a, Params{Threshold: threshold})
					checkIdentity(t, c, a)
					if again, err := Correct(c.Record, a, Params{Threshold: threshold}); err != nil || !again.Empty() {
						t.Errorf("step %d: correcting the new record with the same computation is not empty (%v)", step+1, err)
					}
					for _, d := range c.Documents {
						if ids[d.ID] {
							t.Errorf("step %d: %s issued before", step+1, d.ID)
						}
						ids[d.ID] = true
					}
					rec = c.Record
				}
				if len(ids) != len(rec.Documents) {
					t.Errorf("the chain issued %d ids, its last record holds %d", len(ids), len(rec.Documents))
				}
			})
		}
	}
}

// correctTwice corrects prev with a, then again with prev's lines
// shuffled, and fails t unless both give the same correction.
func correctTwice(t *testing.T, rng *rand.Rand, prev Record, a billing.Allocation, p Params) Correction {
	t.Helper()
	c, err := Correct(prev, a, p)
	if err != nil {
		t.Fatal(err)
	}
	shuffled := prev
	shuffled.Lines = slices.Clone(prev.Lines)
	rng.Shuffle(len(shuffled.Lines), func(i, j int) { shuffled.Lines[i], shuffled.Lines[j] = shuffled.Lines[j], shuffled.Lines[i] })
	again, err := Correct(shuffled, a, p)
	if err != nil {
		t.Fatal(err)
	}
	again.Previous = c.Previous
	if !reflect.DeepEqual(c, again) {
		t.Errorf("correcting the same record twice gave different results")
	}
	return c
}
