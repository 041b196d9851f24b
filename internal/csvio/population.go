package csvio

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"digisos-invoice/internal/billing"
)

// Population is a population table as read: each municipality's number,
// name and population, sorted by number, from a plain table or an SSB
// StatBank export.
type Population struct {
	File string
	Rows []PopulationRow
	// Notes say what was converted or skipped while reading.
	Notes []string
}

// PopulationRow is one municipality of a population table.
type PopulationRow struct {
	Number, Name string
	Population   int64
	Line         int // the first line it was read from
}

// Total returns the sum of the populations.
func (p *Population) Total() int64 {
	var t int64
	for _, r := range p.Rows {
		t += r.Population
	}
	return t
}

// Find returns the row of number.
func (p *Population) Find(number string) (PopulationRow, bool) {
	i, ok := slices.BinarySearchFunc(p.Rows, number, func(r PopulationRow, n string) int { return cmp.Compare(r.Number, n) })
	if !ok {
		return PopulationRow{}, false
	}
	return p.Rows[i], true
}

// ReadPopulation reads a population table: either a plain CSV with the
// columns municipality_number, municipality_name and population (or their
// Norwegian aliases), or an SSB StatBank export of table 07459 as
// downloaded (see readSSB).
func ReadPopulation(r io.Reader, file string, opts Options) (*Population, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, Errors{errorf(file, 0, 0, "%v", err)}
	}
	if start, ok := ssbHeader(raw); ok {
		return readSSB(raw, file, start, opts)
	}
	in, err := ReadMunicipalities(bytes.NewReader(raw), file, nil, opts)
	if err != nil {
		return nil, err
	}
	p := &Population{File: file, Notes: in.Notes}
	for i, m := range in.Municipalities {
		p.Rows = append(p.Rows, PopulationRow{Number: m.Number, Name: m.Name, Population: m.Population, Line: in.lines[i]})
	}
	slices.SortFunc(p.Rows, func(a, b PopulationRow) int { return cmp.Compare(a.Number, b.Number) })
	return p, nil
}

// ssbHeader finds the header line of an SSB StatBank export: the first
// line whose first cell is "region". Title lines and blank lines may stand
// before it. It returns the byte offset of that line.
func ssbHeader(data []byte) (int, bool) {
	data = bytes.TrimPrefix(data, bom)
	off := len(bom)
	if !bytes.HasPrefix(data, bom) {
		off = 0
	}
	for n := 0; n < 10 && len(data) > 0; n++ {
		line, rest, _ := bytes.Cut(data, []byte("\n"))
		first := strings.ToLower(strings.Trim(strings.TrimSpace(string(line)), "\""))
		if strings.HasPrefix(first, "region\"") || strings.HasPrefix(first, "region\t") || strings.HasPrefix(first, "region;") || strings.HasPrefix(first, "region,") {
			return off, true
		}
		off += len(line) + 1
		data = rest
	}
	return 0, false
}

// ssbDimensions are the columns of a 07459 export that split a region's
// population (by age, sex, …); every other column holds values.
var ssbDimensions = []string{"region", "age", "alder", "sex", "kjønn", "kjonn", "contents", "statistikkvariabel", "year", "år", "ar", "time", "tid"}

// ssbRegion matches a region label: "K-0301 Oslo" or "0301 Oslo".
var ssbRegion = lazyRegexp(`^(?:K-)?([0-9]{4}) (.+)$`)

