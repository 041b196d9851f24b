//go:build unix

package outfile

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// An output that exists and is neither a regular file nor, for a folder,
// a folder is refused by Check and by Commit, with or without Force, and
// left as it was.
func TestKinds(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	file := filepath.Join(dir, "issued.csv")
	mustWrite(t, file, "issued")
	link := filepath.Join(dir, "link.csv")
	folder := filepath.Join(dir, "ehf")
	folderLink := filepath.Join(dir, "ehf-link")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, l := range [][2]string{{file, link}, {folder, folderLink}} {
		if err := os.Symlink(l[0], l[1]); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, path string
		folder     bool
		kind       string
	}{
		{"a FIFO", fifo, false, "a named pipe (FIFO)"},
		{"a socket", sock, false, "a socket"},
		{"a device", "/dev/null", false, "a device"},
		{"a symbolic link to a file", link, false, "a symbolic link"},
		{"a folder for a file", folder, false, "a folder"},
		{"a file for a folder", file, true, "a file"},
		{"a symbolic link to a folder", folderLink, true, "a symbolic link"},
		{"a device for a folder", "/dev/null", true, "a device"},
	}
	for _, tc := range tests {
		for _, force := range []bool{false, true} {
			name := tc.name
			if force {
				name += " with force"
			}
			t.Run(name, func(t *testing.T) {
				before, err := os.Lstat(tc.path)
				if err != nil {
					t.Fatal(err)
				}
				s := Set{Force: force}
				if tc.folder {
					s.Folders = []Folder{{Path: tc.path, Files: []File{{Path: "a.xml", Data: []byte("<a/>")}}, Owns: owned}}
				} else {
					s.Files = []File{{Path: tc.path, Data: []byte("new")}}
				}
				for _, call := range []struct {
					name string
					f    func() error
				}{{"Check", s.Check}, {"Commit", func() error { return s.Commit(nil) }}} {
					err := call.f()
					var ke *KindError
					if !errors.As(err, &ke) || ke.Kind != tc.kind || ke.Path != tc.path {
						t.Errorf("%s() = %v, want a *KindError saying %s is %s", call.name, err, tc.path, tc.kind)
					}
				}
				after, err := os.Lstat(tc.path)
				if err != nil || after.Mode() != before.Mode() || !os.SameFile(before, after) {
					t.Errorf("%s is no longer what it was: %v, %v", tc.path, after, err)
				}
			})
		}
	}
	if content(t, file) != "issued" {
		t.Errorf("%s was written to", file)
	}
}

// A lock file that is not a regular file is refused, not followed: a
// symbolic link (to nothing yet, to a file, to a folder), a FIFO, a
// folder. The run writes nothing, creates nothing where a link points,
// and leaves the thing at the lock file's name as it was.
func TestLockFileKinds(t *testing.T) {
	tests := []struct {
		name, kind string
		make       func(t *testing.T, lock, target string)
	}{
		{"a symbolic link to nothing yet", "a symbolic link", func(t *testing.T, lock, target string) { mustSymlink(t, target, lock) }},
		{"a symbolic link to a file", "a symbolic link", func(t *testing.T, lock, target string) {
			mustWrite(t, target, "precious")
			mustSymlink(t, target, lock)
		}},
		{"a symbolic link to a folder", "a symbolic link", func(t *testing.T, lock, target string) {
			mustMkdir(t, target)
			mustSymlink(t, target, lock)
		}},
		{"a FIFO", "a named pipe (FIFO)", func(t *testing.T, lock, _ string) {
			if err := syscall.Mkfifo(lock, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"a folder", "a folder", func(t *testing.T, lock, _ string) { mustMkdir(t, lock) }},
	}
	for _, tc := range tests {
		for _, folder := range []bool{false, true} {
			name := tc.name
			if folder {
				name += ", for an output folder"
			}
			t.Run(name, func(t *testing.T) {
				dir, elsewhere := t.TempDir(), t.TempDir()
				out, target := filepath.Join(dir, "out.csv"), filepath.Join(elsewhere, "target")
				s := Set{Files: []File{{Path: out, Data: []byte("new")}}}
				if folder {
					out = filepath.Join(dir, "ehf")
					s = Set{Folders: []Folder{{Path: out, Files: []File{{Path: "a.xml", Data: []byte("<a/>")}}}}}
				}
				lock := lockName(out)
				tc.make(t, lock, target)
				before, _ := os.Lstat(target)
				err := s.Commit(nil)
				if err == nil || !strings.Contains(err.Error(), "its lock file "+lock+" is "+tc.kind+", not a regular file") {
					t.Errorf("Commit() = %v, want its lock file refused as %s", err, tc.kind)
				}
				if got := listing(t, dir); !slices.Equal(got, []string{filepath.Base(lock)}) {
					t.Errorf("the folder holds %q, want only the lock file's %s", got, tc.kind)
				}
				if fi, err := os.Lstat(lock); err != nil || kindOf(fi.Mode()) != tc.kind {
					t.Errorf("the lock file's name now holds %v (%v), want %s as it was", fi, err, tc.kind)
				}
				after, err := os.Lstat(target)
				switch {
				case before == nil && err == nil:
					t.Errorf("the link's target %s was created", target)
				case before != nil && (err != nil || !os.SameFile(before, after) || after.Size() != before.Size()):
					t.Errorf("the link's target %s changed", target)
				}
			})
		}
	}
}

// A replaced output kept aside by a stopped run (.old) goes back only as
// what the output is written as: a symbolic link, a file where a folder
// is written, or a folder where a file is, is removed, never renamed onto
// the output's name.
func TestRemoveStaleKinds(t *testing.T) {
	dead := strconv.Itoa(deadPID(t))
	tests := []struct {
		name   string
		folder bool
		make   func(t *testing.T, old, target string)
	}{
		{"a symbolic link to a file, for a file", false, func(t *testing.T, old, target string) {
			mustWrite(t, target, "precious")
			mustSymlink(t, target, old)
		}},
		{"a symbolic link to a folder, for a folder", true, func(t *testing.T, old, target string) {
			mustMkdir(t, target)
			mustSymlink(t, target, old)
		}},
		{"a folder, for a file", false, func(t *testing.T, old, _ string) { mustMkdir(t, old) }},
		{"a file, for a folder", true, func(t *testing.T, old, _ string) { mustWrite(t, old, "a file") }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, elsewhere := t.TempDir(), t.TempDir()
			out := filepath.Join(dir, "out")
			tc.make(t, filepath.Join(dir, ".out."+dead+".1.old"), filepath.Join(elsewhere, "target"))
			recoverFor(out, tc.folder, nil)
			if _, err := os.Lstat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s: %v, want nothing put there", out, err)
			}
			if got := listing(t, dir); len(got) != 0 {
				t.Errorf("the folder holds %q, want the stale entry removed", got)
			}
			if got := listing(t, elsewhere); len(got) > 0 && got[0] != "target" {
				t.Errorf("the link's target folder holds %q", got)
			}
		})
	}
}

func mustSymlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

func mustMkdir(t *testing.T, path string) {
	t.Helper()
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
}
