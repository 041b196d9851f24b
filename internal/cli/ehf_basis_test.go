package cli

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/nofmt"
)

// ublInvoice is what these tests read back from an invoice, by local names.
type ublInvoice struct {
	ID         string `xml:"ID"`
	Attachment struct {
		Object struct {
			FileName string `xml:"filename,attr"`
			MimeCode string `xml:"mimeCode,attr"`
			Value    string `xml:",chardata"`
		} `xml:"Attachment>EmbeddedDocumentBinaryObject"`
	} `xml:"AdditionalDocumentReference"`
	Lines []struct {
		Amount      string `xml:"LineExtensionAmount"`
		Description string `xml:"Item>Description"`
	} `xml:"InvoiceLine"`
}

func readInvoices(t *testing.T, dir string) []ublInvoice {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
	out := make([]ublInvoice, 0, len(files))
	for _, f := range files {
		var inv ublInvoice
		if err := xml.Unmarshal(mustRead(t, f), &inv); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, inv)
	}
	return out
}

// The numbers of a line text, as a municipality reads them.
var (
	lineBasis    = regexp.MustCompile(`^(\d+) innbyggere av (\d+) i puljen \(\d+ kommuner?\): (\d+\.\d\d) kr × (\d+) / (\d+) = `)
	lineLeftover = regexp.MustCompile(`, \+ 0\.01 kr fordi kommunen fikk ett av puljens \d+ gjenværende øre: .*største rests metode`)
	lineWaived   = regexp.MustCompile(`; ville kostet (\d+\.\d\d) kr, ikke fakturert: \S`)
	lineTotal    = regexp.MustCompile(` = (\d+\.\d\d) kr$`)
)

// checkLineTexts recomputes every line of every invoice in dir from its
// text alone: the pool in øre × the population ÷ the participants'
// population, rounded down, plus one øre where the text says the line got
// a leftover øre. The result must be the line's amount, or for a waived
// line the amount the text says it would have cost (the line being 0.00).
func checkLineTexts(t *testing.T, dir string) {
	t.Helper()
	n, leftovers := 0, 0
	for _, inv := range readInvoices(t, dir) {
		for i, l := range inv.Lines {
			m := lineBasis.FindStringSubmatch(l.Description)
			if m == nil || m[1] != m[4] || m[2] != m[5] {
				t.Errorf("%s line %d: no basis in %q", inv.ID, i+1, l.Description)
				continue
			}
			pop, _ := strconv.ParseInt(m[1], 10, 64)
			poolPop, _ := strconv.ParseInt(m[2], 10, 64)
			share := money(t, m[3]) * billing.Money(pop) / billing.Money(poolPop)
			if lineLeftover.MatchString(l.Description) {
				share++
				leftovers++
			}
			stated, amount := "", money(t, l.Amount)
			if w := lineWaived.FindStringSubmatch(l.Description); w != nil {
				stated = w[1]
				if amount != 0 {
					t.Errorf("%s line %d: waived but invoiced %s", inv.ID, i+1, amount)
				}
				amount = money(t, stated)
			} else if tot := lineTotal.FindStringSubmatch(l.Description); tot != nil {
				stated = tot[1]
			}
			if share != amount || money(t, stated) != amount {
				t.Errorf("%s line %d: the text gives %s (stated %s), the line is %s: %q", inv.ID, i+1, share, stated, amount, l.Description)
			}
			n++
		}
	}
	if n == 0 || leftovers == 0 {
		t.Errorf("%s: %d lines checked, %d with a leftover øre: the texts were not read", dir, n, leftovers)
	}
	t.Logf("%s: %d line texts reproduce their amounts, %d of them with a leftover øre", filepath.Base(dir), n, leftovers)
}

