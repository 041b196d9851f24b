package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// These tests run the program as a process (the test binary, which
// testscript.Main put in $PATH as digisos-invoice), to send it signals and
// to run it many times at once.

// program is the command running digisos-invoice with args in dir, with
// env added to the environment.
func program(t *testing.T, dir string, env []string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command("digisos-invoice", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	return cmd, &stderr
}

// exitCode is the exit code of a command that has run.
func exitCode(t *testing.T, err error) int {
	t.Helper()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitCode()
	}
	t.Fatal(err)
	return -1
}

// held starts the program held before it places its outputs (see
// withTestHooks) and returns once it is held there.
func held(t *testing.T, dir string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	ready := filepath.Join(t.TempDir(), "ready")
	cmd, stderr := program(t, dir, []string{"DIGISOS_TEST_HOLD=" + ready}, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; ; i++ {
		if _, err := os.Stat(ready); err == nil {
			return cmd, stderr
		}
		if i == 6000 {
			t.Fatalf("the run was not held within a minute; stderr:\n%s", stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// names lists dir, hidden files included.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ns []string
	for _, e := range entries {
		ns = append(ns, e.Name())
	}
	return ns
}

func testdata(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func csvRun(t *testing.T) []string {
	return []string{"calculate", "--year", "2020", "--input", testdata(t, "sample.csv"), "--output", "lines.csv", "--manifest", "manifest.json"}
}

func ehfRun(t *testing.T) []string {
	return []string{"calculate", "--year", "2020", "--input", testdata(t, "sample.csv"), "--format", "ehf", "--output", "ehf",
		"--seller", testdata(t, "seller.toml"), "--buyers", testdata(t, "buyers.csv"), "--issue-date", "2021-01-15", "--manifest", "manifest.json"}
}

// SIGTERM and SIGINT stop a run with 143 and 130, and leave nothing: no
// output, no temporary file or folder, no lock file.
func TestSignalLeavesNothing(t *testing.T) {
	for _, run := range []struct {
		name   string
		args   func(*testing.T) []string
		during int // files in the folder while held: locks and temporary files
	}{{"csv", csvRun, 4}, {"ehf", ehfRun, 4}} {
		for _, sig := range []struct {
			sig  syscall.Signal
			name string
			code int
		}{{syscall.SIGTERM, "SIGTERM", 143}, {syscall.SIGINT, "SIGINT", 130}} {
			t.Run(run.name+" "+sig.name, func(t *testing.T) {
				dir := t.TempDir()
				cmd, stderr := held(t, dir, run.args(t)...)
				if during := names(t, dir); len(during) != run.during {
					t.Errorf("held, the folder holds %q, want %d files", during, run.during)
				}
				if err := cmd.Process.Signal(sig.sig); err != nil {
					t.Fatal(err)
				}
				if code := exitCode(t, cmd.Wait()); code != sig.code {
					t.Errorf("exit %d, want %d; stderr:\n%s", code, sig.code, stderr)
				}
				want := "digisos-invoice: stopped by " + sig.name + ": the run's temporary files are removed and nothing more is written\n"
				if !strings.HasSuffix(stderr.String(), want) {
					t.Errorf("stderr:\n%s\nwant it to end in:\n%s", stderr, want)
				}
				if left := names(t, dir); len(left) != 0 {
					t.Errorf("the folder holds %q after the signal, want nothing", left)
				}
			})
		}
	}
}

// A run killed outright (SIGKILL) leaves its temporary files; the next run
// for the same output removes them and says so.
func TestKilledRunCleanedByNext(t *testing.T) {
	for _, run := range []struct {
		name string
		args func(*testing.T) []string
		want []string
	}{{"csv", csvRun, []string{"lines.csv", "manifest.json"}}, {"ehf", ehfRun, []string{"ehf", "manifest.json"}}} {
		t.Run(run.name, func(t *testing.T) {
			dir := t.TempDir()
			cmd, _ := held(t, dir, run.args(t)...)
			cmd.Process.Kill()
			cmd.Wait()
			left := names(t, dir)
			if len(left) != 4 {
				t.Fatalf("the killed run left %q, want two lock files and two temporary files", left)
			}
			again, stderr := program(t, dir, nil, append(run.args(t), "--quiet")...)
			if err := again.Run(); err != nil {
				t.Fatalf("the next run: %v; stderr:\n%s", err, stderr)
			}
			pid := strconv.Itoa(cmd.Process.Pid)
			for _, name := range left {
				if strings.HasSuffix(name, ".tmp") && !strings.Contains(stderr.String(), "digisos-invoice: removed "+name+", left by a run (process "+pid+") that was stopped\n") {
					t.Errorf("stderr:\n%s\nwant it to say %s was removed", stderr, name)
				}
			}
			if got := names(t, dir); !slices.Equal(got, run.want) {
				t.Errorf("the folder holds %q, want %q", got, run.want)
			}
		})
	}
}

// A run waits for another that writes the same output, and gives up with
// exit 5 (retry later) and a clear message when that takes too long.
func TestSecondRunWaits(t *testing.T) {
	dir := t.TempDir()
	first, _ := held(t, dir, csvRun(t)...)
	second, stderr := program(t, dir, []string{"DIGISOS_TEST_LOCK_WAIT=200ms"}, append(csvRun(t), "--force")...)
	if code := exitCode(t, second.Run()); code != 5 {
		t.Errorf("the second run: exit %d, want 5; stderr:\n%s", code, stderr)
	}
	want := "digisos-invoice: lines.csv: another run is writing it (waited 200ms for it to finish)\n" +
		"digisos-invoice: hint: run again once the other run is done; an unchanged output is then left as it is\n"
	if stderr.String() != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
	}
	first.Process.Signal(syscall.SIGTERM)
	first.Wait()
	if left := names(t, dir); len(left) != 0 {
		t.Errorf("the folder holds %q, want nothing", left)
	}
}

// manifest is what TestConcurrentForceRuns reads from a manifest.
type manifest struct {
	Inputs []struct{ SHA256 string }
	Output struct {
		SHA256 string
		Files  []struct{ Name, SHA256 string }
	}
}

func hash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// 50 runs at once with --force and different inputs leave an output and a
// manifest from the same run: the manifest's hashes are those of the
// output and of the input the output was computed from.
func TestConcurrentForceRuns(t *testing.T) {
	dir := t.TempDir()
	const runs = 50
	inputs := map[string]int{} // input hash: run
	cmds := make([]*exec.Cmd, runs)
	stderrs := make([]*bytes.Buffer, runs)
	for i := range runs {
		input := fmt.Sprintf("municipality_number,municipality_name,population\n0301,Oslo,%d\n4601,Bergen,283929\n", 600000+i)
		name := filepath.Join(dir, fmt.Sprintf("input%02d.csv", i))
		if err := os.WriteFile(name, []byte(input), 0o644); err != nil {
			t.Fatal(err)
		}
		inputs[hash([]byte(input))] = i
		cmds[i], stderrs[i] = program(t, dir, nil, "calculate", "--year", "2020", "--input", name, "--population-date", "2020-01-01",
			"--output", "lines.csv", "--manifest", "manifest.json", "--force", "--quiet")
	}
	var wg sync.WaitGroup
	for i, cmd := range cmds {
		wg.Go(func() {
			if err := cmd.Run(); err != nil {
				t.Errorf("run %d: %v; stderr:\n%s", i, err, stderrs[i])
			}
		})
	}
	wg.Wait()
	lines, err := os.ReadFile(filepath.Join(dir, "lines.csv"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if m.Output.SHA256 != hash(lines) {
		t.Errorf("the manifest's output hash %s is not that of lines.csv, %s", m.Output.SHA256, hash(lines))
	}
	run, ok := inputs[m.Inputs[0].SHA256]
	if !ok || !bytes.Contains(lines, fmt.Appendf(nil, ",Oslo,soknad,%d,", 600000+run)) {
		t.Errorf("lines.csv was not computed from the input the manifest names (run %d)", run)
	}
	if got := names(t, dir); len(got) != runs+2 || slices.ContainsFunc(got, func(n string) bool { return strings.HasPrefix(n, ".") }) {
		t.Errorf("the folder holds %q, want the inputs, lines.csv and manifest.json", got)
	}
}

// Concurrent EHF runs with --force and different issue dates never fail
// (no raw rename error) and leave a folder whose every file has the hash
// the manifest beside it records.
func TestConcurrentForceEHFRuns(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	for i := range 10 {
		args := ehfRun(t)
		args[len(args)-3] = fmt.Sprintf("2021-01-%02d", i+10) // --issue-date
		cmd, stderr := program(t, dir, nil, append(args, "--force", "--quiet")...)
		wg.Go(func() {
			if err := cmd.Run(); err != nil {
				t.Errorf("run %d: %v; stderr:\n%s", i, err, stderr)
			}
		})
	}
	wg.Wait()
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	files := names(t, filepath.Join(dir, "ehf"))
	if len(files) != len(m.Output.Files) || len(files) == 0 {
		t.Fatalf("ehf holds %q, the manifest records %d files", files, len(m.Output.Files))
	}
	for _, f := range m.Output.Files {
		invoice, err := os.ReadFile(filepath.Join(dir, "ehf", f.Name))
		if err != nil || hash(invoice) != f.SHA256 {
			t.Errorf("ehf/%s does not have the hash the manifest records (%v)", f.Name, err)
		}
	}
	if got := names(t, dir); !slices.Equal(got, []string{"ehf", "manifest.json"}) {
		t.Errorf("the folder holds %q, want ehf and manifest.json", got)
	}
}
