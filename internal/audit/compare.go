package audit

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Style is how a difference names its field.
type Style int

// A table's column ("amount", the row is in Where), a JSON pointer
// ("/municipalities/3/amount"), an XML path ("/Invoice/cac:InvoiceLine[2]/cbc:ID").
const (
	Columns Style = iota
	Pointer
	XPath
)

// Spec says how to compare the trees of one format.
type Spec struct {
	File  string // the issued file's name, for positions
	Style Style
	// Arrays says how to match the items of the arrays at a pattern: a
	// path with "*" for array indices ("/lines", "/meta/inputs") in the
	// Pointer and Columns styles, without indices in the XPath style
	// ("/Invoice/cac:InvoiceLine"). Arrays not named are matched by
	// position.
	Arrays map[string]ArraySpec
	// Reported are patterns (and what is below them) whose differences
	// are reported but not counted.
	Reported []string
	// Skip are patterns whose differences are left out here because they
	// are compared elsewhere (the provenance: inputs by role and hash, the
	// tariff by source and cost).
	Skip []string
	// Names gives a field at a pattern a name for the reader ("account").
	Names map[string]string
	// FieldItem is the noun counted for a missing or extra field: "field",
	// "column", "element".
	FieldItem string
	// FieldOrderNote is the note when an object's fields are in another
	// order than the recomputed one's.
	FieldOrderNote string
}

// ArraySpec says how the items of an array are matched and named.
type ArraySpec struct {
	Item string   // the noun counted for a missing or extra item: "line"
	Key  []string // the fields that identify an item; none: by position
	// Label names an item for the reader ("0301 Oslo Q1 soknad"); the
	// differences inside the item carry it as their Subject.
	Label func(*Node) string
	// Summary writes a missing or extra item in one line; by default its
	// values.
	Summary func(*Node) string
	// OrderNote is the note when matched items are in another order.
	OrderNote string
	// Strict pairs items by key only, never by place: an item whose key
	// differs is another item (an input of another role).
	Strict bool
}

// Compare compares an issued tree with a recomputed one and reports every
// value that differs, every item missing or extra, and the notes of form.
func Compare(issued, recomputed *Node, spec Spec) Report {
	if spec.FieldItem == "" {
		spec.FieldItem = "field"
	}
	c := &comparer{spec: spec}
	if issued == recomputed {
		return c.report // the same tree: read from the same bytes
	}
	c.node(issued, recomputed, path{}, "")
	return c.report
}

type comparer struct {
	spec   Spec
	report Report
}

// path is where a value is: as displayed, and as a pattern to look specs up.
type path struct{ display, pattern string }

func (p path) field(s Style, name string) path {
	if s == Columns {
		return path{name, p.pattern + "/" + name}
	}
	return path{p.display + "/" + name, p.pattern + "/" + name}
}

func (p path) index(s Style, i int, single bool) path {
	switch s {
	case Pointer:
		return path{p.display + "/" + strconv.Itoa(i), p.pattern + "/*"}
	case XPath:
		if single {
			return p
		}
		return path{p.display + "[" + strconv.Itoa(i+1) + "]", p.pattern}
	}
	return path{p.display, p.pattern + "/*"}
}

func (c *comparer) node(is, re *Node, p path, subject string) {
	if is.Kind != re.Kind {
		c.add(p, Difference{Change: Changed, Item: c.spec.FieldItem, Where: is.Pos(c.spec.File), Path: p.display,
			Subject: c.name(p, subject), Issued: summary(is), Recomputed: summary(re)})
		return
	}
	switch is.Kind {
	case Leaf:
		c.value(is, re, p, subject)
	case Object:
		c.value(is, re, p, subject)
		c.object(is, re, p, subject)
	case Array:
		c.array(is, re, p, subject)
	}
}

func (c *comparer) name(p path, subject string) string {
	if n, ok := c.spec.Names[p.pattern]; ok {
		if subject != "" {
			return subject + " " + n
		}
		return n
	}
	return subject
}

// value compares the values of two nodes. The same number written with
// other trailing zeros ("185558.240") is form: a note.
func (c *comparer) value(is, re *Node, p path, subject string) {
	if is.Value == re.Value {
		return
	}
	if sameNumber(is.Value, re.Value) {
		c.report.AddNote("decimals", fmt.Sprintf("%s: %s is written %s; calculate writes %s, the same amount",
			is.Pos(c.spec.File), c.fieldName(p), is.Value, re.Value))
		return
	}
	c.add(p, Difference{Change: Changed, Item: c.spec.FieldItem, Where: is.Pos(c.spec.File), Path: p.display,
		Subject: c.name(p, subject), Issued: is.Value, Recomputed: re.Value})
}

func (c *comparer) fieldName(p path) string {
	if p.display == "" {
		return "the value"
	}
	return p.display
}

