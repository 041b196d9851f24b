package ehfio

import (
	"fmt"
	"io"
	"strings"
	"time"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/correction"
)

// A correction's documents as EHF: a credit note is a UBL 2.1 CreditNote
// (type code 381), a supplementary invoice a UBL 2.1 Invoice (380), both
// Peppol BIS Billing 3.0 with a BillingReference to the invoice corrected
// (BT-25, with its issue date BT-26, when the record knows it) and a note
// saying why. A credit note's amounts are positive: a line credits
// issued − corrected. A line that goes the other way than its document's
// total has quantity −1 and a positive price, as a price may not be
// negative (BR-27).

// CorrectionDoc is one correction document, ready to write.
type CorrectionDoc struct {
	correction.Document
	Year    int
	Number  int // the correction's number
	Buyer   billing.Buyer
	Seller  billing.Seller
	DueDate time.Time
	KID     string
	// References, when set, are the documents it corrects, each with its
	// issue date: for a credit note every document whose amount it
	// reverses. Without them it refers to Document.Corrects.
	References []Reference
	// Settlement says how a credit note's amount is settled.
	Settlement string
}

// Reference is a document a correction document refers to (BT-25, BT-26).
type Reference struct {
	ID        string
	IssueDate time.Time
}

// FileName is the document's file name: its id and ".xml".
func (d CorrectionDoc) FileName() string { return d.ID + ".xml" }

// CorrectionDocs builds the EHF document of each of c's documents, due
// dueDays after its issue date (a supplementary invoice).
func CorrectionDocs(c correction.Correction, seller billing.Seller, buyer func(number string) billing.Buyer, dueDays int) ([]CorrectionDoc, error) {
	out := make([]CorrectionDoc, 0, len(c.Documents))
	for _, d := range c.Documents {
		if d.IssueDate.IsZero() {
			return nil, fmt.Errorf("%s: no issue date: an EHF document needs one", d.ID)
		}
		kid, err := seller.KIDFor(d.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, CorrectionDoc{Document: d, Year: c.Year, Number: c.Number, Buyer: buyer(d.Number), Seller: seller,
			DueDate: d.IssueDate.AddDate(0, 0, dueDays), KID: kid, Settlement: seller.CreditSettlement})
	}
	return out, nil
}

// Note says what the document corrects and why.
func (d CorrectionDoc) Note() string {
	what := "Kreditnota"
	if d.Kind == correction.KindInvoice {
		what = "Tilleggsfaktura"
	}
	reasons := strings.ReplaceAll(strings.Join(d.Notes, "; "), "soknad", "søknad")
	var note string
	if refs := d.billingReferences(); len(refs) == 0 {
		note = fmt.Sprintf("%s (korreksjon %d) for Digisos %d: %s", what, d.Number, d.Year, reasons)
	} else {
		ids := make([]string, len(refs))
		for i, r := range refs {
			ids[i] = r.Invoice.ID
		}
		to := "faktura " + ids[0]
		if len(ids) > 1 {
			to = "fakturaene " + strings.Join(ids[:len(ids)-1], ", ") + " og " + ids[len(ids)-1]
		}
		note = fmt.Sprintf("%s (korreksjon %d) til %s for Digisos %d: %s", what, d.Number, to, d.Year, reasons)
	}
	if d.Kind == correction.KindCreditNote && d.Settlement != "" {
		note += ". " + d.Settlement
	}
	return note
}

// WriteCorrectionDoc writes d as UBL 2.1 XML: a CreditNote or an Invoice.
func WriteCorrectionDoc(w io.Writer, d CorrectionDoc) error {
	if d.Kind == correction.KindCreditNote {
		return encode(w, buildCreditNote(d))
	}
	return encode(w, buildSupplementary(d))
}

// signed is a document line's amount in the document's direction: the
// difference on an invoice, issued − corrected on a credit note.
func (d CorrectionDoc) signed(c correction.Change) billing.Money {
	if d.Kind == correction.KindCreditNote {
		return -c.Difference()
	}
	return c.Difference()
}

// lineParts returns a line's quantity, amount and positive price.
func lineParts(m billing.Money) (quantity, amount, price) {
	if m < 0 {
		return quantity{UnitCode: "C62", Value: "-1"}, money(m), price{Amount: money(-m)}
	}
	return quantity{UnitCode: "C62", Value: "1"}, money(m), price{Amount: money(m)}
}

func (d CorrectionDoc) lineItem(c correction.Change) item {
	vat := d.Seller.VAT
	return item{
		Description: fmt.Sprintf("Fakturert %s kr, korrigert %s kr, differanse %s kr", c.Issued, c.Corrected, c.Difference()),
		Name:        fmt.Sprintf("Digisos %s %d, %d. kvartal, korreksjon", solutionName(c.Solution), d.Year, c.Quarter),
		TaxCategory: lineTaxCategory{ID: vat.Category, Percent: vatPercent(vat), TaxScheme: idOnly{ID: "VAT"}},
	}
}

// billingReferences are the documents d refers to: its References, or
// else the invoice it corrects.
func (d CorrectionDoc) billingReferences() []billingReference {
	refs := d.References
	if refs == nil && d.Corrects != "" {
		refs = []Reference{{ID: d.Corrects, IssueDate: d.CorrectsDate}}
	}
	var out []billingReference
	for _, r := range refs {
		ref := billingReference{Invoice: invoiceReference{ID: r.ID}}
		if !r.IssueDate.IsZero() {
			ref.Invoice.IssueDate = r.IssueDate.Format(time.DateOnly)
		}
		out = append(out, ref)
	}
	return out
}
