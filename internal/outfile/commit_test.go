package outfile

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// holding sets BeforePlace to f for the test.
func holding(t *testing.T, f func()) {
	t.Helper()
	BeforePlace = f
	t.Cleanup(func() { BeforePlace = nil })
}

// An output that already holds exactly the bytes to write is left as it
// is, without Force, and said; one that holds other bytes is not.
func TestCommitUnchanged(t *testing.T) {
	tests := []struct {
		name       string
		existing   map[string]string // files there before
		force      bool
		exists     bool // an *ExistsError is wanted
		unchanged  []string
		want       map[string]string
		sameInodes []string // files that must not have been replaced
	}{
		{name: "output and manifest hold this run", existing: map[string]string{"a.csv": "new a.csv", "m.json": "new m.json"},
			unchanged: []string{"a.csv", "m.json"}, sameInodes: []string{"a.csv", "m.json"}},
		{name: "with force too", existing: map[string]string{"a.csv": "new a.csv", "m.json": "new m.json"}, force: true,
			unchanged: []string{"a.csv", "m.json"}, sameInodes: []string{"a.csv", "m.json"}},
		{name: "the output holds this run, the manifest is missing", existing: map[string]string{"a.csv": "new a.csv"},
			unchanged: []string{"a.csv"}, sameInodes: []string{"a.csv"}},
		{name: "the output holds this run, the manifest another", existing: map[string]string{"a.csv": "new a.csv", "m.json": "old"},
			exists: true, want: map[string]string{"m.json": "old"}},
		{name: "one byte differs", existing: map[string]string{"a.csv": "new a.csv\n", "m.json": "new m.json"},
			exists: true, want: map[string]string{"a.csv": "new a.csv\n"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			before := map[string]os.FileInfo{}
			for name, data := range tc.existing {
				mustWrite(t, filepath.Join(dir, name), data)
				before[name], _ = os.Stat(filepath.Join(dir, name))
			}
			var said []string
			s := Set{Force: tc.force, Unchanged: func(p string) { said = append(said, filepath.Base(p)) }}
			for _, name := range []string{"a.csv", "m.json"} {
				s.Files = append(s.Files, File{Path: filepath.Join(dir, name), Data: []byte("new " + name)})
			}
			err := s.Commit(nil)
			var ee *ExistsError
			if errors.As(err, &ee) != tc.exists || (err != nil && !tc.exists) {
				t.Fatalf("Commit() = %v, want an *ExistsError: %v", err, tc.exists)
			}
			if !tc.exists {
				tc.want = map[string]string{"a.csv": "new a.csv", "m.json": "new m.json"}
			}
			for name, data := range tc.want {
				if got := content(t, filepath.Join(dir, name)); got != data {
					t.Errorf("%s holds %q, want %q", name, got, data)
				}
			}
			if !slices.Equal(said, tc.unchanged) {
				t.Errorf("unchanged: %q, want %q", said, tc.unchanged)
			}
			for _, name := range tc.sameInodes {
				if after, _ := os.Stat(filepath.Join(dir, name)); !os.SameFile(before[name], after) {
					t.Errorf("%s was replaced, want it left as it was", name)
				}
			}
			if got := listing(t, dir); len(got) != len(tc.existing) && !(!tc.exists && len(got) == 2) {
				t.Errorf("folder holds %q", got)
			}
		})
	}
}