// sameNumber reports whether a is a spelling of the decimal b that
// calculate writes with a point ("254628.21"): the same value written with
// other trailing zeros ("254628.210"), a sign, or an exponent
// ("25462821e-2", "2.5462821e5"). Numbers that calculate writes without a
// point (municipality numbers, "0301"; years; counts) are compared as
// text.
func sameNumber(a, b string) bool {
	if !strings.Contains(b, ".") || !decimalSpelling.MatchString(a) {
		return false
	}
	x, err1 := decimal.NewFromString(a)
	y, err2 := decimal.NewFromString(b)
	return err1 == nil && err2 == nil && x.Equal(y)
}

// decimalSpelling is a decimal number in the spellings sameNumber takes.
var decimalSpelling = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

func (c *comparer) object(is, re *Node, p path, subject string) {
	var order []string
	for _, rf := range re.Fields {
		isf := is.field(rf.Name)
		if isf == nil {
			c.add(p.field(c.spec.Style, rf.Name), Difference{Change: Missing, Item: c.spec.FieldItem, Where: is.Pos(c.spec.File),
				Path: p.field(c.spec.Style, rf.Name).display, Subject: c.name(p.field(c.spec.Style, rf.Name), subject), Recomputed: summary(rf.Node)})
			continue
		}
		c.node(isf, rf.Node, p.field(c.spec.Style, rf.Name), subject)
	}
	for _, f := range is.Fields {
		if re.field(f.Name) == nil {
			c.add(p.field(c.spec.Style, f.Name), Difference{Change: Extra, Item: c.spec.FieldItem, Where: f.Node.Pos(c.spec.File),
				Path: p.field(c.spec.Style, f.Name).display, Subject: c.name(p.field(c.spec.Style, f.Name), subject), Issued: summary(f.Node)})
			continue
		}
		order = append(order, f.Name)
	}
	if c.spec.FieldOrderNote != "" {
		var want []string
		for _, f := range re.Fields {
			if is.field(f.Name) != nil {
				want = append(want, f.Name)
			}
		}
		if !slices.Equal(order, want) {
			c.report.AddNote("field order", fmt.Sprintf("%s: %s", is.Pos(c.spec.File), c.spec.FieldOrderNote))
		}
	}
}

func (n *Node) field(name string) *Node {
	for _, f := range n.Fields {
		if f.Name == name {
			return f.Node
		}
	}
	return nil
}

func (c *comparer) array(is, re *Node, p path, subject string) {
	as := c.spec.Arrays[p.pattern]
	item := as.Item
	if item == "" {
		item = "item"
		if c.spec.Style == XPath {
			item = "element"
		}
	}
	single := len(is.Items) == 1 && len(re.Items) == 1
	pairs, extra := match(is.Items, re.Items, as.Key, as.Strict)
	if as.OrderNote != "" && reordered(pairs) {
		c.report.AddNote("order "+p.pattern, as.OrderNote)
	}
	label := func(n *Node) string {
		if as.Label != nil {
			return as.Label(n)
		}
		return subject
	}
	sum := as.Summary
	if sum == nil {
		sum = summary
	}
	for j, r := range re.Items {
		if i := pairs[j]; i >= 0 {
			c.node(is.Items[i], r, p.index(c.spec.Style, i, single), label(r))
			continue
		}
		c.add(p, Difference{Change: Missing, Item: item, Where: is.Pos(c.spec.File), Path: p.index(c.spec.Style, j, false).display,
			Subject: label(r), Recomputed: sum(r)})
	}
	for _, i := range extra {
		n := is.Items[i]
		c.add(p, Difference{Change: Extra, Item: item, Where: n.Pos(c.spec.File), Path: p.index(c.spec.Style, i, false).display,
			Subject: label(n), Issued: sum(n)})
	}
}

// add records d, or reports it when its pattern is one of spec.Reported,
// or leaves it out when it is one of spec.Skip.
func (c *comparer) add(p path, d Difference) {
	if slices.Contains(c.spec.Skip, p.pattern) {
		return
	}
	for _, r := range c.spec.Reported {
		if p.pattern == r || strings.HasPrefix(p.pattern, r+"/") {
			c.report.Reported = append(c.report.Reported, reported(d))
			return
		}
	}
	c.report.Differences = append(c.report.Differences, d)
}

func reported(d Difference) string {
	is, re := d.Issued, d.Recomputed
	if is == "" {
		is = "none"
	}
	if re == "" {
		re = "none"
	}
	return fmt.Sprintf("%s: issued %s, this run %s", d.Path, is, re)
}

// summary writes a node's values in one line, at most 120 characters.
func summary(n *Node) string {
	var parts []string
	var walk func(prefix string, n *Node)
	walk = func(prefix string, n *Node) {
		if n.Value != "" || (n.Kind == Leaf) {
			if prefix == "" {
				parts = append(parts, n.Value)
			} else {
				parts = append(parts, prefix+"="+n.Value)
			}
		}
		for _, f := range n.Fields {
			walk(f.Name, f.Node)
		}
		for _, it := range n.Items {
			walk(prefix, it)
		}
	}
	walk("", n)
	s := strings.Join(parts, " ")
	if r := []rune(s); len(r) > 120 {
		s = string(r[:119]) + "…"
	}
	return s
}
