// Package outfile writes a run's outputs so that a failed run leaves no
// output behind and an issued file is never replaced by accident.
//
// Every file is written to a temporary file in its target's folder and
// moved into place only when all of a Set's outputs are written: by a hard
// link, which fails if the name was taken meanwhile, or, with Force, by a
// rename that replaces the old file atomically. A folder output is written
// into a temporary folder beside it and renamed as a whole. Standard output
// is written last, once every file is in place.
package outfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// File is an output file: its path, "-" or "" for standard output, and its
// bytes. In a Folder, Path is the file's name inside the folder.
type File struct {
	Path string
	Data []byte
}

// ToStdout reports whether f goes to standard output.
func (f File) ToStdout() bool { return f.Path == "" || f.Path == "-" }

// Folder is an output folder that holds Files and nothing else.
type Folder struct {
	Path  string
	Files []File
}

// Set is the outputs of one run, written together.
type Set struct {
	Files   []File
	Folders []Folder
	// Force replaces existing files and non-empty folders; without it they
	// are refused with an *ExistsError before anything is written.
	Force bool
}

// ExistsError is returned for an output that would replace an existing
// file, or a folder that is not empty, without Force.
type ExistsError struct {
	Path string
}

// Error says which output exists.
func (e *ExistsError) Error() string {
	return fmt.Sprintf("%s exists: an issued file is not replaced by accident", e.Path)
}

// Commit writes the set: the folders first, then the files, then standard
// output. Without Force it first refuses, with an *ExistsError, any output
// that would replace an existing file or a folder that is not empty.
func (s Set) Commit(stdout io.Writer) error {
	if err := s.CheckFree(); err != nil {
		return err
	}
	for _, d := range s.Folders {
		if err := commitFolder(d, s.Force); err != nil {
			return err
		}
	}
	return commitFiles(stdout, s.Force, s.Files)
}

// CheckFree returns an *ExistsError, without Force, for the first output
// that exists: a file, or a folder that is not empty.
func (s Set) CheckFree() error {
	if s.Force {
		return nil
	}
	for _, f := range s.Files {
		if f.ToStdout() {
			continue
		}
		if _, err := os.Lstat(f.Path); err == nil {
			return &ExistsError{Path: f.Path}
		}
	}
	for _, d := range s.Folders {
		if entries, err := os.ReadDir(d.Path); err == nil && len(entries) > 0 {
			return &ExistsError{Path: d.Path}
		}
	}
	return nil
}

// commitFiles writes each file to a temporary file beside it, and only when
// all are written moves them into place; then writes standard output.
func commitFiles(stdout io.Writer, force bool, files []File) error {
	temps := make([]string, len(files))
	defer func() {
		for _, t := range temps {
			if t != "" {
				os.Remove(t) // a no-op for the ones moved into place
			}
		}
	}()
	for i, f := range files {
		if f.ToStdout() {
			continue
		}
		t, err := writeTemp(f.Path, f.Data)
		if err != nil {
			return err
		}
		temps[i] = t
	}
	for i, f := range files {
		if f.ToStdout() {
			continue
		}
		if err := place(temps[i], f.Path, force); err != nil {
			return err
		}
	}
	for _, f := range files {
		if f.ToStdout() {
			if _, err := stdout.Write(f.Data); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeTemp writes data to a new temporary file beside path.
func writeTemp(path string, data []byte) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("%s: cannot write the output file: %w", path, unwrapPath(err))
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return f.Name(), nil
}

// place moves the temporary file tmp to path.
func place(tmp, path string, force bool) error {
	if force {
		return os.Rename(tmp, path)
	}
	err := os.Link(tmp, path)
	switch {
	case errors.Is(err, fs.ErrExist):
		return &ExistsError{Path: path}
	case err != nil:
		// A file system without hard links: the existence check before
		// has to do.
		return os.Rename(tmp, path)
	}
	return nil
}

// commitFolder writes d's files, all or nothing: into a temporary folder
// beside d, renamed to d when every file is written. An existing folder
// that is not empty is not replaced without force; with force it is
// replaced as a whole, so it holds the new files and nothing else.
func commitFolder(d Folder, force bool) error {
	entries, statErr := os.ReadDir(d.Path)
	exists := statErr == nil
	if exists && len(entries) > 0 && !force {
		return &ExistsError{Path: d.Path}
	}
	parent := filepath.Dir(filepath.Clean(d.Path))
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(d.Path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("%s: cannot write the output folder: %w", d.Path, unwrapPath(err))
	}
	defer os.RemoveAll(tmp) // gone once renamed
	for _, f := range d.Files {
		if err := os.WriteFile(filepath.Join(tmp, f.Path), f.Data, 0o644); err != nil {
			return err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if !exists {
		return os.Rename(tmp, d.Path)
	}
	return replaceFolder(tmp, d.Path, parent)
}

// replaceFolder moves the folder tmp to dir, which exists: the old dir is
// moved aside first, and put back if the new one cannot take its place.
func replaceFolder(tmp, dir, parent string) error {
	old, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".*.old")
	if err != nil {
		return err
	}
	defer os.RemoveAll(old)
	if err := os.Rename(dir, filepath.Join(old, "dir")); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(filepath.Join(old, "dir"), dir) // put the old folder back
		return err
	}
	return nil
}

// unwrapPath drops the operation and the temporary name from a path error,
// which would only confuse: the message names the output instead.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
