//go:build unix

package outfile

import (
	"errors"
	"net"
	"os"
	"path/filepath"
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
