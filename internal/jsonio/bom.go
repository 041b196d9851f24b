package jsonio

import (
	"bufio"
	"bytes"
	"io"
)

// bom is the UTF-8 byte-order mark, which some editors put at the start
// of a file they save. calculate writes none; every reader here takes a
// file with one as the same document (form, not content), and FormNotes
// says so.
var bom = []byte("\ufeff")

// trimBOM drops a byte-order mark at the start of data.
func trimBOM(data []byte) []byte { return bytes.TrimPrefix(data, bom) }

// skipBOM drops a byte-order mark at the start of r.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if p, err := br.Peek(len(bom)); err == nil && bytes.Equal(p, bom) {
		_, _ = br.Discard(len(bom)) // peeked: cannot fail
	}
	return br
}

// FormNotes says how a JSON file that the readers here read is written
// otherwise than calculate writes it, beyond its layout: a byte-order mark.
func FormNotes(data []byte, file string) []string {
	if bytes.HasPrefix(data, bom) {
		return []string{file + " starts with a byte-order mark"}
	}
	return nil
}
