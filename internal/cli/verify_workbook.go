package cli

import (
	"bytes"
	"path/filepath"

	"digisos-invoice/internal/record"
	"digisos-invoice/internal/xlsxio"
)

// verifyWorkbook compares an issued workbook with the one calculate writes
// for r: its lines sheet column by column, as verifyLines does for a CSV,
// and every cell of the other sheets (invoices, pools, reconciliation),
// formulas as formulas. The program that made the run and its stamp are
// reported, not counted. With a manifest, the bytes are compared as well.
func verifyWorkbook(path string, data []byte, r *run) (*verified, error) {
	name := filepath.Base(path)
	table, err := xlsxio.LinesCSV(bytes.NewReader(data), name)
	if err != nil {
		return nil, failure(err)
	}
	v, err := verifyLines(path, table, r)
	if err != nil {
		return nil, err
	}
	fresh, err := xlsxRenderer{}.render(r)
	if err != nil {
		return nil, err
	}
	if err := xlsxio.Compare(&v.report, name, data, fresh.data); err != nil {
		return nil, failure(err)
	}
	v.data, v.freshData = data, fresh.data
	v.now = &record.Output{Name: name, Format: "xlsx", SHA256: record.Hash(data)}
	v.fresh = &record.Output{Name: name, Format: "xlsx", SHA256: record.Hash(fresh.data)}
	return v, nil
}
