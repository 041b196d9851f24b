package ehfio

import (
	"bytes"
	"testing"
	"time"

	"digisos-invoice/internal/benchcpu"
	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/format"
	"digisos-invoice/internal/pdfio"
	"digisos-invoice/internal/ssbfixture"
)

// ssbRun reads the real SSB 2020 table and makes the run of its 356
// invoices, every municipality with one buyer's details.
func ssbRun(b *testing.B) *format.Run {
	b.Helper()
	a, _ := ssbfixture.Allocation2020(b)
	seller := billing.Seller{Name: "Arbeids- og velferdsdirektoratet", OrgNumber: "889640782", Account: "12345678903", KID: billing.KIDMod10,
		VAT: billing.VAT{Category: "O", ExemptionCode: "VATEX-EU-O", ExemptionReason: "Utenfor merverdiavgiftsloven"}}
	buyer := func(n string) billing.Buyer {
		return billing.Buyer{Number: n, OrgNumber: "958935420", Name: "KOMMUNE " + n, Reference: "TEST-" + n}
	}
	return &format.Run{Alloc: a, Parties: format.Parties{Seller: seller, Buyer: buyer},
		Issue: time.Date(2021, 1, 15, 0, 0, 0, 0, time.UTC), DueDays: 30}
}

// basis is the command line's calculation basis: pdfio's PDF.
func basis(e billing.Explanation, pools []billing.Pool, issue time.Time) (*Attachment, error) {
	var buf bytes.Buffer
	if err := pdfio.Write(&buf, pdfio.Basis{Explanation: e, Pools: pools, Date: issue}); err != nil {
		return nil, err
	}
	return &Attachment{ID: "Beregningsgrunnlag", FileName: pdfio.FileName(e), MimeCode: pdfio.MimeCode, Data: buf.Bytes()}, nil
}

// BenchmarkRenderSSB2020 renders the 356 invoices of the real SSB 2020
// table per op, as calculate --format ehf does: without the calculation
// basis (--no-pdf), and with it.
func BenchmarkRenderSSB2020(b *testing.B) {
	r := ssbRun(b)
	for _, noPDF := range []bool{true, false} {
		name := "pdf"
		if noPDF {
			name = "no-pdf"
		}
		b.Run(name, func(b *testing.B) {
			r := *r
			r.NoPDF = noPDF
			b.ReportAllocs()
			defer benchcpu.Process(b)()
			for b.Loop() {
				if _, err := (Format{Basis: basis}).Render(&r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
