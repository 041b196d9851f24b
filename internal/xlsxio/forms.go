package xlsxio

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// form is how a cell is stored, beside the value excelize reads from it:
// the kind of its value and, for a formula, the formula as written.
type form struct {
	kind string // "number", "text", "bool", "error", "date", "" when it holds no value
	// formula is the formula's text ("SUM(lines!G:G)"), "" for a value.
	formula string
	// attrs are the formula's attributes as written (t="shared" si="0"):
	// calculate writes none.
	attrs string
	// cached is the result stored with a formula, "" when none.
	cached string
	// isFormula is whether the cell holds a formula (<f>), even an empty
	// one, as the cells of a shared formula after the first do.
	isFormula bool
}

// show is the cell as verify prints it: a formula as "=…", with its form
// and its stored result.
func (c form) show(value string) string {
	if !c.isFormula {
		return value
	}
	s := "=" + c.formula
	if c.attrs != "" {
		s += " (" + c.attrs + ")"
	}
	if c.cached != "" {
		s += ", stored result " + c.cached
	}
	return s
}

// forms reads how the cells of every sheet of the workbook z are stored,
// by sheet name and cell reference, from the sheets' XML as written (the
// workbook's list of sheets and its relations name their parts).
func forms(z *zip.Reader) (map[string]map[string]form, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []relation `xml:"Relationship"`
	}
	if err := decodePart(z, "xl/workbook.xml", &wb); err != nil {
		return nil, err
	}
	if err := decodePart(z, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, err
	}
	out := map[string]map[string]form{}
	for _, s := range wb.Sheets {
		i := slices.IndexFunc(rels.Rels, func(r relation) bool { return r.ID == s.ID })
		if i < 0 {
			return nil, fmt.Errorf("sheet %q: no part", s.Name)
		}
		cells, err := sheetForms(z, partName(rels.Rels[i].Target))
		if err != nil {
			return nil, fmt.Errorf("sheet %q: %v", s.Name, err)
		}
		out[s.Name] = cells
	}
	return out, nil
}

// relation is a relation of the workbook to one of its parts.
type relation struct {
	ID     string `xml:"Id,attr"`
	Target string `xml:"Target,attr"`
}

// partName is the zip name of a part the workbook's relations name, as
// excelize finds it: relative to xl/, or from the root with a /.
func partName(target string) string {
	if t, ok := strings.CutPrefix(target, "/"); ok {
		return t
	}
	if strings.HasPrefix(target, "xl/") {
		return target
	}
	return path.Join("xl", target)
}

func openPart(z *zip.Reader, name string) (io.ReadCloser, error) {
	for _, p := range z.File {
		if p.Name == name {
			return p.Open()
		}
	}
	return nil, fmt.Errorf("no part %s", name)
}

func decodePart(z *zip.Reader, name string, v any) error {
	r, err := openPart(z, name)
	if err != nil {
		return err
	}
	defer r.Close()
	if err := xml.NewDecoder(r).Decode(v); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	return nil
}

// sheetForms reads the form of every cell of the sheet part name. A row or
// a cell without its reference follows the one before it, as in excelize.
func sheetForms(z *zip.Reader, name string) (map[string]form, error) {
	r, err := openPart(z, name)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	dec := xml.NewDecoder(r)
	out := map[string]form{}
	var (
		row, col int
		ref      string
		c        form
		text     *string // the text being read: of <f> or <v>
		hasValue bool
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				row, col = rowNumber(t, row+1), 0
			case "c":
				ref, col = cellRef(t, row, col+1)
				c, hasValue = form{kind: valueKind(attr(t, "t"))}, false
			case "f":
				c.isFormula, c.attrs, text = true, attrList(t), &c.formula
			case "v":
				text, hasValue = &c.cached, true
			case "is":
				hasValue = true
			}
		case xml.CharData:
			if text != nil {
				*text += string(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "f", "v":
				text = nil
			case "c":
				if !hasValue {
					c.kind = ""
				}
				if !c.isFormula {
					c.cached = ""
				}
				out[ref] = c
			}
		}
	}
}

// rowNumber is the number a row element states, or next.
func rowNumber(t xml.StartElement, next int) int {
	var n int
	if _, err := fmt.Sscan(attr(t, "r"), &n); err == nil && n > 0 {
		return n
	}
	return next
}

// cellRef is the reference a cell element states, or that of column next
// of row; it returns the cell's column too.
func cellRef(t xml.StartElement, row, next int) (string, int) {
	if r := attr(t, "r"); r != "" {
		if c, n, err := excelize.CellNameToCoordinates(r); err == nil {
			ref, _ := excelize.CoordinatesToCellName(c, n)
			return ref, c
		}
	}
	ref, _ := excelize.CoordinatesToCellName(next, max(row, 1))
	return ref, next
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// attrList is an element's attributes as written, name="value", in order.
func attrList(t xml.StartElement) string {
	parts := make([]string, len(t.Attr))
	for i, a := range t.Attr {
		parts[i] = fmt.Sprintf("%s=%q", a.Name.Local, a.Value)
	}
	return strings.Join(parts, " ")
}

// valueKind is the kind of value a cell's t attribute says it holds.
func valueKind(t string) string {
	switch t {
	case "", "n":
		return "number"
	case "s", "str", "inlineStr":
		return "text"
	case "b":
		return "bool"
	case "e":
		return "error"
	case "d":
		return "date"
	}
	return t
}
