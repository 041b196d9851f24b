package journal

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"digisos-invoice/internal/billing"
)

// Type is the kind of an issued document.
type Type string

// The document types: an invoice, a credit note that reverses amounts
// invoiced, and a supplementary invoice that adds to them. All three are
// numbered in the one series.
const (
	Invoice       Type = "invoice"
	CreditNote    Type = "credit_note"
	Supplementary Type = "supplementary_invoice"
)

// Sign is +1 for a type that adds to what stands invoiced, -1 for a credit
// note.
func (t Type) Sign() int64 {
	if t == CreditNote {
		return -1
	}
	return 1
}

func (t Type) valid() bool { return t == Invoice || t == CreditNote || t == Supplementary }

// Buyer is the municipality a document is addressed to, as on the
// document.
type Buyer struct {
	OrgNumber         string `json:"org_number"`
	Name              string `json:"name"`
	Reference         string `json:"reference"`
	OrderReference    string `json:"order_reference"`
	ContractReference string `json:"contract_reference"`
	AccountingCost    string `json:"accounting_cost"`
}

// Line is one line of a document.
type Line struct {
	Solution    string
	Quarter     int
	Population  int64
	Amount      billing.Money
	Description string
}

// Document is an issued document. Number, Seq and Run are given by Issue;
// the rest by the caller.
type Document struct {
	Seq    int64  // position in the series
	Number string // the series' prefix and Seq
	Run    int64  // the run that issued it

	Type         Type
	Year         int
	Municipality string // municipality number, "0301"
	Buyer        Buyer
	// IssueDate and DueDate are days, as 2021-01-15. A credit note may
	// have no DueDate: it asks for no payment.
	IssueDate, DueDate string
	// Amount is what the document asks for (an invoice, a supplementary
	// invoice) or credits (a credit note): positive, its type gives the
	// sign.
	Amount billing.Money
	KID    string
	// References are the numbers of the documents it corrects: for a
	// credit note every document whose amount it reverses, for a
	// supplementary invoice the one it supplements.
	References []string
	Lines      []Line
	// File is the document's file name, FileSHA256 its SHA-256 in hex.
	File       string
	FileSHA256 string
	// Content is the file as issued, kept in the journal; its SHA-256 is
	// FileSHA256. Documents only reads it when asked (Journal.Content).
	Content []byte
}

// Signed returns the document's amount with its type's sign.
func (d Document) Signed() billing.Money { return d.Amount * billing.Money(d.Type.Sign()) }

// validate checks what a document must hold before it is recorded.
func (d Document) validate() error {
	switch {
	case !d.Type.valid():
		return fmt.Errorf("type %q: give invoice, credit_note or supplementary_invoice", d.Type)
	case d.Year < 1000 || d.Year > 9999:
		return fmt.Errorf("year %d is not a year", d.Year)
	case d.Municipality == "":
		return fmt.Errorf("no municipality")
	case d.Amount <= 0:
		return fmt.Errorf("amount %s: give more than 0 (the type gives the sign)", d.Amount)
	case d.File == "" || !isHex64(d.FileSHA256):
		return fmt.Errorf("no file, or its SHA-256 %q is not 64 hex digits", d.FileSHA256)
	case d.Content != nil && sha256Hex(d.Content) != d.FileSHA256:
		return fmt.Errorf("its content's SHA-256 is not %s", d.FileSHA256)
	case d.Type == Invoice && len(d.References) > 0:
		return fmt.Errorf("an invoice references no document")
	case d.Type != Invoice && len(d.References) == 0:
		return fmt.Errorf("a %s references the documents it corrects", d.Type)
	}
	dates := []string{d.IssueDate, d.DueDate}
	if d.Type == CreditNote && d.DueDate == "" {
		dates = dates[:1] // a credit note asks for no payment
	}
	for _, s := range dates {
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return fmt.Errorf("date %q: write a day as 2021-01-15", s)
		}
	}
	if d.DueDate != "" && d.DueDate < d.IssueDate {
		return fmt.Errorf("due date %s is before the issue date %s", d.DueDate, d.IssueDate)
	}
	return nil
}

func isHex64(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}

// Difference is a municipality's difference between what a correction
// computed and what stands invoiced, left unsettled because it is under the
// minimum a correction issues: positive is owed by the municipality.
type Difference struct {
	Year         int
	Municipality string
	Amount       billing.Money
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Computed is one line a run computed for its year: what a municipality
// owes for a solution in a quarter, with the inputs that made it.
type Computed struct {
	Municipality string
	Name         string
	Quarter      int
	Solution     string
	Population   int64
	// Start is from when the municipality uses the solution: a day as
	// 2020-09-01, or "always".
	Start  string
	Amount billing.Money // invoiced
	Waived billing.Money // computed but waived
}
