package csvio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

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
}

// col returns the 1-based position of column name, 0 when absent.
func (t *table) col(name string) int {
	if i, ok := t.present[name]; ok {
		return i + 1
	}
	return 0
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// readTable reads data as CSV: UTF-8 with or without a byte-order mark,
// comma- or semicolon-separated (whichever the header line has more of,
// outside quotes), LF or CRLF. It checks the header against cols: every
// header must be a known column or alias (case and surrounding spaces do
// not matter), none twice, every required one present; and every row must
// have as many fields as the header. All problems found are returned.
func readTable(data []byte, file string, cols []column) (*table, error) {
	data = bytes.TrimPrefix(data, bom)
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, Errors{errorf(file, 1, 0, "the file is empty: expected a header row (%s)", names(cols))}
	}
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalid(data)], []byte("\n"))
		return nil, Errors{errorf(file, line, 0, "not valid UTF-8: save the file as UTF-8 (CSV UTF-8 in Excel)")}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = delimiter(data)
	r.FieldsPerRecord = -1
	t := &table{file: file, present: map[string]int{}}
	var errs Errors
	first := true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				errs = append(errs, errorf(file, pe.Line, 0, "%v", pe.Err))
			} else {
				errs = append(errs, errorf(file, 0, 0, "%v", err))
			}
			return nil, errs
		}
		line, _ := r.FieldPos(0)
		if first {
			first = false
			errs = append(errs, t.setHeader(rec, line, cols)...)
			continue
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if len(rec) != len(t.header) {
			errs = append(errs, errorf(file, line, 0, "the row has %d fields, the header has %d", len(rec), len(t.header)))
			continue
		}
		t.rows = append(t.rows, rec)
		t.lines = append(t.lines, line)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(t.rows) == 0 {
		return nil, Errors{errorf(file, 1, 0, "the file has a header but no rows")}
	}
	return t, nil
}

func (t *table) setHeader(rec []string, line int, cols []column) Errors {
	var errs Errors
	t.header = make([]string, len(rec))
	for i, h := range rec {
		h = strings.ToLower(strings.TrimSpace(h))
		c := lookup(cols, h)
		if c == nil {
			msg := "unknown column %q: the columns are %s"
			if h == "" {
				msg = "empty column name%.0q: the columns are %s"
			}
			errs = append(errs, errorf(t.file, line, i+1, msg, rec[i], names(cols)))
			continue
		}
		if j, dup := t.present[c.name]; dup {
			errs = append(errs, errorf(t.file, line, i+1, "column %q repeats column %d (%s)", rec[i], j+1, c.name))
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

func firstInvalid(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
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
	recs := make([][]string, 0, len(t.rows)+1)
	recs = append(recs, t.header)
	recs = append(recs, t.rows...)
	if err := gocsv.UnmarshalDecoder(rowsDecoder(recs), &out); err != nil {
		return nil, Errors{errorf(t.file, 1, 0, "%v", err)}
	}
	return out, nil
}

var strictOnce sync.Once

// rowsDecoder hands gocsv records that readTable has already read and checked.
type rowsDecoder [][]string

func (d rowsDecoder) GetCSVRows() ([][]string, error) { return d, nil }
