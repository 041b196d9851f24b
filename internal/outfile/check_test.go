package outfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// "-", "" and /dev/stdout are standard output, not files.
func TestStdout(t *testing.T) {
	for _, path := range []string{"-", "", "/dev/stdout"} {
		t.Run(path, func(t *testing.T) {
			var stdout bytes.Buffer
			if err := (Set{Files: []File{{Path: path, Data: []byte("lines")}}}).Commit(&stdout); err != nil {
				t.Fatalf("Commit() = %v", err)
			}
			if stdout.String() != "lines" {
				t.Errorf("stdout = %q, want %q", stdout.String(), "lines")
			}
		})
	}
	if fi, err := os.Lstat("/dev/stdout"); err == nil && fi.Mode()&fs.ModeSymlink == 0 && fi.Mode()&fs.ModeDevice == 0 {
		t.Errorf("/dev/stdout became %v", fi.Mode())
	}
}

// Outputs that are the same file, a file inside a folder output, and
// inputs that an output would replace are refused before anything is
// written.
func TestConflicts(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "a.json"), "a")
	if err := os.Link(filepath.Join(dir, "a.json"), filepath.Join(dir, "hard.json")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "real"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real", filepath.Join(dir, "alias")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "ehf"), 0o755); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(dir, "ehf", "buyers.csv"), "b")
	in := func(name string) string { return filepath.Join(dir, name) }
	tests := []struct {
		name     string
		files    []string
		folders  []string
		inputs   []string
		conflict bool
	}{
		{"the same name twice", []string{in("same.json"), in("same.json")}, nil, nil, true},
		{"the same file by another path", []string{in("same.json"), dir + "/x/../same.json"}, nil, nil, true},
		{"a relative and an absolute path", []string{"rel.json", mustAbs(t, "rel.json")}, nil, nil, true},
		{"a hard link", []string{in("a.json"), in("hard.json")}, nil, nil, true},
		{"through a symbolic link to the folder", []string{in("real/m.json"), in("alias/m.json")}, nil, nil, true},
		{"a file output inside the folder output", []string{in("ehf/manifest.json")}, []string{in("ehf")}, nil, true},
		{"deeper inside the folder output", []string{in("ehf/sub/manifest.json")}, []string{in("ehf")}, nil, true},
		{"the folder and the file beside it", []string{in("ehf.json")}, []string{in("ehf")}, nil, false},
		{"an input inside the folder output", []string{in("m.json")}, []string{in("ehf")}, []string{in("ehf/buyers.csv")}, true},
		{"an input that is the output", []string{in("a.json")}, nil, []string{in("hard.json")}, true},
		{"inputs apart from the outputs", []string{in("m.json"), "-"}, []string{in("ehf2")}, []string{in("a.json"), "-", ""}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := Set{Inputs: tc.inputs, Force: true}
			for _, f := range tc.files {
				s.Files = append(s.Files, File{Path: f, Data: []byte("new")})
			}
			for _, d := range tc.folders {
				s.Folders = append(s.Folders, Folder{Path: d, Owns: owned})
			}
			err := s.Check()
			var ce *ConflictError
			if got := errors.As(err, &ce); got != tc.conflict || (!tc.conflict && err != nil) {
				t.Fatalf("Check() = %v, want a *ConflictError: %v", err, tc.conflict)
			}
			if tc.conflict {
				if err := s.Commit(nil); !errors.As(err, &ce) {
					t.Errorf("Commit() = %v, want a *ConflictError", err)
				}
			}
		})
	}
	if content(t, filepath.Join(dir, "a.json")) != "a" || content(t, filepath.Join(dir, "ehf", "buyers.csv")) != "b" {
		t.Errorf("a file was written to after a conflict")
	}
}

func mustWrite(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustAbs(t *testing.T, path string) string {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// An output folder that is the working folder, or holds it, is refused by
// Check and Commit before anything is made: its lock and temporary files
// would go inside it, and the working folder cannot be renamed away.
func TestWorkingFolder(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	mustWrite(t, "input.csv", "in")
	for _, path := range []string{".", "./", "..", "sub/..", dir, filepath.Dir(dir)} {
		t.Run(path, func(t *testing.T) {
			s := Set{Folders: []Folder{{Path: path, Files: []File{{Path: "a.xml", Data: []byte("<a/>")}}, Owns: owned}}, Force: true}
			for _, call := range []struct {
				name string
				f    func() error
			}{{"Check", s.Check}, {"Commit", func() error { return s.Commit(nil) }}} {
				var ce *ConflictError
				if err := call.f(); !errors.As(err, &ce) || !strings.Contains(ce.Msg, "is the folder this run works in") {
					t.Errorf("%s() = %v, want a *ConflictError naming the working folder", call.name, err)
				}
			}
			if got := listing(t, dir); !slices.Equal(got, []string{"input.csv"}) {
				t.Errorf("the working folder holds %q, want only input.csv", got)
			}
		})
	}
	s := Set{Folders: []Folder{{Path: "ehf", Files: []File{{Path: "a.xml", Data: []byte("<a/>")}}}}}
	if err := s.Commit(nil); err != nil {
		t.Errorf("Commit() of a folder inside the working folder = %v", err)
	}
}
