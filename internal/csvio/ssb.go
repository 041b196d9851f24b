package csvio

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"digisos-invoice/internal/billing"
)

// ssbHeader finds the header line of an SSB StatBank export: the first
// line whose first cell is "region". Title lines and blank lines may stand
// before it. It returns the byte offset of that line.
func ssbHeader(data []byte) (int, bool) {
	off := 0
	if bytes.HasPrefix(data, bom) {
		off = len(bom)
	}
	data = data[off:]
	for n := 0; n < 10 && len(data) > 0; n++ {
		line, rest, _ := bytes.Cut(data, []byte("\n"))
		first := strings.ToLower(strings.Trim(strings.TrimSpace(string(line)), "\""))
		for _, sep := range []string{"\"", "\t", ";", ","} {
			if strings.HasPrefix(first, "region"+sep) {
				return off, true
			}
		}
		off += len(line) + 1
		data = rest
	}
	return 0, false
}

// ssbYearDimensions are the columns of a 07459 export that say which year
// and which measure a value is; they must hold one value each.
var ssbYearDimensions = []string{"contents", "statistikkvariabel", "year", "år", "ar", "time", "tid"}

// ssbDimensions are the columns that split a region's population (by age,
// sex); every other column holds values.
var ssbDimensions = []string{"age", "alder", "sex", "kjønn", "kjonn"}

// ssbTotals are the labels SSB gives a row that is the total of the others
// of its dimension: summed beside them, it would count people twice.
var ssbTotals = []string{"total", "totalt", "i alt", "all ages", "alle aldre", "alder i alt", "both sexes", "begge kjønn", "begge kjonn"}

// ssbRegion matches a region label: "K-0301 Oslo" or "0301 Oslo".
var ssbRegion = regexp.MustCompile(`^(?:K-)?([0-9]{4}) (.+)$`)

// yearIn finds a four-digit year in a header or cell: "Persons 2021".
var yearIn = regexp.MustCompile(`\b(1[89][0-9]{2}|2[0-9]{3})\b`)

// ssbExport is an SSB StatBank export being read: its columns, and the
// regions summed so far, with what is needed to name a place in errors.
type ssbExport struct {
	file      string
	headLines int // lines before the header
	header    []string
	region    int   // the region column
	value     int   // the value column
	dims      []int // columns that split a region: age, sex
	yearCols  []int // columns that must hold one value: year, contents
	yearVals  map[int]string
	regions   map[string]*ssbRegionSum
	order     []string         // region labels, first seen first
	rows      map[string]int   // region and dimension values → line
	totals    map[string][]int // region and dimension → line of a total row, line of a part
	year      ssbYear
	errs      Errors
}

type ssbRegionSum struct {
	pop  int64
	line int // the first line of the region
}

// ssbYear is the year an export says it counts, and where it says so.
type ssbYear struct {
	year      int
	line, col int
	text      string
}

// readSSB reads an SSB StatBank export of table 07459 exactly as
// downloaded: UTF-8 or, as SSB writes it, ISO-8859-1 (read as such when
// the bytes are not UTF-8 and no encoding was given, and said in the
// notes); title lines before the header; tab-, semicolon- or
// comma-separated; a region column with labels like "K-0301 Oslo"; any
// columns splitting the population (age, sex); one value column. A
// region's rows are summed, each distinct (region, age, sex) once: a
// repeated row, or a total row beside its parts, is an error. Regions that
// are not municipalities ("K-23 Continental shelf") are skipped and noted
// when their population is 0, and are an error otherwise. The year the
// export states ("Persons 2021", or a year column) is kept for CheckDate.
func readSSB(raw []byte, file string, opts Options) (*Population, error) {
	enc, ssbNote := opts.Encoding, ""
	if enc == "" {
		enc, ssbNote = "iso-8859-1", "read as ISO-8859-1, the encoding of SSB's downloads (the bytes are not UTF-8)"
	}
	data, notes, err := decodeText(raw, file, enc)
	if err != nil {
		return nil, err
	}
	if ssbNote != "" && slices.Contains(notes, "read as ISO-8859-1") {
		notes[slices.Index(notes, "read as ISO-8859-1")] = ssbNote
	}
	if !opts.explicit() {
		notes = slices.DeleteFunc(notes, func(n string) bool { return strings.HasPrefix(n, "read as UTF-8, which") })
	}
	start, _ := ssbHeader(data)
	s := &ssbExport{file: file, headLines: bytes.Count(data[:start], []byte("\n")),
		regions: map[string]*ssbRegionSum{}, rows: map[string]int{}, totals: map[string][]int{}, yearVals: map[int]string{}}
	if s.headLines > 0 {
		notes = append(notes, fmt.Sprintf("%d title lines before the header skipped", s.headLines))
	}
	r := csv.NewReader(bytes.NewReader(data[start:]))
	r.Comma = ssbDelimiter(data[start:])
	r.FieldsPerRecord = -1
	if err := s.readHeader(r); err != nil {
		return nil, err
	}
	s.readRows(r)
	p := s.population()
	if len(s.errs) > 0 {
		slices.SortStableFunc(s.errs, func(a, b *Error) int { return cmp.Compare(a.Line, b.Line) })
		return nil, s.errs
	}
	p.Notes = append(notes, p.Notes...)
	return p, nil
}

