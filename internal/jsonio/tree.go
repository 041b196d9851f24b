package jsonio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"digisos-invoice/internal/audit"
	"digisos-invoice/internal/record"
)

// ReadDocumentTree reads a JSON document that calculate wrote, for verify:
// strictly (every key it has must be one calculate writes, with the type
// calculate writes, and every key calculate always writes must be there),
// into a tree that keeps each value's line and column. A byte-order mark
// at the start is form (see FormNotes).
func ReadDocumentTree(data []byte, file string) (*audit.Node, error) {
	return readTree(data, file, reflect.TypeFor[Document](), "a JSON document written by calculate")
}

// ReadMetaTree reads a manifest that calculate wrote with --manifest, as
// strictly as ReadDocumentTree.
func ReadMetaTree(data []byte, file string) (*audit.Node, error) {
	return readTree(data, file, reflect.TypeFor[record.Run](), "a manifest written by calculate")
}

// Tree returns v, encoded as calculate encodes it, as a tree; for the
// recomputed side of a comparison.
func Tree(v any) (*audit.Node, error) {
	var b bytes.Buffer
	if err := Write(&b, v); err != nil {
		return nil, err
	}
	t := reflect.TypeOf(v)
	return readTree(b.Bytes(), "recomputed", t, t.Name())
}

// walker reads JSON tokens against the Go type calculate encodes.
type walker struct {
	data []byte
	// line and col are the line and column (in runes) of offset last, the
	// last position asked for: positions are asked for in file order, so
	// counting goes on from there, and a document on one line costs no
	// more than an indented one.
	line, col, last int
	file            string
	dec             *json.Decoder
	what            string
}

// treeError is bad input at a place in the file.
type treeError struct {
	file      string
	line, col int
	msg       string
}

func (e *treeError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.file, e.line, e.col, e.msg)
}

func readTree(data []byte, file string, t reflect.Type, what string) (*audit.Node, error) {
	data = trimBOM(data)
	w := &walker{data: data, file: file, dec: json.NewDecoder(bytes.NewReader(data)), what: what, line: 1, col: 1}
	w.dec.UseNumber()
	root, err := w.value(t, "")
	if err != nil {
		return nil, err
	}
	if _, err := w.dec.Token(); err != io.EOF {
		line, col := w.pos(int(w.dec.InputOffset()))
		return nil, &treeError{file, line, col, "more data after the document: not " + what}
	}
	return root, nil
}

// pos returns the line and column of the first token at or after off.
func (w *walker) pos(off int) (int, int) {
	for off < len(w.data) && strings.IndexByte(" \t\r\n:,", w.data[off]) >= 0 {
		off++
	}
	off = min(off, len(w.data))
	if off < w.last || (w.last < len(w.data) && !utf8.RuneStart(w.data[w.last])) {
		// Back, or from inside a character (bad input): count from the start.
		w.line, w.col, w.last = 1, 1, 0
	}
	seen := w.data[w.last:off]
	if nl := bytes.LastIndexByte(seen, '\n'); nl >= 0 {
		w.line += bytes.Count(seen, []byte{'\n'})
		w.col = 1
		seen = seen[nl+1:]
	}
	w.col += utf8.RuneCount(seen)
	w.last = off
	return w.line, w.col
}

// token reads the next token and where it starts.
func (w *walker) token() (json.Token, int, int, error) {
	line, col := w.pos(int(w.dec.InputOffset()))
	tok, err := w.dec.Token()
	if err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line, col = w.pos(int(se.Offset))
		}
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, 0, 0, &treeError{w.file, line, col, fmt.Sprintf("not %s: %v", w.what, err)}
	}
	return tok, line, col, nil
}

func (w *walker) errorf(line, col int, path, format string, args ...any) error {
	if path == "" {
		path = "the document"
	}
	return &treeError{w.file, line, col, fmt.Sprintf("not %s: %s: %s", w.what, path, fmt.Sprintf(format, args...))}
}

