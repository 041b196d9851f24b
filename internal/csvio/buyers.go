package csvio

import (
	"errors"
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
// buyer_reference (required: Peppol needs one) and the optional
// accounting_cost, order_reference and contract_reference. Every row error
// is returned, on the column of the field it is about.
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
		{name: "order_reference"},
		{name: "contract_reference"},
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
		buyer := billing.Buyer{Number: rec.Number, OrgNumber: rec.OrgNumber, Name: rec.Name, Reference: rec.Reference,
			AccountingCost: t.optional(i, "accounting_cost"), OrderReference: t.optional(i, "order_reference"),
			ContractReference: t.optional(i, "contract_reference")}
		if err := buyer.Validate(); err != nil {
			errs = append(errs, buyerErrors(t, file, line, rec.Number, err)...)
			continue
		}
		if prev, dup := b.lineOf[buyer.Number]; dup {
			errs = append(errs, errorf(file, line, t.col("municipality_number"), "municipality %s has two buyer rows: also on line %d", buyer.Number, prev))
			continue
		}
		b.lineOf[buyer.Number] = line
		b.byNum[buyer.Number] = buyer
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return b, nil
}

// optional returns row i's cell of an optional column, or "" without the column.
func (t *table) optional(i int, name string) string {
	if c := t.col(name); c > 0 {
		return t.rows[i][c-1]
	}
	return ""
}

// buyerErrors places each field error of a buyer row on its line and column.
func buyerErrors(t *table, file string, line int, number string, err error) Errors {
	var fes billing.FieldErrors
	if !errors.As(err, &fes) {
		return Errors{errorf(file, line, 0, "%v", err)}
	}
	var out Errors
	for _, fe := range fes {
		if fe.Field == "municipality_number" {
			out = append(out, errorf(file, line, t.col(fe.Field), "municipality_number %v", fe.Err))
			continue
		}
		out = append(out, errorf(file, line, t.col(fe.Field), "%s of %s: %v", fe.Field, number, fe.Err))
	}
	return out
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
