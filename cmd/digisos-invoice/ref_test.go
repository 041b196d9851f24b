package main

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// refFolder makes a folder with the reference data of dir for the scripts:
// the CSV files as they are, and each raw/*.gz decompressed into raw/.
func refFolder(t *testing.T, dir string) string {
	t.Helper()
	out := t.TempDir()
	if err := os.Mkdir(filepath.Join(out, "raw"), 0o755); err != nil {
		t.Fatal(err)
	}
	csvs, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	gzs, _ := filepath.Glob(filepath.Join(dir, "raw", "*.gz"))
	if len(csvs) == 0 || len(gzs) == 0 {
		t.Fatalf("no reference data in %s", dir)
	}
	for _, f := range append(csvs, gzs...) {
		rel, _ := filepath.Rel(dir, f)
		if err := os.WriteFile(filepath.Join(out, strings.TrimSuffix(rel, ".gz")), refBytes(t, f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// refBytes reads a file of the reference data, decompressed if it ends in .gz.
func refBytes(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		r = zr
	}
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return data
}

// TestReferenceData checks every file of testdata/ref against the SHA-256
// its SOURCES.md gives, and that SOURCES.md names every file there.
func TestReferenceData(t *testing.T) {
	const dir = "../../testdata/ref"
	sources, err := os.ReadFile(filepath.Join(dir, "SOURCES.md"))
	if err != nil {
		t.Fatal(err)
	}
	sums := regexp.MustCompile(`(?m)^([0-9a-f]{64})  (\S+)$`).FindAllStringSubmatch(string(sources), -1)
	listed := map[string]bool{}
	for _, m := range sums {
		name := m[2]
		path := filepath.Join(dir, name)
		if strings.HasPrefix(name, "raw/") {
			path += ".gz"
		}
		listed[path] = true
		sum := sha256.Sum256(refBytes(t, path))
		if got := hex.EncodeToString(sum[:]); got != m[1] {
			t.Errorf("%s: sha256 %s, SOURCES.md says %s", name, got, m[1])
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	gzs, _ := filepath.Glob(filepath.Join(dir, "raw", "*.gz"))
	for _, f := range append(files, gzs...) {
		if !listed[f] {
			t.Errorf("%s is not in SOURCES.md's SHA-256 list", f)
		}
	}
	if len(sums) == 0 {
		t.Error("SOURCES.md lists no SHA-256")
	}
}
