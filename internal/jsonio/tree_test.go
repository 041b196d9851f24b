package jsonio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestReadDocumentTreeBadInput(t *testing.T) {
	data, err := os.ReadFile("../../testdata/golden/sample-2020.json")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	if _, err := ReadDocumentTree(data, "d.json"); err != nil {
		t.Fatalf("the golden document: %v", err)
	}
	for _, tc := range []struct{ name, text, want string }{
		{"empty object", "{}", `d.json:1:1: not a JSON document written by calculate: the document: the key "meta" is missing`},
		{"no lines", strings.Replace(doc, `"lines": [`, `"lines_": [`, 1), `d.json:46:3: not a JSON document written by calculate: the document: unknown key "lines_"`},
		{"unknown key", strings.Replace(doc, `"rules":`, `"rule":`, 1), `d.json:7:5: not a JSON document written by calculate: /meta: unknown key "rule"`},
		{"string for number", strings.Replace(doc, `"population": 693494,`, `"population": "693494",`, 1),
			`d.json:54:21: not a JSON document written by calculate: /lines/0/population: a string "693494", where calculate writes a whole number`},
		{"number for string", strings.Replace(doc, `"amount": "254628.21"`, `"amount": 254628.21`, 1),
			`d.json:55:17: not a JSON document written by calculate: /lines/0/amount: the number 254628.21, where calculate writes a string`},
		{"null lines", strings.Replace(doc, `"municipalities": [`, `"municipalities": {`, 1), `/municipalities: an object, where calculate writes an array`},
		{"syntax", strings.Replace(doc, `"rules":`, `"rules"`, 1), `d.json:7:13: not a JSON document written by calculate: invalid character`},
		{"trailing", doc + "{}", `more data after the document`},
		{"array", "[]", `d.json:1:1: not a JSON document written by calculate: the document: an array, where calculate writes an object`},
		{"empty", "", `d.json:1:1: not a JSON document written by calculate: unexpected EOF`},
		{"twice", strings.Replace(doc, `"rules":`, `"year": 2020, "rules":`, 1), `/meta: the key "year" appears twice`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadDocumentTree([]byte(tc.text), "d.json")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ReadDocumentTree = %v, want %s", err, tc.want)
			}
		})
	}
}

// TestReadDocumentTreeOneLine reads the golden document compacted to one
// line, as jq -c writes it: columns count the characters (not bytes) from
// the start of the line, after the letters æ, ø and å of the names too.
func TestReadDocumentTreeOneLine(t *testing.T) {
	data, err := os.ReadFile("../../testdata/golden/sample-2020.json")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := json.Compact(&b, data); err != nil {
		t.Fatal(err)
	}
	doc := b.String()
	if _, err := ReadDocumentTree(b.Bytes(), "d.json"); err != nil {
		t.Fatalf("the golden document on one line: %v", err)
	}
	// The last pool's amount comes after every name.
	last := strings.LastIndex(doc, `"amount":"`) + len(`"amount":`)
	for _, tc := range []struct{ name, text, want string }{
		{"unknown key", strings.Replace(doc, `"rules":`, `"rule":`, 1),
			fmt.Sprintf(`d.json:1:%d: not a JSON document written by calculate: /meta: unknown key "rule"`, 1+utf8.RuneCountInString(doc[:strings.Index(doc, `"rules":`)]))},
		{"number for string", doc[:last] + strings.Replace(doc[last:], `"`, ``, 2),
			fmt.Sprintf(`d.json:1:%d: not a JSON document written by calculate: /pools/7/amount: the number`, 1+utf8.RuneCountInString(doc[:last]))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadDocumentTree([]byte(tc.text), "d.json")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ReadDocumentTree = %v, want %s", err, tc.want)
			}
		})
	}
}

func TestReadMetaTree(t *testing.T) {
	data, err := os.ReadFile("../../testdata/golden/sample-2020.manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	n, err := ReadMetaTree(data, "m.json")
	if err != nil {
		t.Fatal(err)
	}
	if got := n.Get("output").Text("sha256"); len(got) != 64 {
		t.Errorf("output sha256 %q", got)
	}
	if _, err := ReadMetaTree(data, "m.json"); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadMetaTree([]byte(`{"meta": {}}`), "m.json"); err == nil || !strings.Contains(err.Error(), `unknown key "meta"`) {
		t.Errorf("a document read as a manifest: %v", err)
	}
}
