package xlsxio

import (
	"math/big"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/csvio"
)

// Columns of the lines sheet that other sheets' formulas sum: amount and
// waived, as in the CSV.
const (
	colLinesAmount = "G"
	colLinesWaived = "H"
)

// writeLines writes the CSV's lines, one row each, in the same order.
// Names are stored as text cells, which a spreadsheet never runs as a
// formula, so they need no defusing as in the CSV.
func writeLines(s *sheet, a billing.Allocation, _ origin) error {
	hs := make([]cell, len(csvio.LinesHeader))
	for i, h := range csvio.LinesHeader {
		hs[i] = header(h)
	}
	s.row(1, hs...)
	for i, l := range a.Lines {
		s.row(i+2, integer(int64(l.Year)), integer(int64(l.Quarter)), text(l.Number), text(l.Name), text(l.Solution),
			count(l.Population), money(l.Amount), money(l.Waived), text(l.InvoiceID()))
	}
	return s.finish(len(a.Lines)+1, true)
}

// invoicesHeader is the header of the invoices sheet.
var invoicesHeader = []string{"invoice_id", "municipality_number", "municipality_name", "population",
	"amount", "waived", "amount_q1", "amount_q2", "amount_q3", "amount_q4"}

// writeInvoices writes one row per municipality of the input, also those
// that use nothing (with amounts of 0.00), with the amount invoiced in each
// quarter over its solutions.
func writeInvoices(s *sheet, a billing.Allocation, _ origin) error {
	hs := make([]cell, len(invoicesHeader))
	for i, h := range invoicesHeader {
		hs[i] = header(h)
	}
	s.row(1, hs...)
	perQuarter := map[string]*[4]billing.Money{}
	for _, l := range a.Lines {
		q, ok := perQuarter[l.Number]
		if !ok {
			q = new([4]billing.Money)
			perQuarter[l.Number] = q
		}
		q[l.Quarter-1] += l.Amount
	}
	for i, m := range a.Municipalities {
		var q [4]billing.Money
		if p, ok := perQuarter[m.Number]; ok {
			q = *p
		}
		s.row(i+2, text(billing.InvoiceID(a.Tariff.Year, m.Number)), text(m.Number), text(m.Name), count(m.Population),
			money(m.Amount), money(m.Waived), money(q[0]), money(q[1]), money(q[2]), money(q[3]))
	}
	return s.finish(len(a.Municipalities)+1, true)
}

// poolsHeader is the header of the pools sheet. The rate per inhabitant is
// rounded to 10 decimals, for reading only: the lines are computed from
// the pool and the populations exactly, not from the rate.
var poolsHeader = []string{"solution", "quarter", "amount", "waived", "participants", "population",
	"rate_per_inhabitant_for_reading", "leftover_ore"}

// writePools writes one row per (solution, quarter) pool, in the
// allocation's order. An unallocated pool (no inhabitants) has no rate.
func writePools(s *sheet, a billing.Allocation, _ origin) error {
	hs := make([]cell, len(poolsHeader))
	for i, h := range poolsHeader {
		hs[i] = header(h)
	}
	s.row(1, hs...)
	leftovers := make([]int64, len(a.Pools))
	for _, l := range a.Lines {
		for i, p := range a.Pools {
			if p.Solution == l.Solution && p.Quarter == l.Quarter && p.Rounding(l).Leftover {
				leftovers[i]++
			}
		}
	}
	for i, p := range a.Pools {
		r := i + 2
		s.row(r, text(p.Solution), integer(int64(p.Quarter)), money(p.Amount), boolean(p.Waiver != nil),
			integer(int64(p.Participants)), count(p.Population))
		if p.Population > 0 {
			s.set(7, r, rate(new(big.Rat).SetFrac64(int64(p.Amount), p.Population*100).FloatString(10)))
		}
		s.set(8, r, integer(leftovers[i]))
	}
	return s.finish(len(a.Pools)+1, true)
}
