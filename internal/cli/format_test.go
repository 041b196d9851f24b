package cli

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"digisos-invoice/internal/format"
)

// Every format calculate takes is named by --format's help and by the
// usage error for an unknown format, and is found by its name.
func TestFormatsTable(t *testing.T) {
	var stderr bytes.Buffer
	code := Main([]string{"calculate", "--year", "2020", "--input", "../../testdata/sample.csv", "--format", "xml"}, nil, io.Discard, &stderr)
	if code != exitUsage {
		t.Fatalf("--format xml: exit %d, want %d", code, exitUsage)
	}
	var help bytes.Buffer
	Main([]string{"calculate", "--help"}, nil, &help, io.Discard)
	for _, f := range format.For(formats, format.Calculate) {
		t.Run(f.Name(), func(t *testing.T) {
			if !strings.Contains(stderr.String(), f.Name()) {
				t.Errorf("the usage error %q does not name %s", stderr.String(), f.Name())
			}
			if !strings.Contains(help.String(), f.Name()) {
				t.Errorf("--format's help does not name %s", f.Name())
			}
			if got, ok := format.Named(formats, format.Calculate, f.Name()); !ok || got.Name() != f.Name() {
				t.Errorf("format.Named(%q) = %v, %v", f.Name(), got, ok)
			}
		})
	}
}

// Each command lists the formats it takes, in the order of formats, the
// default first.
func TestFormatList(t *testing.T) {
	for _, tc := range []struct {
		op        format.Op
		withNotes bool
		want      string
	}{
		{format.Calculate, false, "csv, json, ehf or xlsx"},
		{format.Calculate, true, "csv, json, ehf (one EHF invoice per municipality) or xlsx (an Excel workbook for review)"},
		{format.Correct, false, "csv, json, ehf or xlsx"},
		{format.Explain, true, "text, json or pdf (the calculation basis an EHF invoice carries)"},
		{format.Verify, false, "csv, json, ehf or xlsx"},
		{format.ListDocuments, false, "text, csv or json"},
		{format.ListBalances, false, "text or csv"},
	} {
		if got := format.List(formats, tc.op, tc.withNotes); got != tc.want {
			t.Errorf("format.List(%v, %v) = %q, want %q", tc.op, tc.withNotes, got, tc.want)
		}
	}
}

// Every format that serves a journal listing writes it: lister finds it,
// and it renders the listing it serves.
func TestListers(t *testing.T) {
	for _, op := range []format.Op{format.ListDocuments, format.ListBalances} {
		for _, f := range format.For(formats, op) {
			l, err := lister(op, f.Name())
			if err != nil {
				t.Fatalf("lister(%v, %q): %v", op, f.Name(), err)
			}
			if op == format.ListDocuments {
				_, err = l.RenderDocuments(&format.Listing{Head: "h"})
			} else {
				_, err = l.RenderBalances(nil)
			}
			if err != nil {
				t.Errorf("%s: op %v: %v", f.Name(), op, err)
			}
		}
	}
	if _, err := lister(format.ListBalances, "json"); err == nil || !strings.Contains(err.Error(), "give text or csv") {
		t.Errorf("lister(ListBalances, json) = %v, want a usage error naming text and csv", err)
	}
}
