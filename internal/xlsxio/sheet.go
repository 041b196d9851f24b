package xlsxio

import (
	"fmt"
	"math/big"
	"strconv"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"digisos-invoice/internal/billing"
)

// kind is how a cell is stored and shown.
type kind int

const (
	kindHeader  kind = iota // bold text
	kindText                // text, also when it looks like a number ("0301")
	kindInteger             // a whole number: year, quarter, counts
	kindCount               // a whole number with digit groups: population
	kindMoney               // NOK, shown with two decimals
	kindRate                // a decimal shown with 10 decimals
	kindRatio               // an exact decimal, shown as written
	kindBool                // TRUE or FALSE, shown in the reader's language
	kindFormula             // a formula whose result is money
	kindCheck               // a formula whose result is TRUE or FALSE
)

// cell is one value to write. Numbers are carried as their exact decimal
// text, which is what the file stores: no float64 holds money on the way,
// except into a streamed sheet, whose writer takes the float64 nearest to
// the text and which exactFloat checks stores that same value.
type cell struct {
	kind kind
	text string
	b    bool
}

func header(s string) cell { return cell{kind: kindHeader, text: s} }
func text(s string) cell   { return cell{kind: kindText, text: s} }
func integer(n int64) cell { return cell{kind: kindInteger, text: itoa(n)} }
func count(n int64) cell   { return cell{kind: kindCount, text: itoa(n)} }
func money(m billing.Money) cell {
	return cell{kind: kindMoney, text: m.String()}
}
func rate(s string) cell    { return cell{kind: kindRate, text: s} }
func ratio(s string) cell   { return cell{kind: kindRatio, text: s} }
func boolean(b bool) cell   { return cell{kind: kindBool, b: b} }
func formula(f string) cell { return cell{kind: kindFormula, text: f} }
func check(f string) cell   { return cell{kind: kindCheck, text: f} }

// Number formats: excelize's built-in ids, and one custom format.
const (
	fmtGeneral    = 0
	fmtInteger    = 1  // 0
	fmtGrouped    = 3  // #,##0
	fmtMoney      = 4  // #,##0.00
	fmtText       = 49 // @
	rateFormat    = "0.0000000000"
	maxColumnWide = 100
)

// styles holds the style id of each kind, made once per workbook.
type styles map[kind]int

func newStyles(f *excelize.File) (styles, error) {
	rf := rateFormat
	defs := []struct {
		k     kind
		style excelize.Style
	}{
		{kindHeader, excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: fmtText}},
		{kindText, excelize.Style{NumFmt: fmtText}},
		{kindInteger, excelize.Style{NumFmt: fmtInteger}},
		{kindCount, excelize.Style{NumFmt: fmtGrouped}},
		{kindMoney, excelize.Style{NumFmt: fmtMoney}},
		{kindRate, excelize.Style{CustomNumFmt: &rf}},
		{kindRatio, excelize.Style{NumFmt: fmtGeneral}},
		{kindBool, excelize.Style{NumFmt: fmtGeneral}},
		{kindFormula, excelize.Style{NumFmt: fmtMoney}},
		{kindCheck, excelize.Style{NumFmt: fmtGeneral}},
	}
	s := styles{}
	for _, d := range defs {
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return nil, err
		}
		s[d.k] = id
	}
	return s, nil
}

// sheet writes the cells of one worksheet and tracks how wide each column
// must be to show them. The first error is kept and later writes do
// nothing, so that callers check once, at the end.
//
// A streamed sheet (the lines, thousands of cells) keeps its rows until
// finish, which writes them with excelize's stream writer once the column
// widths are known; the others are written cell by cell. The stream writer
// stores text as inline strings, and numbers with the fewest digits of
// their value ("0" for "0.00"); a reader sees the same cells.
type sheet struct {
	f      *excelize.File
	name   string
	styles styles
	widths []int
	err    error
	stream bool
	rows   [][]any
}

// row writes cells from column A in row r (counting from 1). A streamed
// sheet's rows come in order, one call each.
func (s *sheet) row(r int, cells ...cell) {
	if !s.stream {
		for i, c := range cells {
			s.set(i+1, r, c)
		}
		return
	}
	if s.err == nil && r != len(s.rows)+1 {
		s.err = fmt.Errorf("sheet %s: row %d written after row %d", s.name, r, len(s.rows))
	}
	values := make([]any, len(cells))
	for i, c := range cells {
		if s.err != nil {
			return
		}
		values[i], s.err = s.streamed(c)
		s.widen(i+1, c)
	}
	s.rows = append(s.rows, values)
}

