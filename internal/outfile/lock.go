package outfile

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
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
	var held []*os.File
	release := func() {
		for _, f := range held {
			unlock(f)
		}
	}
	for _, t := range sorted {
		f, err := lock(t.path)
		if err != nil {
			release()
			return nil, err
		}
		held = append(held, f)
	}
	return release, nil
}

// lock takes an exclusive advisory lock on output's lock file, waiting up
// to LockWait for another run to release it. The holder removes the lock
// file before it releases the lock, so a lock taken on a file that is no
// longer at its name (removed, or removed and made anew) is stale, and is
// taken again.
func lock(output string) (*os.File, error) {
	name := lockName(output)
	deadline := time.Now().Add(LockWait)
	for {
		if live.isStopped() {
			return nil, ErrInterrupted
		}
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, pathError(output, "cannot write the output file", err)
		}
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			ok, err := held(f, name)
			if err != nil {
				return nil, err
			}
			if ok {
				return f, nil
			}
			continue // stale: its holder removed it
		}
		f.Close()
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, pathError(output, "cannot lock the output", err)
		}
		if time.Now().After(deadline) {
			return nil, &BusyError{Path: output, Waited: LockWait}
		}
		time.Sleep(lockPoll)
	}
}

// held checks that the locked f is still the file at name and, if so,
// has Interrupt remove it; otherwise f is closed.
func held(f *os.File, name string) (bool, error) {
	err := live.do(func() error {
		if current(f, name) {
			live.track(name)
			return nil
		}
		return errStale
	})
	if err != nil {
		f.Close()
	}
	if err == errStale {
		return false, nil
	}
	return err == nil, err
}

var errStale = errors.New("stale lock file")

// current reports whether f is still the file at name.
func current(f *os.File, name string) bool {
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	ni, err := os.Stat(name)
	return err == nil && os.SameFile(fi, ni)
}

// unlock removes the lock file, then releases the lock: a run waiting on
// the removed file sees that it is stale and takes a new one.
func unlock(f *os.File) {
	live.do(func() error {
		os.Remove(f.Name())
		live.untrack(f.Name())
		return nil
	})
	f.Close()
}
