package xlsxio

import (
	"strconv"
	"strings"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/record"
)

// This file is the only one that knows the type of the run's metadata: it
// turns it into the rows of the reconciliation sheet and the document
// properties, so that a change to that type is made here alone.

// item is one row of the reconciliation sheet: a Norwegian label, the
// English key (the JSON metadata's name for the value) and the value.
type item struct {
	label, key string
	value      cell
}

// origin is what the workbook says about the run that made it.
type origin struct {
	// program names the program and its version, for the document
	// properties.
	program string
	// stamp is the time of the run (RFC 3339, UTC), only with --stamp.
	stamp string
	// tariff, inputs and run are the sections of the reconciliation sheet
	// after the totals.
	tariff, inputs, run []item
}

func newOrigin(m record.Run) (origin, error) {
	r := origin{program: m.Program.Name + " " + m.Program.String(), stamp: m.Stamp}
	t := m.Tariff
	cost, err := billing.ParseMoney(t.AnnualCost)
	if err != nil {
		return origin{}, err
	}
	r.tariff = []item{
		{"År", "tariff.year", integer(int64(t.Year))},
		{"Årlig kostnad (NOK)", "tariff.annual_cost", money(cost)},
	}
	if t.Index != nil {
		r.tariff = append(r.tariff, item{"Indeksregulering", "tariff.index",
			text(t.Index.Name + ": " + t.Index.PreviousCost + " × " + t.Index.To + " ÷ " + t.Index.From + ", avrundet til hele øre (rounded to whole øre)")})
	}
	for _, s := range t.Shares {
		r.tariff = append(r.tariff, item{"Andel " + s.Solution, "tariff.shares." + s.Solution, ratio(s.Ratio)})
	}
	for _, w := range t.Waivers {
		qs := make([]string, len(w.Quarters))
		for i, q := range w.Quarters {
			qs[i] = "Q" + strconv.Itoa(q)
		}
		r.tariff = append(r.tariff, item{"Frafall " + w.Solution, "tariff.waivers." + w.Solution,
			text(strings.Join(qs, ", ") + ": " + w.Reason)})
	}
	r.tariff = append(r.tariff,
		item{"Befolkningsdato", "tariff.population_date", text(t.PopulationDate)},
		item{"Merknad", "tariff.note", text(t.Note)},
		item{"Kilde", "tariff.source", text(t.Source)},
		item{"SHA-256", "tariff.source_sha256", text(t.SourceSHA256)},
	)
	for _, in := range m.Inputs {
		key := "inputs." + in.Role
		r.inputs = append(r.inputs,
			item{"Fil (" + in.Role + ")", key + ".name", text(in.Name)},
			item{"SHA-256", key + ".sha256", text(in.SHA256)},
			item{"Rader", key + ".rows", integer(int64(in.Rows))},
		)
		for _, n := range in.Notes {
			r.inputs = append(r.inputs, item{"Merknad", key + ".notes", text(n)})
		}
	}
	r.run = []item{
		{"Program", "program.name", text(m.Program.Name)},
		{"Versjon", "program.version", text(m.Program.Version)},
	}
	if m.Program.Revision != "" {
		r.run = append(r.run, item{"Revisjon", "program.revision", text(m.Program.Revision)})
	}
	r.run = append(r.run, item{"Regelverk", "rules", text(m.Rules)})
	if m.Stamp != "" {
		r.run = append(r.run, item{"Kjørt", "stamp", text(m.Stamp)})
	}
	return r, nil
}
