package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"digisos-invoice/internal/billing"
)

// payable reads the PayableAmount of every invoice in dir, by invoice id.
func payable(t *testing.T, dir string) map[string]billing.Money {
	t.Helper()
	var doc struct {
		ID    string `xml:"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2 ID"`
		Total struct {
			Payable string `xml:"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2 PayableAmount"`
		} `xml:"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2 LegalMonetaryTotal"`
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
	out := map[string]billing.Money{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := xml.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if filepath.Base(f) != doc.ID+".xml" {
			t.Errorf("%s holds invoice %s", f, doc.ID)
		}
		out[doc.ID] = money(t, doc.Total.Payable)
	}
	return out
}

// checkAgainstCSV checks that every invoice pays its municipality's total
// from the CSV lines of the same run, that every municipality with a total
// has an invoice, and that the invoices sum to the invoiced total.
func checkAgainstCSV(t *testing.T, invoices map[string]billing.Money, lines []byte, wantInvoiced billing.Money) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(lines)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	totals := map[string]billing.Money{}
	for _, r := range recs[1:] {
		totals["DIGISOS-"+r[0]+"-"+r[2]] += money(t, r[6])
	}
	var sum billing.Money
	for id, total := range totals {
		if total == 0 {
			if _, ok := invoices[id]; ok {
				t.Errorf("%s has an invoice but owes nothing", id)
			}
			continue
		}
		if invoices[id] != total {
			t.Errorf("%s: payable %s, the CSV lines sum to %s", id, invoices[id], total)
		}
		sum += invoices[id]
	}
	for id := range invoices {
		if totals[id] == 0 {
			t.Errorf("invoice %s is for a municipality without lines", id)
		}
	}
	if sum != wantInvoiced {
		t.Errorf("the invoices pay %s in all; the run invoiced %s", sum, wantInvoiced)
	}
}

func TestEHFSample(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ehf")
	args := []string{"calculate", "--year", "2020", "--input", "../../testdata/sample.csv", "--quiet"}
	mainOK(t, append(args, "--format", "ehf", "--output", dir, "--seller", "../../testdata/seller.toml",
		"--buyers", "../../testdata/buyers.csv", "--issue-date", "2021-01-15")...)
	validate(t, dir)
	// 3,400,000.00 less innsyn Q1 and Q2, which are waived.
	checkAgainstCSV(t, payable(t, dir), mainOK(t, args...), 255_000_000)
}

// TestEHFSSB2020 bills the full SSB 2020 table as EHF: 356 invoices, with
// buyers from Enhetsregisteret's organisation numbers and made-up
// references, a seller with every optional field, and the calculation basis
// attached. All are valid, pay what the CSV lines say, have line texts that
// reproduce their amounts and bases that show the figures, and a re-run
// gives the same bytes.
func TestEHFSSB2020(t *testing.T) {
	brreg := mustRead(t, filepath.Join(refDir, "brreg-kommuner-organisasjonsnummer-2023-06.csv"))
	tmp := t.TempDir()
	buyers, seller := filepath.Join(tmp, "buyers.csv"), filepath.Join(tmp, "seller.toml")
	if err := os.WriteFile(buyers, buyersFromBrreg(t, brreg), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(seller, sellerWithEverything(t), 0o644); err != nil {
		t.Fatal(err)
	}
	ssb := filepath.Join(refDir, "ssb-population-2020-01-01.csv")
	ehf := func(input, dir string, extra ...string) {
		mainOK(t, append([]string{"calculate", "--year", "2020", "--input", input, "--quiet", "--format", "ehf", "--output", dir,
			"--seller", seller, "--buyers", buyers, "--issue-date", "2021-01-15"}, extra...)...)
	}
	// Dates from the municipality number: some start late, some never use innsyn.
	input := withRandomDates(t, mustRead(t, ssb))
	dir := filepath.Join(tmp, "ehf")
	ehf(input, dir, "--manifest", filepath.Join(tmp, "manifest.json"))
	args := []string{"calculate", "--year", "2020", "--input", input, "--quiet"}
	var doc struct{ Totals struct{ Invoiced string } }
	if err := json.Unmarshal(mainOK(t, append(args, "--format", "json")...), &doc); err != nil {
		t.Fatal(err)
	}
	checkAgainstCSV(t, payable(t, dir), mainOK(t, args...), money(t, doc.Totals.Invoiced))

	// Everybody all year: one invoice for each of the 356 municipalities.
	all := filepath.Join(tmp, "all")
	ehf(ssb, all)
	invoices := payable(t, all)
	if len(invoices) != 356 {
		t.Fatalf("%d invoices, want 356", len(invoices))
	}
	var sum billing.Money
	for _, p := range invoices {
		sum += p
	}
	if sum != 255_000_000 {
		t.Errorf("356 invoices pay %s, want 2550000.00 (3400000.00 less the waived innsyn Q1-Q2)", sum)
	}
	validate(t, dir, all)
	again := filepath.Join(tmp, "again")
	ehf(ssb, again)
	sameFiles(t, all, again)
	checkLineTexts(t, dir)
	checkLineTexts(t, all)
	checkBases(t, all, ssb, invoices)
}

// sellerWithEverything is testdata/seller.toml with every optional key set.
func sellerWithEverything(t *testing.T) []byte {
	s := string(mustRead(t, "../../testdata/seller.toml"))
	s = strings.Replace(s, "# kid_length = 15", "kid_length = 15", 1)
	s = strings.Replace(s, "# kid_prefix = \"77\"", "kid_prefix = \"77\"", 1)
	for _, key := range []string{"kid_length", "kid_prefix", "contact_name", "contact_phone", "contact_email", "contract_reference"} {
		if !strings.Contains(s, "\n"+key+" = ") {
			t.Fatalf("testdata/seller.toml does not set %s", key)
		}
	}
	return []byte(s)
}

// sameFiles checks that folders a and b hold the same files with the same bytes.
func sameFiles(t *testing.T, a, b string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(a, "*"))
	others, _ := filepath.Glob(filepath.Join(b, "*"))
	if len(files) != len(others) {
		t.Fatalf("%s holds %d files, %s %d", a, len(files), b, len(others))
	}
	for _, f := range files {
		x, y := mustRead(t, f), mustRead(t, filepath.Join(b, filepath.Base(f)))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs in a re-run", filepath.Base(f))
		}
	}
}