// explicit reports whether the encoding was named by the user.
func (o Options) explicit() bool { return o.Encoding != "" }

// readHeader reads the header and finds the region, value and dimension
// columns.
func (s *ssbExport) readHeader(r *csv.Reader) error {
	header, err := r.Read()
	line := s.headLines + 1
	if err != nil {
		return Errors{readError(s.file, s.headLines, err)}
	}
	s.header, s.region, s.value = header, -1, -1
	for i, h := range header {
		if err := checkCell(h); err != nil {
			s.errs = append(s.errs, &Error{File: s.file, Line: line, Column: i + 1, Err: err})
			continue
		}
		h = strings.ToLower(strings.TrimSpace(h))
		switch {
		case h == "region" && s.region < 0:
			s.region = i
		case slices.Contains(ssbDimensions, h):
			s.dims = append(s.dims, i)
		case slices.Contains(ssbYearDimensions, h):
			s.yearCols = append(s.yearCols, i)
		case s.value >= 0:
			s.errs = append(s.errs, errorf(s.file, line, i+1, "a second value column %s (the first is %s): download one year and one measure (persons)", quote(header[i]), quote(header[s.value])))
		default:
			s.value = i
			s.noteYear(header[i], line, i+1)
		}
	}
	if s.region < 0 {
		s.errs = append(s.errs, errorf(s.file, line, 0, "no column named region: the export must hold regions (\"K-0301 Oslo\")"))
	}
	if s.value < 0 {
		s.errs = append(s.errs, errorf(s.file, line, 0, "no value column: the export must hold the population (\"Persons 2020\")"))
	}
	if len(s.errs) > 0 {
		return s.errs
	}
	return nil
}

// noteYear keeps the year that text (a header or a year cell) states.
func (s *ssbExport) noteYear(text string, line, col int) {
	m := yearIn.FindStringSubmatch(text)
	if m == nil || s.year.year != 0 {
		return
	}
	y, _ := strconv.Atoi(m[1])
	s.year = ssbYear{year: y, line: line, col: col, text: text}
}

// readRows reads every row, summing each region's population.
func (s *ssbExport) readRows(r *csv.Reader) {
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			s.errs = append(s.errs, readError(s.file, s.headLines, err))
			return
		}
		lineInData, _ := r.FieldPos(0)
		line := s.headLines + lineInData
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(s.header) {
			s.errs = append(s.errs, errorf(s.file, line, 0, "the row has %d fields, the header has %d", len(rec), len(s.header)))
			continue
		}
		s.readRow(rec, line)
	}
}

// readRow adds one row to its region, after checking it is text, a
// distinct (region, age, sex), of the one year, with a valid value.
func (s *ssbExport) readRow(rec []string, line int) {
	for i := range rec {
		if err := checkCell(rec[i]); err != nil {
			s.errs = append(s.errs, &Error{File: s.file, Line: line, Column: i + 1, Err: err})
			return
		}
		rec[i] = strings.TrimSpace(rec[i])
	}
	label := rec[s.region]
	if !s.oneYear(rec, line) || !s.distinct(rec, label, line) {
		return
	}
	n, err := ssbValue(rec[s.value])
	if err != nil {
		s.errs = append(s.errs, errorf(s.file, line, s.value+1, "%s %v", s.header[s.value], err))
		return
	}
	reg, ok := s.regions[label]
	if !ok {
		reg = &ssbRegionSum{line: line}
		s.regions[label] = reg
		s.order = append(s.order, label)
	}
	reg.pop += n
	if reg.pop > billing.MaxPopulation {
		s.errs = append(s.errs, errorf(s.file, line, s.value+1, "region %s sums to more than %d", quote(label), billing.MaxPopulation))
		reg.pop = 0
	}
}

// ssbValue reads a value cell: a whole number, or one of SSB's marks for a
// value that is missing.
func ssbValue(v string) (int64, error) {
	if v != "" && strings.Trim(v, ".:-") == "" {
		return 0, fmt.Errorf("%s: SSB marks the value as missing or confidential; download the table again or fill it in", quote(v))
	}
	return billing.ParsePopulation(v)
}

