package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// pending is an output ready to be written: a file path, or "-" (or "")
// for stdout, and its bytes.
type pending struct {
	path string
	data []byte
}

func (p pending) toStdout() bool { return p.path == "" || p.path == "-" }

// errExists builds the exit-4 error for an output that would replace a file.
func errExists(path string) error {
	return &exitError{code: exitExists, err: fmt.Errorf("%s exists: an issued file is not replaced by accident", path),
		hint: "use --force to replace it, or name another file"}
}

// commit writes outs, all or nothing as far as the file system allows:
// without force it first refuses any output that would replace an existing
// file (exit 4); it writes each file to a temporary file in the same folder,
// and only when all are written moves them into place, by a hard link that
// fails if the name was taken meanwhile or, with force, by a rename that
// replaces the old file atomically. Stdout is written last.
func commit(stdout io.Writer, force bool, outs ...pending) error {
	if err := checkFree(force, outs...); err != nil {
		return err
	}
	var temps []string
	defer func() {
		for _, t := range temps {
			os.Remove(t) // a no-op for the ones moved into place
		}
	}()
	for _, o := range outs {
		if o.toStdout() {
			temps = append(temps, "")
			continue
		}
		t, err := writeTemp(o.path, o.data)
		if err != nil {
			return inputError(err)
		}
		temps = append(temps, t)
	}
	for i, o := range outs {
		if o.toStdout() {
			continue
		}
		if err := place(temps[i], o.path, force); err != nil {
			return err
		}
	}
	for _, o := range outs {
		if o.toStdout() {
			if _, err := stdout.Write(o.data); err != nil {
				return inputError(err)
			}
		}
	}
	return nil
}

// checkFree refuses, without force, any output that would replace an
// existing file.
func checkFree(force bool, outs ...pending) error {
	if force {
		return nil
	}
	for _, o := range outs {
		if o.toStdout() {
			continue
		}
		if _, err := os.Lstat(o.path); err == nil {
			return errExists(o.path)
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
		if err := os.Rename(tmp, path); err != nil {
			return inputError(err)
		}
		return nil
	}
	err := os.Link(tmp, path)
	switch {
	case errors.Is(err, fs.ErrExist):
		return errExists(path)
	case err != nil:
		// A file system without hard links: the existence check above
		// has to do.
		if err := os.Rename(tmp, path); err != nil {
			return inputError(err)
		}
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
