package tomlio

import (
	"bytes"
	"errors"
	"io"
	"strings"

	"github.com/BurntSushi/toml"

	"digisos-invoice/internal/billing"
)

type sellerFile struct {
	Name                   string `toml:"name"`
	TradingName            string `toml:"trading_name"`
	OrganisationNumber     string `toml:"organisation_number"`
	Street                 string `toml:"street"`
	PostalZone             string `toml:"postal_zone"`
	City                   string `toml:"city"`
	Account                string `toml:"account"`
	KID                    string `toml:"kid"`
	VATCategory            string `toml:"vat_category"`
	VATExemptionReasonCode string `toml:"vat_exemption_reason_code"`
	VATExemptionReason     string `toml:"vat_exemption_reason"`
	VATNumber              string `toml:"vat_number"`
}

// sellerKeys are the keys a seller file may hold.
var sellerKeys = map[string][]string{"": {"name", "trading_name", "organisation_number", "street", "postal_zone",
	"city", "account", "kid", "vat_category", "vat_exemption_reason_code", "vat_exemption_reason", "vat_number"}}

// Default VAT treatment: not subject to VAT (category O).
const (
	defaultVATCategory = "O"
	defaultVATCode     = "VATEX-EU-O"
	defaultVATReason   = "Utenfor merverdiavgiftsloven (not subject to VAT)"
)

// ReadSeller reads the seller file: who issues the EHF invoices, the
// account they are paid to, the KID scheme and the VAT treatment (category
// O, not subject to VAT, unless the file says otherwise).
func ReadSeller(r io.Reader, name string) (billing.Seller, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return billing.Seller{}, &Error{File: name, Err: err}
	}
	var f sellerFile
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return billing.Seller{}, &Error{File: name, Line: pe.Position.Line, Key: pe.LastKey, Err: errors.New(pe.Message)}
		}
		return billing.Seller{}, &Error{File: name, Err: errors.New(strings.TrimPrefix(err.Error(), "toml: "))}
	}
	if k := unknownKey(md, sellerKeys); k != nil {
		return billing.Seller{}, &Error{File: name, Line: keyLine(data, k.String()), Key: k.String(),
			Err: errors.New("unknown key (keys: name, trading_name, organisation_number, street, postal_zone, city, account, kid, vat_category, vat_exemption_reason_code, vat_exemption_reason, vat_number)")}
	}
	s := billing.Seller{
		Name: f.Name, TradingName: f.TradingName, OrgNumber: f.OrganisationNumber,
		Street: f.Street, PostalZone: f.PostalZone, City: f.City, Account: f.Account, KID: billing.KIDScheme(f.KID),
		VAT: billing.VAT{Category: f.VATCategory, ExemptionCode: f.VATExemptionReasonCode, ExemptionReason: f.VATExemptionReason, SellerVATNumber: f.VATNumber},
	}
	if s.VAT.Category == "" {
		s.VAT.Category = defaultVATCategory
		if s.VAT.ExemptionCode == "" && s.VAT.ExemptionReason == "" {
			s.VAT.ExemptionCode, s.VAT.ExemptionReason = defaultVATCode, defaultVATReason
		}
	}
	if err := s.Validate(); err != nil {
		msgs := strings.Split(err.Error(), "\n")
		key, _, _ := strings.Cut(msgs[0], " ")
		return billing.Seller{}, &Error{File: name, Line: keyLine(data, key), Err: errors.New(strings.Join(msgs, "; "))}
	}
	return s, nil
}

// keyLine returns the line on which key is set or its table starts, or 0.
func keyLine(data []byte, key string) int {
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, key+" ") || strings.HasPrefix(l, key+"=") || l == "[["+key+"]]" || l == "["+key+"]" {
			return i + 1
		}
	}
	return 0
}
