package ehfio

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"time"

	"digisos-invoice/internal/billing"
)

// The UBL 2.1 root of a credit note, fields in schema order. A
// supplementary invoice is an invoice (ubl.go) with a BillingReference.

type creditNote struct {
	XMLName              xml.Name           `xml:"CreditNote"`
	Xmlns                string             `xml:"xmlns,attr"`
	XmlnsCac             string             `xml:"xmlns:cac,attr"`
	XmlnsCbc             string             `xml:"xmlns:cbc,attr"`
	CustomizationID      string             `xml:"cbc:CustomizationID"`
	ProfileID            string             `xml:"cbc:ProfileID"`
	ID                   string             `xml:"cbc:ID"`
	IssueDate            string             `xml:"cbc:IssueDate"`
	CreditNoteTypeCode   string             `xml:"cbc:CreditNoteTypeCode"`
	Note                 string             `xml:"cbc:Note"`
	DocumentCurrencyCode string             `xml:"cbc:DocumentCurrencyCode"`
	AccountingCost       string             `xml:"cbc:AccountingCost,omitempty"`
	BuyerReference       string             `xml:"cbc:BuyerReference"`
	InvoicePeriod        period             `xml:"cac:InvoicePeriod"`
	OrderReference       *idOnly            `xml:"cac:OrderReference"`
	BillingReference     []billingReference `xml:"cac:BillingReference"`
	ContractReference    *idOnly            `xml:"cac:ContractDocumentReference"`
	Supplier             partyWrapper       `xml:"cac:AccountingSupplierParty"`
	Customer             partyWrapper       `xml:"cac:AccountingCustomerParty"`
	PaymentMeans         *paymentMeans      `xml:"cac:PaymentMeans"` // none: a credit note asks for no payment
	TaxTotal             taxTotal           `xml:"cac:TaxTotal"`
	LegalMonetaryTotal   monetaryTotal      `xml:"cac:LegalMonetaryTotal"`
	Lines                []creditNoteLine   `xml:"cac:CreditNoteLine"`
}

type billingReference struct {
	Invoice invoiceReference `xml:"cac:InvoiceDocumentReference"`
}

type invoiceReference struct {
	ID        string `xml:"cbc:ID"`
	IssueDate string `xml:"cbc:IssueDate,omitempty"`
}

type creditNoteLine struct {
	ID            string   `xml:"cbc:ID"`
	Quantity      quantity `xml:"cbc:CreditedQuantity"`
	LineExtension amount   `xml:"cbc:LineExtensionAmount"`
	Period        *period  `xml:"cac:InvoicePeriod"`
	Item          item     `xml:"cac:Item"`
	Price         price    `xml:"cac:Price"`
}

const (
	nsCac = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
	nsCbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
)

func (d CorrectionDoc) total() billing.Money {
	var t billing.Money
	for _, c := range d.Lines {
		t += d.signed(c)
	}
	return t
}

func (d CorrectionDoc) period() period {
	return period{StartDate: fmt.Sprintf("%d-01-01", d.Year), EndDate: fmt.Sprintf("%d-12-31", d.Year)}
}

func totals(t billing.Money) monetaryTotal {
	return monetaryTotal{LineExtension: money(t), TaxExclusive: money(t), TaxInclusive: money(t), Payable: money(t)}
}

func buildSupplementary(d CorrectionDoc) invoice {
	h := d.header()
	doc := invoice{
		Xmlns: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", XmlnsCac: nsCac, XmlnsCbc: nsCbc,
		CustomizationID: customizationID, ProfileID: profileID, ID: d.ID,
		IssueDate: d.IssueDate.Format(time.DateOnly), DueDate: d.DueDate.Format(time.DateOnly), InvoiceTypeCode: "380",
		Note: d.Note(), DocumentCurrencyCode: currency, AccountingCost: d.Buyer.AccountingCost, BuyerReference: d.Buyer.Reference,
		InvoicePeriod: d.period(), OrderReference: h.order, BillingReference: d.billingReferences(), ContractReference: h.contract,
		Supplier: h.supplier, Customer: h.customer, PaymentMeans: h.payment, TaxTotal: h.tax, LegalMonetaryTotal: totals(d.total()),
	}
	for i, c := range d.Lines {
		q, a, p := lineParts(d.signed(c))
		lp := quarterPeriod(d.Year, c.Quarter, c.Quarter)
		doc.Lines = append(doc.Lines, invoiceLine{ID: fmt.Sprint(i + 1), Quantity: q, LineExtension: a, Period: &lp, Item: d.lineItem(c), Price: p})
	}
	return doc
}

func buildCreditNote(d CorrectionDoc) creditNote {
	h := d.header()
	doc := creditNote{
		Xmlns: "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2", XmlnsCac: nsCac, XmlnsCbc: nsCbc,
		CustomizationID: customizationID, ProfileID: profileID, ID: d.ID,
		IssueDate: d.IssueDate.Format(time.DateOnly), CreditNoteTypeCode: "381",
		Note: d.Note(), DocumentCurrencyCode: currency, AccountingCost: d.Buyer.AccountingCost, BuyerReference: d.Buyer.Reference,
		InvoicePeriod: d.period(), OrderReference: h.order, BillingReference: d.billingReferences(), ContractReference: h.contract,
		Supplier: h.supplier, Customer: h.customer, TaxTotal: h.tax, LegalMonetaryTotal: totals(d.total()),
	}
	for i, c := range d.Lines {
		q, a, p := lineParts(d.signed(c))
		lp := quarterPeriod(d.Year, c.Quarter, c.Quarter)
		doc.Lines = append(doc.Lines, creditNoteLine{ID: fmt.Sprint(i + 1), Quantity: q, LineExtension: a, Period: &lp, Item: d.lineItem(c), Price: p})
	}
	return doc
}

// header holds the parts a credit note and a supplementary invoice share
// with the invoices calculate writes: the parties, the buyer's order and
// contract references, payment by KID and the VAT total.
type header struct {
	supplier, customer partyWrapper
	order, contract    *idOnly
	payment            paymentMeans
	tax                taxTotal
}

func (d CorrectionDoc) header() header {
	b := d.Buyer
	h := header{
		supplier: partyWrapper{Party: supplier(d.Seller)},
		customer: partyWrapper{Party: customer(b)},
		payment:  payment(d.Seller, d.KID),
		tax:      taxes(d.Seller.VAT, d.total()),
	}
	if b.OrderReference != "" {
		h.order = &idOnly{ID: b.OrderReference}
	}
	if c := cmp.Or(b.ContractReference, d.Seller.ContractReference); c != "" {
		h.contract = &idOnly{ID: c}
	}
	return h
}
