package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInputSizeLimit: every file a command reads, whatever its role, is
// refused with one line and exit 1 when it is larger than maxFileBytes:
// a device without end (/dev/zero) and a regular file alike, before its
// bytes are held.
func TestInputSizeLimit(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.csv")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxFileBytes + 1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	sample := "../../testdata/sample.csv"
	calc := []string{"calculate", "--quiet", "--year", "2020"}
	for _, file := range []string{"/dev/zero", big} {
		if _, err := os.Stat(file); err != nil {
			t.Skip(err)
		}
		for _, args := range [][]string{
			append(calc, "--input", file),
			append(calc, "--input", sample, "--tariff", file),
			append(calc, "--input", sample, "--register", file),
			append(calc, "--population", file, "--participants", "../../testdata/participants.csv"),
			{"verify", "--year", "2020", "--input", sample, "--issued", file},
			{"verify", "--year", "2020", "--input", sample, "--issued", "../../testdata/golden/sample-2020.csv", "--manifest", file},
			{"explain", "--year", "2020", "--input", file, "--municipality", "0301"},
			{"population", "--ssb", file, "--quiet"},
		} {
			var stdout, stderr bytes.Buffer
			code := Main(args, nil, &stdout, &stderr)
			msg := strings.TrimSuffix(stderr.String(), "\n")
			if code != exitFailure || !strings.Contains(msg, file+": larger than 32 MiB") || strings.Contains(msg, "\n") {
				t.Errorf("Main(%q) = exit %d, stderr %q: want exit %d and one line naming the file and the limit", args, code, msg, exitFailure)
			}
		}
	}
}

// TestIssuedFolderLimit: an issued folder whose files together are larger
// than maxFolderBytes is refused, though each file is within the limit.
func TestIssuedFolderLimit(t *testing.T) {
	dir := t.TempDir()
	for i := range maxFolderBytes/maxFileBytes + 1 {
		f, err := os.Create(filepath.Join(dir, "DIGISOS-2020-"+string(rune('a'+i))+".xml"))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(maxFileBytes); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	_, err := readIssued(dir)
	if err == nil || !strings.Contains(err.Error(), "more than 256 MiB, the limit of an issued folder") {
		t.Errorf("readIssued of a folder of %d MiB = %v, want the folder's limit", (maxFolderBytes/maxFileBytes+1)*maxFileBytes>>20, err)
	}
}
