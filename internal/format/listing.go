package format

import (
	"fmt"
	"strconv"
	"strings"

	"digisos-invoice/internal/billing"
)

// Listing is what journal list shows: the journal's documents in number
// order and the chain's head.
type Listing struct {
	Documents []Document
	// Head is the chain's head hash, Entries how many entries it has.
	Head    string
	Entries int64
	// Journal names the journal file, for Output.Done.
	Journal string
}

// HeadLine says the chain's head and its length: "head 3f2a... (4 entries)".
func (l *Listing) HeadLine() string {
	noun := "entries"
	if l.Entries == 1 {
		noun = "entry"
	}
	return fmt.Sprintf("head %s (%d %s)", l.Head, l.Entries, noun)
}

// Document is an issued document as the journal lists it: a copy of the
// journal's own, so that the formats need not link the journal's store.
type Document struct {
	Number       string
	Type         string // invoice, credit_note or supplementary_invoice
	Year         int
	Municipality string
	OrgNumber    string
	BuyerName    string
	// IssueDate and DueDate are days, as 2021-01-15; DueDate may be
	// empty.
	IssueDate, DueDate string
	// Amount is what the document states, positive; Type gives the sign.
	Amount     billing.Money
	KID        string
	References []string // the numbers of the documents it corrects
	File       string
	FileSHA256 string
}

// Balance is, for one year and municipality, what stands invoiced and
// what is unsettled: a copy of the journal's own.
type Balance struct {
	Year         int
	Municipality string
	OrgNumber    string // of its latest document
	Name         string // of its latest document
	// Invoiced is the sum of its invoices and supplementary invoices,
	// Credited of its credit notes; Stands is Invoiced less Credited.
	Invoiced, Credited, Stands billing.Money
	// Unsettled is the difference the latest correction left unsettled.
	Unsettled billing.Money
	Documents int
}

// DocumentColumns name the fields of Document.Fields, in order: the
// columns of journal list's table and CSV.
var DocumentColumns = []string{"number", "type", "year", "municipality", "org_number", "issue_date", "due_date", "amount", "kid", "references", "file", "file_sha256"}

// Fields returns d's fields as DocumentColumns name them; References are
// joined with spaces.
func (d Document) Fields() []string {
	return []string{d.Number, d.Type, strconv.Itoa(d.Year), d.Municipality, d.OrgNumber, d.IssueDate, d.DueDate,
		d.Amount.String(), d.KID, strings.Join(d.References, " "), d.File, d.FileSHA256}
}

// BalanceColumns name the fields of Balance.Fields, in order.
var BalanceColumns = []string{"year", "municipality", "org_number", "name", "documents", "invoiced", "credited", "stands", "unsettled"}

// Fields returns b's fields as BalanceColumns name them.
func (b Balance) Fields() []string {
	return []string{strconv.Itoa(b.Year), b.Municipality, b.OrgNumber, b.Name, strconv.Itoa(b.Documents),
		b.Invoiced.String(), b.Credited.String(), b.Stands.String(), b.Unsettled.String()}
}
