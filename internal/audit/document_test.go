package audit_test

import (
	"os"
	"strings"
	"testing"

	"digisos-invoice/internal/audit"
	"digisos-invoice/internal/ehfio"
	"digisos-invoice/internal/jsonio"
)

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestCompareDocument(t *testing.T) {
	doc := read(t, "../../testdata/golden/sample-2020.json")
	re, err := jsonio.ReadDocumentTree([]byte(doc), "recomputed")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, old, new  string
		counts, path    string
		issued, subject string
	}{
		{"totals invoiced", `"invoiced": "2550000.00"`, `"invoiced": "2550001.00"`, "1 field differs", "/totals/invoiced", "2550001.00", ""},
		{"municipality total", `"amount": "102506.01"`, `"amount": "102506.02"`, "1 field differs", "/municipalities/2/amount", "102506.02", "1804 Bodø"},
		{"pool", `"amount": "425000.00",
      "waived": true`, `"amount": "425000.01",
      "waived": true`, "1 field differs", "/pools/4/amount", "425000.01", "innsyn Q1"},
		{"meta year", `"year": 2020,
    "tariff"`, `"year": 2021,
    "tariff"`, "1 field differs", "/meta/year", "2021", ""},
		{"rules", `version 1"`, `version 2"`, "1 field differs", "/meta/rules", "digisos-invoice rules R1-R7, version 2", ""},
		{"share", `"ratio": "0.5"`, `"ratio": "0.6"`, "1 field differs", "/meta/tariff/shares/0/ratio", "0.6", "soknad"},
		{"waiver quarter", "1,\n            2", "1,\n            3", "1 field differs", "/meta/tariff/waivers/0/quarters/1", "3", "innsyn"},
		// Which input (its hash) and which tariff are the provenance's: record.Compare.
		{"input rows", `"rows": 7`, `"rows": 8`, "1 field differs", "/meta/inputs/0/rows", "8", "municipalities file sample.csv"},
		{"line population", `"population": 52357,
      "amount": "19223.77"`, `"population": 52358,
      "amount": "19223.77"`, "1 field differs", "/lines/9/population", "52358", "1804 Bodø Q1 soknad"},
		{"line invoice id", `"invoice_id": "DIGISOS-2020-1506",
      "year"`, `"invoice_id": "DIGISOS-2020-1505",
      "year"`, "1 field differs", "/lines/8/invoice_id", "DIGISOS-2020-1505", "1506 Molde Q4 soknad"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			issued := strings.Replace(doc, tc.old, tc.new, 1)
			if issued == doc {
				t.Fatalf("%q is not in the document", tc.old)
			}
			is, err := jsonio.ReadDocumentTree([]byte(issued), "issued.json")
			if err != nil {
				t.Fatal(err)
			}
			r := audit.Compare(is, re, audit.DocumentSpec("issued.json"))
			if got := r.Counts(); got != tc.counts {
				t.Fatalf("Counts() = %q, want %q: %+v", got, tc.counts, r.Differences)
			}
			d := r.Differences[0]
			if d.Path != tc.path || d.Issued != tc.issued || d.Subject != tc.subject || !strings.HasPrefix(d.Where, "issued.json:") {
				t.Errorf("difference %+v, want %s %q subject %q", d, tc.path, tc.issued, tc.subject)
			}
		})
	}
}

func TestCompareDocumentForm(t *testing.T) {
	doc := read(t, "../../testdata/golden/sample-2020.json")
	re, _ := jsonio.ReadDocumentTree([]byte(doc), "recomputed")
	for _, tc := range []struct{ name, old, new, note string }{
		{"decimals", `"invoiced": "2550000.00"`, `"invoiced": "2550000.000"`, "/totals/invoiced is written 2550000.000"},
		{"key order", `"invoiced": "2550000.00",
    "waived": "850000.00",`, `"waived": "850000.00",
    "invoiced": "2550000.00",`, keyOrder()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			is, err := jsonio.ReadDocumentTree([]byte(strings.Replace(doc, tc.old, tc.new, 1)), "issued.json")
			if err != nil {
				t.Fatal(err)
			}
			r := audit.Compare(is, re, audit.DocumentSpec("issued.json"))
			if !r.Identical() || len(r.Notes) != 1 || !strings.Contains(r.Notes[0].Text, tc.note) {
				t.Errorf("differences %+v, notes %v; want a note %q", r.Differences, r.Notes, tc.note)
			}
		})
	}
}

