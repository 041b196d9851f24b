// Package ehfio writes EHF invoices: Peppol BIS Billing 3.0, UBL 2.1
// Invoice XML, one per municipality, as Norwegian public bodies receive
// them. Money is written with exactly two decimals.
package ehfio

import (
	"encoding/xml"
	"fmt"
	"io"
	"math/big"
	"time"

	"digisos-invoice/internal/billing"
)

// Identifiers of Peppol BIS Billing 3.0, which EHF Billing 3.0 is.
const (
	customizationID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
	profileID       = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
	schemeOrgNumber = "0192" // Enhetsregisteret, Brønnøysundregistrene
	currency        = "NOK"
)

// Invoice is one municipality's EHF invoice for a year, ready to write.
type Invoice struct {
	ID        string
	Year      int
	Buyer     billing.Buyer
	Seller    billing.Seller
	IssueDate time.Time
	DueDate   time.Time
	KID       string
	Lines     []billing.Line
	Pools     []billing.Pool
	Total     billing.Money
}

// Invoices builds the invoice of every municipality of a with a non-zero
// invoiced total, in municipality order. buyer returns each one's buyer.
func Invoices(a billing.Allocation, seller billing.Seller, buyer func(number string) billing.Buyer, issue time.Time, dueDays int) ([]Invoice, error) {
	var out []Invoice
	byNumber := map[string][]billing.Line{}
	for _, l := range a.Lines {
		byNumber[l.Number] = append(byNumber[l.Number], l)
	}
	for _, m := range a.Municipalities {
		if m.Amount == 0 {
			continue
		}
		id := billing.InvoiceID(a.Tariff.Year, m.Number)
		kid, err := billing.KID(seller.KID, id)
		if err != nil {
			return nil, err
		}
		out = append(out, Invoice{
			ID: id, Year: a.Tariff.Year, Buyer: buyer(m.Number), Seller: seller,
			IssueDate: issue, DueDate: issue.AddDate(0, 0, dueDays), KID: kid,
			Lines: byNumber[m.Number], Pools: a.Pools, Total: m.Amount,
		})
	}
	return out, nil
}

// FileName is the invoice's file name: its id and ".xml".
func (inv Invoice) FileName() string { return inv.ID + ".xml" }

