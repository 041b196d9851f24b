// Package outfile writes a run's outputs so that a failed, stopped or
// concurrent run leaves no half-written or mixed output behind, and an
// issued file is never replaced by accident.
//
// Commit is the one call a command makes. It
//   - refuses an output that is not a regular file (a folder for a Folder)
//     or nothing yet: a device, a FIFO, a socket or a symbolic link is never
//     written to or replaced (Check, which a command also calls before it
//     reads its inputs);
//   - refuses two outputs that are the same file, a file inside an output
//     folder, and an input that an output would replace;
//   - serialises runs that write the same outputs, by an advisory lock on a
//     file beside each output (.NAME.lock, removed when the run is done);
//   - finishes or clears what a run killed outright left beside an output
//     (the names hold its process id: .NAME.PID.RANDOM.tmp, .new, .old):
//     a run that had not started placing its outputs leaves nothing; one
//     that had is finished, so that an output and its manifest are never
//     from two runs, and a replaced output is never removed before the
//     run's last output is in place;
//   - leaves an output that already holds exactly its bytes as it is, and
//     says so (a cron retry succeeds without --force);
//   - writes every other output to a temporary file in its target's folder,
//     and only when all are written places them together: by a hard link,
//     which fails if the name was taken meanwhile, or, with Force, by a
//     rename that replaces the old file atomically. A folder is written into
//     a temporary folder beside it and renamed as a whole. If one output
//     cannot be placed, those placed before it are taken back;
//   - writes standard output last, once every file is in place.
//
// Interrupt, called on SIGINT or SIGTERM, removes the temporary files of
// every Commit in progress.
package outfile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
)

// File is an output file: its path ("-", "" or "/dev/stdout" for standard
// output) and its bytes. In a Folder, Path is the file's name inside the
// folder.
type File struct {
	Path string
	Data []byte
}

// ToStdout reports whether f goes to standard output.
func (f File) ToStdout() bool { return isStdout(f.Path) }

func isStdout(path string) bool { return path == "" || path == "-" || path == "/dev/stdout" }

// Folder is an output folder that holds Files and nothing else.
type Folder struct {
	Path  string
	Files []File
	// Owns reports whether a file in such a folder, by its name and what
	// it holds, is one this program wrote there. Force replaces an
	// existing folder only when every entry in it is a regular file of at
	// most OwnsLimit bytes that Owns; nil owns nothing.
	Owns func(name string, data []byte) bool
}

// Set is the outputs of one run, written together.
type Set struct {
	Files   []File
	Folders []Folder
	// Force replaces existing files and folders that hold other bytes;
	// without it they are refused with an *ExistsError before anything is
	// written.
	Force bool
	// Inputs are the files the run read: none may be an output, or inside
	// an output folder.
	Inputs []string
	// Warn, when set, is told what a user should hear even from a quiet
	// run: temporary files of a stopped run that were removed.
	Warn func(msg string)
	// Unchanged, when set, is told of each output that already held
	// exactly its bytes and so was left as it was.
	Unchanged func(path string)
}

// Commit writes the set: see the package comment for what it guarantees.
func (s Set) Commit(stdout io.Writer) error {
	if err := s.Check(); err != nil {
		return err
	}
	ts := s.targets()
	release, err := lockAll(ts)
	if err != nil {
		return err
	}
	err = s.commitLocked(ts)
	release()
	if err != nil {
		return err
	}
	for _, t := range ts {
		if t.state == same && s.Unchanged != nil {
			s.Unchanged(t.path)
		}
	}
	return writeStdout(stdout, s.Files)
}

// BeforePlace, when not nil, is called by Commit with its locks held, after
// every temporary file is written and before any is placed. Tests set it to
// hold a run at that point; the program never does.
var BeforePlace func()

// commitLocked does Commit's work on the targets while their locks are
// held: what stopped runs left beside them first (recoverStale), then the
// state of each target, then the temporary files, then placing them.
func (s Set) commitLocked(ts []*target) error {
	recoverStale(ts, s.Warn)
	for _, t := range ts {
		if err := t.inspect(s.Force); err != nil {
			return err
		}
	}
	defer removeTemps(ts)
	for _, t := range ts {
		if err := t.writeTemp(); err != nil {
			return err
		}
	}
	if BeforePlace != nil {
		BeforePlace()
	}
	return placeAll(ts)
}