// readSSB reads an SSB StatBank export of table 07459 exactly as
// downloaded: UTF-8 or, as SSB writes it, ISO-8859-1 (read as such when
// the bytes are not UTF-8 and no encoding was given, and said in the
// notes); title lines before the header; tab-, semicolon- or
// comma-separated; a region column with labels like "K-0301 Oslo"; any
// columns splitting the population (age, sex); one value column. A
// region's rows are summed. Regions that are not municipalities
// ("K-23 Continental shelf") are skipped and noted when their population is
// 0, and are an error otherwise.
func readSSB(raw []byte, file string, start int, opts Options) (*Population, error) {
	enc := opts.Encoding
	var notes []string
	if enc == "" && !utf8.Valid(raw) {
		enc = "iso-8859-1"
		notes = append(notes, "read as ISO-8859-1, the encoding of SSB's downloads (the bytes are not UTF-8)")
	}
	headLines := bytes.Count(raw[:start], []byte("\n"))
	data, note, err := decodeText(raw[start:], file, enc)
	if err != nil {
		var es Errors
		if errors.As(err, &es) {
			for _, e := range es {
				e.Line += headLines
			}
		}
		return nil, err
	}
	if note != "" && len(notes) == 0 {
		notes = append(notes, note)
	}
	if headLines > 0 {
		notes = append(notes, fmt.Sprintf("%d title lines before the header skipped", headLines))
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = ssbDelimiter(data)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, Errors{errorf(file, headLines+1, 0, "%v", err)}
	}
	regionCol, valueCol := -1, -1
	var errs Errors
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		switch {
		case h == "region":
			regionCol = i
		case slices.Contains(ssbDimensions, h):
		case valueCol >= 0:
			errs = append(errs, errorf(file, headLines+1, i+1, "a second value column %q (the first is %q): download one year and one measure (persons)", header[i], header[valueCol]))
		default:
			valueCol = i
		}
	}
	if valueCol < 0 {
		errs = append(errs, errorf(file, headLines+1, 0, "no value column: the export must hold the population (\"Persons 2020\")"))
	}
	if len(errs) > 0 {
		return nil, errs
	}

	type region struct {
		pop  int64
		line int // the first line of the region
	}
	regions := map[string]*region{}
	var order []string
	var nonMunicipal []string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, readError(file, headLines, err))
			break
		}
		lineInData, _ := r.FieldPos(0)
		line := headLines + lineInData
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(header) {
			errs = append(errs, errorf(file, line, 0, "the row has %d fields, the header has %d", len(rec), len(header)))
			continue
		}
		label := strings.TrimSpace(rec[regionCol])
		v := strings.TrimSpace(rec[valueCol])
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 || strings.Trim(v, "0123456789") != "" {
			msg := fmt.Sprintf("%q: not a whole number", v)
			if strings.Trim(v, ".:-") == "" {
				msg = fmt.Sprintf("%q: SSB marks the value as missing or confidential; download the table again or fill it in", v)
			}
			errs = append(errs, errorf(file, line, valueCol+1, "%s %s", header[valueCol], msg))
			continue
		}
		reg, ok := regions[label]
		if !ok {
			reg = &region{line: line}
			regions[label] = reg
			order = append(order, label)
		}
		reg.pop += n
		if reg.pop > billing.MaxPopulation {
			errs = append(errs, errorf(file, line, valueCol+1, "region %q sums to more than %d", label, billing.MaxPopulation))
			reg.pop = 0
		}
	}
	p := &Population{File: file}
	seen := map[string]string{}
	for _, label := range order {
		reg := regions[label]
		m := ssbRegion().FindStringSubmatch(label)
		if m == nil {
			if reg.pop != 0 {
				errs = append(errs, errorf(file, reg.line, regionCol+1, "region %q is not a municipality (no 4-digit number) but has %d inhabitants", label, reg.pop))
				continue
			}
			nonMunicipal = append(nonMunicipal, label)
			continue
		}
		if other, dup := seen[m[1]]; dup {
			errs = append(errs, errorf(file, reg.line, regionCol+1, "regions %q and %q have the same number", other, label))
			continue
		}
		seen[m[1]] = label
		p.Rows = append(p.Rows, PopulationRow{Number: m[1], Name: strings.TrimSpace(m[2]), Population: reg.pop, Line: reg.line})
	}
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b *Error) int { return cmp.Compare(a.Line, b.Line) })
		return nil, errs
	}
	if len(p.Rows) == 0 {
		return nil, Errors{errorf(file, headLines+1, 0, "the export holds no municipality (regions like \"K-0301 Oslo\")")}
	}
	slices.SortFunc(p.Rows, func(a, b PopulationRow) int { return cmp.Compare(a.Number, b.Number) })
	notes = append(notes, fmt.Sprintf("SSB export: %d regions summed over their rows", len(order)))
	if len(nonMunicipal) > 0 {
		notes = append(notes, fmt.Sprintf("%d regions that are not municipalities, all with 0 inhabitants, skipped: %s", len(nonMunicipal), strings.Join(nonMunicipal, ", ")))
	}
	p.Notes = notes
	return p, nil
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

// WritePopulation writes p as a plain CSV table:
// municipality_number,municipality_name,population, sorted by number.
func WritePopulation(w io.Writer, p *Population) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"municipality_number", "municipality_name", "population"}); err != nil {
		return err
	}
	for _, r := range p.Rows {
		if err := cw.Write([]string{r.Number, Defuse(r.Name), strconv.FormatInt(r.Population, 10)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Join gives each participant its population and name from pop. A
// participant missing from pop is an error at its line; a name that
// differs between the files is a warning naming both (the population
// table's name, SSB's, is kept). pop may hold non-participants.
func Join(pop *Population, part *Input) (*Input, []string, error) {
	out := *part
	out.Municipalities = slices.Clone(part.Municipalities)
	var errs Errors
	var warnings []string
	for i, m := range out.Municipalities {
		row, ok := pop.Find(m.Number)
		if !ok {
			errs = append(errs, part.Errorf(i, "municipality_number", "municipality_number %q is not in the population table %s", m.Number, pop.File))
			continue
		}
		if m.Name != "" && m.Name != row.Name {
			warnings = append(warnings, part.Errorf(i, "municipality_name", "warning: municipality_name %q differs from %q in %s:%d (invoiced as %q)",
				m.Name, row.Name, pop.File, row.Line, row.Name).Error())
		}
		out.Municipalities[i].Name = row.Name
		out.Municipalities[i].Population = row.Population
	}
	if len(errs) > 0 {
		return nil, warnings, errs
	}
	if n := len(pop.Rows) - len(part.Municipalities); n > 0 {
		out.Notes = append(slices.Clone(out.Notes), fmt.Sprintf("%s holds %d municipalities that are not in %s; they are not billed", pop.File, n, part.File))
	}
	return &out, warnings, nil
}
