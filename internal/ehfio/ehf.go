// Package ehfio writes EHF invoices: Peppol BIS Billing 3.0, UBL 2.1
// Invoice XML, one per municipality, as Norwegian public bodies receive
// them. Money is written with exactly two decimals.
package ehfio

import (
	"cmp"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"math/big"
	"strings"
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
	// Explanation holds the municipality's lines with their pools and
	// roundings: what the line texts and the calculation basis show.
	Explanation billing.Explanation
	Total       billing.Money
	// Basis, when set, is the calculation basis attached to the invoice.
	Basis *Attachment
}

// Attachment is a document embedded in an invoice (BG-24).
type Attachment struct {
	ID          string // BT-122
	Description string // BT-123
	FileName    string // BT-125's filename
	MimeCode    string // BT-125's mimeCode; Peppol allows application/pdf (BR-CL-24)
	Data        []byte
}

// Invoices builds the invoice of every municipality of a with a non-zero
// invoiced total, in municipality order. buyer returns each one's buyer.
func Invoices(a billing.Allocation, seller billing.Seller, buyer func(number string) billing.Buyer, issue time.Time, dueDays int) ([]Invoice, error) {
	var out []Invoice
	for _, m := range Invoiced(a) {
		inv, err := InvoiceOf(a, m, seller, buyer(m.Number), issue, dueDays)
		if err != nil {
			return nil, err
		}
		out = append(out, inv)
	}
	return out, nil
}

// Invoiced returns the municipalities of a that get an invoice: those
// with a non-zero invoiced total, in municipality order.
func Invoiced(a billing.Allocation) []billing.MunicipalityTotal {
	var out []billing.MunicipalityTotal
	for _, m := range a.Municipalities {
		if m.Amount != 0 {
			out = append(out, m)
		}
	}
	return out
}

// InvoiceOf builds the invoice of municipality m of a, to buyer.
func InvoiceOf(a billing.Allocation, m billing.MunicipalityTotal, seller billing.Seller, buyer billing.Buyer, issue time.Time, dueDays int) (Invoice, error) {
	e, err := billing.Explain(a, m.Number)
	if err != nil {
		return Invoice{}, err
	}
	kid, err := seller.KIDFor(e.InvoiceID)
	if err != nil {
		return Invoice{}, err
	}
	return Invoice{
		ID: e.InvoiceID, Year: a.Tariff.Year, Buyer: buyer, Seller: seller,
		IssueDate: issue, DueDate: issue.AddDate(0, 0, dueDays), KID: kid,
		Explanation: e, Total: m.Amount,
	}, nil
}

// Renumber gives inv the number of a series (the journal's), and the KID
// made from it.
func (inv *Invoice) Renumber(number string) error {
	if number == "" {
		return fmt.Errorf("municipality %s has no invoice number", inv.Explanation.Municipality.Number)
	}
	kid, err := inv.Seller.KIDFor(number)
	if err != nil {
		return err
	}
	inv.ID, inv.KID, inv.Explanation.InvoiceID = number, kid, number
	return nil
}

// FileName is the invoice's file name: its id and ".xml".
func (inv Invoice) FileName() string { return inv.ID + ".xml" }

// Write writes inv as UBL 2.1 Invoice XML.
func Write(w io.Writer, inv Invoice) error {
	return encode(w, build(inv))
}

