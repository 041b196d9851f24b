package outfile

import (
	"os"
	"sync"
)

// live is what the Commits in progress have made that Interrupt removes:
// temporary files and folders, and the lock files held. Every temporary
// file is made, written and placed under its mutex, so that Interrupt
// never races with a Commit: after it, no Commit writes anything.
var live = registry{paths: map[string]bool{}}

type registry struct {
	mu      sync.Mutex
	stopped bool
	paths   map[string]bool
}

// Interrupt removes the temporary files and folders of every Commit in
// progress, and their lock files, and makes them and later Commits return
// ErrInterrupted without writing anything more. A signal handler calls it
// before the program exits. A Commit that had placed its outputs already
// has no temporary files left: its outputs stay, complete.
func Interrupt() {
	live.mu.Lock()
	defer live.mu.Unlock()
	live.stopped = true
	for p := range live.paths {
		os.RemoveAll(p)
	}
	clear(live.paths)
}

// do runs f unless Interrupt has run, with Interrupt held off meanwhile.
func (r *registry) do(f func() error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped {
		return ErrInterrupted
	}
	return f()
}

func (r *registry) isStopped() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stopped
}

// track and untrack add and drop a path to remove on Interrupt; the
// caller holds the mutex (inside do).
func (r *registry) track(path string)   { r.paths[path] = true }
func (r *registry) untrack(path string) { delete(r.paths, path) }