// value reads the value at path, of Go type t.
func (w *walker) value(t reflect.Type, path string) (*audit.Node, error) {
	tok, line, col, err := w.token()
	if err != nil {
		return nil, err
	}
	n := &audit.Node{Kind: audit.Leaf, Line: line, Col: col}
	if t.Kind() == reflect.Pointer {
		if tok == nil {
			return nil, w.errorf(line, col, path, "null, where calculate writes an object or leaves the key out")
		}
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		if tok != json.Delim('{') {
			return nil, w.errorf(line, col, path, "%s, where calculate writes an object", describe(tok))
		}
		n.Kind = audit.Object
		return n, w.object(n, t, path)
	case reflect.Slice:
		if tok == nil {
			n.Kind = audit.Array
			return n, nil // a nil slice: calculate writes null for none
		}
		if tok != json.Delim('[') {
			return nil, w.errorf(line, col, path, "%s, where calculate writes an array", describe(tok))
		}
		n.Kind = audit.Array
		for i := 0; w.dec.More(); i++ {
			item, err := w.value(t.Elem(), fmt.Sprintf("%s/%d", path, i))
			if err != nil {
				return nil, err
			}
			n.Items = append(n.Items, item)
		}
		_, _, _, err := w.token() // ]
		return n, err
	case reflect.String:
		s, ok := tok.(string)
		if !ok {
			return nil, w.errorf(line, col, path, "%s, where calculate writes a string", describe(tok))
		}
		n.Value = s
	case reflect.Int, reflect.Int64:
		num, ok := tok.(json.Number)
		if _, err := num.Int64(); !ok || err != nil {
			return nil, w.errorf(line, col, path, "%s, where calculate writes a whole number", describe(tok))
		}
		n.Value = num.String()
	case reflect.Bool:
		b, ok := tok.(bool)
		if !ok {
			return nil, w.errorf(line, col, path, "%s, where calculate writes true or false", describe(tok))
		}
		n.Value = fmt.Sprint(b)
	default:
		return nil, w.errorf(line, col, path, "a value of a type calculate does not write")
	}
	return n, nil
}

// object reads the keys of an object of struct type t; the opening brace
// is read.
func (w *walker) object(n *audit.Node, t reflect.Type, path string) error {
	fields := jsonFields(t)
	for w.dec.More() {
		tok, line, col, err := w.token()
		if err != nil {
			return err
		}
		key := tok.(string) // a key is a string, or Token fails
		i := slices.IndexFunc(fields, func(f jsonField) bool { return f.name == key })
		if i < 0 {
			return w.errorf(line, col, path, "unknown key %q: calculate writes %s", key, fieldNames(fields))
		}
		if n.Get(key) != nil {
			return w.errorf(line, col, path, "the key %q appears twice", key)
		}
		v, err := w.value(fields[i].typ, path+"/"+key)
		if err != nil {
			return err
		}
		n.Fields = append(n.Fields, audit.Field{Name: key, Node: v})
	}
	_, line, col, err := w.token() // }
	if err != nil {
		return err
	}
	for _, f := range fields {
		if f.required && n.Get(f.name) == nil {
			return w.errorf(n.Line, n.Col, path, "the key %q is missing (the object ends at %d:%d)", f.name, line, col)
		}
	}
	return nil
}

type jsonField struct {
	name     string
	typ      reflect.Type
	required bool
}

// jsonFields lists the keys encoding/json writes for struct type t.
func jsonFields(t reflect.Type) []jsonField {
	var out []jsonField
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, jsonField{name: name, typ: f.Type, required: !strings.Contains(opts, "omitempty")})
	}
	return out
}

func fieldNames(fs []jsonField) string {
	var s []string
	for _, f := range fs {
		s = append(s, fmt.Sprintf("%q", f.name))
	}
	return strings.Join(s, ", ")
}

// describe names a token for an error: `a string "12"`, `the number 12`.
func describe(tok json.Token) string {
	switch v := tok.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("a string %q", v)
	case json.Number:
		return "the number " + v.String()
	case bool:
		return fmt.Sprintf("%v", v)
	case json.Delim:
		if v == '{' {
			return "an object"
		}
		return "an array"
	}
	return fmt.Sprint(tok)
}
