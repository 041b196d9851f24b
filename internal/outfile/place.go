package outfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// writeTemp writes the target, unless it already holds its bytes, to a
// temporary file or folder beside it.
func (t *target) writeTemp() error {
	switch {
	case t.state == same:
		return nil
	case t.folder != nil:
		return t.writeTempFolder()
	}
	return live.do(func() error {
		f, err := os.CreateTemp(filepath.Dir(t.path), tempPattern(t.path, ".tmp"))
		if err != nil {
			return pathError(t.path, "cannot write the output file", err)
		}
		t.temp = f.Name()
		live.track(t.temp)
		_, err = f.Write(t.file.Data)
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
			return pathError(t.path, "cannot write the output file", err)
		}
		return nil
	})
}

// writeTempFolder writes the folder's files into a temporary folder beside
// it, one at a time, so that Interrupt waits for one file at most.
func (t *target) writeTempFolder() error {
	parent := filepath.Dir(filepath.Clean(t.path))
	err := live.do(func() error {
		tmp, err := os.MkdirTemp(parent, tempPattern(t.path, ".tmp"))
		if err != nil {
			return pathError(t.path, "cannot write the output folder", err)
		}
		t.temp = tmp
		live.track(tmp)
		return nil
	})
	if err != nil {
		return err
	}
	for _, f := range t.folder.Files {
		err := live.do(func() error {
			return os.WriteFile(filepath.Join(t.temp, f.Path), f.Data, 0o644)
		})
		if err != nil {
			return pathError(filepath.Join(t.path, f.Path), "cannot write the output file", err)
		}
	}
	return live.do(func() error { return os.Chmod(t.temp, 0o755) })
}

// placeAll places every target, all or none: if one cannot be placed,
// those placed before it are taken back (an output replaced is put back).
//
// A run killed outright on the way (SIGKILL, a power cut) leaves what the
// next run needs to finish it (see recoverStale): first every temporary
// file is renamed from .tmp to .new, which says it is complete; then each
// target is placed, which consumes its .new and keeps what it replaces as
// .old; only when none is left to place are the .old ones removed. So a
// run's .tmp files mean it placed nothing, its .new files that it was
// placing, and .old files alone that it had placed everything.
func placeAll(ts []*target) error {
	return live.do(func() error {
		if err := ready(ts); err != nil {
			return err
		}
		for i, t := range ts {
			if err := t.place(); err != nil {
				for j := i - 1; j >= 0; j-- {
					ts[j].takeBack()
				}
				return err
			}
		}
		syncParents(ts)
		for _, t := range ts {
			if t.backup != "" {
				os.RemoveAll(t.backup)
				step()
			}
		}
		return nil
	})
}

// ready renames every temporary file or folder from .tmp to .new, once
// all are written: see placeAll. The caller holds live's mutex.
func ready(ts []*target) error {
	for _, t := range ts {
		if t.temp == "" {
			continue
		}
		name := strings.TrimSuffix(t.temp, ".tmp") + ".new"
		if err := os.Rename(t.temp, name); err != nil {
			return pathError(t.path, "cannot write the output file", err)
		}
		live.untrack(t.temp)
		live.track(name)
		t.temp = name
		step()
	}
	return nil
}

// AfterStep, when not nil, is called after each step that placeAll and
// recoverStale take on disk (a rename, a link, a removal). Tests set it to
// stop a process at each of them in turn; the program never does.
var AfterStep func()

func step() {
	if AfterStep != nil {
		AfterStep()
	}
}

// syncParents makes the placing of the targets durable where the OS
// needs it (see syncDir): each folder that a target was placed in once.
// It is the best that can be done: the outputs are in place whatever it
// reports, so an error is not the run's.
func syncParents(ts []*target) {
	seen := map[string]bool{}
	for _, t := range ts {
		dir := filepath.Dir(filepath.Clean(t.path))
		if t.placed && !seen[dir] {
			seen[dir] = true
			syncDir(dir)
		}
	}
}

// place moves the target's temporary file or folder to its path. An
// output it replaces is kept aside as .NAME.PID.RANDOM.old until every
// target is placed.
func (t *target) place() error {
	if t.state == same {
		return nil
	}
	backup := strings.TrimSuffix(t.temp, ".new") + ".old"
	var err error
	switch {
	case t.folder != nil && t.exists:
		if err = os.Rename(t.path, backup); err == nil {
			t.backup = backup
			step()
			if err = os.Rename(t.temp, t.path); err != nil {
				os.Rename(backup, t.path)
				t.backup = ""
			}
		}
	case t.folder != nil:
		err = os.Rename(t.temp, t.path)
	case t.exists:
		if os.Link(t.path, backup) == nil {
			t.backup = backup
			step()
		}
		err = os.Rename(t.temp, t.path)
	default:
		if err = link(t.temp, t.path); err == nil {
			step()
			os.Remove(t.temp) // placed: no longer to be placed (see placeAll)
		}
	}
	if err == nil {
		step()
	}
	if err != nil {
		if t.file != nil && t.backup != "" {
			os.Remove(t.backup)
			t.backup = ""
		}
		var ee *ExistsError
		if errors.As(err, &ee) {
			return err
		}
		return pathError(t.path, "cannot place the output", err)
	}
	t.placed = true
	return nil
}

// link makes the file tmp also path, failing if path exists meanwhile.
func link(tmp, path string) error {
	err := os.Link(tmp, path)
	switch {
	case errors.Is(err, fs.ErrExist):
		return &ExistsError{Path: path}
	case err != nil:
		// A file system without hard links: the existence check under
		// the lock has to do.
		return os.Rename(tmp, path)
	}
	return nil
}

// takeBack undoes place: the output placed is removed, and the one it
// replaced put back.
func (t *target) takeBack() {
	if !t.placed {
		return
	}
	os.RemoveAll(t.path)
	if t.backup != "" {
		os.Rename(t.backup, t.path)
		t.backup = ""
	}
	t.placed = false
}

// removeTemps removes what is left of the targets' temporary files: all
// of them after a failure, the hard-linked ones after success.
func removeTemps(ts []*target) {
	live.do(func() error {
		for _, t := range ts {
			if t.temp != "" {
				os.RemoveAll(t.temp)
				live.untrack(t.temp)
			}
		}
		return nil
	})
}
