package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gofrs/flock"

	"digisos-invoice/internal/outfile"
)

// failingWriter fails every write, as a full disk or a closed pipe does.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// A command that cannot write its output fails with exit 1, not a usage
// error: the command line was right.
func TestWriteFailureExitsOne(t *testing.T) {
	dir := t.TempDir()
	issued := filepath.Join(dir, "issued.csv")
	if code := Main([]string{"calculate", "--year", "2020", "--input", "../../testdata/sample.csv", "--quiet", "--output", issued}, nil, nil, &bytes.Buffer{}); code != exitOK {
		t.Fatalf("calculate: exit %d", code)
	}
	tests := []struct {
		name string
		args []string
	}{
		{"tariffs", []string{"tariffs"}},
		{"calculate csv", []string{"calculate", "--year", "2020", "--input", "../../testdata/sample.csv", "--quiet"}},
		{"calculate json", []string{"calculate", "--year", "2020", "--input", "../../testdata/sample.csv", "--quiet", "--format", "json"}},
		{"explain", []string{"explain", "--year", "2020", "--input", "../../testdata/sample.csv", "--municipality", "0301"}},
		{"verify", []string{"verify", "--year", "2020", "--input", "../../testdata/sample.csv", "--issued", issued}},
		{"population", []string{"population", "--ssb", "../../testdata/ssb-07459-sample.csv", "--quiet"}},
		{"version", []string{"--version"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			code := Main(tc.args, nil, failingWriter{}, &stderr)
			if code != exitFailure {
				t.Errorf("Main(%q) with a failing stdout = exit %d, want %d; stderr:\n%s", tc.args, code, exitFailure, stderr.String())
			}
			if !strings.Contains(stderr.String(), "no space left on device") || strings.Contains(stderr.String(), "hint: run") {
				t.Errorf("stderr = %q, want the write error and no usage hint", stderr.String())
			}
		})
	}
}

// digisos-invoice tariffs > /dev/full exits 1.
func TestDevFull(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("skipping: no /dev/full here (%v)", err)
	}
	defer full.Close()
	var stderr bytes.Buffer
	if code := Main([]string{"tariffs"}, nil, full, &stderr); code != exitFailure {
		t.Errorf("tariffs > /dev/full: exit %d, want %d; stderr: %s", code, exitFailure, stderr.String())
	}
	if want := "digisos-invoice: write /dev/full: no space left on device\n"; stderr.String() != want {
		t.Errorf("stderr = %q, want %q", stderr.String(), want)
	}
}

// Every exit code of the README, with its kind of cause. The scripts in
// testdata/script pin the messages; this pins the mapping in Main.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "lines.csv")
	if err := os.WriteFile(existing, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	sample := "../../testdata/sample.csv"
	tests := []struct {
		name string
		args []string
		want int
		hint bool // a usage error names the help command
	}{
		{"success", []string{"calculate", "--year", "2020", "--input", sample, "--quiet"}, exitOK, false},
		{"unknown command", []string{"bill"}, exitUsage, true},
		{"unknown flag", []string{"calculate", "--colour"}, exitUsage, true},
		{"an argument where none is taken", []string{"calculate", "--year", "2020", "--input", sample, "extra"}, exitUsage, true},
		{"a missing required flag", []string{"calculate", "--input", sample}, exitUsage, true},
		{"a bad flag value", []string{"calculate", "--year", "twenty", "--input", sample}, exitUsage, true},
		{"an unknown format", []string{"calculate", "--year", "2020", "--input", sample, "--format", "xml"}, exitUsage, true},
		{"an argument to a command that takes none", []string{"tariffs", "x"}, exitUsage, true},
		{"a file that cannot be read", []string{"calculate", "--year", "2020", "--input", filepath.Join(dir, "nope.csv")}, exitFailure, false},
		{"a year without a tariff", []string{"calculate", "--year", "2019", "--input", sample}, exitFailure, false},
		{"an output that cannot be written", []string{"calculate", "--year", "2020", "--input", sample, "--output", filepath.Join(dir, "no", "out.csv")}, exitFailure, false},
		{"verify finds a difference", []string{"verify", "--year", "2020", "--input", sample, "--issued", "../../testdata/golden/sample-2020.json", "--tariff", "../../testdata/tariffs.toml"}, exitDiffers, false},
		{"an existing output without --force", []string{"calculate", "--year", "2020", "--input", sample, "--output", existing}, exitExists, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if got := Main(tc.args, nil, &stdout, &stderr); got != tc.want {
				t.Errorf("Main(%q) = exit %d, want %d; stderr:\n%s", tc.args, got, tc.want, stderr.String())
			}
			if got := strings.Contains(stderr.String(), "hint: run 'digisos-invoice"); got != tc.hint {
				t.Errorf("a --help hint: %v, want %v; stderr:\n%s", got, tc.hint, stderr.String())
			}
		})
	}
}

// An output that another run is writing is exit 5 (retry later), not 4
// (a person decides), with a hint and nothing written: the other run's
// lock is held here, as that run holds it.
func TestBusyExitsFive(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "lines.csv")
	other := flock.New(filepath.Join(dir, ".lines.csv.lock"))
	if ok, err := other.TryLock(); !ok || err != nil {
		t.Fatalf("TryLock() = %v, %v", ok, err)
	}
	defer other.Close()
	wait := outfile.LockWait
	outfile.LockWait = 10 * time.Millisecond
	defer func() { outfile.LockWait = wait }()
	for _, force := range []bool{false, true} {
		args := []string{"calculate", "--year", "2020", "--input", "../../testdata/sample.csv", "--quiet", "--output", out}
		if force {
			args = append(args, "--force")
		}
		var stderr bytes.Buffer
		if got := Main(args, nil, &bytes.Buffer{}, &stderr); got != exitBusy {
			t.Errorf("Main(%q) while another run writes the output = exit %d, want %d; stderr:\n%s", args, got, exitBusy, stderr.String())
		}
		if !strings.Contains(stderr.String(), "another run is writing it") || !strings.Contains(stderr.String(), "hint: run again once the other run is done") {
			t.Errorf("stderr = %q, want the busy error and its hint", stderr.String())
		}
		if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: %v, want it not written", out, err)
		}
	}
}
