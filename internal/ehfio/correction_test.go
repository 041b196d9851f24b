package ehfio

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/correction"
)

// TestCorrectionDocs writes a credit note whose lines go both ways, a
// supplementary invoice and a new participant's first invoice. The
// validator checks them in the cli tests; here, what the documents say.
func TestCorrectionDocs(t *testing.T) {
	tf := billing.Tariff{Year: 2020, AnnualCost: 40_000, Shares: []billing.Share{{Solution: "soknad", Ratio: decimal.NewFromInt(1)}}}
	alloc := func(ms ...billing.Municipality) billing.Allocation {
		a, err := billing.Allocate(tf, ms)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	issued := time.Date(2021, 1, 15, 0, 0, 0, 0, time.UTC)
	prev, err := correction.FromAllocation(alloc(billing.Municipality{Number: "0301", Name: "Oslo", Population: 1},
		billing.Municipality{Number: "1804", Name: "Bodø", Population: 0}, billing.Municipality{Number: "4601", Name: "Bergen", Population: 1}), issued)
	if err != nil {
		t.Fatal(err)
	}
	// Oslo from July with 10 inhabitants of 18: Q1-Q2 credited 50.00 each,
	// Q3-Q4 100 × 10/18 = 55.56, 5.56 more each: a credit note of 88.88
	// with two lines the other way. Bodø had 0 inhabitants and owed 0.00,
	// now 5 (a supplementary invoice); Trondheim is new.
	july := map[string]billing.Start{"soknad": billing.From(time.Date(2020, 7, 1, 0, 0, 0, 0, time.UTC))}
	c, err := correction.Correct(prev, alloc(billing.Municipality{Number: "0301", Name: "Oslo", Population: 10, Starts: july},
		billing.Municipality{Number: "1804", Name: "Bodø", Population: 5},
		billing.Municipality{Number: "4601", Name: "Bergen", Population: 2}, billing.Municipality{Number: "5001", Name: "Trondheim", Population: 1}),
		correction.Params{Threshold: 1, IssueDate: time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	docs, err := CorrectionDocs(c, testSeller(), func(n string) billing.Buyer {
		return billing.Buyer{Number: n, OrgNumber: "958935420", Name: "KOMMUNE " + n, Reference: "REF-" + n}
	}, 30)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id, root, payable string
		has, lacks        []string
	}{
		{"DIGISOS-2020-0301-K1", "CreditNote", "88.88",
			[]string{"<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>", "<cbc:ID>DIGISOS-2020-0301</cbc:ID>\n      <cbc:IssueDate>2021-01-15</cbc:IssueDate>",
				`<cbc:CreditedQuantity unitCode="C62">-1</cbc:CreditedQuantity>`, `<cbc:PriceAmount currencyID="NOK">5.56</cbc:PriceAmount>`,
				"Kreditnota (korreksjon 1) til faktura DIGISOS-2020-0301 for Digisos 2020: korrigert innbyggertall 1 → 10; endret oppstartsdato søknad"},
			[]string{"DueDate", "-5.56</cbc:PriceAmount>"}},
		{"DIGISOS-2020-1804-K1", "Invoice", "",
			[]string{"<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>", "<cac:InvoiceDocumentReference>", "<cbc:DueDate>2021-03-31</cbc:DueDate>",
				"korrigert innbyggertall 0 → 5"}, []string{`unitCode="C62">-1<`}},
		{"DIGISOS-2020-4601-K1", "CreditNote", "", nil, nil},
		{"DIGISOS-2020-5001-K1", "Invoice", "",
			[]string{"Tilleggsfaktura (korreksjon 1) for Digisos 2020: ny deltaker"}, []string{"BillingReference"}},
	}
	if len(docs) != len(tests) {
		t.Fatalf("%d documents, want %d", len(docs), len(tests))
	}
	for i, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteCorrectionDoc(&b, docs[i]); err != nil {
				t.Fatal(err)
			}
			var root struct{ XMLName xml.Name }
			if err := xml.Unmarshal(b.Bytes(), &root); err != nil || root.XMLName.Local != tc.root || docs[i].ID != tc.id {
				t.Fatalf("%s: root %s (%v), want %s %s", docs[i].ID, root.XMLName.Local, err, tc.id, tc.root)
			}
			payable := docs[i].Total()
			if payable < 0 {
				payable = -payable // a credit note's amounts are positive
			}
			if tc.payable != "" && payable.String() != tc.payable {
				t.Errorf("the document settles %s, want %s", payable, tc.payable)
			}
			if !strings.Contains(b.String(), `<cbc:PayableAmount currencyID="NOK">`+payable.String()+"<") {
				t.Errorf("payable is not %s:\n%s", payable, b.String())
			}
			for _, s := range tc.has {
				if !strings.Contains(b.String(), s) {
					t.Errorf("lacks %q:\n%s", s, b.String())
				}
			}
			for _, s := range tc.lacks {
				if strings.Contains(b.String(), s) {
					t.Errorf("has %q", s)
				}
			}
		})
	}
}

func testSeller() billing.Seller {
	return billing.Seller{Name: "Arbeids- og velferdsdirektoratet", TradingName: "NAV", OrgNumber: "889640782", Street: "Postboks 5 St. Olavs plass",
		PostalZone: "0130", City: "Oslo", Account: "12345678903", KID: billing.KIDMod10,
		VAT: billing.VAT{Category: "O", ExemptionCode: "VATEX-EU-O", ExemptionReason: "Utenfor merverdiavgiftsloven"}}
}
