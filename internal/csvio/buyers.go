package csvio

import (
	"io"

	"digisos-invoice/internal/billing"
)

type buyerRecord struct {
	Number    string `csv:"municipality_number"`
	OrgNumber string `csv:"organisation_number"`
	Name      string `csv:"name"`
	Reference string `csv:"buyer_reference"`
}

// Buyers is the buyers file as read: each municipality's invoicing details,
// by municipality number.
type Buyers struct {
	File   string
	byNum  map[string]billing.Buyer
	lineOf map[string]int
}

// Find returns the buyer of municipality number.
func (b *Buyers) Find(number string) (billing.Buyer, bool) {
	x, ok := b.byNum[number]
	return x, ok
}

// ReadBuyers reads the buyers file: municipality_number,
// organisation_number (MOD11 checked), name (the legal name),
// buyer_reference (required: Peppol needs one) and an optional
// accounting_cost. Every row error is returned.
func ReadBuyers(r io.Reader, file string, opts Options) (*Buyers, error) {
	data, _, err := readText(r, file, opts.Encoding)
	if err != nil {
		return nil, err
	}
	t, err := readTable(data, file, []column{
		{name: "municipality_number", aliases: []string{"kommunenummer"}, required: true},
		{name: "organisation_number", aliases: []string{"organisasjonsnummer"}, required: true},
		{name: "name", aliases: []string{"navn"}, required: true},
		{name: "buyer_reference", required: true},
		{name: "accounting_cost"},
	})
	if err != nil {
		return nil, err
	}
	recs, err := decode[buyerRecord](t)
	if err != nil {
		return nil, err
	}
	b := &Buyers{File: file, byNum: map[string]billing.Buyer{}, lineOf: map[string]int{}}
	var errs Errors
	for i, rec := range recs {
		line := t.lines[i]
		at := func(col, format string, args ...any) {
			errs = append(errs, errorf(file, line, t.col(col), format, args...))
		}
		n, err := billing.ParseMunicipalityNumber(rec.Number)
		if err != nil {
			at("municipality_number", "municipality_number %v", err)
			continue
		}
		if prev, dup := b.lineOf[n]; dup {
			at("municipality_number", "municipality %s has two buyer rows: also on line %d", n, prev)
			continue
		}
		b.lineOf[n] = line
		if err := billing.CheckOrgNumber(rec.OrgNumber); err != nil {
			at("organisation_number", "organisation_number of %s: %v", n, err)
		}
		if rec.Name == "" {
			at("name", "name of %s is empty: give the legal name, e.g. OSLO KOMMUNE", n)
		}
		if rec.Reference == "" {
			at("buyer_reference", "buyer_reference of %s is empty: Peppol requires one (PEPPOL-EN16931-R003); ask the municipality for its reference", n)
		}
		buyer := billing.Buyer{Number: n, OrgNumber: rec.OrgNumber, Name: rec.Name, Reference: rec.Reference}
		if c := t.col("accounting_cost"); c > 0 {
			buyer.AccountingCost = t.rows[i][c-1]
		}
		b.byNum[n] = buyer
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return b, nil
}

// Check returns an error for every municipality of in that has no buyer row.
func (b *Buyers) Check(in *Input, numbers map[string]bool) error {
	var errs Errors
	for i, m := range in.Municipalities {
		if _, ok := b.byNum[m.Number]; !ok && numbers[m.Number] {
			errs = append(errs, in.Errorf(i, "municipality_number", "%s %s has no row in the buyers file %s: add its organisation number, name and buyer reference", m.Number, m.Name, b.File))
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// Len is the number of buyers read, one a row.
func (b *Buyers) Len() int { return len(b.byNum) }
