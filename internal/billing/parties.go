package billing

import (
	"errors"
	"fmt"
	"strings"
)

// Errors of the invoicing parties' identifiers.
var (
	// ErrOrgNumber means an organisation number is not 9 digits with a valid MOD11 check digit.
	ErrOrgNumber = errors.New("invalid organisation number")
	// ErrAccount means an account number is not 11 digits with a valid MOD11 check digit.
	ErrAccount = errors.New("invalid account number")
	// ErrKID means a KID cannot be made or checked.
	ErrKID = errors.New("invalid KID")
)

// Seller is who issues the invoices: NAV, as the seller file describes it.
type Seller struct {
	Name        string // the legal name, "Arbeids- og velferdsdirektoratet"
	TradingName string // the name people know, "NAV"; Name when empty
	OrgNumber   string
	Street      string
	PostalZone  string
	City        string
	Account     string // Norwegian BBAN, 11 digits
	KID         KIDScheme
	VAT         VAT
}

// VAT is the VAT treatment of the invoices. The cost share is not subject
// to VAT (category O) unless NAV's accounting office decides otherwise; only
// categories that add no VAT are supported, so the totals stay the shares.
type VAT struct {
	Category        string // O (not subject to VAT), E (exempt) or Z (zero rated)
	ExemptionCode   string // e.g. VATEX-EU-O
	ExemptionReason string
	SellerVATNumber string // NO + 9 digits + MVA; required by E and Z, forbidden with O
}

// Buyer is a municipality as it receives invoices.
type Buyer struct {
	Number         string // municipality number
	OrgNumber      string // organisation number, the Peppol endpoint (scheme 0192)
	Name           string // legal name, "OSLO KOMMUNE"
	Reference      string // the municipality's buyer reference; Peppol requires one
	AccountingCost string // optional accounting string the municipality asked for
}

// KIDScheme is how a KID's check digit is computed, as agreed with the bank.
type KIDScheme string

// The KID schemes.
const (
	KIDMod10 KIDScheme = "mod10"
	KIDMod11 KIDScheme = "mod11"
)

// CheckOrgNumber checks a Norwegian organisation number: 9 digits, the last
// a MOD11 check digit with weights 3, 2, 7, 6, 5, 4, 3, 2.
func CheckOrgNumber(s string) error {
	if !digits(s, 9) || mod11(s[:8], []int{3, 2, 7, 6, 5, 4, 3, 2}) != int(s[8]-'0') {
		return problemf(ErrOrgNumber, "%q is not a valid organisation number: 9 digits with a MOD11 check digit", s)
	}
	return nil
}

// CheckAccount checks a Norwegian account number: 11 digits, the last a
// MOD11 check digit with weights 5, 4, 3, 2, 7, 6, 5, 4, 3, 2.
func CheckAccount(s string) error {
	if !digits(s, 11) || mod11(s[:10], []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2}) != int(s[10]-'0') {
		return problemf(ErrAccount, "%q is not a valid account number: 11 digits, no spaces or dots, with a MOD11 check digit", s)
	}
	return nil
}

// mod11 returns the MOD11 check digit of s with weights w, or -1 when
// there is none (the remainder gives 10).
func mod11(s string, w []int) int {
	sum := 0
	for i := range s {
		sum += int(s[i]-'0') * w[i]
	}
	c := 11 - sum%11
	switch c {
	case 11:
		return 0
	case 10:
		return -1
	}
	return c
}

func digits(s string, n int) bool {
	return len(s) == n && strings.Trim(s, "0123456789") == ""
}

// KID returns the KID of an invoice: the digits of its id (year and
// municipality number) and a check digit by scheme. MOD10 is the Luhn
// algorithm. MOD11 weighs the digits 2, 3, 4, 5, 6, 7, 2, … from the right;
// where its check would be 10, the KID standard writes "-".
func KID(scheme KIDScheme, invoiceID string) (string, error) {
	var payload strings.Builder
	for _, r := range invoiceID {
		if r >= '0' && r <= '9' {
			payload.WriteRune(r)
		}
	}
	p := payload.String()
	if len(p) < 1 || len(p) > 24 {
		return "", problemf(ErrKID, "invoice id %q gives no KID of 2 to 25 digits", invoiceID)
	}
	switch scheme {
	case KIDMod10:
		return p + string(rune('0'+luhn(p))), nil
	case KIDMod11:
		w := make([]int, len(p))
		for i := range p {
			w[len(p)-1-i] = 2 + i%6
		}
		c := mod11(p, w)
		if c < 0 {
			return p + "-", nil
		}
		return p + string(rune('0'+c)), nil
	}
	return "", problemf(ErrKID, "KID scheme %q: use mod10 or mod11", scheme)
}

// luhn returns the MOD10 (Luhn) check digit of the digits p.
func luhn(p string) int {
	sum := 0
	for i := range p {
		d := int(p[len(p)-1-i] - '0')
		if i%2 == 0 { // the rightmost payload digit is doubled
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return (10 - sum%10) % 10
}

// Validate checks the seller: names and address present, organisation and
// account numbers valid, a known KID scheme and a supported VAT category.
func (s Seller) Validate() error {
	var errs []error
	for _, f := range []struct{ key, v string }{{"name", s.Name}, {"street", s.Street}, {"postal_zone", s.PostalZone}, {"city", s.City}} {
		if strings.TrimSpace(f.v) == "" {
			errs = append(errs, fmt.Errorf("%s is missing", f.key))
		}
	}
	if s.PostalZone != "" && !digits(s.PostalZone, 4) {
		errs = append(errs, fmt.Errorf("postal_zone %q: a Norwegian postal code has 4 digits", s.PostalZone))
	}
	if err := CheckOrgNumber(s.OrgNumber); err != nil {
		errs = append(errs, fmt.Errorf("organisation_number %w", err))
	}
	if err := CheckAccount(s.Account); err != nil {
		errs = append(errs, fmt.Errorf("account %w", err))
	}
	if s.KID != KIDMod10 && s.KID != KIDMod11 {
		errs = append(errs, fmt.Errorf("kid %q: use \"mod10\" or \"mod11\", as agreed with the bank", s.KID))
	}
	errs = append(errs, s.VAT.validate())
	return errors.Join(errs...)
}

func (v VAT) validate() error {
	switch v.Category {
	case "O":
		if v.SellerVATNumber != "" {
			return errors.New("vat_number: category O (not subject to VAT) allows no VAT number (rule BR-O-02)")
		}
	case "E", "Z":
		n := strings.TrimSuffix(strings.TrimPrefix(v.SellerVATNumber, "NO"), "MVA")
		if !strings.HasPrefix(v.SellerVATNumber, "NO") || !strings.HasSuffix(v.SellerVATNumber, "MVA") || CheckOrgNumber(n) != nil {
			return fmt.Errorf("vat_number %q: category %s needs the seller's VAT number, NO + organisation number + MVA", v.SellerVATNumber, v.Category)
		}
	default:
		return fmt.Errorf("vat_category %q: use O (not subject to VAT, the default), E (exempt) or Z (zero rated); a category that adds VAT would change the shares", v.Category)
	}
	if v.Category != "Z" && v.ExemptionCode == "" && v.ExemptionReason == "" {
		return fmt.Errorf("vat_category %s needs an exemption reason code or text", v.Category)
	}
	return nil
}