// A folder that holds exactly the files to write is left as it is.
func TestCommitFolderUnchanged(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ehf")
	files := []File{{Path: "DIGISOS-2020-0301.xml", Data: []byte("<a/>")}, {Path: "DIGISOS-2020-1103.xml", Data: []byte("<b/>")}}
	var said []string
	s := Set{Folders: []Folder{{Path: dir, Files: files, Owns: owned}}, Unchanged: func(p string) { said = append(said, p) }}
	if err := s.Commit(nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(nil); err != nil || !slices.Equal(said, []string{dir}) {
		t.Fatalf("Commit() again = %v, said unchanged %q, want nil and %q", err, said, dir)
	}
	files[1].Data = []byte("<c/>")
	var ee *ExistsError
	if err := s.Commit(nil); !errors.As(err, &ee) {
		t.Errorf("Commit() of other bytes = %v, want an *ExistsError", err)
	}
	mustWrite(t, filepath.Join(dir, "DIGISOS-2020-5001.xml"), "<d/>")
	files[1].Data = []byte("<b/>")
	if err := s.Commit(nil); !errors.As(err, &ee) {
		t.Errorf("Commit() with one more file there = %v, want an *ExistsError", err)
	}
}

// If the manifest cannot be placed, the output placed before it is taken
// back: removed, or the output it replaced put back.
func TestCommitPlacesTogether(t *testing.T) {
	tests := []struct {
		name     string
		existing bool // the output and manifest exist, replaced with force
		folder   bool
	}{
		{name: "new file"},
		{name: "replaced file", existing: true},
		{name: "new folder", folder: true},
		{name: "replaced folder", existing: true, folder: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out, manifest := filepath.Join(dir, "out"), filepath.Join(dir, "m.json")
			s := Set{Force: tc.existing, Files: []File{{Path: manifest, Data: []byte("new manifest")}}}
			if tc.folder {
				s.Folders = []Folder{{Path: out, Files: []File{{Path: "DIGISOS-2020-0301.xml", Data: []byte("new")}}, Owns: owned}}
			} else {
				s.Files = append([]File{{Path: out, Data: []byte("new")}}, s.Files...)
			}
			if tc.existing {
				if err := (Set{Folders: s.Folders, Files: s.Files}).Commit(nil); err != nil {
					t.Fatal(err)
				}
				s = replaceData(s, "old")
			}
			before := snapshot(t, dir)
			// The manifest's temporary file goes missing once it is
			// complete (.new): it cannot be placed.
			AfterStep = func() {
				temps, _ := filepath.Glob(filepath.Join(dir, ".m.json.*.new"))
				for _, p := range temps {
					os.Remove(p)
				}
			}
			t.Cleanup(func() { AfterStep = nil })
			err := s.Commit(nil)
			if err == nil || !strings.Contains(err.Error(), "m.json: cannot place the output") {
				t.Fatalf("Commit() = %v, want the manifest's placing error", err)
			}
			if after := snapshot(t, dir); after != before {
				t.Errorf("after the failure:\n%s\nwant as before:\n%s", after, before)
			}
		})
	}
}

// replaceData gives every file in s the data prefix + its old data.
func replaceData(s Set, prefix string) Set {
	for i := range s.Files {
		s.Files[i].Data = append([]byte(prefix), s.Files[i].Data...)
	}
	for i := range s.Folders {
		for j := range s.Folders[i].Files {
			s.Folders[i].Files[j].Data = append([]byte(prefix), s.Folders[i].Files[j].Data...)
		}
	}
	return s
}

// snapshot lists every file under dir with its content.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		fmt.Fprintf(&b, "%s: %q\n", strings.TrimPrefix(p, dir), data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// deadPID is the id of a process that has ended.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skipf("skipping: cannot run a process: %v", err)
	}
	return cmd.Process.Pid
}

// recoverFor runs recoverStale for one output, a folder when folder.
func recoverFor(path string, folder bool, warn func(string)) {
	t := &target{path: path, file: &File{Path: path}}
	if folder {
		t = &target{path: path, folder: &Folder{Path: path}}
	}
	recoverStale([]*target{t}, warn)
}

// The temporary files of a run that no longer runs are removed by the next
// run for the same output, and said; those of a running one, and of other
// outputs, are left.
func TestCommitRemovesStale(t *testing.T) {
	dir := t.TempDir()
	dead, self := strconv.Itoa(deadPID(t)), strconv.Itoa(os.Getpid())
	stale := []string{".a.csv." + dead + ".1.tmp", ".a.csv." + dead + ".2.new"}
	kept := []string{".a.csv." + self + ".3.tmp", ".b.csv." + dead + ".4.tmp", ".a.csv.x.5.tmp"}
	mustWrite(t, filepath.Join(dir, "a.csv"), "a") // so the old one is not put back
	for _, name := range append(slices.Clone(stale), kept...) {
		mustWrite(t, filepath.Join(dir, name), "partial")
	}
	if err := os.Mkdir(filepath.Join(dir, ".a.csv."+dead+".6.tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(dir, ".a.csv."+dead+".6.tmp", "x"), "partial")
	var said []string
	s := Set{Files: []File{{Path: filepath.Join(dir, "a.csv"), Data: []byte("a")}}, Warn: func(m string) { said = append(said, m) }}
	if err := s.Commit(nil); err != nil {
		t.Fatal(err)
	}
	want := append([]string{"a.csv"}, kept...)
	slices.Sort(want)
	if got := listing(t, dir); !slices.Equal(got, want) {
		t.Errorf("folder holds %q, want %q", got, want)
	}
	if len(said) != 3 || !strings.Contains(said[0], "removed "+filepath.Join(dir, stale[0])+", left by a run (process "+dead+") that was stopped") {
		t.Errorf("said %q, want three removals, the first of %s", said, stale[0])
	}
}

// An output kept aside by a run killed before it placed the new one goes
// back in place.
func TestRemoveStaleRestores(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, ".ehf."+strconv.Itoa(deadPID(t))+".7.old")
	if err := os.Mkdir(old, 0o755); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(old, "DIGISOS-2020-0301.xml"), "issued")
	var said []string
	recoverFor(filepath.Join(dir, "ehf"), true, func(m string) { said = append(said, m) })
	if got := content(t, filepath.Join(dir, "ehf", "DIGISOS-2020-0301.xml")); got != "issued" || len(said) != 1 || !strings.HasPrefix(said[0], "put ") {
		t.Errorf("ehf holds %q, said %q, want the issued invoice put back and said", got, said)
	}
}

