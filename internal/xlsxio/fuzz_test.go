package xlsxio

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"digisos-invoice/internal/csvio"
)

// FuzzReadLines checks that the readers of an issued workbook never
// panic, and return lines or an error. Mutating a zip file's bytes mostly
// breaks its checksums, and a whole workbook is slow to minimize, so the
// fuzzer mutates the two parts that hold the lines, the lines sheet and
// the shared strings, as XML; the target puts them, stored without
// compression, into the other parts of a one-municipality workbook that
// calculate wrote, opens it once (within the limits) and reads it as
// verify does: the lines, the lines as CSV, and how every cell is stored.
func FuzzReadLines(f *testing.F) {
	parts := fuzzParts(f)
	sheet, sharedStrings := fuzzSeed(f, parts)
	f.Add(sheet, sharedStrings)
	f.Add([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row><c t="str"><f t="shared" si="0"/><v>1</v></c><c r="C2" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>`),
		[]byte(`<sst><si><t>year</t></si></sst>`))
	f.Fuzz(func(t *testing.T, sheet, sharedStrings []byte) {
		x, z, err := open(bytes.NewReader(fuzzWorkbook(t, parts, sheet, sharedStrings)), "f.xlsx")
		if err != nil {
			return
		}
		defer x.Close()
		if lines, err := readLines(x, "f.xlsx"); err != nil && lines != nil {
			t.Fatal("lines and an error")
		}
		if table, err := linesCSV(x, "f.xlsx"); err != nil && table != nil {
			t.Fatal("a table and an error")
		}
		if cells, err := forms(z); err != nil && cells != nil {
			t.Fatal("forms and an error")
		}
	})
}

// fuzzParts returns the parts of the workbook calculate writes for one
// municipality that verify reads (not the styles, which take as long to
// open as the rest).
func fuzzParts(f *testing.F) map[string][]byte {
	in := filepath.Join(f.TempDir(), "one.csv")
	if err := os.WriteFile(in, []byte("municipality_number,municipality_name,population\n0301,Oslo,693494\n"), 0o644); err != nil {
		f.Fatal(err)
	}
	a, meta := allocate(f, in, 2020)
	data := write(f, a, meta)
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		f.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, p := range z.File {
		r, err := p.Open()
		if err != nil {
			f.Fatal(err)
		}
		if parts[p.Name], err = io.ReadAll(r); err != nil {
			f.Fatal(err)
		}
	}
	return parts
}

// fuzzSeed returns the header and the first line of the lines sheet of
// parts, and the shared strings they use: a lines sheet of 2 rows, in
// XML without the parts that do not hold values.
func fuzzSeed(f *testing.F, parts map[string][]byte) (sheet, sharedStrings []byte) {
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	rows := regexp.MustCompile(`<row r="[12]".*?</row>`).FindAll(parts["xl/worksheets/sheet1.xml"], -1)
	strs := regexp.MustCompile(`<si>.*?</si>`).FindAll(parts["xl/sharedStrings.xml"], len(csvio.LinesHeader)+4)
	if len(rows) != 2 || len(strs) != len(csvio.LinesHeader)+4 {
		f.Fatalf("the workbook has %d rows 1-2 and %d shared strings", len(rows), len(strs))
	}
	sheet = []byte("<worksheet " + ns + "><sheetData>" + string(bytes.Join(rows, nil)) + "</sheetData></worksheet>")
	sharedStrings = []byte("<sst " + ns + ">" + string(bytes.Join(strs, nil)) + "</sst>")
	if _, err := ReadLines(bytes.NewReader(fuzzWorkbook(f, parts, sheet, sharedStrings)), "seed.xlsx"); err != nil {
		f.Fatalf("the seed: %v", err)
	}
	return sheet, sharedStrings
}

// fuzzWorkbook returns the workbook of parts with the lines sheet and the
// shared strings given, every part stored without compression.
func fuzzWorkbook(t testing.TB, parts map[string][]byte, sheet, sharedStrings []byte) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
		"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"} {
		part := parts[name]
		switch name {
		case "xl/worksheets/sheet1.xml":
			part = sheet
		case "xl/sharedStrings.xml":
			part = sharedStrings
		}
		pw, err := w.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err == nil {
			_, err = pw.Write(part)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
