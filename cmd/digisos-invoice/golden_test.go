package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/diff"

	"digisos-invoice/internal/cli"
)

// goldenRuns are the complete 2020 run of the sample kept in
// testdata/golden: the CSV lines with their manifest, the JSON document, and
// the xlsx workbook. They run in this process.
// Changing them is a deliberate act: make update, then review the diff.
var goldenRuns = [][]string{
	{"calculate", "--year", "2020", "--input", "../../testdata/sample.csv", "--quiet",
		"--output", "sample-2020.csv", "--manifest", "sample-2020.manifest.json"},
	{"calculate", "--year", "2020", "--input", "../../testdata/sample.csv", "--quiet",
		"--format", "json", "--output", "sample-2020.json"},
	{"calculate", "--year", "2020", "--input", "../../testdata/sample.csv", "--quiet",
		"--format", "xlsx", "--output", "sample-2020.xlsx"},
	// Trondheim's soknad start corrected to 2020-09-01, against the JSON.
	{"correct", "--year", "2020", "--input", "../../testdata/sample-corrected.csv", "--quiet", "--issued", "sample-2020.json",
		"--output", "sample-2020-correction-1.csv", "--record", "sample-2020-correction-1.json"},
}

var goldenFiles = []string{"sample-2020.csv", "sample-2020.manifest.json", "sample-2020.json", "sample-2020.xlsx",
	"sample-2020-correction-1.csv", "sample-2020-correction-1.json"}

func TestGolden(t *testing.T) {
	dir := t.TempDir()
	for _, args := range goldenRuns {
		args = append([]string(nil), args...)
		for i, a := range args {
			if i > 0 && (args[i-1] == "--output" || args[i-1] == "--manifest" || args[i-1] == "--issued" || args[i-1] == "--record") {
				args[i] = filepath.Join(dir, a)
			}
		}
		var stdout, stderr bytes.Buffer
		if code := cli.Main(args, nil, &stdout, &stderr); code != 0 {
			t.Fatalf("digisos-invoice %v: exit %d: %s", args, code, stderr.String())
		}
	}
	for _, name := range goldenFiles {
		t.Run(name, func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("..", "..", "testdata", "golden", name)
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run make update to create it)", err)
			}
			if filepath.Ext(name) == ".xlsx" {
				// A zip file: a text diff would show nothing useful.
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from a fresh run; if the change is intended, run make update and review the workbook", golden)
				}
				return
			}
			if d := diff.Diff(golden, want, "fresh run", got); d != nil {
				t.Errorf("%s differs from a fresh run; if the change is intended, run make update and review the diff:\n%s", golden, d)
			}
		})
	}
}
