package billing

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckOrgNumber(t *testing.T) {
	for _, tt := range []struct {
		n  string
		ok bool
	}{
		{"889640782", true}, // NAV
		{"958935420", true}, // Oslo kommune
		{"987654325", true},
		{"987654321", false},
		{"88964078", false},
		{"88964078x", false},
	} {
		if err := CheckOrgNumber(tt.n); (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrOrgNumber)) {
			t.Errorf("CheckOrgNumber(%s) = %v, want ok %v", tt.n, err, tt.ok)
		}
	}
}

func TestCheckAccount(t *testing.T) {
	for _, tt := range []struct {
		n  string
		ok bool
	}{{"12345678903", true}, {"12345678904", false}, {"1234.56.78903", false}, {"1234567890", false}} {
		if err := CheckAccount(tt.n); (err == nil) != tt.ok {
			t.Errorf("CheckAccount(%s) = %v, want ok %v", tt.n, err, tt.ok)
		}
	}
}

func TestKID(t *testing.T) {
	tests := []struct {
		scheme KIDScheme
		id     string
		want   string
	}{
		// Luhn's classic example: 7992739871 has check digit 3.
		{KIDMod10, "7992739871", "79927398713"},
		// 2020 0301: from the right 1,0,3,0,0,2,0,2 doubled alternately:
		// 2+0+6+0+0+2+0+2 = 12 → check 8.
		{KIDMod10, "DIGISOS-2020-0301", "202003018"},
		// MOD11, weights 2,3,4,5,6,7,2,3 from the right over 20200301:
		// 1·2+0·3+3·4+0·5+0·6+2·7+0·2+2·3 = 34; 34 mod 11 = 1 → check 10 → "-".
		{KIDMod11, "DIGISOS-2020-0301", "20200301-"},
		// 20204601: 1·2+0·3+6·4+4·5+0·6+2·7+0·2+2·3 = 66 → remainder 0 → check 0.
		{KIDMod11, "DIGISOS-2020-4601", "202046010"},
		// 20205001: 1·2+0+0+5·5+0+2·7+0+2·3 = 47 → 47 mod 11 = 3 → check 8.
		{KIDMod11, "DIGISOS-2020-5001", "202050018"},
	}
	for _, tt := range tests {
		if got, err := KID(tt.scheme, tt.id); err != nil || got != tt.want {
			t.Errorf("KID(%s, %s) = %q, %v; want %q", tt.scheme, tt.id, got, err, tt.want)
		}
	}
	if _, err := KID("mod97", "DIGISOS-2020-0301"); !errors.Is(err, ErrKID) {
		t.Errorf("KID(mod97) = %v, want ErrKID", err)
	}
}

func TestKIDFor(t *testing.T) {
	tests := []struct {
		name   string
		seller Seller
		want   string
	}{
		{"natural length", Seller{KID: KIDMod10}, "202003018"},
		// 0000 20200301, Luhn: the zeros change nothing → 8.
		{"padded", Seller{KID: KIDMod10, KIDLength: 13}, "0000202003018"},
		// 42 000 20200301: the 20200301 part sums to 12 as above; of the
		// prefix, 2 stands undoubled and 4 doubled to 8: 22 → check 8.
		{"prefix", Seller{KID: KIDMod10, KIDLength: 14, KIDPrefix: "42"}, "42000202003018"},
		{"mod11 padded", Seller{KID: KIDMod11, KIDLength: 10}, "020200301-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := tt.seller.KIDFor("DIGISOS-2020-0301"); err != nil || got != tt.want {
				t.Errorf("KIDFor = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	if _, err := (Seller{KID: KIDMod10, KIDLength: 8}).KIDFor("DIGISOS-2020-0301"); !errors.Is(err, ErrKID) {
		t.Errorf("KIDFor with length 8 = %v, want ErrKID", err)
	}
}

func validSeller() Seller {
	return Seller{Name: "Arbeids- og velferdsdirektoratet", OrgNumber: "889640782", Street: "Postboks 5 St. Olavs plass",
		PostalZone: "0130", City: "Oslo", Account: "12345678903", KID: KIDMod10, VAT: VAT{Category: "O", ExemptionCode: "VATEX-EU-O"}}
}

func TestSellerValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Seller)
		field  string // "" when valid
	}{
		{"valid", func(*Seller) {}, ""},
		{"all optional fields", func(s *Seller) {
			s.Contact = Contact{Name: "NAV Økonomitjenester", Phone: "+47 55 55 33 33", Email: "digisos-faktura@nav.no"}
			s.ContractReference, s.KIDLength, s.KIDPrefix = "Tilleggsavtale Digisos 2020", 15, "77"
		}, ""},
		{"account", func(s *Seller) { s.Account = "12345678904" }, "account"},
		{"vat number with O", func(s *Seller) { s.VAT.SellerVATNumber = "NO889640782MVA" }, "vat_number"},
		{"kid length too short", func(s *Seller) { s.KIDLength, s.KIDPrefix = 9, "7" }, "kid_length"},
		{"kid length over 25", func(s *Seller) { s.KIDLength = 26 }, "kid_length"},
		{"kid prefix letters", func(s *Seller) { s.KIDPrefix = "A1" }, "kid_prefix"},
		{"phone letters", func(s *Seller) { s.Contact.Phone = "55 55 33 33 ext 2" }, "contact_phone"},
		{"phone short", func(s *Seller) { s.Contact.Phone = "1881" }, "contact_phone"},
		{"email with name", func(s *Seller) { s.Contact.Email = "NAV <faktura@nav.no>" }, "contact_email"},
		{"email without domain", func(s *Seller) { s.Contact.Email = "faktura" }, "contact_email"},
		{"contact name on two lines", func(s *Seller) { s.Contact.Name = "NAV\nØkonomi" }, "contact_name"},
		{"name with a noncharacter", func(s *Seller) { s.Name = "NAV\uFFFE" }, "name"},
		{"trading name on two lines", func(s *Seller) { s.TradingName = "NAV\nØkonomi" }, "trading_name"},
		{"street with a zero-width space", func(s *Seller) { s.Street = "Postboks\u200b 5" }, "street"},
		{"city with a noncharacter", func(s *Seller) { s.City = "Oslo\U0010FFFF" }, "city"},
		{"exemption reason with a noncharacter", func(s *Seller) { s.VAT.ExemptionReason = "Utenfor\uFDD0" }, "vat_exemption_reason"},
		{"contract reference too long", func(s *Seller) { s.ContractReference = strings.Repeat("x", 51) }, "contract_reference"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSeller()
			tt.change(&s)
			checkField(t, s.Validate(), tt.field)
		})
	}
}

func TestBuyerValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Buyer)
		field  string
	}{
		{"valid", func(*Buyer) {}, ""},
		{"all references", func(b *Buyer) {
			b.OrderReference, b.ContractReference, b.AccountingCost = "123456789", "Digisos-tillegg 2019/1234", "ansvar=12345; art=11950"
		}, ""},
		{"number", func(b *Buyer) { b.Number = "301" }, "municipality_number"},
		{"organisation number", func(b *Buyer) { b.OrgNumber = "958935421" }, "organisation_number"},
		{"name", func(b *Buyer) { b.Name = " " }, "name"},
		{"buyer reference missing", func(b *Buyer) { b.Reference = "" }, "buyer_reference"},
		{"buyer reference with a tab", func(b *Buyer) { b.Reference = "R\t1" }, "buyer_reference"},
		{"order reference too long", func(b *Buyer) { b.OrderReference = strings.Repeat("9", 51) }, "order_reference"},
		{"order reference with a space first", func(b *Buyer) { b.OrderReference = " 123" }, "order_reference"},
		{"order reference with a semicolon", func(b *Buyer) { b.OrderReference = "12;34" }, "order_reference"},
		{"contract reference with markup", func(b *Buyer) { b.ContractReference = "<avtale>" }, "contract_reference"},
		{"accounting cost too long", func(b *Buyer) { b.AccountingCost = strings.Repeat("1", 101) }, "accounting_cost"},
		{"accounting cost with a bar", func(b *Buyer) { b.AccountingCost = "12345|678" }, "accounting_cost"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Buyer{Number: "0301", OrgNumber: "958935420", Name: "OSLO KOMMUNE", Reference: "EXAMPLE-0301"}
			tt.change(&b)
			checkField(t, b.Validate(), tt.field)
		})
	}
}

// checkField checks that err is nil when field is "", and otherwise
// FieldErrors whose first error names field.
func checkField(t *testing.T, err error, field string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Errorf("Validate() = %v, want nil", err)
		}
		return
	}
	var fes FieldErrors
	if !errors.As(err, &fes) || len(fes) == 0 || fes[0].Field != field {
		t.Errorf("Validate() = %v, want an error on %s", err, field)
	}
}

// Every one of Unicode's 66 noncharacters is unseen, and their neighbours
// are not.
func TestFindUnseenNoncharacters(t *testing.T) {
	var nonchars []rune
	for r := rune(0xfdd0); r <= 0xfdef; r++ {
		nonchars = append(nonchars, r)
	}
	for plane := rune(0); plane <= 0x10; plane++ {
		nonchars = append(nonchars, plane<<16|0xfffe, plane<<16|0xffff)
	}
	if len(nonchars) != 66 {
		t.Fatalf("%d noncharacters, want 66", len(nonchars))
	}
	for _, r := range nonchars {
		if got, found := FindUnseen("Bodø"+string(r), true); !found || got != (Unseen{r, 5, "noncharacter"}) {
			t.Errorf("FindUnseen(Bodø %U) = %+v, %v, want the noncharacter at 5", r, got, found)
		}
	}
	for _, r := range []rune{0xfdcf, 0xfdf0, 0xfffc, 0xfffd, 0x1fffd, 0x10fffd, 0x1f600} {
		if got, found := FindUnseen("Bodø"+string(r), true); found {
			t.Errorf("FindUnseen(Bodø %U) = %+v: it is a character", r, got)
		}
	}
}

func TestFindUnseen(t *testing.T) {
	tests := []struct {
		s        string
		allowTab bool
		want     Unseen
		found    bool
	}{
		{"Guovdageaidnu – Kautokeino", false, Unseen{}, false},
		{"Bodø\tx", true, Unseen{}, false},
		{"Bodø\tx", false, Unseen{'\t', 5, "control character"}, true},
		{"Bodø\u0085", true, Unseen{0x85, 5, "control character"}, true},
		{"Bo\u200dø", true, Unseen{0x200d, 3, "invisible formatting character"}, true},
		{"\u00adBodø", true, Unseen{0xad, 1, "invisible formatting character"}, true},
		{"Bodø\u00a0kommune", true, Unseen{}, false}, // a no-break space is seen as a space
		{"Bodø\u2028kommune", true, Unseen{0x2028, 5, "line separator"}, true},
		{"Bodø\u2029", true, Unseen{0x2029, 5, "line separator"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.s, func(t *testing.T) {
			got, found := FindUnseen(tt.s, tt.allowTab)
			if got != tt.want || found != tt.found {
				t.Errorf("FindUnseen(%q, %v) = %+v, %v, want %+v, %v", tt.s, tt.allowTab, got, found, tt.want, tt.found)
			}
		})
	}
}
