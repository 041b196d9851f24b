package outfile

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Check refuses, before anything is read or written, outputs that Commit
// would refuse whatever their bytes: a *KindError for an output that is
// neither what it is written as nor nothing yet, a *ConflictError for two
// outputs that are the same file, a file output inside a folder output, an
// output folder that is the working folder or holds it, or an input that
// is an output or inside an output folder. Data is not
// needed: a command calls Check with the paths before it reads its inputs,
// and Commit calls it again.
func (s Set) Check() error {
	var files, folders []string
	for _, f := range s.Files {
		if !f.ToStdout() {
			files = append(files, f.Path)
		}
	}
	for _, d := range s.Folders {
		folders = append(folders, d.Path)
	}
	for _, p := range files {
		if err := checkKind(p, false); err != nil {
			return err
		}
	}
	for _, p := range folders {
		if err := checkKind(p, true); err != nil {
			return err
		}
	}
	if err := checkWorking(folders); err != nil {
		return err
	}
	if err := checkDistinct(append(folders, files...)); err != nil {
		return err
	}
	if err := checkInside(files, folders, "is inside the output folder %[2]s, which holds only what this program writes there: write it beside the folder"); err != nil {
		return err
	}
	return s.checkInputs(files, folders)
}

// checkKind refuses an output that exists and is not a regular file (a
// folder when folder): a symbolic link is refused whatever it points to.
func checkKind(path string, folder bool) error {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil // nothing yet; a folder that is missing is said when the file is written
	}
	m := fi.Mode()
	if m.IsRegular() && !folder || m.IsDir() && folder {
		return nil
	}
	return &KindError{Path: path, Kind: kindOf(m), Folder: folder}
}

// kindOf says what a file of mode m is: "a file", "a folder", "a symbolic
// link", ...
func kindOf(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "a file"
	case m.IsDir():
		return "a folder"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a file"
}

// checkWorking refuses an output folder that is the working folder (".")
// or holds it (".."): a folder is replaced as a whole, by a rename, with
// its lock and temporary files beside it, and the working folder can be
// neither renamed safely (on Windows not at all) nor named from inside.
func checkWorking(folders []string) error {
	wd, err := os.Getwd()
	if err != nil {
		return nil
	}
	for _, d := range folders {
		if canon(d, true) == canon(wd, true) || inside(wd, d) {
			return &ConflictError{Msg: fmt.Sprintf("%s is the folder this run works in, or holds it: an output folder is replaced as a whole, so name a folder inside it (such as ehf), or run from beside it", d)}
		}
	}
	return nil
}

// checkDistinct refuses two outputs that are the same file.
func checkDistinct(paths []string) error {
	for i, a := range paths {
		for _, b := range paths[i+1:] {
			if !sameFile(a, b) {
				continue
			}
			if a == b {
				return &ConflictError{Msg: fmt.Sprintf("%s is named twice: each output needs its own file", a)}
			}
			return &ConflictError{Msg: fmt.Sprintf("%s and %s are the same file: each output needs its own file", a, b)}
		}
	}
	return nil
}

// checkInside refuses a path inside one of the folders, saying msg (with
// the path as %[1]s and the folder as %[2]s).
func checkInside(paths, folders []string, msg string) error {
	for _, p := range paths {
		for _, d := range folders {
			if inside(p, d) {
				return &ConflictError{Msg: fmt.Sprintf("%[1]s "+msg, p, d)}
			}
		}
	}
	return nil
}

// checkInputs refuses an input that an output would replace.
func (s Set) checkInputs(files, folders []string) error {
	var inputs []string
	for _, in := range s.Inputs {
		if in == "" || in == "-" {
			continue
		}
		for _, out := range files {
			if sameFile(in, out) {
				return &ConflictError{Msg: fmt.Sprintf("%s is read by this run and is also its output %s: name another output file", in, out)}
			}
		}
		inputs = append(inputs, in)
	}
	return checkInside(inputs, folders, "is read by this run and is inside its output folder %[2]s, which the run would replace: move it out of the folder")
}

// canon is path made absolute, with the symbolic links of its folders
// resolved when they exist, and of path itself when it exists and follow.
func canon(path string, follow bool) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = filepath.Clean(path)
	}
	if follow {
		if p, err := filepath.EvalSymlinks(abs); err == nil {
			return p
		}
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs))
	}
	return abs
}

// sameFile reports whether a and b name the same file: the same path once
// cleaned and resolved, or, when both exist, the same file on disk (hard
// links too).
func sameFile(a, b string) bool {
	if canon(a, true) == canon(b, true) {
		return true
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}

// inside reports whether path is inside the folder dir, at any depth.
func inside(path, dir string) bool {
	prefix := canon(dir, false) + string(filepath.Separator)
	return strings.HasPrefix(canon(path, true), prefix) || strings.HasPrefix(canon(path, false), prefix)
}
