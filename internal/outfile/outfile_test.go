package outfile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// listing returns the names in dir, hidden temporary files included.
func listing(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func content(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestCommitFiles(t *testing.T) {
	tests := []struct {
		name     string
		existing map[string]string // files there before
		force    bool
		files    []string // names written, each with content "new <name>"
		exists   string   // the *ExistsError's path, or ""
		want     map[string]string
		stdout   string
	}{
		{name: "new files and stdout", files: []string{"a.csv", "-", "a.json"},
			want: map[string]string{"a.csv": "new a.csv", "a.json": "new a.json"}, stdout: "new -"},
		{name: "an existing file is not replaced without force, and nothing is written",
			existing: map[string]string{"a.json": "old"}, files: []string{"a.csv", "a.json", "-"},
			exists: "a.json", want: map[string]string{"a.json": "old"}},
		{name: "force replaces every existing file", force: true,
			existing: map[string]string{"a.csv": "old", "a.json": "old"}, files: []string{"a.csv", "a.json"},
			want: map[string]string{"a.csv": "new a.csv", "a.json": "new a.json"}},
		{name: "stdout only", files: []string{""}, want: map[string]string{}, stdout: "new "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, data := range tc.existing {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			s := Set{Force: tc.force}
			for _, name := range tc.files {
				path := name
				if name != "-" && name != "" {
					path = filepath.Join(dir, name)
				}
				s.Files = append(s.Files, File{Path: path, Data: []byte("new " + name)})
			}
			var stdout bytes.Buffer
			err := s.Commit(&stdout)
			var ee *ExistsError
			switch {
			case tc.exists == "" && err != nil:
				t.Fatalf("Commit() = %v, want no error", err)
			case tc.exists != "" && (!errors.As(err, &ee) || ee.Path != filepath.Join(dir, tc.exists)):
				t.Fatalf("Commit() = %v, want an *ExistsError for %s", err, tc.exists)
			}
			var wantNames []string
			for name, data := range tc.want {
				wantNames = append(wantNames, name)
				if got := content(t, filepath.Join(dir, name)); got != data {
					t.Errorf("%s holds %q, want %q", name, got, data)
				}
			}
			slices.Sort(wantNames)
			if got := listing(t, dir); !slices.Equal(got, wantNames) {
				t.Errorf("folder holds %q, want %q (no temporary files)", got, wantNames)
			}
			if got := stdout.String(); got != tc.stdout {
				t.Errorf("stdout = %q, want %q", got, tc.stdout)
			}
		})
	}
}

// A write that fails leaves nothing: no output, no temporary file, and
// nothing on stdout, even for the outputs that could be written.
func TestCommitFailedWriteLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	s := Set{Files: []File{
		{Path: filepath.Join(dir, "a.csv"), Data: []byte("a")},
		{Path: filepath.Join(dir, "missing", "a.json"), Data: []byte("b")},
		{Path: "-", Data: []byte("c")},
	}}
	var stdout bytes.Buffer
	err := s.Commit(&stdout)
	var ee *ExistsError
	if err == nil || errors.As(err, &ee) {
		t.Fatalf("Commit() = %v, want a write error", err)
	}
	if got := listing(t, dir); len(got) != 0 {
		t.Errorf("folder holds %q after a failed write, want nothing", got)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout = %q after a failed write, want nothing", stdout.String())
	}
}

// owned is the Owns of the folder tests, what Commit may replace: a file
// by this program's name that does not hold "precious".
func owned(name string, data []byte) bool {
	return strings.HasPrefix(name, "DIGISOS-") && strings.HasSuffix(name, ".xml") && !strings.Contains(string(data), "precious")
}

func TestCommitFolder(t *testing.T) {
	invoices := []File{{Path: "DIGISOS-2020-0301.xml", Data: []byte("<a/>")}, {Path: "DIGISOS-2020-1103.xml", Data: []byte("<b/>")}}
	written := []string{"DIGISOS-2020-0301.xml", "DIGISOS-2020-1103.xml"}
	tests := []struct {
		name     string
		existing []string // files in the folder before, each holding "old"; nil: no folder
		force    bool
		err      any // a pointer to the error type wanted, or nil
		want     []string
	}{
		{name: "a new folder", want: written},
		{name: "an empty folder is filled", existing: []string{}, want: written},
		{name: "a folder that is not empty is not replaced without force",
			existing: []string{"DIGISOS-2020-0301.xml"}, err: new(*ExistsError), want: []string{"DIGISOS-2020-0301.xml"}},
		{name: "with force a folder of invoices is replaced as a whole", existing: []string{"DIGISOS-2020-0301.xml", "DIGISOS-2020-5001.xml"},
			force: true, want: written},
		{name: "with force a folder holding a foreign file is not replaced", existing: []string{"DIGISOS-2020-0301.xml", "stray.txt"},
			force: true, err: new(*ForeignError), want: []string{"DIGISOS-2020-0301.xml", "stray.txt"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "ehf")
			if tc.existing != nil {
				if err := os.Mkdir(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				for _, name := range tc.existing {
					if err := os.WriteFile(filepath.Join(dir, name), []byte("old"), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			err := Set{Folders: []Folder{{Path: dir, Files: invoices, Owns: owned}}, Force: tc.force}.Commit(nil)
			switch {
			case tc.err == nil && err != nil:
				t.Fatalf("Commit() = %v, want no error", err)
			case tc.err != nil && !errors.As(err, tc.err):
				t.Fatalf("Commit() = %v, want a %T", err, tc.err)
			}
			if got := listing(t, dir); !slices.Equal(got, tc.want) {
				t.Errorf("folder holds %q, want %q", got, tc.want)
			}
			if got := listing(t, parent); !slices.Equal(got, []string{"ehf"}) {
				t.Errorf("beside the folder: %q, want only ehf (no temporary folders, no lock file)", got)
			}
			if tc.err == nil && content(t, filepath.Join(dir, "DIGISOS-2020-0301.xml")) != "<a/>" {
				t.Errorf("DIGISOS-2020-0301.xml does not hold what was written")
			}
		})
	}
}

// A file is replaced for what it holds, not for its name: with force, a
// folder that holds a file by an invoice's name whose bytes Owns refuses
// (holding "precious", or too large to read) is not replaced.
func TestCommitFolderOwnsByContent(t *testing.T) {
	invoices := []File{{Path: "DIGISOS-2020-0301.xml", Data: []byte("<a/>")}}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"precious", []byte("precious\n")},
		{"larger than OwnsLimit", bytes.Repeat([]byte("x"), OwnsLimit+1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "ehf")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			kept := filepath.Join(dir, "DIGISOS-1999-0301.xml")
			if err := os.WriteFile(kept, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			var fe *ForeignError
			err := Set{Folders: []Folder{{Path: dir, Files: invoices, Owns: owned}}, Force: true}.Commit(nil)
			if !errors.As(err, &fe) || !slices.Equal(fe.Names, []string{"DIGISOS-1999-0301.xml"}) {
				t.Fatalf("Commit() = %v, want a *ForeignError naming DIGISOS-1999-0301.xml", err)
			}
			if data, err := os.ReadFile(kept); err != nil || !bytes.Equal(data, tc.data) {
				t.Errorf("%s no longer holds what it held (%v)", kept, err)
			}
		})
	}
}

// A file that exists stops the set before its folder is written.
func TestCommitChecksEveryOutputFirst(t *testing.T) {
	parent := t.TempDir()
	manifest := filepath.Join(parent, "manifest.json")
	if err := os.WriteFile(manifest, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := Set{Files: []File{{Path: manifest, Data: []byte("new")}},
		Folders: []Folder{{Path: filepath.Join(parent, "ehf"), Files: []File{{Path: "a.xml", Data: []byte("<a/>")}}}}}
	var ee *ExistsError
	if err := s.Commit(nil); !errors.As(err, &ee) || ee.Path != manifest {
		t.Fatalf("Commit() = %v, want an *ExistsError for %s", err, manifest)
	}
	if got := listing(t, parent); !slices.Equal(got, []string{"manifest.json"}) {
		t.Errorf("folder holds %q, want only the old manifest", got)
	}
}
