package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestVerifyFormIsNotContent: every form change the docs list as accepted
// (auditing.md, "Form is not content"), made to an issued output of any
// format, is identical with a note: exit 0. A byte-order mark on a CSV,
// JSON document, manifest, EHF invoice and an invoice in a folder; CRLF
// and CR line ends; a number spelled with other trailing zeros, a sign or
// an exponent.
func TestVerifyFormIsNotContent(t *testing.T) {
	dir := t.TempDir()
	in := []string{"--year", "2020", "--input", "../../testdata/sample.csv"}
	ehf := filepath.Join(dir, "ehf")
	party := []string{"--seller", "../../testdata/seller.toml", "--buyers", "../../testdata/buyers.csv", "--issue-date", "2021-01-15"}
	mainOK(t, append(append([]string{"calculate", "--quiet", "--format", "ehf", "--output", ehf}, party...), in...)...)
	golden := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join("../../testdata/golden", name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	invoice, err := os.ReadFile(filepath.Join(ehf, "DIGISOS-2020-0301.xml"))
	if err != nil {
		t.Fatal(err)
	}
	bom := func(b []byte) []byte { return append([]byte("\ufeff"), b...) }
	amount := func(spelling string) func([]byte) []byte {
		return func(b []byte) []byte { return bytes.Replace(b, []byte("254628.21"), []byte(spelling), 1) }
	}
	csv, json := golden("sample-2020.csv"), golden("sample-2020.json")
	cases := []struct {
		name, file string
		data       []byte
		args       []string
	}{
		{"csv with a byte-order mark", "l.csv", bom(csv), nil},
		{"csv with CRLF", "l.csv", bytes.ReplaceAll(csv, []byte("\n"), []byte("\r\n")), nil},
		{"csv with CR", "l.csv", bytes.ReplaceAll(csv, []byte("\n"), []byte("\r")), nil},
		{"csv with an amount's trailing zero", "l.csv", amount("254628.210")(csv), nil},
		{"csv with an amount's exponent", "l.csv", amount("25462821e-2")(csv), nil},
		{"csv with an amount's point and exponent", "l.csv", amount("2.5462821E5")(csv), nil},
		{"csv with an amount's sign", "l.csv", amount("+254628.21")(csv), nil},
		{"json with a byte-order mark", "d.json", bom(json), nil},
		{"json with an amount's exponent", "d.json", amount("25462821e-2")(json), nil},
		{"an invoice with a byte-order mark", "DIGISOS-2020-0301.xml", bom(invoice), party},
		{"a manifest with a byte-order mark", "sample-2020.csv", csv, []string{"--manifest"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sub := t.TempDir()
			path := filepath.Join(sub, tc.file)
			if err := os.WriteFile(path, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			args := append([]string{"verify", "--issued", path}, in...)
			if !slices.Contains(tc.args, "--manifest") {
				args = append(args, tc.args...)
			} else {
				if err := os.WriteFile(filepath.Join(sub, "m.json"), bom(golden("sample-2020.manifest.json")), 0o644); err != nil {
					t.Fatal(err)
				}
				args = append(args, "--manifest", filepath.Join(sub, "m.json"))
			}
			checkNoted(t, args)
		})
	}
	t.Run("a folder with an invoice with a byte-order mark", func(t *testing.T) {
		if err := os.WriteFile(filepath.Join(ehf, "DIGISOS-2020-0301.xml"), bom(invoice), 0o644); err != nil {
			t.Fatal(err)
		}
		checkNoted(t, append(append([]string{"verify", "--issued", ehf}, party...), in...))
	})
}

// checkNoted runs verify and checks that it finds the issued output
// identical, with a note.
func checkNoted(t *testing.T, args []string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(args, nil, &stdout, &stderr)
	if code != exitOK || !strings.Contains(stdout.String(), "note: ") || !strings.Contains(stdout.String(), "identical") {
		t.Errorf("verify: exit %d, want %d with a note\n%s%s", code, exitOK, stdout.String(), stderr.String())
	}
}
