package main

import (
	"bytes"
	"debug/buildinfo"
	"debug/elf"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

var binary = flag.String("binary", "", "check this built program instead of building it (make build passes bin/digisos-invoice)")

// builtProgram returns the path of digisos-invoice, built as make build
// builds it (CGO_ENABLED=0), or -binary.
func builtProgram(t *testing.T) string {
	t.Helper()
	if *binary != "" {
		return *binary
	}
	if testing.Short() {
		t.Skip("builds the program: not in -short")
	}
	path := filepath.Join(t.TempDir(), "digisos-invoice")
	build := exec.Command("go", "build", "-o", path, ".")
	build.Env = append(build.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
	return path
}

// TestStaticBinary checks that the program links no C library: its ELF
// file asks for no dynamic loader (PT_INTERP) and no shared library
// (DT_NEEDED), so it runs on any Linux of its architecture and starts
// without dynamic linking. pflag imports net, which links libc through cgo
// unless the build says CGO_ENABLED=0, as make build and the README's
// install line do. Without -binary the test builds the program that way
// itself.
func TestStaticBinary(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skipf("static linking is checked on Linux, not %s", runtime.GOOS)
	}
	checkStatic(t, builtProgram(t))
}

func checkStatic(t *testing.T, path string) {
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("%s asks for a dynamic loader (PT_INTERP): it links libc; build with CGO_ENABLED=0", path)
		}
	}
	libs, err := f.ImportedLibraries()
	if err != nil {
		t.Fatal(err)
	}
	if len(libs) > 0 {
		t.Errorf("%s needs shared libraries %v: build with CGO_ENABLED=0", path, libs)
	}
	info, err := buildinfo.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range info.Settings {
		if s.Key == "CGO_ENABLED" && s.Value != "0" {
			t.Errorf("%s was built with CGO_ENABLED=%s, want 0", path, s.Value)
		}
	}
}

// TestOneProgram runs the built program copied alone into an empty folder,
// as a user who copies the one file does: it writes a workbook, and
// verifies it, with nothing beside it.
func TestOneProgram(t *testing.T) {
	alone := filepath.Join(t.TempDir(), "digisos-invoice")
	data, err := os.ReadFile(builtProgram(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(alone, data, 0o755); err != nil {
		t.Fatal(err)
	}
	sample, err := filepath.Abs("../../testdata/sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(t.TempDir(), "lines.xlsx")
	for _, args := range [][]string{
		{"calculate", "--quiet", "--year", "2020", "--input", sample, "--format", "xlsx", "--output", book},
		{"verify", "--year", "2020", "--input", sample, "--issued", book},
	} {
		cmd := exec.Command(alone, args...)
		cmd.Dir = filepath.Dir(alone)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("digisos-invoice %v: %v; stderr:\n%s", args, err, stderr.String())
		}
	}
}
