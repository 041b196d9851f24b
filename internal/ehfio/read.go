package ehfio

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"digisos-invoice/internal/audit"
)

// The namespaces of a UBL 2.1 invoice, and the prefixes verify names
// their elements with, whatever prefixes a file uses.
const ublInvoiceNamespace = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"

var readPrefixes = map[string]string{
	ublInvoiceNamespace: "",
	"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2": "cac:",
	"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2":     "cbc:",
	"urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2": "ext:",
}

// ReadError is bad input at a place in an XML file.
type ReadError struct {
	File      string
	Line, Col int
	Msg       string
}

// Error formats the error as file:line:col: message.
func (e *ReadError) Error() string {
	if e.Col == 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// bom is the UTF-8 byte-order mark, which an editor may put at the start
// of a file it saves: ReadTree reads past it (form, see formNotes).
var bom = []byte("\ufeff")

// formNotes says how an invoice file is written otherwise than calculate
// writes it, beyond its layout: a byte-order mark.
func formNotes(data []byte, file string) []string {
	if bytes.HasPrefix(data, bom) {
		return []string{file + " starts with a byte-order mark"}
	}
	return nil
}

// MaxDepth is how deep ReadTree reads elements nested in each other: an
// invoice calculate writes nests them 6 deep, and a deeper file is refused
// before its tree grows (the comparison of trees walks them recursively).
const MaxDepth = 100

// ReadTree reads an EHF invoice (UBL 2.1 Invoice XML) as issued, for
// verify, into a tree of every element and attribute with its line and
// column: a document node with one field "Invoice". Each element is an
// object whose value is its text, whose fields are its attributes ("@name")
// and, per element name, the array of its child elements of that name.
// Names carry the prefixes cac:, cbc: and ext: by namespace, whatever
// prefixes the file uses. An embedded document (the PDF) is compared by
// its SHA-256: its value is "sha256 …, N bytes". A file that is not XML,
// or whose root is not a UBL Invoice, or whose elements nest deeper than
// MaxDepth, is an error with its place.
func ReadTree(data []byte, file string) (*audit.Node, error) {
	dec := xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, bom)))
	doc := &audit.Node{Kind: audit.Object, Line: 1}
	var stack []*audit.Node
	var text []string
	for {
		line, col := dec.InputPos()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, syntaxError(file, line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= MaxDepth {
				return nil, &ReadError{file, line, col, fmt.Sprintf("elements nested more than %d deep: not an EHF invoice as calculate writes it", MaxDepth)}
			}
			name := elementName(t.Name)
			if len(stack) == 0 {
				if t.Name.Space != ublInvoiceNamespace || t.Name.Local != "Invoice" {
					return nil, &ReadError{file, line, col, fmt.Sprintf("not a UBL invoice: the root element is %s, not Invoice in %s", name, ublInvoiceNamespace)}
				}
				if len(doc.Fields) > 0 {
					return nil, &ReadError{file, line, col, "not an XML document: a second root element"}
				}
			}
			el := &audit.Node{Kind: audit.Object, Line: line, Col: col}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
					continue // namespace declarations: form
				}
				el.Fields = append(el.Fields, audit.Field{Name: "@" + elementName(a.Name), Node: &audit.Node{Kind: audit.Leaf, Value: a.Value, Line: line, Col: col}})
			}
			parent := doc
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			addChild(parent, name, el)
			stack = append(stack, el)
			text = append(text, "")
		case xml.CharData:
			if len(stack) == 0 && len(bytes.TrimSpace(t)) > 0 {
				return nil, &ReadError{file, line, col, "not XML: text outside the root element"}
			}
			if len(stack) > 0 {
				text[len(text)-1] += string(t)
			}
		case xml.EndElement:
			el := stack[len(stack)-1]
			el.Value = elementText(text[len(text)-1], el, t.Name.Local)
			stack, text = stack[:len(stack)-1], text[:len(text)-1]
		}
	}
	if len(doc.Fields) == 0 {
		return nil, &ReadError{file, 1, 0, "not an XML document: no root element"}
	}
	return doc, nil
}

func syntaxError(file string, line int, err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return &ReadError{file, se.Line, 0, "not XML: " + se.Msg}
	}
	return &ReadError{file, line, 0, "not XML: " + err.Error()}
}

func elementName(n xml.Name) string {
	if p, ok := readPrefixes[n.Space]; ok {
		return p + n.Local
	}
	if n.Space == "" {
		return n.Local
	}
	return "{" + n.Space + "}" + n.Local
}

// addChild adds el to the array of parent's children named name.
func addChild(parent *audit.Node, name string, el *audit.Node) {
	for _, f := range parent.Fields {
		if f.Name == name {
			f.Node.Items = append(f.Node.Items, el)
			return
		}
	}
	parent.Fields = append(parent.Fields, audit.Field{Name: name, Node: &audit.Node{Kind: audit.Array, Items: []*audit.Node{el}, Line: el.Line, Col: el.Col}})
}

// elementText is the value of an element: its text, where an element with
// children has only the whitespace that lays them out; an embedded
// document's is its hash.
func elementText(s string, el *audit.Node, local string) string {
	if local == "EmbeddedDocumentBinaryObject" {
		raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
		if err != nil {
			return "not base64: " + err.Error()
		}
		sum := sha256.Sum256(raw)
		return fmt.Sprintf("sha256 %s, %d bytes", hex.EncodeToString(sum[:]), len(raw))
	}
	for _, f := range el.Fields {
		if f.Node.Kind == audit.Array && strings.TrimSpace(s) == "" {
			return ""
		}
	}
	return s
}