// encode writes doc, a UBL root, as an XML document: the declaration, the
// elements indented by two spaces, and a final line end.
func encode(w io.Writer, doc any) error {
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
	b := inv.Buyer
	doc := invoice{
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
		InvoicePeriod:        invoicePeriod(inv),
		Supplier:             partyWrapper{Party: supplier(inv.Seller)},
		Customer:             partyWrapper{Party: customer(b)},
		PaymentMeans:         payment(inv.Seller, inv.KID),
		TaxTotal:             taxes(inv.Seller.VAT, inv.Total),
		LegalMonetaryTotal:   monetaryTotal{LineExtension: money(inv.Total), TaxExclusive: money(inv.Total), TaxInclusive: money(inv.Total), Payable: money(inv.Total)},
	}
	if b.OrderReference != "" {
		doc.OrderReference = &idOnly{ID: b.OrderReference}
	}
	contract := cmp.Or(b.ContractReference, inv.Seller.ContractReference)
	if contract != "" {
		doc.ContractReference = &idOnly{ID: contract}
	}
	if a := inv.Basis; a != nil {
		doc.Attachment = &documentReference{ID: a.ID, Description: a.Description, Attachment: &attachment{Embedded: binaryObject{
			MimeCode: a.MimeCode, FileName: a.FileName, Value: base64.StdEncoding.EncodeToString(a.Data)}}}
	}
	for i, it := range inv.Explanation.Items {
		doc.Lines = append(doc.Lines, buildLine(i+1, it, inv.Seller.VAT))
	}
	return doc
}

// vatPercent is the rate a category carries: E and Z carry 0, O none (BR-O-05).
func vatPercent(v billing.VAT) *string {
	if v.Category == "O" {
		return nil
	}
	zero := "0"
	return &zero
}

func supplier(s billing.Seller) party {
	p := party{
		Endpoint:    schemeID{Scheme: schemeOrgNumber, Value: s.OrgNumber},
		PartyName:   &partyName{Name: cmp.Or(s.TradingName, s.Name)},
		Address:     address{Street: s.Street, City: s.City, PostalZone: s.PostalZone, Country: country{Code: "NO"}},
		LegalEntity: legalEntity{RegistrationName: s.Name, CompanyID: schemeID{Scheme: schemeOrgNumber, Value: s.OrgNumber}},
	}
	if s.VAT.SellerVATNumber != "" {
		p.TaxScheme = &partyTax{CompanyID: s.VAT.SellerVATNumber, TaxScheme: idOnly{ID: "VAT"}}
	}
	if c := s.Contact; c != (billing.Contact{}) {
		p.Contact = &contact{Name: c.Name, Telephone: c.Phone, Email: c.Email}
	}
	return p
}

// customer is the buyer's party: the endpoint it receives on (its
// organisation number or a sub-unit's), its registered address where the
// buyers file has one, and its legal entity.
func customer(b billing.Buyer) party {
	return party{
		Endpoint:    schemeID{Scheme: schemeOrgNumber, Value: b.EndpointID()},
		Address:     postalAddress(b.Address),
		LegalEntity: legalEntity{RegistrationName: b.Name, CompanyID: schemeID{Scheme: schemeOrgNumber, Value: b.OrgNumber}},
	}
}

// postalAddress writes a registered address: its first line as the street,
// the second as the additional street, a third as an address line (BT-50
// to BT-55, BT-162); the country is Norway unless it says otherwise.
func postalAddress(a billing.Address) address {
	out := address{City: a.City, PostalZone: a.PostalZone, Country: country{Code: cmp.Or(a.Country, "NO")}}
	for i, l := range a.Lines {
		switch i {
		case 0:
			out.Street = l
		case 1:
			out.AdditionalStreet = l
		case 2:
			out.Line = &addressLine{Line: l}
		}
	}
	return out
}

// payment is payment by credit transfer (code 30) with the KID, to the
// seller's account in its holder's name.
func payment(s billing.Seller, kid string) paymentMeans {
	return paymentMeans{Code: "30", ID: kid, Account: financialAccount{ID: s.Account, Name: s.PayeeName()}}
}

func taxes(vat billing.VAT, total billing.Money) taxTotal {
	return taxTotal{
		TaxAmount: money(0),
		Subtotal: taxSubtotal{
			TaxableAmount: money(total), TaxAmount: money(0),
			Category: taxCategory{ID: vat.Category, Percent: vatPercent(vat), ExemptionReasonCode: vat.ExemptionCode,
				ExemptionReason: vat.ExemptionReason, TaxScheme: idOnly{ID: "VAT"}},
		},
	}
}

