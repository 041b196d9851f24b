package ehfio

import (
	"strings"
	"testing"
)

// FuzzReadTree checks that the reader of issued invoices never panics,
// and returns a tree or an error that names the file and a line.
func FuzzReadTree(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>DIGISOS-2020-0301</cbc:ID></Invoice>`))
	f.Add([]byte(`<Order/>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := ReadTree(data, "f")
		if (n == nil) == (err == nil) {
			t.Fatalf("ReadTree = %v, %v: want a tree or an error", n, err)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "f:") {
			t.Fatalf("error without its place: %v", err)
		}
	})
}
