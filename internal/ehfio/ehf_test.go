package ehfio

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"digisos-invoice/internal/billing"
)

func TestInvoices(t *testing.T) {
	tariff := billing.Tariff{Year: 2020, AnnualCost: 400, Shares: []billing.Share{{Solution: "soknad", Ratio: decimal.NewFromInt(1)}}}
	a, err := billing.Allocate(tariff, []billing.Municipality{
		{Number: "0301", Name: "Oslo", Population: 3},
		{Number: "1804", Name: "Bodø", Population: 1, Starts: map[string]billing.Start{"soknad": billing.Never()}},
	})
	if err != nil {
		t.Fatal(err)
	}
	seller := billing.Seller{Name: "NAV", OrgNumber: "889640782", Account: "12345678903", KID: billing.KIDMod10, KIDLength: 12, KIDPrefix: "7",
		VAT:               billing.VAT{Category: "O", ExemptionCode: "VATEX-EU-O"},
		Contact:           billing.Contact{Name: "NAV Økonomi", Phone: "+47 55 55 33 33", Email: "faktura@nav.no"},
		ContractReference: "DIGISOS-TILLEGG"}
	issue := time.Date(2021, 1, 15, 0, 0, 0, 0, time.UTC)
	invs, err := Invoices(a, seller, func(n string) billing.Buyer {
		return billing.Buyer{Number: n, OrgNumber: "958935420", Name: "OSLO KOMMUNE", Reference: "R", OrderReference: "123456789"}
	}, issue, 10)
	if err != nil {
		t.Fatal(err)
	}
	// Bodø uses nothing: no invoice. Oslo pays the whole cost over four lines.
	if len(invs) != 1 || invs[0].ID != "DIGISOS-2020-0301" || invs[0].Total != 400 || len(invs[0].Explanation.Items) != 4 {
		t.Fatalf("Invoices = %+v", invs)
	}
	if got := invs[0].DueDate.Format(time.DateOnly); got != "2021-01-25" {
		t.Errorf("due date %s, want 2021-01-25", got)
	}
	invs[0].Basis = &Attachment{ID: "Beregningsgrunnlag", FileName: "b.pdf", MimeCode: "application/pdf", Data: []byte("%PDF-")}
	var b bytes.Buffer
	if err := Write(&b, invs[0]); err != nil {
		t.Fatal(err)
	}
	x := b.String()
	for _, want := range []string{
		`<cbc:PayableAmount currencyID="NOK">4.00</cbc:PayableAmount>`,
		`<cbc:LineExtensionAmount currencyID="NOK">1.00</cbc:LineExtensionAmount>`,
		// 7, zeros to 11 digits, 20200301; Luhn over 70020200301 gives 3.
		`<cbc:PaymentID>700202003013</cbc:PaymentID>`,
		"<cac:OrderReference>\n    <cbc:ID>123456789</cbc:ID>",
		"<cac:ContractDocumentReference>\n    <cbc:ID>DIGISOS-TILLEGG</cbc:ID>",
		`<cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="b.pdf">JVBERi0=</cbc:EmbeddedDocumentBinaryObject>`,
		"<cbc:Telephone>+47 55 55 33 33</cbc:Telephone>",
		"<cbc:StartDate>2020-07-01</cbc:StartDate>\n      <cbc:EndDate>2020-09-30</cbc:EndDate>",
		`<cbc:TaxExemptionReasonCode>VATEX-EU-O</cbc:TaxExemptionReasonCode>`,
		`<cbc:Description>3 innbyggere av 3 i puljen (1 kommune): 1.00 kr × 3 / 3 = 1.0000 kr, avrundet ned til 1.00 kr = 1.00 kr</cbc:Description>`,
	} {
		if !strings.Contains(x, want) {
			t.Errorf("the invoice lacks %s", want)
		}
	}
	if strings.Contains(x, "<cbc:Percent>") {
		t.Error("category O carries a VAT rate (rule BR-O-05 forbids it)")
	}
	// Schema order of the first elements.
	order := []string{"CustomizationID", "ProfileID", "<cbc:ID>", "IssueDate", "DueDate", "InvoiceTypeCode", "<cbc:Note>", "DocumentCurrencyCode", "BuyerReference", "InvoicePeriod", "OrderReference", "ContractDocumentReference", "AdditionalDocumentReference", "AccountingSupplierParty", "PartyLegalEntity", "<cac:Contact>", "AccountingCustomerParty", "PaymentMeans", "TaxTotal", "LegalMonetaryTotal", "InvoiceLine"}
	last := -1
	for _, el := range order {
		i := strings.Index(x, el)
		if i < last {
			t.Errorf("%s comes too early", el)
		}
		last = i
	}
}