// distinct records the row's (region, dimensions) and says whether it is
// the first such row, and no total beside its parts.
func (s *ssbExport) distinct(rec []string, label string, line int) bool {
	key := label
	for _, d := range s.dims {
		key += "\x00" + strings.ToLower(rec[d])
	}
	if prev, dup := s.rows[key]; dup {
		s.errs = append(s.errs, errorf(s.file, line, s.region+1, "the row repeats line %d (%s): each region, age and sex once, or its people are counted twice", prev, s.describe(rec)))
		return false
	}
	s.rows[key] = line
	for _, d := range s.dims {
		k := label + "\x00" + strconv.Itoa(d)
		seen := s.totals[k]
		if seen == nil {
			seen = []int{0, 0, 0} // the line of a total row, of a part row; 1 once said
			s.totals[k] = seen
		}
		isTotal := slices.Contains(ssbTotals, strings.ToLower(rec[d]))
		mine, other := 1, 0
		if isTotal {
			mine, other = 0, 1
		}
		if seen[mine] == 0 {
			seen[mine] = line
		}
		if seen[other] != 0 && seen[2] == 1 {
			return false // said once for the region
		}
		if seen[other] != 0 {
			seen[2] = 1
			total, part := seen[0], seen[1]
			s.errs = append(s.errs, errorf(s.file, line, d+1, "region %s has a total row %s (line %d) beside rows it totals (line %d): download either the total or its parts, or its people are counted twice",
				quote(label), quote(s.header[d]), total, part))
			return false
		}
	}
	return true
}

func (s *ssbExport) describe(rec []string) string {
	parts := []string{quote(rec[s.region])}
	for _, d := range s.dims {
		parts = append(parts, quote(rec[d]))
	}
	return strings.Join(parts, ", ")
}

// oneYear checks that the year and contents columns hold one value each in
// the whole export, and keeps the year they state.
func (s *ssbExport) oneYear(rec []string, line int) bool {
	for _, c := range s.yearCols {
		v := rec[c]
		first, ok := s.yearVals[c]
		if !ok {
			s.yearVals[c] = v
			s.noteYear(v, line, c+1)
			continue
		}
		if !strings.EqualFold(first, v) {
			s.errs = append(s.errs, errorf(s.file, line, c+1, "%s %s differs from %s above: download one year and one measure, or their values are summed",
				s.header[c], quote(v), quote(first)))
			return false
		}
	}
	return true
}

// population makes the table from the regions summed, in number order.
func (s *ssbExport) population() *Population {
	p := &Population{File: s.file, Year: s.year.year, ssb: true}
	if y := s.year; y.year != 0 { // "Persons 2021": the population on 1 January 2021
		p.date = stated{date: time.Date(y.year, 1, 1, 0, 0, 0, 0, time.UTC), line: y.line, col: y.col, text: y.text, ssb: true}
	}
	seen := map[string]string{}
	var nonMunicipal []string
	for _, label := range s.order {
		reg := s.regions[label]
		m := ssbRegion.FindStringSubmatch(label)
		if m == nil {
			if reg.pop != 0 {
				s.errs = append(s.errs, errorf(s.file, reg.line, s.region+1, "region %s is not a municipality (no 4-digit number) but has %d inhabitants", quote(label), reg.pop))
				continue
			}
			nonMunicipal = append(nonMunicipal, label)
			continue
		}
		if _, err := billing.ParseMunicipalityNumber(m[1]); err != nil {
			s.errs = append(s.errs, errorf(s.file, reg.line, s.region+1, "region %s: %v", quote(label), err))
			continue
		}
		if other, dup := seen[m[1]]; dup {
			s.errs = append(s.errs, errorf(s.file, reg.line, s.region+1, "regions %s and %s have the same number", quote(other), quote(label)))
			continue
		}
		seen[m[1]] = label
		p.Rows = append(p.Rows, PopulationRow{Number: m[1], Name: strings.TrimSpace(m[2]), Population: reg.pop, Line: reg.line})
	}
	if len(p.Rows) == 0 && len(s.errs) == 0 {
		s.errs = append(s.errs, errorf(s.file, s.headLines+1, 0, "the export holds no municipality (regions like \"K-0301 Oslo\")"))
	}
	slices.SortFunc(p.Rows, func(a, b PopulationRow) int { return cmp.Compare(a.Number, b.Number) })
	p.Notes = append(p.Notes, fmt.Sprintf("SSB export: %d %s summed over their rows", len(s.order), plural(len(s.order), "region", "regions")))
	if len(nonMunicipal) > 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("%d %s that %s not municipalities, all with 0 inhabitants, skipped: %s",
			len(nonMunicipal), plural(len(nonMunicipal), "region", "regions"), plural(len(nonMunicipal), "is", "are"), strings.Join(nonMunicipal, ", ")))
	}
	return p
}

// plural returns one when n is 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// ssbDelimiter picks tab, semicolon or comma, whichever the header line has
// most of outside quotes.
func ssbDelimiter(data []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(data) {
		if c == '"' {
			quoted = !quoted
		}
		if c == '\n' && !quoted {
			break
		}
		if !quoted && (c == '\t' || c == ';' || c == ',') {
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{'\t', ';'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}
