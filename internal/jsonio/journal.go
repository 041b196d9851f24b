package jsonio

import (
	"bytes"
	"encoding/json"

	"digisos-invoice/internal/format"
)

// listedDocument is a document in journal list's JSON.
type listedDocument struct {
	Number       string   `json:"number"`
	Type         string   `json:"type"`
	Year         int      `json:"year"`
	Municipality string   `json:"municipality"`
	OrgNumber    string   `json:"org_number"`
	BuyerName    string   `json:"buyer_name"`
	IssueDate    string   `json:"issue_date"`
	DueDate      string   `json:"due_date"`
	Amount       string   `json:"amount"`
	KID          string   `json:"kid"`
	References   []string `json:"references"`
	File         string   `json:"file"`
	FileSHA256   string   `json:"file_sha256"`
}

// RenderDocuments writes the chain's head, its number of entries and the
// journal's documents, indented; an empty list of documents or references
// is [], not null.
func (Format) RenderDocuments(l *format.Listing) (format.Output, error) {
	out := struct {
		Head      string           `json:"head"`
		Entries   int64            `json:"entries"`
		Documents []listedDocument `json:"documents"`
	}{Head: l.Head, Entries: l.Entries, Documents: []listedDocument{}}
	for _, d := range l.Documents {
		refs := d.References
		if refs == nil {
			refs = []string{}
		}
		out.Documents = append(out.Documents, listedDocument{d.Number, d.Type, d.Year, d.Municipality, d.OrgNumber, d.BuyerName,
			d.IssueDate, d.DueDate, d.Amount.String(), d.KID, refs, d.File, d.FileSHA256})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	err := enc.Encode(out)
	return format.Output{Data: b.Bytes()}, err
}

// RenderBalances is not offered.
func (Format) RenderBalances([]format.Balance) (format.Output, error) {
	return format.Output{}, format.ErrUnsupported
}
