package csvio

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/gocarina/gocsv"
)

// column describes one column a reader accepts.
type column struct {
	name     string   // canonical name, the gocsv tag
	aliases  []string // other accepted header names
	required bool
}

// table is a CSV file checked against its columns: a canonical header and
// rows with the file line each started on.
type table struct {
	file    string
	header  []string // canonical names, in file order
	rows    [][]string
	lines   []int // lines[i] is the line rows[i] starts on
	present map[string]int
	// emptyRows are the lines of rows whose cells were all empty; notes
	// say what was skipped or converted, for the summary.
	emptyRows []int
	notes     []string
}

func (t *table) blankColumns() int {
	n := 0
	for _, h := range t.header {
		if h == "" {
			n++
		}
	}
	return n
}

// lineList writes lines as "line 3" or "lines 9, 10, 11" (at most five).
func lineList(lines []int) string {
	var s []string
	for i, l := range lines {
		if i == 5 {
			s = append(s, "…")
			break
		}
		s = append(s, strconv.Itoa(l))
	}
	if len(lines) == 1 {
		return "line " + s[0]
	}
	return "lines " + strings.Join(s, ", ")
}

// col returns the 1-based position of column name, 0 when absent.
func (t *table) col(name string) int {
	if i, ok := t.present[name]; ok {
		return i + 1
	}
	return 0
}

// readTable reads data, decoded by decodeText, as CSV: comma- or
// semicolon-separated (whichever the header line has more of, outside
// quotes, or as Excel's "sep=;" first line says), cells quoted or not. It
// checks the header against cols: every header must be a known column or
// alias (case and surrounding spaces do not matter), none twice, every
// required one present; every row must have as many fields as the header,
// and every cell be text (checkCell). What spreadsheets leave behind is
// skipped and noted: rows whose cells are all empty, and columns without a
// name whose cells are all empty. All problems found are returned.
func readTable(data []byte, file string, cols []column) (*table, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, Errors{errorf(file, 1, 0, "the file is empty: expected a header row (%s)", names(cols))}
	}
	t := &table{file: file, present: map[string]int{}}
	r, skip := t.csvReader(data)
	errs := t.readRecords(r, skip, cols)
	errs = append(errs, t.checkUnnamedColumns()...)
	if len(errs) > 0 {
		return nil, errs
	}
	t.addNotes()
	if len(t.rows) == 0 {
		return nil, Errors{errorf(file, 1+skip, 0, "the file has a header but no rows")}
	}
	return t, nil
}

// csvReader returns a reader of data's CSV, and the lines before it: one
// when the file starts with Excel's "sep=;" line, which names the separator.
func (t *table) csvReader(data []byte) (*csv.Reader, int) {
	skip := 0
	comma := delimiter(data)
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	if sep, ok := bytes.CutPrefix(bytes.ToLower(bytes.TrimSpace(first)), []byte("sep=")); ok && len(sep) == 1 {
		comma, data, skip = rune(sep[0]), rest, 1
		t.notes = append(t.notes, fmt.Sprintf("Excel's first line %q read as the separator", first))
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = comma
	r.FieldsPerRecord = -1
	return r, skip
}

// readRecords reads the header and the rows; skip lines stand before the
// CSV part of the file.
func (t *table) readRecords(r *csv.Reader, skip int, cols []column) Errors {
	var errs Errors
	first := true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return errs
		}
		if err != nil {
			return append(errs, readError(t.file, skip, err))
		}
		line, _ := r.FieldPos(0)
		line += skip
		bad := t.checkCells(rec, line)
		errs = append(errs, bad...)
		if first {
			first = false
			errs = append(errs, t.setHeader(rec, line, cols)...)
			continue
		}
		if len(bad) > 0 {
			continue
		}
		if err := t.addRow(rec, line); err != nil {
			errs = append(errs, err)
		}
	}
}

// checkCells returns an error for each cell of rec that checkCell refuses.
func (t *table) checkCells(rec []string, line int) Errors {
	var errs Errors
	for i, c := range rec {
		if err := checkCell(c); err != nil {
			errs = append(errs, &Error{File: t.file, Line: line, Column: i + 1, Err: err})
		}
	}
	return errs
}

// addRow trims rec's cells and keeps it, or notes it as empty.
func (t *table) addRow(rec []string, line int) *Error {
	empty := true
	for i := range rec {
		if c := strings.TrimSpace(rec[i]); len(c) != len(rec[i]) {
			rec[i] = c // only when it changes: a write costs more while the GC runs
		}
		empty = empty && rec[i] == ""
	}
	if empty {
		t.emptyRows = append(t.emptyRows, line)
		return nil
	}
	if len(rec) != len(t.header) {
		return errorf(t.file, line, 0, "the row has %d fields, the header has %d", len(rec), len(t.header))
	}
	t.rows = append(t.rows, rec)
	t.lines = append(t.lines, line)
	return nil
}