// invoicePeriod covers the quarters of the invoice's lines (BG-14), so that
// every line's period lies inside it (PEPPOL-EN16931-R110, R111).
func invoicePeriod(inv Invoice) period {
	first, last := billing.Quarter(4), billing.Quarter(1)
	for _, it := range inv.Explanation.Items {
		first, last = min(first, it.Line.Quarter), max(last, it.Line.Quarter)
	}
	return quarterPeriod(inv.Year, first, last)
}

// quarterPeriod runs from the first day of quarter first to the last day of quarter last.
func quarterPeriod(year int, first, last billing.Quarter) period {
	start := time.Date(year, time.Month(3*int(first)-2), 1, 0, 0, 0, 0, time.UTC)
	return period{StartDate: start.Format(time.DateOnly), EndDate: last.LastDay(year).Format(time.DateOnly)}
}

func buildLine(n int, it billing.ExplainedLine, vat billing.VAT) invoiceLine {
	l := it.Line
	p := quarterPeriod(l.Year, l.Quarter, l.Quarter)
	return invoiceLine{
		ID:            fmt.Sprint(n),
		Quantity:      quantity{UnitCode: "C62", Value: "1"},
		LineExtension: money(l.Amount),
		Period:        &p,
		Item: item{
			Description: describe(it),
			Name:        fmt.Sprintf("Digisos %s %d, %d. kvartal", solutionName(l.Solution), l.Year, l.Quarter),
			TaxCategory: lineTaxCategory{ID: vat.Category, Percent: vatPercent(vat), TaxScheme: idOnly{ID: "VAT"}},
		},
		Price: price{Amount: money(l.Amount)},
	}
}

func solutionName(s string) string {
	switch s {
	case "soknad":
		return "søknad"
	}
	return s
}

// describe states how a line's amount is reached, in numbers a
// municipality can check by hand: its inhabitants out of the pool's
// participants' inhabitants, times the pool, rounded down to whole øre,
// plus the leftover øre it received and why; for a waived line what it
// would have cost and why it is not invoiced.
func describe(it billing.ExplainedLine) string {
	l, pool := it.Line, it.Pool
	if !pool.Allocated {
		return fmt.Sprintf("%d innbyggere; puljen på %s kr har ingen deltakere med innbyggere og er ikke fordelt", l.Population, pool.Amount)
	}
	r := it.Rounding
	var b strings.Builder
	fmt.Fprintf(&b, "%d innbyggere av %d i puljen (%s): %s kr × %d / %d = %s kr, avrundet ned til %s kr",
		l.Population, pool.Population, municipalities(pool.Participants), pool.Amount, l.Population, pool.Population, exactKroner(r), r.Floor)
	if r.Leftover {
		fmt.Fprintf(&b, ", + 0.01 kr fordi kommunen fikk ett av puljens %d gjenværende øre: øre som mangler etter avrunding ned, går til de største restene (største rests metode)", it.Leftovers)
	}
	if pool.Waiver != nil {
		fmt.Fprintf(&b, "; ville kostet %s kr, ikke fakturert: %s", l.Waived, pool.Waiver.Reason)
		return b.String()
	}
	fmt.Fprintf(&b, " = %s kr", l.Amount)
	return b.String()
}

func municipalities(n int) string {
	if n == 1 {
		return "1 kommune"
	}
	return fmt.Sprintf("%d kommuner", n)
}

// exactKroner writes a share's exact amount in kroner with four decimals,
// cut and followed by "…" when it has more.
func exactKroner(r billing.Rounding) string {
	q := new(big.Rat).Quo(r.Exact(), big.NewRat(100, 1))
	cut := new(big.Rat).SetFrac(new(big.Int).Quo(new(big.Int).Mul(q.Num(), big.NewInt(10000)), q.Denom()), big.NewInt(10000))
	s := cut.FloatString(4)
	if cut.Cmp(q) != 0 {
		return s + "…"
	}
	return s
}