// targets are the set's outputs other than standard output: the folders
// first, then the files, in the order given.
func (s Set) targets() []*target {
	var ts []*target
	for i := range s.Folders {
		ts = append(ts, &target{path: s.Folders[i].Path, folder: &s.Folders[i]})
	}
	for i := range s.Files {
		if !s.Files[i].ToStdout() {
			ts = append(ts, &target{path: s.Files[i].Path, file: &s.Files[i]})
		}
	}
	return ts
}

// writeStdout writes the files that go to standard output.
func writeStdout(stdout io.Writer, files []File) error {
	for _, f := range files {
		if !f.ToStdout() {
			continue
		}
		if live.isStopped() {
			return ErrInterrupted
		}
		if _, err := stdout.Write(f.Data); err != nil {
			return err
		}
	}
	return nil
}

// state is what a target holds before it is written.
type state int

const (
	absent  state = iota // nothing, or an empty folder
	same                 // exactly the bytes to write
	differs              // other bytes, to be replaced (with Force)
)

// target is one output being committed.
type target struct {
	path   string
	file   *File   // a file output, or
	folder *Folder // a folder output
	state  state
	exists bool   // the path exists (an empty folder is absent but exists)
	temp   string // the temporary file or folder written
	backup string // the replaced output, kept until all are placed
	placed bool
}

// inspect finds the target's state, and refuses what may not be replaced.
func (t *target) inspect(force bool) error {
	if err := checkKind(t.path, t.folder != nil); err != nil {
		return err
	}
	var err error
	if t.folder != nil {
		t.state, t.exists, err = inspectFolder(*t.folder, force)
	} else {
		t.state, t.exists, err = inspectFile(*t.file, force)
	}
	return err
}

func inspectFile(f File, force bool) (state, bool, error) {
	data, err := os.ReadFile(f.Path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return absent, false, nil
	case err != nil:
		return absent, true, pathError(f.Path, "cannot read the existing output", err)
	case bytes.Equal(data, f.Data):
		return same, true, nil
	case !force:
		return differs, true, &ExistsError{Path: f.Path}
	}
	return differs, true, nil
}

func inspectFolder(d Folder, force bool) (state, bool, error) {
	entries, err := os.ReadDir(d.Path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return absent, false, nil
	case err != nil:
		return absent, true, pathError(d.Path, "cannot read the existing output folder", err)
	case len(entries) == 0:
		return absent, true, nil
	case sameFolder(d, entries):
		return same, true, nil
	case !force:
		return differs, true, &ExistsError{Path: d.Path}
	}
	var foreign []string
	for _, e := range entries {
		if !e.Type().IsRegular() || !owns(d, e.Name()) {
			foreign = append(foreign, e.Name())
		}
	}
	if len(foreign) > 0 {
		return differs, true, &ForeignError{Path: d.Path, Names: foreign}
	}
	return differs, true, nil
}

// OwnsLimit is the size of the largest file in an output folder that a
// Folder's Owns is asked about: a larger one is not read, and is not
// replaced.
const OwnsLimit = 64 << 20

// owns reports whether d.Owns the regular file name in its folder, by what
// the file holds.
func owns(d Folder, name string) bool {
	if d.Owns == nil {
		return false
	}
	f, err := os.Open(filepath.Join(d.Path, name))
	if err != nil {
		return false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, OwnsLimit+1))
	return err == nil && len(data) <= OwnsLimit && d.Owns(name, data)
}

// sameFolder reports whether the folder's entries are exactly d's files,
// byte for byte.
func sameFolder(d Folder, entries []os.DirEntry) bool {
	if len(entries) != len(d.Files) {
		return false
	}
	names := make([]string, len(entries))
	for i, e := range entries {
		if !e.Type().IsRegular() {
			return false
		}
		names[i] = e.Name()
	}
	for _, f := range d.Files {
		if _, found := slices.BinarySearch(names, f.Path); !found {
			return false
		}
		data, err := os.ReadFile(filepath.Join(d.Path, f.Path))
		if err != nil || !bytes.Equal(data, f.Data) {
			return false
		}
	}
	return true
}
