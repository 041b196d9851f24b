package audit

import "strconv"

// Kind is the kind of a Node.
type Kind int

// The kinds of node: a value, an object with named fields (a CSV row, a
// JSON object, an XML element), an array (the rows of a table, a JSON
// array, the repeated child elements of one name).
const (
	Leaf Kind = iota
	Object
	Array
)

// Node is one value of a parsed file with its position, so that a
// difference can name the place in the issued file.
type Node struct {
	Kind Kind
	// Value is a leaf's value, or an XML element's text.
	Value  string
	Fields []Field // an object's fields, in file order
	Items  []*Node // an array's items, in file order
	// Line and Col are where the value starts in its file (from 1; 0 when
	// unknown).
	Line, Col int
}

// Field is a named member of an object.
type Field struct {
	Name string
	Node *Node
}

// Get returns the field name of n, nil when n has none. A field holding an
// array of exactly one item (an XML element that appears once) gives that
// item.
func (n *Node) Get(name string) *Node {
	if n == nil {
		return nil
	}
	for _, f := range n.Fields {
		if f.Name == name {
			if f.Node.Kind == Array && len(f.Node.Items) == 1 {
				return f.Node.Items[0]
			}
			return f.Node
		}
	}
	return nil
}

// Text returns the value of field name of n, "" when there is none.
func (n *Node) Text(name string) string {
	if f := n.Get(name); f != nil {
		return f.Value
	}
	return ""
}

// Pos returns "file:line:col" for n in file, or file when n has no line.
func (n *Node) Pos(file string) string {
	switch {
	case n == nil || n.Line == 0:
		return file
	case n.Col == 0:
		return file + ":" + strconv.Itoa(n.Line)
	}
	return file + ":" + strconv.Itoa(n.Line) + ":" + strconv.Itoa(n.Col)
}
