package tomlio

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
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
	AccountName            string `toml:"account_name"`
	KID                    string `toml:"kid"`
	VATCategory            string `toml:"vat_category"`
	VATExemptionReasonCode string `toml:"vat_exemption_reason_code"`
	VATExemptionReason     string `toml:"vat_exemption_reason"`
	VATNumber              string `toml:"vat_number"`
	KIDLength              int    `toml:"kid_length"`
	KIDPrefix              string `toml:"kid_prefix"`
	ContactName            string `toml:"contact_name"`
	ContactPhone           string `toml:"contact_phone"`
	ContactEmail           string `toml:"contact_email"`
	ContractReference      string `toml:"contract_reference"`
	CreditSettlement       string `toml:"credit_settlement"`
	Example                bool   `toml:"example"`
}

// sellerKeys are the keys a seller file may hold.
var sellerKeys = map[string][]string{"": {"name", "trading_name", "organisation_number", "street", "postal_zone",
	"city", "account", "account_name", "kid", "kid_length", "kid_prefix", "vat_category", "vat_exemption_reason_code", "vat_exemption_reason",
	"vat_number", "contact_name", "contact_phone", "contact_email", "contract_reference", "example", "credit_settlement"}}

// Default VAT treatment: not subject to VAT (category O).
const (
	defaultVATCategory = "O"
	defaultVATCode     = "VATEX-EU-O"
	defaultVATReason   = "Utenfor merverdiavgiftsloven"
)

// ReadSeller reads the seller file: who issues the EHF invoices, the
// account they are paid to, the KID scheme and the VAT treatment (category
// O, not subject to VAT, unless the file says otherwise), and whether its
// values are examples (example = true).
func ReadSeller(r io.Reader, name string) (billing.Seller, error) {
	data, err := readLimited(r, name)
	if err != nil {
		return billing.Seller{}, err
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
			Err: errors.New("unknown key (keys: " + strings.Join(sellerKeys[""], ", ") + ")")}
	}
	s := billing.Seller{
		Name: f.Name, TradingName: f.TradingName, OrgNumber: f.OrganisationNumber,
		Street: f.Street, PostalZone: f.PostalZone, City: f.City, Account: f.Account, AccountName: f.AccountName,
		KID: billing.KIDScheme(f.KID), KIDLength: f.KIDLength, KIDPrefix: f.KIDPrefix,
		VAT:               billing.VAT{Category: f.VATCategory, ExemptionCode: f.VATExemptionReasonCode, ExemptionReason: f.VATExemptionReason, SellerVATNumber: f.VATNumber},
		Contact:           billing.Contact{Name: f.ContactName, Phone: f.ContactPhone, Email: f.ContactEmail},
		ContractReference: f.ContractReference,
		CreditSettlement:  cmp.Or(f.CreditSettlement, billing.DefaultCreditSettlement),
		Example:           f.Example,
	}
	if s.VAT.Category == "" {
		s.VAT.Category = defaultVATCategory
		if s.VAT.ExemptionCode == "" && s.VAT.ExemptionReason == "" {
			s.VAT.ExemptionCode, s.VAT.ExemptionReason = defaultVATCode, defaultVATReason
		}
	}
	if err := s.Validate(); err != nil {
		return billing.Seller{}, fieldError(data, name, err)
	}
	return s, nil
}

// fieldError places the first field a seller rule names on its line (0
// for a missing key), and counts the others.
func fieldError(data []byte, name string, err error) error {
	var fes billing.FieldErrors
	if !errors.As(err, &fes) || len(fes) == 0 {
		return &Error{File: name, Err: err}
	}
	e := &Error{File: name, Line: keyLine(data, fes[0].Field), Key: fes[0].Field, Err: fes[0].Err}
	if len(fes) > 1 {
		var more []string
		for _, fe := range fes[1:] {
			more = append(more, fe.Field)
		}
		e.Err = fmt.Errorf("%w (also wrong: %s)", fes[0].Err, strings.Join(more, ", "))
	}
	return e
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