// checkBases decodes the calculation basis of every invoice in dir: a PDF
// under 100 kB whose text (pdftotext, from Debian's poppler-utils) shows
// the municipality's number and name and its population as in the SSB
// table, and the invoice's payable total, the numbers as Norwegian text
// writes them (nofmt).
func checkBases(t *testing.T, dir, ssb string, payable map[string]billing.Money) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(mustRead(t, ssb))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	names, pops := map[string]string{}, map[string]string{}
	for _, r := range recs[1:] {
		names[r[0]], pops[r[0]] = r[1], r[2]
	}
	_, lookErr := exec.LookPath("pdftotext")
	for _, inv := range readInvoices(t, dir) {
		a := inv.Attachment.Object
		pdf, err := base64.StdEncoding.DecodeString(a.Value)
		if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) || a.MimeCode != "application/pdf" || a.FileName != inv.ID+"-beregningsgrunnlag.pdf" {
			t.Errorf("%s: no PDF attached (%s, %q, %v)", inv.ID, a.MimeCode, a.FileName, err)
			continue
		}
		if len(pdf) >= 100_000 {
			t.Errorf("%s: the basis has %d bytes, want under 100 kB", inv.ID, len(pdf))
		}
		if lookErr != nil {
			continue
		}
		number := inv.ID[len(inv.ID)-4:]
		text := pdfText(t, pdf)
		if pages := strings.Count(text, "\f"); pages < 1 || pages > 2 {
			t.Errorf("%s: the basis has %d pages, want one or two", inv.ID, pages)
		}
		pop, err := strconv.ParseInt(pops[number], 10, 64)
		if err != nil {
			t.Fatalf("%s: population %q: %v", inv.ID, pops[number], err)
		}
		for _, want := range []string{"Kommune: " + number + " " + names[number], "Innbyggere: " + spaced(nofmt.Integer(pop)) + " ", "Å betale: " + spaced(nofmt.Kroner(payable[inv.ID]))} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the basis's text lacks %q:\n%s", inv.ID, want, text)
			}
		}
	}
	if lookErr != nil {
		t.Skip("skipping the PDFs' text: pdftotext is not installed (apt-get install -y poppler-utils)")
	}
}

// spaced writes nofmt's no-break spaces as the spaces pdfText reads.
func spaced(s string) string { return strings.ReplaceAll(s, nofmt.Space, " ") }

// pdfText is the text of pdf as pdftotext reads it, with each no-break
// space as a space (poppler writes either, by version).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return spaced(string(out))
}

// TestExplainPDFIsTheAttachment checks that explain --format pdf writes,
// given the issue date, the very basis the invoice carries, and that it
// refuses to replace a file or to write to stdout.
func TestExplainPDFIsTheAttachment(t *testing.T) {
	tmp := t.TempDir()
	dir, out := filepath.Join(tmp, "ehf"), filepath.Join(tmp, "oslo.pdf")
	in := []string{"--year", "2020", "--input", "../../testdata/sample.csv"}
	mainOK(t, append([]string{"calculate", "--quiet", "--format", "ehf", "--output", dir, "--seller", "../../testdata/seller.toml",
		"--buyers", "../../testdata/buyers.csv", "--issue-date", "2021-01-15"}, in...)...)
	explain := append([]string{"explain", "--municipality", "0301", "--format", "pdf", "--issue-date", "2021-01-15", "--output", out}, in...)
	mainOK(t, explain...)
	var inv ublInvoice
	if err := xml.Unmarshal(mustRead(t, filepath.Join(dir, "DIGISOS-2020-0301.xml")), &inv); err != nil {
		t.Fatal(err)
	}
	attached, err := base64.StdEncoding.DecodeString(inv.Attachment.Object.Value)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(attached, mustRead(t, out)) {
		t.Error("explain --format pdf differs from the basis attached to the invoice")
	}
	var stderr bytes.Buffer
	other := append([]string{"explain", "--municipality", "1804", "--format", "pdf", "--issue-date", "2021-01-15", "--output", out}, in...)
	if code := Main(other, nil, &bytes.Buffer{}, &stderr); code != exitExists {
		t.Errorf("explain --format pdf over an existing file with other bytes: exit %d, want %d (%s)", code, exitExists, stderr.String())
	}
	toStdout := append([]string{"explain", "--municipality", "0301", "--format", "pdf", "--issue-date", "2021-01-15"}, in...)
	if code := Main(toStdout, nil, &bytes.Buffer{}, &stderr); code != exitUsage {
		t.Errorf("explain --format pdf without --output: exit %d, want %d", code, exitUsage)
	}
	if _, err := os.Stat(out); err != nil {
		t.Error(err)
	}
}
