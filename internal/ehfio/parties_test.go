package ehfio

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"digisos-invoice/internal/billing"
)

// TestParties writes the parties as a receiver routes them: the buyer's
// endpoint apart from its legal organisation number, its registered
// address, and the name of the account the seller is paid to; and, for a
// buyer without them, the organisation number as the endpoint and Norway
// as the address, as before.
func TestParties(t *testing.T) {
	seller := testSeller()
	seller.AccountName = "ARBEIDS- OG VELFERDSETATEN"
	ålesund := billing.Buyer{Number: "1507", OrgNumber: "920415288", Endpoint: "974760673", Name: "ÅLESUND KOMMUNE", Reference: "R",
		Address: billing.Address{Lines: []string{"Tjenestehuset i Brattvåg", "Strandgata 40", "Inngang B"}, PostalZone: "6270", City: "BRATTVÅG"}}
	customerOf := func(b billing.Buyer, s billing.Seller) string {
		var out bytes.Buffer
		inv := Invoice{ID: "DIGISOS-2020-1507", Year: 2020, Buyer: b, Seller: s, IssueDate: time.Date(2021, 1, 15, 0, 0, 0, 0, time.UTC)}
		if err := Write(&out, inv); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	x := customerOf(ålesund, seller)
	for _, want := range []string{
		"<cac:AccountingCustomerParty>\n    <cac:Party>\n      <cbc:EndpointID schemeID=\"0192\">974760673</cbc:EndpointID>\n" +
			"      <cac:PostalAddress>\n        <cbc:StreetName>Tjenestehuset i Brattvåg</cbc:StreetName>\n" +
			"        <cbc:AdditionalStreetName>Strandgata 40</cbc:AdditionalStreetName>\n        <cbc:CityName>BRATTVÅG</cbc:CityName>\n" +
			"        <cbc:PostalZone>6270</cbc:PostalZone>\n        <cac:AddressLine>\n          <cbc:Line>Inngang B</cbc:Line>\n        </cac:AddressLine>\n" +
			"        <cac:Country>\n          <cbc:IdentificationCode>NO</cbc:IdentificationCode>\n        </cac:Country>\n      </cac:PostalAddress>\n" +
			"      <cac:PartyLegalEntity>\n        <cbc:RegistrationName>ÅLESUND KOMMUNE</cbc:RegistrationName>\n" +
			"        <cbc:CompanyID schemeID=\"0192\">920415288</cbc:CompanyID>",
		"<cac:PayeeFinancialAccount>\n      <cbc:ID>12345678903</cbc:ID>\n      <cbc:Name>ARBEIDS- OG VELFERDSETATEN</cbc:Name>\n    </cac:PayeeFinancialAccount>",
	} {
		if !strings.Contains(x, want) {
			t.Errorf("the invoice lacks\n%s\nin\n%s", want, x)
		}
	}

	plain := ålesund
	plain.Endpoint, plain.Address = "", billing.Address{}
	seller.AccountName = ""
	x = customerOf(plain, seller)
	for _, want := range []string{
		"<cbc:EndpointID schemeID=\"0192\">920415288</cbc:EndpointID>\n      <cac:PostalAddress>\n        <cac:Country>",
		// Without an account name, the seller's legal name.
		"<cbc:ID>12345678903</cbc:ID>\n      <cbc:Name>Arbeids- og velferdsdirektoratet</cbc:Name>",
	} {
		if !strings.Contains(x, want) {
			t.Errorf("the invoice lacks\n%s", want)
		}
	}
}

// TestCorrectionParties: a credit note and a supplementary invoice carry
// the same parties as the invoice they correct.
func TestCorrectionParties(t *testing.T) {
	b := billing.Buyer{Number: "1507", OrgNumber: "920415288", Endpoint: "974760673", Name: "ÅLESUND KOMMUNE", Reference: "R",
		Address: billing.Address{Lines: []string{"Postboks 1521"}, PostalZone: "6025", City: "ÅLESUND"}}
	d := CorrectionDoc{Buyer: b, Seller: testSeller(), Year: 2020}
	h := d.header()
	want := customer(b)
	got, _ := xml.Marshal(h.customer.Party)
	w, _ := xml.Marshal(want)
	if !bytes.Equal(got, w) || h.payment.Account.Name != "Arbeids- og velferdsdirektoratet" || h.customer.Party.Endpoint.Value != "974760673" {
		t.Errorf("header() = %s, %+v; want the invoice's customer %s and the account's name", got, h.payment, w)
	}
}