// buyersFromBrreg makes a buyers file from Enhetsregisteret's municipalities:
// one row per municipality number (1507 has three entities; the one not
// pre-registered for 2024 is kept), with made-up references of every kind.
func buyersFromBrreg(t testing.TB, brreg []byte) []byte {
	recs, err := csv.NewReader(bytes.NewReader(brreg)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteString("municipality_number,organisation_number,name,buyer_reference,accounting_cost,order_reference,contract_reference\n")
	seen := map[string]bool{}
	for _, r := range recs[1:] {
		if seen[r[0]] || strings.HasPrefix(r[2], "NYE ") {
			continue
		}
		seen[r[0]] = true
		fmt.Fprintf(&b, "%s,%s,%q,TEST-%s,ansvar=1%s; art=11950,45%s000,Digisos-tillegg %s/2019\n", r[0], r[1], r[2], r[0], r[0], r[0], r[0])
	}
	return b.Bytes()
}

// refDir holds the public SSB and Brønnøysund tables (testdata/ref/SOURCES.md).
var refDir = filepath.Join("..", "..", "testdata", "ref")

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestEHFVATCategories checks the other VAT treatments NAV's accounting
// office may choose: exempt (E) and zero rated (Z), which need the seller's
// VAT number, against the validator.
func TestEHFVATCategories(t *testing.T) {
	base := strings.Join([]string{
		`name = "Arbeids- og velferdsdirektoratet"`, `organisation_number = "889640782"`,
		`street = "Postboks 5 St. Olavs plass"`, `postal_zone = "0130"`, `city = "Oslo"`,
		`account = "12345678903"`, `kid = "mod11"`, `vat_number = "NO889640782MVA"`, ""}, "\n")
	tests := []struct{ category, extra string }{
		{"E", "vat_category = \"E\"\nvat_exemption_reason = \"Unntatt merverdiavgift\"\n"},
		{"Z", "vat_category = \"Z\"\n"},
	}
	for _, tc := range tests {
		t.Run(tc.category, func(t *testing.T) {
			tmp := t.TempDir()
			seller := filepath.Join(tmp, "seller.toml")
			if err := os.WriteFile(seller, []byte(base+tc.extra), 0o644); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(tmp, "ehf")
			mainOK(t, "calculate", "--year", "2020", "--input", "../../testdata/sample.csv", "--quiet", "--format", "ehf",
				"--output", dir, "--seller", seller, "--buyers", "../../testdata/buyers.csv", "--issue-date", "2021-01-15")
			validate(t, dir)
			data, err := os.ReadFile(filepath.Join(dir, "DIGISOS-2020-0301.xml"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(data, []byte("<cbc:ID>"+tc.category+"</cbc:ID>")) || !bytes.Contains(data, []byte("<cbc:Percent>0</cbc:Percent>")) {
				t.Errorf("category %s: the invoice does not carry it with a rate of 0", tc.category)
			}
		})
	}
}
