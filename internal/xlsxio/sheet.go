package xlsxio

import (
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
// text, which is what the file stores: no float64 holds money on the way.
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
type sheet struct {
	f      *excelize.File
	name   string
	styles styles
	widths []int
	err    error
}

// row writes cells from column A in row r (counting from 1).
func (s *sheet) row(r int, cells ...cell) {
	for i, c := range cells {
		s.set(i+1, r, c)
	}
}

// set writes c at column col, row r.
func (s *sheet) set(col, r int, c cell) {
	if s.err != nil {
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
	for i, w := range s.widths {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := s.f.SetColWidth(s.name, col, col, float64(min(w, maxColumnWide)+2)); err != nil {
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
	return s.f.AutoFilter(s.name, "A1:"+last, nil)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
