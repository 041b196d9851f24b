package ehfio

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
)

// The root elements of the documents this program writes in EHF: an
// invoice (also a supplementary one) and a credit note.
var ownRoots = map[xml.Name]bool{
	{Space: ublInvoiceNamespace, Local: "Invoice"}:                                            true,
	{Space: "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2", Local: "CreditNote"}: true,
}

// ownsDepth is the deepest element nesting of a document this program
// writes, with room to spare: a deeper file is not one of them.
const ownsDepth = 32

// Owns reports whether a file named name in an EHF output folder, holding
// data, is a document this program wrote there: its name is one this
// program writes (IsFileName), and data is a well-formed XML document whose
// root is a UBL Invoice or CreditNote, whose CustomizationID is Peppol BIS
// Billing 3.0's and whose ID is its file name without ".xml". --force
// replaces a folder only when each file in it is such a document; a file
// that merely has such a name is not.
func Owns(name string, data []byte) bool {
	if !IsFileName(name) {
		return false
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	depth, roots := 0, 0
	var text strings.Builder
	var customization, id string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return depth == 0 && customization == customizationID && id+".xml" == name
		}
		if err != nil {
			return false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				roots++
			}
			if depth > ownsDepth || depth == 1 && (roots > 1 || !ownRoots[t.Name]) {
				return false
			}
			text.Reset()
		case xml.CharData:
			if depth == 2 {
				text.Write(t)
			}
		case xml.EndElement:
			if depth == 2 && t.Name.Space == nsCbc {
				switch t.Name.Local {
				case "CustomizationID":
					customization = text.String()
				case "ID":
					id = text.String()
				}
			}
			depth--
		}
	}
}
