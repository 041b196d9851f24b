package cli

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"digisos-invoice/internal/billing"
)

// TestCorrectEHFSSB2020 corrects the full SSB 2020 table, everybody taking
// part all year, for Trondheim's soknad start moved to 2020-09-01, as EHF:
// every credit note and supplementary invoice passes the validator, each
// pays what the record says, and the invoices less the credit notes are
// the net difference settled.
func TestCorrectEHFSSB2020(t *testing.T) {
	brreg := mustRead(t, filepath.Join(refDir, "brreg-kommuner-organisasjonsnummer-2023-06.csv"))
	ssb := strings.Split(strings.TrimSpace(string(mustRead(t, filepath.Join(refDir, "ssb-population-2020-01-01.csv")))), "\n")
	tmp := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var issued, corrected strings.Builder
	for i, l := range ssb {
		start := ",2020-01-01\n"
		switch {
		case i == 0:
			start = ",soknad_from\n"
		case strings.HasPrefix(l, "5001,"):
			issued.WriteString(l + start)
			corrected.WriteString(l + ",2020-09-01\n")
			continue
		}
		issued.WriteString(l + start)
		corrected.WriteString(l + start)
	}
	buyers := write("buyers.csv", buyersFromBrreg(t, brreg))
	record := filepath.Join(tmp, "issued.json")
	mainOK(t, "calculate", "--year", "2020", "--input", write("issued.csv", []byte(issued.String())), "--quiet", "--format", "json", "--output", record)
	dir, c1 := filepath.Join(tmp, "ehf-1"), filepath.Join(tmp, "c1.json")
	mainOK(t, "correct", "--year", "2020", "--input", write("corrected.csv", []byte(corrected.String())), "--issued", record, "--quiet",
		"--format", "ehf", "--output", dir, "--record", c1, "--seller", "../../testdata/seller.toml", "--buyers", buyers,
		"--issue-date", "2021-03-01", "--original-issue-date", "2021-01-15")
	validate(t, dir)

	var rec struct {
		Documents []struct{ ID, Type, Amount string }
		Totals    struct{ Credited, Supplementary string }
	}
	if err := json.Unmarshal(mustRead(t, c1), &rec); err != nil {
		t.Fatal(err)
	}
	docs := documents(t, dir)
	if len(docs) != 356 || len(rec.Documents) != 356 {
		t.Fatalf("%d EHF documents, %d in the record; want 356 each", len(docs), len(rec.Documents))
	}
	var net billing.Money
	for _, d := range rec.Documents {
		got, ok := docs[d.ID]
		want := money(t, d.Amount)
		if !ok || (got.root == "CreditNote") != (d.Type == "credit_note") || got.root == "" {
			t.Errorf("%s: %s in the record, %q as EHF", d.ID, d.Type, got.root)
		}
		if got.signed() != want {
			t.Errorf("%s: the EHF document settles %s, the record %s", d.ID, got.signed(), want)
		}
		net += got.signed()
	}
	if want := money(t, rec.Totals.Supplementary) - money(t, rec.Totals.Credited); net != want {
		t.Errorf("invoices less credit notes: %s; the record settles %s net", net, want)
	}
}

type ehfDoc struct {
	root    string
	payable billing.Money
}

// signed is the document's payable amount, negative for a credit note.
func (d ehfDoc) signed() billing.Money {
	if d.root == "CreditNote" {
		return -d.payable
	}
	return d.payable
}

// documents reads the root element and PayableAmount of every EHF file in
// dir, by id.
func documents(t *testing.T, dir string) map[string]ehfDoc {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
	out := map[string]ehfDoc{}
	for _, f := range files {
		var doc struct {
			XMLName xml.Name
			ID      string `xml:"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2 ID"`
			Total   struct {
				Payable string `xml:"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2 PayableAmount"`
			} `xml:"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2 LegalMonetaryTotal"`
		}
		if err := xml.Unmarshal(mustRead(t, f), &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[doc.ID] = ehfDoc{root: doc.XMLName.Local, payable: money(t, doc.Total.Payable)}
	}
	return out
}