// Write writes inv as UBL 2.1 Invoice XML.
func Write(w io.Writer, inv Invoice) error {
	doc := build(inv)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func money(m billing.Money) amount { return amount{Currency: currency, Value: m.String()} }

func build(inv Invoice) invoice {
	s, b, vat := inv.Seller, inv.Buyer, inv.Seller.VAT
	var percent *string
	if vat.Category != "O" {
		zero := "0"
		percent = &zero // E and Z carry a rate of 0; O carries none (BR-O-05)
	}
	return invoice{
		Xmlns:                "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
		XmlnsCac:             "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
		XmlnsCbc:             "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
		CustomizationID:      customizationID,
		ProfileID:            profileID,
		ID:                   inv.ID,
		IssueDate:            inv.IssueDate.Format(time.DateOnly),
		DueDate:              inv.DueDate.Format(time.DateOnly),
		InvoiceTypeCode:      "380",
		Note:                 fmt.Sprintf("Kommunens andel av NAVs drifts- og forvaltningskostnader for Digisos (søknad og innsyn) %d, fordelt per innbygger og kvartal", inv.Year),
		DocumentCurrencyCode: currency,
		AccountingCost:       b.AccountingCost,
		BuyerReference:       b.Reference,
		InvoicePeriod:        period{StartDate: fmt.Sprintf("%d-01-01", inv.Year), EndDate: fmt.Sprintf("%d-12-31", inv.Year)},
		Supplier:             partyWrapper{Party: supplierParty(s)},
		Customer:             partyWrapper{Party: customerParty(b)},
		PaymentMeans:         paymentMeans{Code: "30", ID: inv.KID, Account: idOnly{ID: s.Account}},
		TaxTotal: taxTotal{
			TaxAmount: money(0),
			Subtotal: taxSubtotal{
				TaxableAmount: money(inv.Total), TaxAmount: money(0),
				Category: taxCategory{ID: vat.Category, Percent: percent, ExemptionReasonCode: vat.ExemptionCode,
					ExemptionReason: vat.ExemptionReason, TaxScheme: idOnly{ID: "VAT"}},
			},
		},
		LegalMonetaryTotal: monetaryTotal{
			LineExtension: money(inv.Total), TaxExclusive: money(inv.Total),
			TaxInclusive: money(inv.Total), Payable: money(inv.Total),
		},
		Lines: invoiceLines(inv, lineTaxCategory{ID: vat.Category, Percent: percent, TaxScheme: idOnly{ID: "VAT"}}),
	}
}

// supplierParty is the seller as the invoice names it: by its trading name
// when it has one, and always by its legal name and organisation number.
func supplierParty(s billing.Seller) party {
	tradingName := s.TradingName
	if tradingName == "" {
		tradingName = s.Name
	}
	p := party{
		Endpoint:    schemeID{Scheme: schemeOrgNumber, Value: s.OrgNumber},
		PartyName:   &partyName{Name: tradingName},
		Address:     address{Street: s.Street, City: s.City, PostalZone: s.PostalZone, Country: country{Code: "NO"}},
		LegalEntity: legalEntity{RegistrationName: s.Name, CompanyID: schemeID{Scheme: schemeOrgNumber, Value: s.OrgNumber}},
	}
	if s.VAT.SellerVATNumber != "" {
		p.TaxScheme = &partyTax{CompanyID: s.VAT.SellerVATNumber, TaxScheme: idOnly{ID: "VAT"}}
	}
	return p
}

// customerParty is the municipality invoiced, by organisation number.
func customerParty(b billing.Buyer) party {
	return party{
		Endpoint:    schemeID{Scheme: schemeOrgNumber, Value: b.OrgNumber},
		Address:     address{Country: country{Code: "NO"}},
		LegalEntity: legalEntity{RegistrationName: b.Name, CompanyID: schemeID{Scheme: schemeOrgNumber, Value: b.OrgNumber}},
	}
}

// invoiceLines is one invoice line per quarter and solution, quantity 1
// and price = amount, with the basis in the description.
func invoiceLines(inv Invoice, tax lineTaxCategory) []invoiceLine {
	var out []invoiceLine
	for i, l := range inv.Lines {
		out = append(out, invoiceLine{
			ID:            fmt.Sprint(i + 1),
			Quantity:      quantity{UnitCode: "C62", Value: "1"},
			LineExtension: money(l.Amount),
			Item: item{
				Description: describe(l, inv.Pools),
				Name:        fmt.Sprintf("Digisos %s %d, %d. kvartal", solutionName(l.Solution), l.Year, l.Quarter),
				TaxCategory: tax,
			},
			Price: price{Amount: money(l.Amount)},
		})
	}
	return out
}

func solutionName(s string) string {
	switch s {
	case "soknad":
		return "søknad"
	}
	return s
}

// describe states the basis of a line: inhabitants × the pool's rate per
// inhabitant, and for a waived line the share that was not invoiced.
func describe(l billing.Line, pools []billing.Pool) string {
	var pool billing.Pool
	for _, p := range pools {
		if p.Solution == l.Solution && p.Quarter == l.Quarter {
			pool = p
		}
	}
	if pool.Population == 0 {
		return fmt.Sprintf("%d innbyggere; ingen innbyggere i puljen, ikke fordelt", l.Population)
	}
	rate := new(big.Rat).SetFrac64(int64(pool.Amount), pool.Population*100).FloatString(10)
	basis := fmt.Sprintf("%d innbyggere × %s kr per innbygger (puljen %s kr / %d innbyggere, avrundet til hele øre)",
		l.Population, rate, pool.Amount, pool.Population)
	if pool.Waiver != nil {
		return fmt.Sprintf("%s = %s kr, ikke fakturert: %s", basis, l.Waived, pool.Waiver.Reason)
	}
	return fmt.Sprintf("%s = %s kr", basis, l.Amount)
}
