package xlsxio

import (
	"io"

	"github.com/xuri/excelize/v2"

	"digisos-invoice/internal/correction"
	"digisos-invoice/internal/csvio"
)

// Sheet names of a correction's workbook, in its order.
const (
	SheetCorrections = "corrections"
	SheetDocuments   = "documents"
)

// documentsHeader is the header of a correction's documents sheet.
var documentsHeader = []string{"document_id", "document_type", "corrects", "municipality_number", "municipality_name", "amount"}

// WriteCorrection writes correction c as a workbook to w, for review
// before the documents are sent: the corrections sheet has exactly the
// columns and rows of the correction's CSV (csvio.WriteCorrection), typed
// as in the lines sheet of a year's workbook; the documents sheet has one
// row per credit note or invoice with its amount (negative for a credit
// note). No time is written: the same correction gives the same bytes.
func WriteCorrection(w io.Writer, c correction.Correction) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", SheetCorrections); err != nil {
		return err
	}
	if _, err := f.NewSheet(SheetDocuments); err != nil {
		return err
	}
	if err := writeCorrections(&sheet{f: f, name: SheetCorrections, styles: st}, c); err != nil {
		return err
	}
	if err := writeDocuments(&sheet{f: f, name: SheetDocuments, styles: st}, c); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	f.Pkg.Delete("docProps/core.xml")
	year := itoa(int64(c.Year))
	if err := f.SetDocProps(&excelize.DocProperties{Title: "Digisos " + year + " korreksjon " + itoa(int64(c.Number)),
		Subject: "Kreditnotaer og tilleggsfakturaer (credit notes and supplementary invoices)", Language: "nb-NO"}); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// writeCorrections writes the CSV's rows, in the CSV's order.
func writeCorrections(s *sheet, c correction.Correction) error {
	rows := c.Rows()
	s.row(1, headers(csvio.CorrectionHeader)...)
	for i, r := range rows {
		l := r.Change
		s.row(i+2, integer(int64(c.Year)), text(r.DocumentID), text(string(r.Kind)), text(r.Corrects), text(l.Number), text(l.Name),
			integer(int64(l.Quarter)), text(l.Solution), money(l.Issued), money(l.Corrected), money(l.Difference()))
	}
	return s.finish(len(rows)+1, true)
}

// writeDocuments writes one row per document, in the correction's order.
func writeDocuments(s *sheet, c correction.Correction) error {
	s.row(1, headers(documentsHeader)...)
	for i, d := range c.Documents {
		s.row(i+2, text(d.ID), text(string(d.Kind)), text(d.Corrects), text(d.Number), text(d.Name), money(d.Total()))
	}
	return s.finish(len(c.Documents)+1, true)
}

// headers makes a header row.
func headers(names []string) []cell {
	out := make([]cell, len(names))
	for i, h := range names {
		out[i] = header(h)
	}
	return out
}