func keyOrder() string { return "the keys are in another order than calculate writes" }

func TestCompareManifestProgramReported(t *testing.T) {
	m := read(t, "../../testdata/golden/sample-2020.manifest.json")
	re, _ := jsonio.ReadMetaTree([]byte(m), "recomputed")
	is, err := jsonio.ReadMetaTree([]byte(strings.Replace(m, `"version": "(devel)"`, `"version": "v1.0.0",
    "revision": "abc"`, 1)), "m.json")
	if err != nil {
		t.Fatal(err)
	}
	r := audit.Compare(is, re, audit.ManifestSpec("m.json"))
	if !r.Identical() || len(r.Reported) != 2 {
		t.Errorf("differences %+v, reported %q; want none and 2 reported", r.Differences, r.Reported)
	}
}

func invoiceFile(t *testing.T, name, text string) audit.File {
	t.Helper()
	root, err := ehfio.ReadTree([]byte(text), name)
	return audit.File{Name: name, Root: root, Err: err}
}

func TestCompareInvoice(t *testing.T) {
	inv := read(t, "testdata/DIGISOS-2020-0301.xml")
	re := []audit.File{invoiceFile(t, "DIGISOS-2020-0301.xml", inv)}
	for _, tc := range []struct {
		name, old, new        string
		counts, path, subject string
	}{
		{"account", "<cbc:ID>12345678903</cbc:ID>", "<cbc:ID>12345678911</cbc:ID>", "1 element differs",
			"/Invoice/cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID", "account"},
		{"kid", "<cbc:PaymentID>202003018<", "<cbc:PaymentID>202003026<", "1 element differs", "/Invoice/cac:PaymentMeans/cbc:PaymentID", "KID"},
		{"due date", "<cbc:DueDate>2021-02-14<", "<cbc:DueDate>2021-03-14<", "1 element differs", "/Invoice/cbc:DueDate", "due date"},
		{"buyer endpoint", `<cbc:EndpointID schemeID="0192">958935420<`, `<cbc:EndpointID schemeID="0192">958935421<`, "1 element differs",
			"/Invoice/cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", "buyer endpoint"},
		{"scheme", `<cbc:EndpointID schemeID="0192">958935420<`, `<cbc:EndpointID schemeID="0088">958935420<`, "1 element differs",
			"/Invoice/cac:AccountingCustomerParty/cac:Party/cbc:EndpointID/@schemeID", ""},
		{"line amount", `<cbc:LineExtensionAmount currencyID="NOK">204727.09<`, `<cbc:LineExtensionAmount currencyID="NOK">204727.19<`, "1 element differs",
			"/Invoice/cac:InvoiceLine[3]/cbc:LineExtensionAmount", "line 3 amount"},
		{"line text", "<cbc:Name>Digisos søknad 2020, 2. kvartal<", "<cbc:Name>Digisos søknad 2020, 3. kvartal<", "1 element differs",
			"/Invoice/cac:InvoiceLine[3]/cac:Item/cbc:Name", "line 3"},
		{"payable", `<cbc:PayableAmount currencyID="NOK">`, `<cbc:PayableAmount currencyID="NOK">1`, "1 element differs",
			"/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount", "payable amount"},
		{"note removed", "<cbc:Note>", "<cbc:Nope>", "1 element missing, 1 element extra", "/Invoice/cbc:Note", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			issued := strings.Replace(inv, tc.old, tc.new, 1)
			if tc.name == "note removed" {
				issued = strings.Replace(issued, "</cbc:Note>", "</cbc:Nope>", 1)
			}
			if issued == inv {
				t.Fatalf("%q is not in the invoice", tc.old)
			}
			r := audit.CompareInvoice(invoiceFile(t, "x.xml", issued), re)
			if got := r.Counts(); got != tc.counts {
				t.Fatalf("Counts() = %q, want %q: %+v", got, tc.counts, r.Differences)
			}
			if d := r.Differences[0]; d.Path != tc.path || d.Subject != tc.subject || !strings.HasPrefix(d.Where, "x.xml:") {
				t.Errorf("difference %+v, want %s (%s)", d, tc.path, tc.subject)
			}
		})
	}
}

