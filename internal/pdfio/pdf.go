// Package pdfio writes a municipality's calculation basis as a PDF: one or
// two A4 pages in Norwegian with the figures `explain` shows, for people
// who approve the invoice. The bytes depend only on the input: the
// document's dates are the date given, resources are written in a fixed
// order and nothing random is added.
package pdfio

import (
	"bytes"
	"fmt"
	"io"
	"math/big"
	"strings"
	"sync"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/nofmt"
)

// Basis is what the calculation basis shows.
type Basis struct {
	// Explanation is the municipality's lines with their pools and roundings.
	Explanation billing.Explanation
	// Pools is every pool of the year, the municipality's and the others.
	Pools []billing.Pool
	// Date is printed on the page and is the document's creation date.
	Date time.Time
}

// MimeCode is the media type of what Write writes.
const MimeCode = "application/pdf"

// FileName is the basis's file name: the invoice id and "-beregningsgrunnlag.pdf".
func FileName(e billing.Explanation) string { return e.InvoiceID + "-beregningsgrunnlag.pdf" }

// The page: A4 portrait, millimetres.
const (
	margin   = 15.0
	width    = 210.0 - 2*margin
	lineH    = 4.4
	fontName = "go"
)

// alphabet is every character each font's subset holds, used or not: the
// printable ASCII characters, the letters of every municipality name in
// SSB's registers (refdata: TestAlphabetHoldsNames), and the signs the
// basis writes, the no-break space of nofmt's numbers among them. With it every basis embeds the same two subsets, which
// fpdf makes and compresses once per process instead of once for each set
// of characters a document happens to use: a batch of invoices spends half
// its PDF time there otherwise. A name with a character beyond it still
// gets a subset that holds the character.
const alphabet = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~" +
	"\u00a0ÆØÅæøåÁáŠšÄäÖöÜüÉé×–•…→"

// fonts parses the two fonts once per process: parsing them and computing
// their ids is most of the time a document takes.
var fonts = sync.OnceValues(func() (f fontPair, err error) {
	if f.regular, err = fpdf.NewUTF8Font(fontName, "", goregular.TTF); err != nil {
		return f, err
	}
	f.bold, err = fpdf.NewUTF8Font(fontName, "B", gobold.TTF)
	return f, err
})

type fontPair struct{ regular, bold *fpdf.UTF8Font }

