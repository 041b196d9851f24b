package main

import (
	"bytes"
	"context"
	"debug/buildinfo"
	"debug/elf"
	"flag"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
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
// same workbook as digisos-invoice-xlsx itself; without it, or with a copy
// of itself or a folder in its place, it fails at once, before it writes
// anything, and says what to install; digisos-invoice-xlsx refuses to run
// for another version of digisos-invoice; and a stray DIGISOS_INVOICE_CALLER
// inherited from the environment changes nothing.
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
	run(t, 0, nil, filepath.Join(dir, programs[1]), args("direct.xlsx")...)
	run(t, 0, []string{"DIGISOS_INVOICE_CALLER=1 v9.9.9"}, filepath.Join(dir, programs[0]), args("via-main.xlsx")...)
	a, b := readFile(t, filepath.Join(work, "direct.xlsx")), readFile(t, filepath.Join(work, "via-main.xlsx"))
	if !bytes.Equal(a, b) || len(a) == 0 {
		t.Errorf("the workbook through %s differs from %s's own (%d and %d bytes)", programs[0], programs[1], len(b), len(a))
	}
	issued := filepath.Join(work, "issued.json")
	run(t, 0, nil, filepath.Join(dir, programs[0]), "calculate", "--quiet", "--year", "2020", "--input", "../../testdata/sample.csv", "--format", "json", "--output", issued)
	commands := map[string][]string{
		"calculate": args("out.xlsx"),
		"correct": {"correct", "--quiet", "--year", "2020", "--input", "../../testdata/sample-corrected.csv", "--issued", issued,
			"--format", "xlsx", "--output", filepath.Join(work, "out.xlsx")},
		"verify": {"verify", "--year", "2020", "--input", "../../testdata/sample.csv", "--issued", filepath.Join(work, "direct.xlsx")},
	}
	t.Run("helper missing or wrong", func(t *testing.T) { workbookProgramMissing(t, dir, work, commands) })

	// sh's exec keeps the shell's process id ($$), as digisos-invoice's own does.
	script := `DIGISOS_INVOICE_CALLER="$$ v9.9.9" exec "$0" "$@"`
	stderr := run(t, 1, nil, "sh", append([]string{"-c", script, filepath.Join(dir, programs[1])}, args("other.xlsx")...)...)
	if !strings.Contains(stderr, "the digisos-invoice that ran it is v9.9.9") {
		t.Errorf("%s run for another version: stderr\n%s", programs[1], stderr)
	}
}

// workbookProgramMissing runs each command that needs the workbook with
// digisos-invoice alone, or with a copy of itself or a folder in
// digisos-invoice-xlsx's place: exit 1 naming the cause, nothing on
// stdout, and nothing written to the folder the outputs go to (work).
func workbookProgramMissing(t *testing.T, dir, work string, commands map[string][]string) {
	before := fmt.Sprint(names(t, work))
	for _, tc := range []struct {
		name, want string
		place      func(path string) error
	}{
		{"nothing", "no such file or directory", func(string) error { return nil }},
		{"a copy of digisos-invoice", "this file is digisos-invoice itself", func(path string) error {
			return os.WriteFile(path, readFile(t, filepath.Join(dir, programs[0])), 0o755)
		}},
		{"a folder", "not a program file", func(path string) error { return os.Mkdir(path, 0o755) }},
	} {
		alone := t.TempDir()
		main := filepath.Join(alone, programs[0])
		if err := os.WriteFile(main, readFile(t, filepath.Join(dir, programs[0])), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := tc.place(filepath.Join(alone, programs[1])); err != nil {
			t.Fatal(err)
		}
		for _, name := range slices.Sorted(maps.Keys(commands)) {
			t.Run(tc.name+"/"+name, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				cmd := exec.CommandContext(ctx, main, commands[name]...)
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				if err := cmd.Run(); cmd.ProcessState.ExitCode() != 1 {
					t.Fatalf("exit %d (%v), want 1; stderr:\n%s", cmd.ProcessState.ExitCode(), err, stderr.String())
				}
				if !strings.Contains(stderr.String(), programs[1]+", which could not be run") || !strings.Contains(stderr.String(), tc.want) ||
					!strings.Contains(stderr.String(), "hint: build or install both programs together") {
					t.Errorf("stderr:\n%s", stderr.String())
				}
				if stdout.Len() > 0 {
					t.Errorf("stdout: %q, want nothing", stdout.String())
				}
				if after := fmt.Sprint(names(t, work)); after != before {
					t.Errorf("the outputs' folder holds %s, before the run %s", after, before)
				}
			})
		}
	}
}

// run runs a program and checks its exit code; it returns its stderr. A
// run that takes a minute is stopped (a program that runs itself over and
// over would otherwise hang the test).
func run(t *testing.T, want int, env []string, path string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
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
