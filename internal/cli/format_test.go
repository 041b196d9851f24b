package cli

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// Every format in the table is named by --format's help and by the usage
// error for an unknown format, and is accepted by calculate.
func TestFormatsTable(t *testing.T) {
	var stderr bytes.Buffer
	code := Main([]string{"calculate", "--year", "2020", "--input", "../../testdata/sample.csv", "--format", "xml"}, nil, io.Discard, &stderr)
	if code != exitUsage {
		t.Fatalf("--format xml: exit %d, want %d", code, exitUsage)
	}
	var help bytes.Buffer
	Main([]string{"calculate", "--help"}, nil, &help, io.Discard)
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			if !strings.Contains(stderr.String(), f.name) {
				t.Errorf("the usage error %q does not name %s", stderr.String(), f.name)
			}
			if !strings.Contains(help.String(), f.name) {
				t.Errorf("--format's help does not name %s", f.name)
			}
			if got, ok := formatNamed(f.name); !ok || got.name != f.name {
				t.Errorf("formatNamed(%q) = %v, %v", f.name, got.name, ok)
			}
		})
	}
}

func TestFormatList(t *testing.T) {
	if got, want := formatList(false), "csv, json, ehf or xlsx"; got != want {
		t.Errorf("formatList(false) = %q, want %q", got, want)
	}
	if got, want := formatList(true), "csv, json, ehf (one EHF invoice per municipality) or xlsx (an Excel workbook for review)"; got != want {
		t.Errorf("formatList(true) = %q, want %q", got, want)
	}
}