// Interrupt removes the temporary files and lock files of a Commit in
// progress, which then writes nothing.
func TestInterrupt(t *testing.T) {
	dir := t.TempDir()
	t.Cleanup(func() { live.mu.Lock(); live.stopped = false; live.mu.Unlock() })
	var during []string
	holding(t, func() { during = listing(t, dir); Interrupt() })
	var stdout strings.Builder
	s := Set{Files: []File{{Path: filepath.Join(dir, "a.csv"), Data: []byte("a")}, {Path: "-", Data: []byte("b")}},
		Folders: []Folder{{Path: filepath.Join(dir, "ehf"), Files: []File{{Path: "DIGISOS-2020-0301.xml", Data: []byte("<a/>")}}}}}
	if err := s.Commit(&stdout); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("Commit() = %v, want ErrInterrupted", err)
	}
	if len(during) != 4 { // two locks, a temporary file and a temporary folder
		t.Errorf("before placing, the folder held %q, want two lock files and two temporary files", during)
	}
	if got := listing(t, dir); len(got) != 0 || stdout.Len() != 0 {
		t.Errorf("after Interrupt the folder holds %q and stdout %q, want nothing", got, stdout.String())
	}
}

// A run waits for another that writes the same output, and gives up with
// a *BusyError after LockWait; a lock file left by a killed run is taken
// over.
func TestCommitLock(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "a.csv")
	wait := LockWait
	LockWait = 50 * time.Millisecond
	t.Cleanup(func() { LockWait = wait })
	f, err := lock(out)
	if err != nil {
		t.Fatal(err)
	}
	s := Set{Files: []File{{Path: out, Data: []byte("a")}}}
	var be *BusyError
	if err := s.Commit(nil); !errors.As(err, &be) || be.Path != out {
		t.Errorf("Commit() while locked = %v, want a *BusyError for %s", err, out)
	}
	unlock(f)
	mustWrite(t, lockName(out), "") // as a killed run leaves it
	if err := s.Commit(nil); err != nil {
		t.Fatalf("Commit() = %v", err)
	}
	if got := listing(t, dir); !slices.Equal(got, []string{"a.csv"}) {
		t.Errorf("folder holds %q, want only a.csv (the lock file removed)", got)
	}
}

// Concurrent Commits of the same output and manifest, with Force, leave an
// output and a manifest from the same run, and no temporary or lock file.
func TestConcurrentCommits(t *testing.T) {
	dir := t.TempDir()
	out, manifest := filepath.Join(dir, "out.csv"), filepath.Join(dir, "m.json")
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range errs {
		wg.Go(func() {
			s := Set{Force: true, Files: []File{{Path: out, Data: []byte("run " + strconv.Itoa(i))},
				{Path: manifest, Data: []byte("manifest of run " + strconv.Itoa(i))}}}
			errs[i] = s.Commit(nil)
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("run %d: %v", i, err)
		}
	}
	if got, m := content(t, out), content(t, manifest); "manifest of "+got != m {
		t.Errorf("output %q and manifest %q are from different runs", got, m)
	}
	if got := listing(t, dir); !slices.Equal(got, []string{"m.json", "out.csv"}) {
		t.Errorf("folder holds %q", got)
	}
}