// Write writes b as a PDF. It is safe for concurrent use: documents share
// only the parsed fonts and fpdf's subsets, which nothing changes.
func Write(w io.Writer, b Basis) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(b.Date)
	pdf.SetModificationDate(b.Date)
	pdf.SetCatalogSort(true)
	pdf.SetCompression(true)
	pdf.SetProducer("digisos-invoice", true)
	pdf.SetTitle(title(b.Explanation), true)
	pdf.SetAuthor("Arbeids- og velferdsdirektoratet (NAV)", true)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin)
	f, err := fonts()
	if err != nil {
		return err
	}
	pdf.AddUTF8FontParsed(f.regular)
	pdf.AddUTF8FontParsed(f.bold)
	pdf.UseRunes(fontName, "", alphabet)
	pdf.UseRunes(fontName, "B", alphabet)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-margin + 3)
		pdf.SetFont(fontName, "", 7)
		pdf.CellFormat(0, 4, fmt.Sprintf("%s – side %d", b.Explanation.InvoiceID, pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	p := page{pdf}
	p.heading(b)
	p.method(b.Explanation.Tariff)
	p.pools(b)
	p.shares(b.Explanation)
	p.notes(b.Explanation)
	p.total(b.Explanation)
	if err := pdf.Error(); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func title(e billing.Explanation) string {
	return fmt.Sprintf("Beregningsgrunnlag Digisos %d: %s %s", e.Tariff.Year, e.Municipality.Number, e.Municipality.Name)
}

// page writes the parts of the basis one after the other.
type page struct{ *fpdf.Fpdf }

func (p page) text(size float64, style, s string) {
	p.SetFont(fontName, style, size)
	p.MultiCell(width, lineH, s, "", "L", false)
}

func (p page) heading(b Basis) {
	e, m := b.Explanation, b.Explanation.Municipality
	p.text(15, "B", fmt.Sprintf("Beregningsgrunnlag for Digisos %d", e.Tariff.Year))
	p.Ln(2)
	p.text(10, "", fmt.Sprintf("Kommune: %s %s\nFaktura: %s, datert %s\nInnbyggere: %s per %s (SSB)\nÅ betale: %s",
		m.Number, m.Name, e.InvoiceID, nofmt.Date(b.Date), nofmt.Integer(m.Population),
		nofmt.Date(e.Tariff.PopulationDate), nofmt.Kroner(m.Amount)))
	p.Ln(3)
}

func (p page) method(t billing.Tariff) {
	var shares []string
	for _, s := range t.Shares {
		shares = append(shares, fmt.Sprintf("%s %s", solutionName(s.Solution), nofmt.Decimal(s.Ratio.String())))
	}
	p.text(11, "B", "Slik er beløpet regnet ut")
	p.text(9, "", fmt.Sprintf("NAVs kostnad for drift og forvaltning av Digisos i %d er %s. Den deles mellom løsningene (%s) "+
		"og likt på de fire kvartalene; hver del er en pulje. En pulje fordeles på kommunene som bruker løsningen i kvartalet, "+
		"etter innbyggertall: andel = puljen × kommunens innbyggere / deltakernes innbyggere. Andelene rundes ned til hele øre. "+
		"De øre som da mangler i puljen, går ett og ett til kommunene med størst rest (største rests metode); "+
		"like rester går først til kommunen med flest innbyggere, så til lavest kommunenummer. Slik blir summen av andelene nøyaktig lik puljen.",
		t.Year, nofmt.Kroner(t.AnnualCost), strings.Join(shares, ", ")))
	p.Ln(3)
}

// row writes one table row: cells of widths w, right-aligned from the third.
func (p page) row(style string, w []float64, cells ...string) {
	p.SetFont(fontName, style, 8)
	for i, c := range cells {
		align := "R"
		if i < 2 {
			align = "L"
		}
		p.CellFormat(w[i], lineH, c, "B", 0, align, false, 0, "")
	}
	p.Ln(-1)
}

func (p page) pools(b Basis) {
	p.text(11, "B", fmt.Sprintf("Puljene i %d", b.Explanation.Tariff.Year))
	w := []float64{18, 22, 32, 28, 32, 48}
	p.row("B", w, "Kvartal", "Løsning", "Pulje (kr)", "Deltakere", "Innbyggere", "Merknad")
	for _, pool := range b.Pools {
		note := ""
		switch {
		case pool.Waiver != nil:
			note = "ikke fakturert"
		case !pool.Allocated:
			note = "ikke fordelt"
		}
		p.row("", w, fmt.Sprintf("%d. kvartal", pool.Quarter), solutionName(pool.Solution), nofmt.Amount(pool.Amount),
			nofmt.Integer(int64(pool.Participants)), nofmt.Integer(pool.Population), note)
	}
	p.Ln(3)
}

func (p page) shares(e billing.Explanation) {
	p.text(11, "B", fmt.Sprintf("Andelen til %s", e.Municipality.Name))
	w := []float64{17, 15, 50, 24, 19, 15, 21, 19}
	p.row("B", w, "Kvartal", "Løsning", "Pulje × innbyggere / deltakernes", "Nøyaktig (kr)", "Rundet ned", "Restøre", "Andel (kr)", "Fakturert")
	for _, it := range e.Items {
		l, pool, r := it.Line, it.Pool, it.Rounding
		formula, exact, floor, extra := "ikke fordelt", "", "", ""
		if pool.Allocated {
			formula = fmt.Sprintf("%s × %s / %s", nofmt.Amount(pool.Amount), nofmt.Integer(l.Population), nofmt.Integer(pool.Population))
			exact, floor, extra = exactKroner(r), nofmt.Amount(r.Floor), "–"
			if r.Leftover {
				extra = "+ " + nofmt.Amount(1)
			}
		}
		p.row("", w, fmt.Sprintf("%d. kvartal", l.Quarter), solutionName(l.Solution), formula, exact, floor, extra, nofmt.Amount(l.Total()), nofmt.Amount(l.Amount))
	}
	p.Ln(3)
}

func (p page) notes(e billing.Explanation) {
	var notes []string
	waived := map[string][]string{} // reason → "1. kvartal innsyn (425 000,00 kr)"
	var reasons []string
	for _, it := range e.Items {
		l, r := it.Line, it.Rounding
		q := fmt.Sprintf("%d. kvartal %s", l.Quarter, solutionName(l.Solution))
		if it.Pool.Allocated && r.Leftover {
			notes = append(notes, fmt.Sprintf("%s: resten var den %s. største av %s; %s, så andelen fikk %s ekstra.",
				q, nofmt.Integer(int64(r.Rank)), nofmt.Integer(int64(it.Pool.Participants)), leftovers(it.Leftovers), nofmt.Kroner(1)))
		}
		if w := it.Pool.Waiver; w != nil {
			if _, ok := waived[w.Reason]; !ok {
				reasons = append(reasons, w.Reason)
			}
			waived[w.Reason] = append(waived[w.Reason], fmt.Sprintf("%s (%s)", q, nofmt.Kroner(l.Waived)))
		}
	}
	for _, reason := range reasons {
		notes = append(notes, fmt.Sprintf("Ikke fakturert: %s. %s.", strings.Join(waived[reason], ", "), strings.TrimSuffix(reason, ".")))
	}
	if len(notes) == 0 {
		return
	}
	p.text(11, "B", "Restøre og fritak")
	for _, n := range notes {
		p.text(9, "", "• "+n)
	}
	p.Ln(3)
}

func (p page) total(e billing.Explanation) {
	m := e.Municipality
	p.text(11, "B", "Å betale: "+nofmt.Kroner(m.Amount))
	p.text(9, "", fmt.Sprintf("Summen av andelene er %s; av dem er %s ikke fakturert. Fakturaen %s lyder på %s.",
		nofmt.Kroner(m.Amount+m.Waived), nofmt.Kroner(m.Waived), e.InvoiceID, nofmt.Kroner(m.Amount)))
}

// leftovers says where a pool's leftover øre went.
func leftovers(n int) string {
	if n == 1 {
		return "puljens ene gjenværende øre gikk til den største resten"
	}
	return fmt.Sprintf("puljens %s gjenværende øre gikk til de %s største restene", nofmt.Integer(int64(n)), nofmt.Integer(int64(n)))
}

func solutionName(s string) string {
	if s == "soknad" {
		return "søknad"
	}
	return s
}

// exactKroner writes a share's exact amount in kroner with four decimals,
// cut and followed by "…" when it has more, in nofmt's Norwegian form.
func exactKroner(r billing.Rounding) string {
	q := new(big.Rat).Quo(r.Exact(), big.NewRat(100, 1))
	cut := new(big.Rat).SetFrac(new(big.Int).Quo(new(big.Int).Mul(q.Num(), big.NewInt(10000)), q.Denom()), big.NewInt(10000))
	if cut.Cmp(q) != 0 {
		return nofmt.Decimal(cut.FloatString(4)) + "…"
	}
	return nofmt.Decimal(cut.FloatString(4))
}
