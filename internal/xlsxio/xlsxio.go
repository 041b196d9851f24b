// Package xlsxio writes a run as an Excel workbook for the finance officer,
// and reads it back for verify: its lines as CSV, its other sheets cell by
// cell (Compare). The sheets, in order:
//
//   - lines: the CSV's columns and rows, typed: numbers and ids as text,
//     year, quarter and population as integers, amounts as numbers shown
//     with two decimals;
//   - invoices: one row per municipality, with its amount per quarter;
//   - pools: one row per (solution, quarter) pool;
//   - reconciliation: the totals as values and, beside them, formulas that
//     recompute them from the lines sheet; the tariff, the inputs with
//     their SHA-256, the program and the rules.
//
// The same run gives the same bytes: the workbook holds no time unless the
// run was stamped, and then the stamp is its created time.
package xlsxio

import (
	"io"

	"github.com/xuri/excelize/v2"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/record"
)

// Sheet names, in the workbook's order.
const (
	SheetLines          = "lines"
	SheetInvoices       = "invoices"
	SheetPools          = "pools"
	SheetReconciliation = "reconciliation"
)

// Write writes allocation a as a workbook to w. meta says what made the
// run; it fills the reconciliation sheet and the document properties.
func Write(w io.Writer, a billing.Allocation, meta record.Run) error {
	rec, err := newOrigin(meta)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", SheetLines); err != nil {
		return err
	}
	for _, name := range []string{SheetInvoices, SheetPools, SheetReconciliation} {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	// Before any sheet is streamed: the active sheet is marked on every
	// sheet, which would read a streamed sheet back in.
	f.SetActiveSheet(0)
	// The lines sheet, which holds nine cells in ten, is streamed; the others
	// are written cell by cell, so that their text cells are shared strings
	// and their numbers keep every digit as written. Only one sheet is
	// streamed: excelize writes streamed sheets in a map's order, which
	// would make the bytes differ from run to run.
	sheets := []struct {
		write  func(*sheet, billing.Allocation, origin) error
		stream bool
	}{{writeLines, true}, {writeInvoices, false}, {writePools, false}, {writeReconciliation, false}}
	for i, x := range sheets {
		s := &sheet{f: f, name: f.GetSheetName(i), styles: st, stream: x.stream}
		if err := x.write(s, a, rec); err != nil {
			return err
		}
	}
	if err := setProperties(f, a, rec); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// setProperties sets the document properties. excelize's template carries
// a fixed created and modified time (2006); they are dropped, so that an
// unstamped workbook says nothing about when it was made, and a stamped
// one gives the stamp. formulas are recomputed when the file is opened,
// since the workbook stores none of their results.
func setProperties(f *excelize.File, a billing.Allocation, rec origin) error {
	f.Pkg.Delete("docProps/core.xml")
	year := itoa(int64(a.Tariff.Year))
	props := &excelize.DocProperties{
		Title:          "Digisos " + year,
		Subject:        "Fakturalinjer for drift og forvaltning av Digisos " + year + " (invoice lines)",
		Creator:        rec.program,
		LastModifiedBy: rec.program,
		Created:        rec.stamp,
		Modified:       rec.stamp,
		Language:       "nb-NO",
	}
	if err := f.SetDocProps(props); err != nil {
		return err
	}
	recalc := true
	return f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &recalc})
}
