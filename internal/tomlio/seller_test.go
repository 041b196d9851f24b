package tomlio

import (
	"errors"
	"strings"
	"testing"

	"digisos-invoice/internal/billing"
)

const sellerBase = `name = "Arbeids- og velferdsdirektoratet"
organisation_number = "889640782"
street = "Postboks 5 St. Olavs plass"
postal_zone = "0130"
city = "Oslo"
account = "12345678903"
kid = "mod10"
`

func TestReadSellerOptionalFields(t *testing.T) {
	s, err := ReadSeller(strings.NewReader(sellerBase+`kid_length = 15
kid_prefix = "77"
contact_name = "NAV Økonomitjenester"
contact_phone = "+47 55 55 33 33"
contact_email = "digisos-faktura@example.no"
contract_reference = "Samarbeidsavtale Digisos, tillegg 2020"
account_name = "NAV Innkreving"
example = true
`), "seller.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := billing.Contact{Name: "NAV Økonomitjenester", Phone: "+47 55 55 33 33", Email: "digisos-faktura@example.no"}
	if s.Contact != want || s.KIDLength != 15 || s.KIDPrefix != "77" || s.ContractReference != "Samarbeidsavtale Digisos, tillegg 2020" ||
		s.AccountName != "NAV Innkreving" || s.PayeeName() != "NAV Innkreving" || !s.Example {
		t.Errorf("ReadSeller = %+v, want every optional field", s)
	}
	s, err = ReadSeller(strings.NewReader(sellerBase), "seller.toml")
	if err != nil || s.Contact != (billing.Contact{}) || s.KIDLength != 0 || s.KIDPrefix != "" || s.ContractReference != "" ||
		s.AccountName != "" || s.PayeeName() != s.Name || s.Example {
		t.Errorf("ReadSeller without optional fields = %+v, %v; want them empty", s, err)
	}
}

// TestReadSellerFieldErrors checks that a rule broken by any field is
// reported on that field's line, with its key.
func TestReadSellerFieldErrors(t *testing.T) {
	tests := []struct{ name, extra, key string }{
		{"vat number with O", `vat_number = "NO889640782MVA"`, "vat_number"},
		{"kid length", "kid_length = 8", "kid_length"},
		{"kid prefix", `kid_prefix = "x7"`, "kid_prefix"},
		{"contact name", `contact_name = " NAV"`, "contact_name"},
		{"contact phone", `contact_phone = "55 55"`, "contact_phone"},
		{"contact email", `contact_email = "nav.no"`, "contact_email"},
		{"contract reference", `contract_reference = "avtale<1>"`, "contract_reference"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadSeller(strings.NewReader(sellerBase+"\n"+tt.extra+"\n"), "seller.toml")
			var e *Error
			if !errors.As(err, &e) || e.Line != 9 || e.Key != tt.key {
				t.Errorf("ReadSeller(%s) = %v, want an error on line 9, key %s", tt.extra, err, tt.key)
			}
		})
	}
}
