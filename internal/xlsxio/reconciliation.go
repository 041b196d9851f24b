package xlsxio

import (
	"digisos-invoice/internal/billing"
)

// reconciliationHeader is the header of the reconciliation sheet: a
// Norwegian label, the English key, the value the program computed, and a
// formula that recomputes it from the other sheets.
var reconciliationHeader = []string{"post", "key", "verdi (value)", "kontroll fra arkene (recomputed from the sheets)"}

// formulas are the reconciliation sheet's check column, by total. They sum
// whole columns, so they hold however many lines the sheets have; the
// headers are text, which SUM skips. Unallocated pools are those whose
// participants have no inhabitants (rule R6). Total and check refer to the
// cells above them: rows 3-5 and 6, and the annual cost value in C2.
var formulas = map[string]string{
	"annual_cost": "SUM(" + SheetPools + "!C:C)",
	"invoiced":    "SUM(" + SheetLines + "!" + colLinesAmount + ":" + colLinesAmount + ")",
	"waived":      "SUM(" + SheetLines + "!" + colLinesWaived + ":" + colLinesWaived + ")",
	"unallocated": "SUMIFS(" + SheetPools + "!C:C," + SheetPools + "!F:F,0)",
	"total":       "SUM(D3:D5)",
	// Rounded to øre: the sum of many binary doubles can be a hair off.
	"check": "ROUND(D6-C2,2)=0",
}

// writeReconciliation writes the totals with their check, then the
// tariff, the inputs and the program that made the run.
func writeReconciliation(s *sheet, a billing.Allocation, rec origin) error {
	hs := make([]cell, len(reconciliationHeader))
	for i, h := range reconciliationHeader {
		hs[i] = header(h)
	}
	s.row(1, hs...)
	t := a.Totals
	sum := t.Invoiced + t.Waived + t.Unallocated
	totals := []struct {
		label, key string
		value      cell
		check      cell
	}{
		{"Årlig kostnad (NOK)", "annual_cost", money(t.AnnualCost), formula(formulas["annual_cost"])},
		{"Fakturert", "invoiced", money(t.Invoiced), formula(formulas["invoiced"])},
		{"Frafalt (beregnet, ikke fakturert)", "waived", money(t.Waived), formula(formulas["waived"])},
		{"Ikke fordelt", "unallocated", money(t.Unallocated), formula(formulas["unallocated"])},
		{"Sum fakturert + frafalt + ikke fordelt", "total", money(sum), formula(formulas["total"])},
		{"Kontroll: sum = årlig kostnad", "check", boolean(sum == t.AnnualCost), check(formulas["check"])},
	}
	r := 2
	for _, x := range totals {
		s.row(r, text(x.label), text(x.key), x.value, x.check)
		r++
	}
	sections := []struct {
		label, key string
		items      []item
	}{
		{"Tariff", "tariff", rec.tariff},
		{"Inndata", "inputs", rec.inputs},
		{"Program og regler", "program", rec.run},
	}
	for _, sec := range sections {
		r++ // a blank row before each section
		s.row(r, header(sec.label), header(sec.key))
		r++
		for _, it := range sec.items {
			s.row(r, text(it.label), text(it.key), it.value)
			r++
		}
	}
	return s.finish(r-1, false)
}
