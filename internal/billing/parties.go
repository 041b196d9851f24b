package billing

import (
	"errors"
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
	Name        string // the legal name as Enhetsregisteret registers it, "ARBEIDS- OG VELFERDSETATEN"
	TradingName string // the name people know, "NAV"; Name when empty
	OrgNumber   string
	Street      string
	PostalZone  string
	City        string
	Account     string // Norwegian BBAN, 11 digits
	// AccountName is the name the account is held in (BT-85), what the
	// municipality's payment shows; the seller file gives it, else Name.
	AccountName string
	KID         KIDScheme
	// KIDLength is the KID's length agreed with the bank, 0 for the natural
	// length; KIDPrefix is optional digits the bank agreement puts first.
	KIDLength int
	KIDPrefix string
	VAT       VAT
	// Contact is whom a municipality calls about an invoice (BT-41 to BT-43).
	Contact Contact
	// ContractReference is the default contract reference (BT-12), for
	// buyers that give none: the Digisos addendum to the cooperation agreement.
	ContractReference string
	// CreditSettlement says on a credit note how its amount is settled.
	CreditSettlement string
	// Example marks a seller file whose values are examples (a placeholder
	// account, made-up contacts): documents made with it are for tests, and
	// are only written when the run says it is one.
	Example bool
}

// PayeeName is the name of the account the invoices are paid to.
func (s Seller) PayeeName() string {
	if s.AccountName != "" {
		return s.AccountName
	}
	return s.Name
}

// DefaultCreditSettlement is what a credit note says of its settlement
// when the seller file says nothing.
const DefaultCreditSettlement = "Kreditnotaen ber ikke om betaling: er beløpet betalt, betaler NAV det tilbake til kommunens konto; ellers trekkes det fra før betaling"

// Contact is the seller's contact point: a person or a function, a phone
// number and an e-mail address; each optional.
type Contact struct {
	Name  string
	Phone string
	Email string
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
	Number    string // municipality number
	OrgNumber string // organisation number: the legal entity (BT-47), and the Peppol endpoint unless Endpoint is set
	// Endpoint is the organisation number the municipality receives
	// invoices on in the Peppol network (BT-49, scheme 0192), when it is
	// another than OrgNumber: a sub-unit registered in ELMA.
	Endpoint       string
	Name           string  // legal name, "OSLO KOMMUNE"
	Address        Address // the registered address; empty when the buyers file has none
	Reference      string  // the municipality's buyer reference (BT-10); Peppol requires one
	AccountingCost string  // optional accounting string the municipality asked for (BT-19)
	// OrderReference is an optional order or resource number the
	// municipality routes on (BT-13); ContractReference an optional contract
	// reference (BT-12), else the seller's default.
	OrderReference    string
	ContractReference string
}

// EndpointID is the organisation number the buyer receives invoices on:
// Endpoint, or OrgNumber without one.
func (b Buyer) EndpointID() string {
	if b.Endpoint != "" {
		return b.Endpoint
	}
	return b.OrgNumber
}

// Address is a postal address as Enhetsregisteret registers it: up to
// three address lines, the postal code and place, and the country.
type Address struct {
	Lines      []string // "Postboks 1521"; "Tjenestehuset i Brattvåg", "Strandgata 40"
	PostalZone string   // "6025"
	City       string   // "ÅLESUND"
	Country    string   // ISO 3166-1 alpha-2, "NO"; empty means Norway
}

// IsZero reports whether the address holds nothing but perhaps a country.
func (a Address) IsZero() bool {
	return len(a.Lines) == 0 && a.PostalZone == "" && a.City == ""
}

// ParseEndpoint reads an endpoint id as a buyers or references file gives
// it: an organisation number, alone or with the Peppol scheme of
// Enhetsregisteret first ("0192:974760673"). It returns the organisation
// number. Another scheme is refused: a Norwegian municipality receives on
// an organisation number.
func ParseEndpoint(s string) (string, error) {
	id := s
	if scheme, rest, ok := strings.Cut(s, ":"); ok {
		if scheme != SchemeOrgNumber {
			return "", problemf(ErrParty, "%s: scheme %s is not Enhetsregisteret's %s: write 0192:ORGNR, the organisation number the municipality receives on in ELMA", Quote(s), Quote(scheme), SchemeOrgNumber)
		}
		id = rest
	}
	if err := CheckOrgNumber(id); err != nil {
		return "", err
	}
	return id, nil
}

// SchemeOrgNumber is the Peppol identifier scheme (ISO 6523 ICD) of
// Norwegian organisation numbers: Enhetsregisteret, Brønnøysundregistrene.
const SchemeOrgNumber = "0192"

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
	return len(s) == n && allDigits(s)
}

// allDigits reports whether every byte of s is an ASCII digit (true for "").
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// KID returns the KID of an invoice: the digits of its id (year and
// municipality number) and a check digit by scheme. MOD10 is the Luhn
// algorithm. MOD11 weighs the digits 2, 3, 4, 5, 6, 7, 2, … from the right;
// where its check would be 10, the KID standard writes "-".
func KID(scheme KIDScheme, invoiceID string) (string, error) {
	p := idDigits(invoiceID)
	if len(p) < 1 || len(p) > 24 {
		return "", problemf(ErrKID, "invoice id %q gives no KID of 2 to 25 digits", invoiceID)
	}
	return withCheckDigit(scheme, p)
}

// KIDFor returns the KID of an invoice as the seller's bank agreement wants
// it: the prefix, zeros to make up KIDLength, the digits of the invoice id
// and the check digit over all of them.
func (s Seller) KIDFor(invoiceID string) (string, error) {
	p := idDigits(invoiceID)
	pad := s.KIDLength - 1 - len(s.KIDPrefix) - len(p)
	if s.KIDLength == 0 {
		pad = 0
	}
	if pad < 0 {
		return "", problemf(ErrKID, "invoice id %q: its %d digits, the prefix and the check digit do not fit in a KID of %d digits", invoiceID, len(p), s.KIDLength)
	}
	return KID(s.KID, s.KIDPrefix+strings.Repeat("0", pad)+p)
}

// idDigits returns the digits of an invoice id: 2020 0301 of DIGISOS-2020-0301.
func idDigits(invoiceID string) string {
	var b strings.Builder
	for _, r := range invoiceID {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// withCheckDigit appends the check digit of scheme to the digits p.
func withCheckDigit(scheme KIDScheme, p string) (string, error) {
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
