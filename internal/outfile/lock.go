package outfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

// LockWait is how long Commit waits for another run that writes one of
// the same outputs before it gives up with a *BusyError.
var LockWait = 60 * time.Second

// lockPoll is how often a waiting Commit tries the lock again.
const lockPoll = 20 * time.Millisecond

// lockName is the lock file of the output path: .NAME.lock beside it.
func lockName(path string) string {
	path = filepath.Clean(path)
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".lock")
}

// lockAll takes the lock of every target, in the order of their lock
// files' canonical paths so that two runs never wait for each other, and
// returns the function that releases them.
func lockAll(ts []*target) (func(), error) {
	sorted := slices.Clone(ts)
	slices.SortFunc(sorted, func(a, b *target) int {
		return strings.Compare(canon(lockName(a.path), false), canon(lockName(b.path), false))
	})
	var held []*flock.Flock
	release := func() {
		for _, l := range held {
			unlock(l)
		}
	}
	for _, t := range sorted {
		l, err := lock(t.path)
		if err != nil {
			release()
			return nil, err
		}
		held = append(held, l)
	}
	return release, nil
}

// lock takes an exclusive advisory lock on output's lock file (flock on
// Unix, LockFileEx on Windows), waiting up to LockWait for another run to
// release it. The holder removes the lock file when it is done (see
// unlock), so a lock taken on a file that is no longer at its name
// (removed, or removed and made anew) is stale, and is taken again.
func lock(output string) (*flock.Flock, error) {
	name := lockName(output)
	deadline := time.Now().Add(LockWait)
	for {
		if live.isStopped() {
			return nil, ErrInterrupted
		}
		if err := lockKind(output, name); err != nil {
			return nil, err
		}
		l := flock.New(name, flock.SetFlag(lockFlag), flock.SetPermissions(0o644))
		ok, err := l.TryLock()
		if err != nil {
			return nil, lockError(output, name, err)
		}
		if ok {
			if ok, err := held(l, output, name); ok || err != nil {
				return l, err
			}
			continue // stale: its holder removed it
		}
		if time.Now().After(deadline) {
			return nil, &BusyError{Path: output, Waited: LockWait}
		}
		time.Sleep(lockPoll)
	}
}

// lockError says why the lock file name of output could not be opened
// or locked: it is not a regular file (made since lockKind looked), it
// cannot be made, or it cannot be locked.
func lockError(output, name string, err error) error {
	if kerr := lockKind(output, name); kerr != nil {
		return kerr
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pathError(output, "cannot write the output file", err)
	}
	return pathError(output, "cannot lock the output", err)
}

// lockKind refuses a lock file that is there and is not a regular file:
// a symbolic link, which would make the run create or lock the file it
// points to, or a FIFO, a device, a folder.
func lockKind(output, name string) error {
	fi, err := os.Lstat(name)
	if err != nil || fi.Mode().IsRegular() {
		return nil
	}
	return fmt.Errorf("%s: its lock file %s is %s, not a regular file: it is not followed or replaced; remove it", output, name, kindOf(fi.Mode()))
}

// held checks that the locked l is still the file at name and, if so,
// has Interrupt remove it; otherwise l is released.
func held(l *flock.Flock, output, name string) (bool, error) {
	err := live.do(func() error {
		if current(l, name) {
			live.track(name)
			return nil
		}
		if err := lockKind(output, name); err != nil {
			return err
		}
		return errStale
	})
	if err != nil {
		l.Close()
	}
	if err == errStale {
		return false, nil
	}
	return err == nil, err
}

var errStale = errors.New("stale lock file")

// current reports whether the locked l is still the regular file at name
// (not a symbolic link to it).
func current(l *flock.Flock, name string) bool {
	fi, err := l.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	ni, err := os.Lstat(name)
	return err == nil && os.SameFile(fi, ni)
}

// unlock removes the lock file and releases the lock. Where an open file
// can be removed (Unix), it is removed first, while the lock is held: a
// run waiting on the removed file sees that it is stale and takes a new
// one. Where it cannot (Windows), it is removed after the release, which
// fails, harmlessly, while another run has it open: that run then locks
// the file still at the name.
func unlock(l *flock.Flock) {
	name := l.Path()
	live.do(func() error {
		if removeWhileOpen {
			os.Remove(name)
		}
		live.untrack(name)
		return nil
	})
	l.Close()
	if !removeWhileOpen {
		live.do(func() error { return os.Remove(name) })
	}
}
