package billing

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrParty means a seller or buyer field breaks a rule.
var ErrParty = errors.New("invalid party field")

// FieldError is a rule broken by one field of a seller or a buyer. Field is
// the field's name as the input files spell it ("vat_number",
// "order_reference"), so an adapter can say where in its file it is.
type FieldError struct {
	Field string
	Err   error
}

// Error names the field and what is wrong with it.
func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }

// Unwrap returns what is wrong.
func (e *FieldError) Unwrap() error { return e.Err }

// FieldErrors is every rule a seller or buyer breaks, in field order.
type FieldErrors []*FieldError

// Error joins the errors with "; ".
func (fe FieldErrors) Error() string {
	msgs := make([]string, len(fe))
	for i, e := range fe {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// Unwrap lets errors.Is and errors.As see every field error.
func (fe FieldErrors) Unwrap() []error {
	out := make([]error, len(fe))
	for i, e := range fe {
		out[i] = e
	}
	return out
}

func (fe *FieldErrors) add(field string, err error) {
	if err != nil {
		*fe = append(*fe, &FieldError{Field: field, Err: err})
	}
}

func (fe FieldErrors) orNil() error {
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// Lengths of the texts a municipality routes invoices on. Peppol sets no
// limit; these keep a reference to what an ERP's field holds.
const (
	MaxReference      = 50  // buyer, order and contract references
	MaxAccountingCost = 100 // BT-19, e.g. "ansvar=12345; art=11950"
	MaxContactText    = 100 // contact name and e-mail address
	invoiceIDDigits   = 8   // DIGISOS-2020-0301: the year and the municipality number
)

// referencePunct is the punctuation a reference may hold beside letters,
// digits and spaces: what order, resource and contract numbers use. An
// accounting string may also separate its parts with ";" and "=".
const (
	referencePunct      = "-_./:#()+&,'"
	accountingCostPunct = referencePunct + ";="
)

// Validate checks the buyer: a four-digit municipality number, a valid
// organisation number (and endpoint), a name, a buyer reference, and references that an
// ERP can route on. It returns FieldErrors.
func (b Buyer) Validate() error {
	var errs FieldErrors
	if _, err := ParseMunicipalityNumber(b.Number); err != nil {
		errs.add("municipality_number", err)
	}
	errs.add("organisation_number", CheckOrgNumber(b.OrgNumber))
	if strings.TrimSpace(b.Name) == "" {
		errs.add("name", errors.New("empty: give the legal name, e.g. OSLO KOMMUNE"))
	}
	if b.Reference == "" {
		errs.add("buyer_reference", errors.New("empty: Peppol requires one (PEPPOL-EN16931-R003); ask the municipality for its reference"))
	} else {
		errs.add("buyer_reference", checkReference(b.Reference, MaxReference, referencePunct))
	}
	errs.add("accounting_cost", checkReference(b.AccountingCost, MaxAccountingCost, accountingCostPunct))
	errs.add("order_reference", checkReference(b.OrderReference, MaxReference, referencePunct))
	errs.add("contract_reference", checkReference(b.ContractReference, MaxReference, referencePunct))
	if b.Endpoint != "" {
		errs.add("endpoint_id", CheckOrgNumber(b.Endpoint))
	}
	return errs.orNil()
}

// checkReference checks an optional reference: at most max characters of
// letters, digits, spaces and punct, no space first or last.
func checkReference(s string, max int, punct string) error {
	if s == "" {
		return nil
	}
	if n := utf8.RuneCountInString(s); n > max {
		return problemf(ErrParty, "%s has %d characters: at most %d", Quote(s), n, max)
	}
	if strings.TrimSpace(s) != s {
		return problemf(ErrParty, "%s starts or ends with a space", Quote(s))
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ' ' && !strings.ContainsRune(punct, r) {
			return problemf(ErrParty, "%s holds %q: use letters, digits, spaces and %s", Quote(s), r, punct)
		}
	}
	return nil
}

// Validate checks the seller: names and address present, organisation and
// account numbers valid, a known KID scheme whose prefix and length fit, a
// supported VAT category, a contact that can be reached and a contract
// reference an ERP can route on. It returns FieldErrors.
func (s Seller) Validate() error {
	var errs FieldErrors
	for _, f := range []struct{ key, v string }{{"name", s.Name}, {"street", s.Street}, {"postal_zone", s.PostalZone}, {"city", s.City}} {
		if strings.TrimSpace(f.v) == "" {
			errs.add(f.key, errors.New("is missing"))
		}
	}
	if s.PostalZone != "" && !digits(s.PostalZone, 4) {
		errs.add("postal_zone", fmt.Errorf("%s: a Norwegian postal code has 4 digits", Quote(s.PostalZone)))
	}
	errs.add("organisation_number", CheckOrgNumber(s.OrgNumber))
	errs.add("account", CheckAccount(s.Account))
	if s.KID != KIDMod10 && s.KID != KIDMod11 {
		errs.add("kid", fmt.Errorf("%s: use \"mod10\" or \"mod11\", as agreed with the bank", Quote(string(s.KID))))
	}
	errs = append(errs, s.checkTexts()...)
	errs = append(errs, s.checkKIDLayout()...)
	errs = append(errs, s.VAT.validate()...)
	errs = append(errs, s.Contact.validate()...)
	errs.add("contract_reference", checkReference(s.ContractReference, MaxReference, referencePunct))
	return errs.orNil()
}

// checkTexts refuses an unseen character (FindUnseen) in the seller's
// texts, which the invoices and their PDF basis carry.
func (s Seller) checkTexts() FieldErrors {
	var errs FieldErrors
	for _, f := range []struct{ key, v string }{{"name", s.Name}, {"trading_name", s.TradingName}, {"street", s.Street},
		{"city", s.City}, {"account_name", s.AccountName}, {"vat_exemption_reason", s.VAT.ExemptionReason}, {"contact_name", s.Contact.Name}} {
		if u, ok := FindUnseen(f.v, false); ok {
			errs.add(f.key, problemf(ErrParty, "%s holds the %s %U at character %d: remove it (%s)", Quote(f.v), u.Kind, u.Rune, u.Char, u.Why()))
		}
	}
	return errs
}

// checkKIDLayout checks that the prefix is digits and that the prefix, the
// invoice id's digits and the check digit fit the agreed length.
func (s Seller) checkKIDLayout() FieldErrors {
	var errs FieldErrors
	if s.KIDPrefix != "" && !digits(s.KIDPrefix, len(s.KIDPrefix)) {
		errs.add("kid_prefix", problemf(ErrKID, "%s: a KID prefix is digits only", Quote(s.KIDPrefix)))
		return errs
	}
	need := len(s.KIDPrefix) + invoiceIDDigits + 1
	switch {
	case s.KIDLength < 0 || s.KIDLength > 25:
		errs.add("kid_length", problemf(ErrKID, "%d: a KID has 2 to 25 digits", s.KIDLength))
	case s.KIDLength > 0 && s.KIDLength < need:
		errs.add("kid_length", problemf(ErrKID, "%d: too short for the prefix (%d digits), the year and municipality number (%d) and the check digit: give %d or more",
			s.KIDLength, len(s.KIDPrefix), invoiceIDDigits, need))
	case s.KIDLength == 0 && need > 25:
		errs.add("kid_prefix", problemf(ErrKID, "%s: with it the KID would have %d digits, more than 25", Quote(s.KIDPrefix), need))
	}
	return errs
}

func (c Contact) validate() FieldErrors {
	var errs FieldErrors
	if c.Name != "" {
		if n := utf8.RuneCountInString(c.Name); n > MaxContactText || strings.TrimSpace(c.Name) != c.Name || strings.IndexFunc(c.Name, unicode.IsControl) >= 0 {
			errs.add("contact_name", problemf(ErrParty, "%s: give at most %d characters on one line, no space first or last", Quote(c.Name), MaxContactText))
		}
	}
	if c.Phone != "" {
		errs.add("contact_phone", checkPhone(c.Phone))
	}
	if c.Email != "" {
		a, err := mail.ParseAddress(c.Email)
		if err != nil || a.Address != c.Email || a.Name != "" || len(c.Email) > MaxContactText {
			errs.add("contact_email", problemf(ErrParty, "%s: give one plain address, e.g. digisos-faktura@nav.no", Quote(c.Email)))
		}
	}
	return errs
}

// checkPhone checks a phone number: an optional "+", then 8 to 15 digits,
// perhaps grouped by single spaces ("+47 55 55 33 33").
func checkPhone(p string) error {
	d := strings.TrimPrefix(p, "+")
	n := 0
	ok := !strings.HasPrefix(d, " ") && !strings.HasSuffix(d, " ") && !strings.Contains(d, "  ")
	for _, r := range d {
		switch {
		case r >= '0' && r <= '9':
			n++
		case r != ' ':
			ok = false
		}
	}
	if !ok || n < 8 || n > 15 {
		return problemf(ErrParty, "%s: give 8 to 15 digits, perhaps with a leading + and single spaces, e.g. +47 55 55 33 33", Quote(p))
	}
	return nil
}

func (v VAT) validate() FieldErrors {
	var errs FieldErrors
	switch v.Category {
	case "O":
		if v.SellerVATNumber != "" {
			errs.add("vat_number", errors.New("category O (not subject to VAT) allows no VAT number (rule BR-O-02)"))
		}
	case "E", "Z":
		n := strings.TrimSuffix(strings.TrimPrefix(v.SellerVATNumber, "NO"), "MVA")
		if !strings.HasPrefix(v.SellerVATNumber, "NO") || !strings.HasSuffix(v.SellerVATNumber, "MVA") || CheckOrgNumber(n) != nil {
			errs.add("vat_number", fmt.Errorf("%s: category %s needs the seller's VAT number, NO + organisation number + MVA", Quote(v.SellerVATNumber), v.Category))
		}
	default:
		errs.add("vat_category", fmt.Errorf("%s: use O (not subject to VAT, the default), E (exempt) or Z (zero rated); a category that adds VAT would change the shares", Quote(v.Category)))
		return errs
	}
	if v.Category != "Z" && v.ExemptionCode == "" && v.ExemptionReason == "" {
		errs.add("vat_category", fmt.Errorf("%s needs an exemption reason code or text", v.Category))
	}
	return errs
}

// Unseen is a character that would travel into an output without being
// seen, or be changed on the way: a control character, a line or
// paragraph separator, an invisible formatting character, or a Unicode
// noncharacter.
type Unseen struct {
	Rune rune
	Char int    // its place in the text, 1 for the first character
	Kind string // "control character", "line separator", "invisible formatting character" or "noncharacter"
}

// Why says in a few words why u may not stand in a text.
func (u Unseen) Why() string {
	switch u.Kind {
	case kindInvisible:
		return "it cannot be seen, and would make the text differ from one that looks the same"
	case kindNoncharacter:
		return "Unicode reserves it for a program's own use: the workbook and the EHF file would change it to U+FFFD"
	}
	return "a text is one line"
}

const (
	kindInvisible    = "invisible formatting character"
	kindNoncharacter = "noncharacter"
)

// IsNoncharacter reports whether r is one of Unicode's 66 noncharacters:
// U+FDD0 to U+FDEF and the last two code points of every plane (U+FFFE,
// U+FFFF, U+1FFFE, …, U+10FFFF). XML does not allow U+FFFE and U+FFFF,
// and writers replace them with U+FFFD.
func IsNoncharacter(r rune) bool {
	return r >= 0xfdd0 && r <= 0xfdef || r&0xfffe == 0xfffe && r <= unicode.MaxRune
}

// FindUnseen returns the first unseen character of s: a control character
// (C0, DEL, C1; a tab too unless allowTab), a line or paragraph separator
// (U+2028, U+2029), an invisible formatting character (Unicode category
// Cf: a zero-width space or joiner, a soft hyphen, a bidirectional mark, a
// byte-order mark), or a noncharacter (IsNoncharacter). No name, reference
// or reason holds one; in an invoice it would make two names that look the
// same differ, and a noncharacter would be written as U+FFFD. ok is false
// when s has none.
func FindUnseen(s string, allowTab bool) (u Unseen, ok bool) {
	n := 0
	for _, r := range s {
		n++
		switch {
		case r == '\t' && allowTab:
		case r < 0x20 || (r >= 0x7f && r <= 0x9f):
			return Unseen{r, n, "control character"}, true
		case r == 0x2028 || r == 0x2029:
			return Unseen{r, n, "line separator"}, true
		case r >= 0xad && unicode.Is(unicode.Cf, r):
			return Unseen{r, n, kindInvisible}, true
		case IsNoncharacter(r):
			return Unseen{r, n, kindNoncharacter}, true
		}
	}
	return Unseen{}, false
}