// checkUnnamedColumns returns an error for each column without a name that
// holds a value.
func (t *table) checkUnnamedColumns() Errors {
	var errs Errors
	for i, h := range t.header {
		if h != "" {
			continue
		}
		for j, row := range t.rows {
			if row[i] != "" {
				errs = append(errs, errorf(t.file, t.lines[j], i+1, "%s is in a column without a name: name the column or clear it", quote(row[i])))
				break
			}
		}
	}
	return errs
}

func (t *table) addNotes() {
	if n := len(t.emptyRows); n > 0 {
		t.notes = append(t.notes, fmt.Sprintf("%d empty rows skipped (%s)", n, lineList(t.emptyRows)))
	}
	if n := t.blankColumns(); n > 0 {
		t.notes = append(t.notes, fmt.Sprintf("%d empty columns without a name ignored", n))
	}
}

func (t *table) setHeader(rec []string, line int, cols []column) Errors {
	var errs Errors
	t.header = make([]string, len(rec))
	for i, h := range rec {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "" {
			continue // a column without a name: allowed while its cells are empty
		}
		c := lookup(cols, h)
		if c == nil {
			t.header[i] = "?" + h // not blank: its cells are not checked
			errs = append(errs, errorf(t.file, line, i+1, "unknown column %s: the columns are %s", quote(rec[i]), names(cols)))
			continue
		}
		if j, dup := t.present[c.name]; dup {
			t.header[i] = "?" + h
			errs = append(errs, errorf(t.file, line, i+1, "column %s repeats column %d (%s)", quote(rec[i]), j+1, c.name))
			continue
		}
		t.present[c.name] = i
		t.header[i] = c.name
	}
	for _, c := range cols {
		if _, ok := t.present[c.name]; c.required && !ok {
			errs = append(errs, errorf(t.file, line, 0, "missing required column %q", c.name))
		}
	}
	return errs
}

func lookup(cols []column, h string) *column {
	for i, c := range cols {
		if h == c.name || slices.Contains(c.aliases, h) {
			return &cols[i]
		}
	}
	return nil
}

func names(cols []column) string {
	var s []string
	for _, c := range cols {
		n := c.name
		if len(c.aliases) > 0 {
			n += " (or " + strings.Join(c.aliases, ", ") + ")"
		}
		s = append(s, n)
	}
	return strings.Join(s, ", ")
}

// delimiter picks ';' when the header line has more semicolons than commas
// outside quotes, else ','.
func delimiter(data []byte) rune {
	commas, semis, quoted := 0, 0, false
	for _, c := range data {
		switch {
		case c == '"':
			quoted = !quoted
		case c == '\n' && !quoted:
			if semis > commas {
				return ';'
			}
			return ','
		case c == ',' && !quoted:
			commas++
		case c == ';' && !quoted:
			semis++
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

// decode maps the table's rows onto structs with gocsv, by the canonical
// header. gocsv runs in strict mode: a struct tag without a column, or a
// column named twice, is an error, never a silently empty field.
func decode[T any](t *table) ([]T, error) {
	strictOnce.Do(func() {
		gocsv.FailIfUnmatchedStructTags = true
		gocsv.FailIfDoubleHeaderNames = true
	})
	var out []T
	// Columns without a name (checked to be empty) are left out.
	keep := make([]int, 0, len(t.header))
	for i, h := range t.header {
		if h != "" {
			keep = append(keep, i)
		}
	}
	pick := func(row []string) []string {
		if len(keep) == len(row) {
			return row
		}
		out := make([]string, len(keep))
		for k, i := range keep {
			out[k] = row[i]
		}
		return out
	}
	recs := make([][]string, 0, len(t.rows)+1)
	recs = append(recs, pick(t.header))
	for _, row := range t.rows {
		recs = append(recs, pick(row))
	}
	if err := gocsv.UnmarshalDecoder(rowsDecoder(recs), &out); err != nil {
		return nil, Errors{errorf(t.file, 1, 0, "%v", err)}
	}
	return out, nil
}

var strictOnce sync.Once

// rowsDecoder hands gocsv records that readTable has already read and checked.
type rowsDecoder [][]string

// GetCSVRows returns the records, header first, as gocsv asks.
func (d rowsDecoder) GetCSVRows() ([][]string, error) { return d, nil }
