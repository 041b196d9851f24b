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
	"strings"
	"testing"
)

var binary = flag.String("binary", "", "check this built program, with digisos-invoice-xlsx beside it, instead of building them (make build passes bin/digisos-invoice)")

// programs are the two programs: digisos-invoice, and the same program with
// the workbook format, which it runs for xlsx.
var programs = []string{"digisos-invoice", "digisos-invoice-xlsx"}

// builtPrograms returns a folder holding both programs, built as make build
// builds them (CGO_ENABLED=0), or the folder of -binary.
func builtPrograms(t *testing.T) string {
	t.Helper()
	if *binary != "" {
		return filepath.Dir(*binary)
	}
	if testing.Short() {
		t.Skip("builds the programs: not in -short")
	}
	dir := t.TempDir()
	build := exec.Command("go", "build", "-o", dir+string(filepath.Separator), "../...")
	build.Env = append(build.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build ../...: %v\n%s", err, out)
	}
	return dir
}

// TestStaticBinary checks that both programs link no C library: each ELF
// file asks for no dynamic loader (PT_INTERP) and no shared library
// (DT_NEEDED), so it runs on any Linux of its architecture and starts
// without dynamic linking. pflag imports net, which links libc through cgo
// unless the build says CGO_ENABLED=0, as make build and the README's
// install line do. Without -binary the test builds the programs that way
// itself.
func TestStaticBinary(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skipf("static linking is checked on Linux, not %s", runtime.GOOS)
	}
	dir := builtPrograms(t)
	for _, name := range programs {
		t.Run(name, func(t *testing.T) { checkStatic(t, filepath.Join(dir, name)) })
	}
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

// TestWorkbookProgram runs the built programs: digisos-invoice leaves the
// workbook library out, and with digisos-invoice-xlsx beside it writes the
// same workbook as digisos-invoice-xlsx itself; without it, it fails
// before it writes anything and says what to install; and
// digisos-invoice-xlsx refuses to run for another version of
// digisos-invoice.
func TestWorkbookProgram(t *testing.T) {
	dir := builtPrograms(t)
	info, err := buildinfo.ReadFile(filepath.Join(dir, programs[0]))
	if err != nil {
		t.Fatal(err)
	}
	for _, dep := range info.Deps {
		if strings.Contains(dep.Path, "excelize") {
			t.Errorf("%s links %s: the workbook library belongs in %s only", programs[0], dep.Path, programs[1])
		}
	}
	work := t.TempDir()
	args := func(out string) []string {
		return []string{"calculate", "--quiet", "--year", "2020", "--input", "../../testdata/sample.csv", "--format", "xlsx", "--output", filepath.Join(work, out)}
	}
	direct := run(t, 0, nil, filepath.Join(dir, programs[1]), args("direct.xlsx")...)
	viaMain := run(t, 0, nil, filepath.Join(dir, programs[0]), args("via-main.xlsx")...)
	if direct != "" || viaMain != "" {
		t.Errorf("stderr: %q, %q, want nothing with --quiet", direct, viaMain)
	}
	a, b := readFile(t, filepath.Join(work, "direct.xlsx")), readFile(t, filepath.Join(work, "via-main.xlsx"))
	if !bytes.Equal(a, b) || len(a) == 0 {
		t.Errorf("the workbook through %s differs from %s's own (%d and %d bytes)", programs[0], programs[1], len(b), len(a))
	}

	alone := filepath.Join(t.TempDir(), programs[0])
	if err := os.WriteFile(alone, readFile(t, filepath.Join(dir, programs[0])), 0o755); err != nil {
		t.Fatal(err)
	}
	stderr := run(t, 1, nil, alone, args("alone.xlsx")...)
	if !strings.Contains(stderr, programs[1]+", which could not be run") || !strings.Contains(stderr, "hint: build or install both programs together") {
		t.Errorf("%s without %s beside it: stderr\n%s", programs[0], programs[1], stderr)
	}
	if _, err := os.Stat(filepath.Join(work, "alone.xlsx")); !os.IsNotExist(err) {
		t.Errorf("%s without %s wrote alone.xlsx (stat: %v)", programs[0], programs[1], err)
	}

	stderr = run(t, 1, []string{"DIGISOS_INVOICE_CALLER=v9.9.9"}, filepath.Join(dir, programs[1]), args("other.xlsx")...)
	if !strings.Contains(stderr, "the digisos-invoice that ran it is v9.9.9") {
		t.Errorf("%s run for another version: stderr\n%s", programs[1], stderr)
	}
}

// run runs a program and checks its exit code; it returns its stderr.
func run(t *testing.T, want int, env []string, path string, args ...string) string {
	t.Helper()
	cmd := exec.Command(path, args...)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if got := cmd.ProcessState.ExitCode(); got != want {
		t.Fatalf("%s %s: exit %d (%v), want %d; stderr:\n%s", filepath.Base(path), strings.Join(args, " "), got, err, want, stderr.String())
	}
	return stderr.String()
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
