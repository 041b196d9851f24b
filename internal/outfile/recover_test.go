package outfile

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// pairSet is an output (a folder, or a file) and its manifest, holding
// data: what TestKilledWhilePlacing writes.
func pairSet(dir string, folder bool, data string) Set {
	out := filepath.Join(dir, "out")
	s := Set{Force: true, Files: []File{{Path: filepath.Join(dir, "m.json"), Data: []byte(data + " manifest")}}}
	if folder {
		s.Folders = []Folder{{Path: out, Files: []File{{Path: "DIGISOS-2020-0301.xml", Data: []byte(data)}}, Owns: owned}}
	} else {
		s.Files = append([]File{{Path: out, Data: []byte(data)}}, s.Files...)
	}
	return s
}

// pair reads what the output and the manifest of pairSet hold ("" for
// nothing).
func pair(t *testing.T, dir string, folder bool) (out, manifest string) {
	t.Helper()
	read := func(path string) string {
		data, err := os.ReadFile(path)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		return string(data)
	}
	out = filepath.Join(dir, "out")
	if folder {
		out = filepath.Join(out, "DIGISOS-2020-0301.xml")
	}
	return read(out), strings.TrimSuffix(read(filepath.Join(dir, "m.json")), " manifest")
}

// A run killed outright after any step of placing an output and its
// manifest (each new, or replacing an older pair) leaves, once the next
// run has recovered what it left, an output and a manifest from the same
// run: the older pair, or the new one, never one of each, and never
// neither where an older pair was. Each case is run in a child process
// (this test binary) that stops itself, as SIGKILL would, after step k:
// os.Exit runs no deferred clean-up.
func TestKilledWhilePlacing(t *testing.T) {
	if at := os.Getenv("OUTFILE_TEST_STOP_AT"); at != "" {
		stopAt(at, os.Getenv("OUTFILE_TEST_DIR"), os.Getenv("OUTFILE_TEST_FOLDER") == "1")
		return
	}
	for _, folder := range []bool{false, true} {
		for _, older := range []bool{false, true} {
			name := map[bool]string{false: "file", true: "folder"}[folder] + map[bool]string{false: ", new", true: ", replacing an older pair"}[older]
			t.Run(name, func(t *testing.T) { killAtEachStep(t, folder, older) })
		}
	}
}

// killAtEachStep stops a child's Commit after step 1, 2, ... until one
// finishes, and checks what the next run recovers each time.
func killAtEachStep(t *testing.T, folder, older bool) {
	for k := 1; ; k++ {
		dir := t.TempDir()
		if older {
			if err := pairSet(dir, folder, "old").Commit(nil); err != nil {
				t.Fatal(err)
			}
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledWhilePlacing$")
		cmd.Env = append(os.Environ(), "OUTFILE_TEST_STOP_AT="+strconv.Itoa(k), "OUTFILE_TEST_DIR="+dir,
			"OUTFILE_TEST_FOLDER="+map[bool]string{false: "0", true: "1"}[folder])
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if err == nil {
			if k < 3 {
				t.Fatalf("the child finished before step %d: no step was stopped at", k)
			}
			return
		}
		if !errors.As(err, &ee) || ee.ExitCode() != 3 {
			t.Fatalf("child stopped at step %d: %v\n%s", k, err, out)
		}
		var said []string
		recoverStale(pairSet(dir, folder, "new").targets(), func(m string) { said = append(said, m) })
		gotOut, gotManifest := pair(t, dir, folder)
		switch {
		case gotOut != gotManifest:
			t.Errorf("stopped after step %d: the output holds %q and the manifest %q's; recovered: %q", k, gotOut, gotManifest, said)
		case older && gotOut == "":
			t.Errorf("stopped after step %d: the older pair is gone; recovered: %q", k, said)
		}
		if left := leftovers(t, dir); len(left) > 0 {
			t.Errorf("stopped after step %d: recovery left %q", k, left)
		}
		if err := pairSet(dir, folder, "new").Commit(nil); err != nil {
			t.Errorf("stopped after step %d: the retry: %v", k, err)
		}
		if gotOut, gotManifest := pair(t, dir, folder); gotOut != "new" || gotManifest != "new" {
			t.Errorf("stopped after step %d: after the retry the pair holds %q and %q, want the new one", k, gotOut, gotManifest)
		}
	}
}

// stopAt is the child of TestKilledWhilePlacing: it commits the new pair
// and exits with 3 after step at.
func stopAt(at, dir string, folder bool) {
	k, _ := strconv.Atoi(at)
	steps := 0
	AfterStep = func() {
		if steps++; steps == k {
			os.Exit(3)
		}
	}
	if err := pairSet(dir, folder, "new").Commit(nil); err != nil {
		os.Exit(1)
	}
}

// leftovers are the entries of dir other than the pair's and the lock
// files (which a killed run leaves, and the next takes over).
func leftovers(t *testing.T, dir string) []string {
	var left []string
	for _, name := range listing(t, dir) {
		if name != "out" && name != "m.json" && !strings.HasSuffix(name, ".lock") {
			left = append(left, name)
		}
	}
	return left
}

// A stopped run's .old is kept, not removed, while it may be the only copy
// of what a manifest describes: while the run has another output left to
// place that is not this run's to place, and when the run had not started
// placing (an older version's leftovers).
func TestRecoverKeepsOld(t *testing.T) {
	dead := strconv.Itoa(deadPID(t))
	for _, tc := range []struct{ name, other string }{
		{"another output still to place", ".m.json." + dead + ".2.new"},
		{"a run that had not started placing", ".m.json." + dead + ".2.tmp"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			old := filepath.Join(dir, ".out."+dead+".1.old")
			mustWrite(t, filepath.Join(dir, "out"), "new")
			mustWrite(t, old, "old")
			mustWrite(t, filepath.Join(dir, tc.other), "new manifest")
			var said []string
			recoverFor(filepath.Join(dir, "out"), false, func(m string) { said = append(said, m) })
			if content(t, old) != "old" || content(t, filepath.Join(dir, "out")) != "new" {
				t.Errorf("the old output was not kept beside the new one")
			}
			if len(said) != 1 || !strings.HasPrefix(said[0], "kept "+old) {
				t.Errorf("said %q, want that %s was kept", said, old)
			}
		})
	}
}
