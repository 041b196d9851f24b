package ehfio

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"digisos-invoice/internal/benchcpu"
	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/pdfio"
	"digisos-invoice/internal/tomlio"
)

// ssbInvoices reads the real SSB 2020 table and builds its 356 invoices,
// every municipality with one buyer's details.
func ssbInvoices(b *testing.B) ([]Invoice, []billing.Pool) {
	b.Helper()
	path := filepath.Join("..", "..", "..", "shared", "data", "ssb-population-2020-01-01.csv")
	data, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("skipping: the real SSB data is not here (%v)", err)
	}
	tariff, err := tomlio.Builtin().For(2020)
	if err != nil {
		b.Fatal(err)
	}
	in, err := csvio.ReadMunicipalities(bytes.NewReader(data), filepath.Base(path), tariff.Solutions(), csvio.Options{})
	if err != nil {
		b.Fatal(err)
	}
	a, err := billing.Allocate(tariff, in.Municipalities)
	if err != nil {
		b.Fatal(err)
	}
	seller := billing.Seller{Name: "Arbeids- og velferdsdirektoratet", OrgNumber: "889640782", Account: "12345678903", KID: billing.KIDMod10,
		VAT: billing.VAT{Category: "O", ExemptionCode: "VATEX-EU-O", ExemptionReason: "Utenfor merverdiavgiftsloven"}}
	invs, err := Invoices(a, seller, func(n string) billing.Buyer {
		return billing.Buyer{Number: n, OrgNumber: "958935420", Name: "KOMMUNE " + n, Reference: "TEST-" + n}
	}, time.Date(2021, 1, 15, 0, 0, 0, 0, time.UTC), 30)
	if err != nil {
		b.Fatal(err)
	}
	return invs, a.Pools
}

// BenchmarkWriteSSB2020 writes the 356 invoices of the real SSB 2020 table
// per op, as calculate --format ehf does: without the calculation basis
// (--no-pdf), with it written one basis after the other, and with the
// bases written on every processor (pdfio.WriteAll).
func BenchmarkWriteSSB2020(b *testing.B) {
	invs, pools := ssbInvoices(b)
	bases := make([]pdfio.Basis, len(invs))
	for i, inv := range invs {
		bases[i] = pdfio.Basis{Explanation: inv.Explanation, Pools: pools, Date: inv.IssueDate}
	}
	writeAll := func(b *testing.B, docs [][]byte) {
		for i, inv := range invs {
			if docs != nil {
				inv.Basis = &Attachment{ID: "Beregningsgrunnlag", FileName: pdfio.FileName(inv.Explanation), MimeCode: pdfio.MimeCode, Data: docs[i]}
			}
			if err := Write(io.Discard, inv); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("no-pdf", func(b *testing.B) {
		b.ReportAllocs()
		defer benchcpu.Process(b)()
		for b.Loop() {
			writeAll(b, nil)
		}
	})
	b.Run("pdf", func(b *testing.B) {
		b.ReportAllocs()
		defer benchcpu.Process(b)()
		for b.Loop() {
			docs := make([][]byte, len(bases))
			for i, basis := range bases {
				var buf bytes.Buffer
				if err := pdfio.Write(&buf, basis); err != nil {
					b.Fatal(err)
				}
				docs[i] = buf.Bytes()
			}
			writeAll(b, docs)
		}
	})
	b.Run("pdf-WriteAll", func(b *testing.B) {
		b.ReportAllocs()
		defer benchcpu.Process(b)()
		for b.Loop() {
			docs, err := pdfio.WriteAll(bases)
			if err != nil {
				b.Fatal(err)
			}
			writeAll(b, docs)
		}
	})
}