// set writes c at column col, row r.
func (s *sheet) set(col, r int, c cell) {
	if s.err != nil {
		return
	}
	if s.stream {
		s.err = fmt.Errorf("sheet %s: a streamed sheet is written by rows", s.name)
		return
	}
	ref, err := excelize.CoordinatesToCellName(col, r)
	if err != nil {
		s.err = err
		return
	}
	switch c.kind {
	case kindHeader, kindText:
		err = s.f.SetCellStr(s.name, ref, c.text)
	case kindBool:
		err = s.f.SetCellBool(s.name, ref, c.b)
	case kindFormula, kindCheck:
		err = s.f.SetCellFormula(s.name, ref, c.text)
	default:
		// A numeric string is stored as a number, digit for digit.
		err = s.f.SetCellDefault(s.name, ref, c.text)
	}
	if err == nil {
		err = s.f.SetCellStyle(s.name, ref, ref, s.styles[c.kind])
	}
	s.err = err
	s.widen(col, c)
}

// widen makes column col (counting from 1) wide enough to show c.
func (s *sheet) widen(col int, c cell) {
	for len(s.widths) < col {
		s.widths = append(s.widths, 0)
	}
	s.widths[col-1] = max(s.widths[col-1], shownWidth(c))
}

// shownWidth is about how many characters c takes on screen.
func shownWidth(c cell) int {
	switch c.kind {
	case kindBool, kindCheck:
		return len("FALSE")
	case kindFormula, kindMoney:
		// #,##0.00 of a sum: as wide as the largest amount, plus groups.
		n := len(c.text)
		if c.kind == kindFormula {
			n = len("9999999999.99")
		}
		return n + (n-4)/3
	case kindCount:
		return len(c.text) + (len(c.text)-1)/3
	}
	return utf8.RuneCountInString(c.text)
}

// finish sets the column widths, freezes the header row and, with filter,
// puts an autofilter on the header of the table of lastRow rows.
func (s *sheet) finish(lastRow int, filter bool) error {
	if s.err != nil {
		return s.err
	}
	// From the last column to the first: excelize puts each column before
	// those set already, and the stream writer writes them in that order,
	// which must be A, B, C...
	for i := len(s.widths) - 1; i >= 0; i-- {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := s.f.SetColWidth(s.name, col, col, float64(min(s.widths[i], maxColumnWide)+2)); err != nil {
			return err
		}
	}
	if err := s.f.SetPanes(s.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if !filter {
		return nil
	}
	last, err := excelize.CoordinatesToCellName(len(s.widths), max(lastRow, 2))
	if err != nil {
		return err
	}
	if err := s.f.AutoFilter(s.name, "A1:"+last, nil); err != nil {
		return err
	}
	return s.flush()
}

// flush writes a streamed sheet's rows. The stream writer starts from the
// sheet as finish left it: column widths, frozen pane and autofilter.
func (s *sheet) flush() error {
	if !s.stream {
		return nil
	}
	sw, err := s.f.NewStreamWriter(s.name)
	if err != nil {
		return err
	}
	for i, values := range s.rows {
		ref, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, values); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// streamed is c as the stream writer takes it, with its style. Text stays
// text; a number goes as the number it is: an integer as int64, a decimal
// as the float64 that a spreadsheet reads from its digits (see exactFloat).
func (s *sheet) streamed(c cell) (any, error) {
	out := excelize.Cell{StyleID: s.styles[c.kind]}
	var err error
	switch c.kind {
	case kindHeader, kindText:
		out.Value = c.text
	case kindBool:
		out.Value = c.b
	case kindFormula, kindCheck:
		out.Formula = c.text
	case kindInteger, kindCount:
		out.Value, err = strconv.ParseInt(c.text, 10, 64)
	default:
		out.Value, err = exactFloat(c.text)
	}
	return out, err
}

// exactFloat is the double nearest to the decimal number d, which is what a
// spreadsheet holds when it reads d from a file. The stream writer stores
// it with the fewest digits that read back as the same double; this fails
// unless those digits are d's value exactly ("54910.21" for "54910.21",
// "0" for "0.00"), so that no amount is ever stored rounded.
func exactFloat(d string) (float64, error) {
	f, err := strconv.ParseFloat(d, 64)
	if err != nil {
		return 0, err
	}
	want, ok := new(big.Rat).SetString(d)
	got, ok2 := new(big.Rat).SetString(strconv.FormatFloat(f, 'f', -1, 64))
	if !ok || !ok2 || want.Cmp(got) != 0 {
		return 0, fmt.Errorf("%s has too many digits to be stored exactly as a number", d)
	}
	return f, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
