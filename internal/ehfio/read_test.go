package ehfio

import (
	"strings"
	"testing"
)

// TestReadTreeEmbeddedDocument checks that an embedded document (the PDF
// of an invoice) is read as its hash and size, whatever its base64 line
// breaks, and that its attributes are read as they are.
func TestReadTreeEmbeddedDocument(t *testing.T) {
	const doc = `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:a="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:b="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <a:AdditionalDocumentReference>
    <b:ID>DIGISOS-2020-0301</b:ID>
    <a:Attachment>
      <b:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="f.pdf">%s</b:EmbeddedDocumentBinaryObject>
    </a:Attachment>
  </a:AdditionalDocumentReference>
</Invoice>`
	read := func(b64 string) string {
		t.Helper()
		n, err := ReadTree([]byte(strings.Replace(doc, "%s", b64, 1)), "x.xml")
		if err != nil {
			t.Fatal(err)
		}
		obj := n.Get("Invoice").Get("cac:AdditionalDocumentReference").Get("cac:Attachment").Get("cbc:EmbeddedDocumentBinaryObject")
		if obj.Text("@mimeCode") != "application/pdf" || obj.Text("@filename") != "f.pdf" {
			t.Errorf("attributes %+v", obj.Fields)
		}
		return obj.Value
	}
	// "%PDF-1.4 hello" in base64, on one line and wrapped.
	one, wrapped := read("JVBERi0xLjQgaGVsbG8="), read("JVBERi0x\n        LjQgaGVsbG8=")
	if !strings.HasPrefix(one, "sha256 ") || !strings.HasSuffix(one, ", 14 bytes") {
		t.Errorf("value %q, want the hash and the size", one)
	}
	if wrapped != one {
		t.Errorf("wrapped base64 reads as %q, want %q", wrapped, one)
	}
	if other := read("JVBERi0xLjQgaGVsbG9v"); other == one || strings.HasPrefix(other, "not base64") {
		t.Errorf("another document reads as %q", other)
	}
	if bad := read("!!"); !strings.HasPrefix(bad, "not base64") {
		t.Errorf("bad base64 reads as %q", bad)
	}
}
