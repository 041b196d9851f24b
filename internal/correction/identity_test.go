package correction

import (
	"testing"

	"digisos-invoice/internal/billing"
)

// checkIdentity checks, per line and in total, from the correction's parts
// and apart from how Correct computes them: what stood invoiced + the
// documents + the unsettled lines = the corrected computation a; and that
// the new record stands at what stood plus the documents.
func checkIdentity(t *testing.T, c Correction, a billing.Allocation) {
	t.Helper()
	stood := map[Key]billing.Money{}
	sum := map[Key]billing.Money{}
	for _, l := range c.Previous.Lines {
		stood[l.Key()] += l.Invoiced
		sum[l.Key()] += l.Invoiced
	}
	docs := map[Key]billing.Money{}
	for _, d := range c.Documents {
		if (d.Kind == KindCreditNote) != (d.Total() < 0) || d.Total() == 0 {
			t.Errorf("%s is a %s for %s", d.ID, d.Kind, d.Total())
		}
		if abs(d.Total()) < c.Threshold {
			t.Errorf("%s settles %s, below the threshold %s", d.ID, d.Total(), c.Threshold)
		}
		for _, l := range d.Lines {
			k := Key{l.Number, l.Quarter, l.Solution}
			if l.Issued != stood[k] {
				t.Errorf("%s %v: issued %s, but %s stood invoiced", d.ID, k, l.Issued, stood[k])
			}
			docs[k] += l.Difference()
			sum[k] += l.Difference()
		}
	}
	for _, u := range c.Unsettled {
		sum[Key{u.Number, u.Quarter, u.Solution}] += u.Difference()
	}
	want := map[Key]billing.Money{}
	var total, wantTotal billing.Money
	for _, l := range a.Lines {
		want[Key{l.Number, l.Quarter, l.Solution}] = l.Amount
		wantTotal += l.Amount
	}
	for k, v := range sum {
		total += v
		if v != want[k] {
			t.Errorf("%v: stood %s + documents %s + unsettled = %s, computed %s", k, stood[k], docs[k], v, want[k])
		}
	}
	for k, v := range want {
		if _, ok := sum[k]; !ok && v != 0 {
			t.Errorf("%v: computed %s, but no line stood, was settled or left unsettled", k, v)
		}
	}
	if total != wantTotal {
		t.Errorf("in total: %s, computed %s", total, wantTotal)
	}
	for _, l := range c.Record.Lines {
		if l.Invoiced != stood[l.Key()]+docs[l.Key()] || l.Computed != want[l.Key()] {
			t.Errorf("new record %v: invoiced %s computed %s; want %s and %s", l.Key(), l.Invoiced, l.Computed, stood[l.Key()]+docs[l.Key()], want[l.Key()])
		}
	}
	if rt, ct := c.Record.Totals(), c.Totals(); rt.Invoiced+rt.Unsettled != wantTotal || rt.Unsettled != ct.Unsettled {
		t.Errorf("record totals %+v, correction totals %+v, computed %s", rt, ct, wantTotal)
	}
}
