package xlsxio

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

// rezip returns the workbook data with its parts changed by edit (a part
// edit returns nil for is dropped) and the parts of extra added.
func rezip(t *testing.T, data []byte, edit func(name string, part []byte) []byte, extra map[string][]byte) []byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	put := func(name string, part []byte) {
		pw, err := w.Create(name)
		if err == nil {
			_, err = pw.Write(part)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range z.File {
		r, err := p.Open()
		if err != nil {
			t.Fatal(err)
		}
		part, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		if part = edit(p.Name, part); part != nil {
			put(p.Name, part)
		}
	}
	for name, part := range extra {
		put(name, part)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestReadLimits: a workbook whose parts would unpack to more than the
// limits (one part, such as a shared string of 250 MB; all parts
// together; too many parts) is refused by every reader before excelize
// unpacks it, and the limits hold the workbook calculate writes.
func TestReadLimits(t *testing.T) {
	a, meta := allocate(t, sample, 2020)
	good := write(t, a, meta)
	same := func(_ string, p []byte) []byte { return p }
	huge := func(name string, p []byte) []byte {
		if name == "xl/sharedStrings.xml" {
			s := string(p)
			i := strings.Index(s, "<t>") + len("<t>")
			return []byte(s[:i] + strings.Repeat("x", MaxPart) + s[i:])
		}
		return p
	}
	many := map[string][]byte{}
	for i := range MaxParts {
		many["xl/media/x"+itoa(int64(i))] = nil
	}
	half := map[string][]byte{}
	for i := range MaxUnzipped / MaxPart {
		half["xl/media/big"+itoa(int64(i))] = make([]byte, MaxPart)
	}
	cases := map[string][]byte{
		"a large shared string":    rezip(t, good, huge, nil),
		"too many parts":           rezip(t, good, same, many),
		"parts too large in total": rezip(t, good, same, half),
	}
	for name, data := range cases {
		if len(data) > 1<<20 {
			t.Fatalf("%s: the test workbook is %d bytes, want a small file that unpacks large", name, len(data))
		}
		for reader, read := range map[string]func() error{
			"ReadLines": func() error { _, err := ReadLines(bytes.NewReader(data), "w.xlsx"); return err },
			"LinesCSV":  func() error { _, err := LinesCSV(bytes.NewReader(data), "w.xlsx"); return err },
			"Sheets":    func() error { _, err := Sheets(bytes.NewReader(data), "w.xlsx"); return err },
		} {
			if err := read(); err == nil || !strings.Contains(err.Error(), "w.xlsx: not a workbook that calculate --format xlsx wrote: ") || !strings.Contains(err.Error(), "more than") {
				t.Errorf("%s of a workbook with %s: %v, want the limit", reader, name, err)
			}
		}
	}
	if _, err := ReadLines(bytes.NewReader(rezip(t, good, same, nil)), "w.xlsx"); err != nil {
		t.Errorf("ReadLines of the workbook calculate writes: %v", err)
	}
}