func TestCompareInvoiceForm(t *testing.T) {
	inv := read(t, "testdata/DIGISOS-2020-0301.xml")
	re := []audit.File{invoiceFile(t, "DIGISOS-2020-0301.xml", inv)}
	// Other prefixes, no indentation, attributes quoted otherwise: the same invoice.
	issued := strings.NewReplacer("cbc:", "b:", "xmlns:cbc", "xmlns:b", "\n  ", "", `"NOK"`, `'NOK'`).Replace(inv)
	r := audit.CompareInvoice(invoiceFile(t, "x.xml", issued), re)
	if !r.Identical() || len(r.Notes) > 0 {
		t.Errorf("differences %+v, notes %v; want none", r.Differences, r.Notes)
	}
	r = audit.CompareInvoice(invoiceFile(t, "x.xml", strings.Replace(inv, ">254628.21<", ">254628.210<", 1)), re)
	if !r.Identical() || len(r.Notes) != 1 {
		t.Errorf("differences %+v, notes %v; want one note", r.Differences, r.Notes)
	}
}

func TestCompareFolder(t *testing.T) {
	oslo := invoiceFile(t, "DIGISOS-2020-0301.xml", read(t, "testdata/DIGISOS-2020-0301.xml"))
	molde := invoiceFile(t, "DIGISOS-2020-1506.xml", read(t, "testdata/DIGISOS-2020-1506.xml"))
	junk := invoiceFile(t, "notes.txt", "not xml")
	if junk.Err == nil {
		t.Fatal("a text file reads as an invoice")
	}
	for _, tc := range []struct {
		name   string
		issued []audit.File
		counts string
	}{
		{"same", []audit.File{oslo, molde}, ""},
		{"missing", []audit.File{oslo}, "1 invoice missing"},
		{"extra", []audit.File{oslo, molde, {Name: "DIGISOS-2020-9999.xml", Root: molde.Root}}, "1 invoice extra"},
		{"not an invoice", []audit.File{oslo, molde, junk}, "1 file extra"},
		{"broken invoice", []audit.File{oslo, {Name: molde.Name, Err: junk.Err}}, "1 invoice missing, 1 file extra"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := audit.CompareFolder("ehf", tc.issued, []audit.File{oslo, molde})
			if got := r.Counts(); got != tc.counts {
				t.Errorf("Counts() = %q, want %q: %+v", got, tc.counts, r.Differences)
			}
		})
	}
}

func TestReadTreeNotAnInvoice(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"not xml", "year,quarter\n", "x.xml:1:1: not XML: text outside the root element"},
		{"credit note", `<?xml version="1.0"?>` + "\n" + `<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"/>`,
			"x.xml:2:1: not a UBL invoice: the root element is {urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote"},
		{"no namespace", "<Invoice/>", "x.xml:1:1: not a UBL invoice"},
		{"truncated", `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><a>`, "x.xml:1: not XML: unexpected EOF"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ehfio.ReadTree([]byte(tc.text), "x.xml")
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("ReadTree(%q) = %v, want %s…", tc.text, err, tc.want)
			}
		})
	}
}
