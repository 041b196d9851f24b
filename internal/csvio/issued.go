package csvio

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"digisos-invoice/internal/audit"
)

// ReadIssuedLines reads a lines CSV as issued, for verify: every cell as
// written (a name keeps the ' that Defuse put before it), with its line and
// column, in a tree of rows whose cells are in LinesHeader order. The
// header must hold every column of LinesHeader once and nothing else.
//
// What calculate does not write but that states the same lines is
// accepted and returned as notes: a byte-order mark, CRLF line ends,
// CR line ends (an old Mac's), semicolons, quotes around cells, empty lines, no line end after the last
// line, the columns in another order.
func ReadIssuedLines(data []byte, file string) (*audit.Node, []string, error) {
	var notes []string
	if bytes.HasPrefix(data, bom) {
		notes = append(notes, file+" starts with a byte-order mark")
		data = data[len(bom):]
	}
	if lf, ok := crToLF(data); ok {
		notes = append(notes, file+": lines end in CR; calculate writes LF")
		data = lf
	}
	if !utf8.Valid(data) {
		line, col, b := invalidUTF8(data)
		return nil, nil, Errors{errorf(file, line, col, "not valid UTF-8 (the byte 0x%02X): calculate writes lines in UTF-8", b)}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, Errors{errorf(file, 1, 0, "the file is empty: expected the header %s", strings.Join(LinesHeader, ","))}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = delimiter(data)
	r.FieldsPerRecord = -1
	var records [][]string
	var lines [][]int // per record: the line and column of each field
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, Errors{readError(file, 0, err)}
		}
		pos := make([]int, 2*len(rec))
		for i := range rec {
			pos[2*i], pos[2*i+1] = r.FieldPos(i)
		}
		records, lines = append(records, rec), append(lines, pos)
	}
	order, err := issuedHeader(records[0], file, lines[0][0])
	if err != nil {
		return nil, nil, err
	}
	root := &audit.Node{Kind: audit.Array}
	var errs Errors
	for k, rec := range records[1:] {
		pos := lines[k+1]
		if len(rec) != len(LinesHeader) {
			errs = append(errs, errorf(file, pos[0], 0, "the row has %d fields, the header has %d", len(rec), len(LinesHeader)))
			continue
		}
		row := &audit.Node{Kind: audit.Object, Line: pos[0]}
		for _, i := range order {
			cell := &audit.Node{Kind: audit.Leaf, Value: rec[i], Line: pos[2*i], Col: i + 1}
			row.Fields = append(row.Fields, audit.Field{Name: LinesHeader[len(row.Fields)], Node: cell})
		}
		root.Items = append(root.Items, row)
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	return root, append(notes, formNotes(data, records, r.Comma, file, order)...), nil
}

// issuedHeader checks the header and returns, for each column of
// LinesHeader, its index in the file.
func issuedHeader(header []string, file string, line int) ([]int, error) {
	order := make([]int, len(LinesHeader))
	for i := range order {
		order[i] = -1
	}
	var errs Errors
	for i, h := range header {
		j := indexOf(LinesHeader, h)
		switch {
		case j < 0:
			errs = append(errs, errorf(file, line, i+1, "unknown column %q: calculate writes the columns %s", h, strings.Join(LinesHeader, ",")))
		case order[j] >= 0:
			errs = append(errs, errorf(file, line, i+1, "column %q repeats column %d", h, order[j]+1))
		default:
			order[j] = i
		}
	}
	for j, i := range order {
		if i < 0 {
			errs = append(errs, errorf(file, line, 0, "missing column %q", LinesHeader[j]))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return order, nil
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// formNotes says how data, which reads as records, is written otherwise
// than calculate writes it.
func formNotes(data []byte, records [][]string, comma rune, file string, order []int) []string {
	var notes []string
	for i, j := range order {
		if i != j {
			notes = append(notes, file+": the columns are in another order than calculate writes")
			break
		}
	}
	if comma != ',' {
		notes = append(notes, fmt.Sprintf("%s: cells are separated by %q; calculate writes ','", file, comma))
	}
	if bytes.Contains(data, []byte("\r\n")) {
		notes = append(notes, file+": lines end in CRLF; calculate writes LF")
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	if !strings.HasSuffix(text, "\n") {
		notes = append(notes, file+": the last line has no line end")
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if empty := len(lines) - len(slices.DeleteFunc(lines, func(l string) bool { return l == "" })); empty > 0 {
		notes = append(notes, fmt.Sprintf("%s: %s, which calculate does not write", file, audit.Plural(empty, "empty line")))
	}
	var canon bytes.Buffer
	w := csv.NewWriter(&canon)
	w.Comma = comma
	_ = w.WriteAll(records) // into a buffer: cannot fail
	if strings.Count(text, `"`) > strings.Count(canon.String(), `"`) {
		notes = append(notes, file+": cells are in quotes that calculate does not write")
	}
	return notes
}

// crToLF returns data with every CR that ends a line by itself (not
// before an LF) made an LF, which keeps every byte's offset, and whether
// there was one.
func crToLF(data []byte) ([]byte, bool) {
	var out []byte
	for i, c := range data {
		if c == '\r' && (i+1 == len(data) || data[i+1] != '\n') {
			if out == nil {
				out = slices.Clone(data)
			}
			out[i] = '\n'
		}
	}
	return out, out != nil
}
