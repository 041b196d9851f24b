package ehfio

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/correction"
)

// ownDocuments renders an invoice, a credit note and a supplementary
// invoice as this program writes them, by file name.
func ownDocuments(t *testing.T) map[string][]byte {
	tf := billing.Tariff{Year: 2020, AnnualCost: 40_000, Shares: []billing.Share{{Solution: "soknad", Ratio: decimal.NewFromInt(1)}}}
	alloc := func(oslo, bergen int64) billing.Allocation {
		a, err := billing.Allocate(tf, []billing.Municipality{{Number: "0301", Name: "Oslo", Population: oslo}, {Number: "4601", Name: "Bergen", Population: bergen}})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	issued := time.Date(2021, 1, 15, 0, 0, 0, 0, time.UTC)
	buyer := func(n string) billing.Buyer {
		return billing.Buyer{Number: n, OrgNumber: "958935420", Name: "KOMMUNE " + n, Reference: "R"}
	}
	docs := map[string][]byte{}
	invs, err := Invoices(alloc(1, 1), testSeller(), buyer, issued, 30)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Write(&b, invs[0]); err != nil {
		t.Fatal(err)
	}
	docs[invs[0].FileName()] = b.Bytes()
	prev, err := correction.FromAllocation(alloc(1, 1), issued)
	if err != nil {
		t.Fatal(err)
	}
	c, err := correction.Correct(prev, alloc(1, 3), correction.Params{Threshold: 1, IssueDate: issued.AddDate(0, 2, 0)})
	if err != nil {
		t.Fatal(err)
	}
	cds, err := CorrectionDocs(c, testSeller(), buyer, 30)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range cds {
		var b bytes.Buffer
		if err := WriteCorrectionDoc(&b, d); err != nil {
			t.Fatal(err)
		}
		docs[d.FileName()] = b.Bytes()
	}
	if len(docs) != 3 || !bytes.Contains(docs["DIGISOS-2020-0301-K1.xml"], []byte("<CreditNote")) {
		t.Fatalf("documents: %d, want an invoice, a credit note and a supplementary invoice", len(docs))
	}
	return docs
}

// Owns is what a file holds, not its name: each document this program
// writes is its own under its name, and no file is under another name, or
// with its root, CustomizationID or ID changed, cut short, doubled, or
// holding anything else.
func TestOwns(t *testing.T) {
	for name, data := range ownDocuments(t) {
		t.Run(name, func(t *testing.T) {
			if !Owns(name, data) {
				t.Fatalf("Owns(%s, what this program wrote) = false", name)
			}
			s := string(data)
			id := strings.TrimSuffix(name, ".xml")
			root := "Invoice"
			if strings.Contains(s, "<CreditNote") {
				root = "CreditNote"
			}
			for what, tc := range map[string]struct{ name, data string }{
				"another municipality's name":      {"DIGISOS-2020-1103.xml", s},
				"another year's name":              {strings.Replace(name, "2020", "1999", 1), s},
				"a name this program never writes": {id + ".XML", s},
				"precious":                         {name, "precious\n"},
				"empty":                            {name, ""},
				"cut short":                        {name, s[:len(s)/2]},
				"two documents":                    {name, s + s},
				"another root":                     {name, strings.ReplaceAll(s, root, "Order")},
				"another CustomizationID":          {name, strings.Replace(s, customizationID, customizationID+":x", 1)},
				"another ID":                       {name, strings.Replace(s, "<cbc:ID>"+id+"</cbc:ID>", "<cbc:ID>"+id+"0</cbc:ID>", 1)},
				"no ID":                            {name, strings.Replace(s, "<cbc:ID>"+id+"</cbc:ID>", "", 1)},
				"nested too deep":                  {name, strings.Replace(s, "</"+root+">", strings.Repeat("<a>", ownsDepth)+strings.Repeat("</a>", ownsDepth)+"</"+root+">", 1)},
			} {
				if tc.data == s && tc.name == name {
					t.Fatalf("%s: the case changes nothing", what)
				}
				if Owns(tc.name, []byte(tc.data)) {
					t.Errorf("%s: Owns(%s) = true", what, tc.name)
				}
			}
		})
	}
}
