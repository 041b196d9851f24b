package outfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
)

// tempPattern is the os.CreateTemp pattern of a temporary file or folder
// for the output path, ending in suffix (".tmp", or ".old" for the output
// it replaces): .NAME.PID.RANDOM.tmp. The process id tells a later run
// whether the run that made it is still running.
func tempPattern(path, suffix string) string {
	return "." + filepath.Base(filepath.Clean(path)) + "." + strconv.Itoa(os.Getpid()) + ".*" + suffix
}

// removeStale removes the temporary files and folders beside the output
// path that a run which no longer runs left behind, as a run killed
// outright (SIGKILL, a power cut) does, and tells warn. A replaced output
// kept aside (.old) goes back in place if the output is missing: the run
// was stopped between moving it aside and placing the new one; only
// what the output is written as (a regular file, or a folder when folder)
// goes back, never a symbolic link or another kind put there meanwhile.
func removeStale(path string, folder bool, warn func(string)) {
	path = filepath.Clean(path)
	dir := filepath.Dir(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	re := regexp.MustCompile(`^\.` + regexp.QuoteMeta(filepath.Base(path)) + `\.([0-9]+)\.[0-9]+\.(tmp|old)$`)
	for _, e := range entries {
		m := re.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		pid, err := strconv.Atoi(m[1])
		if err != nil || running(pid) {
			continue
		}
		msg := removeOne(filepath.Join(dir, e.Name()), path, m[2] == "old" && sameKind(e, folder))
		if msg != "" && warn != nil {
			warn(fmt.Sprintf("%s, left by a run (process %d) that was stopped", msg, pid))
		}
	}
}

// sameKind reports whether the entry e is what an output is written as: a
// folder when folder, a regular file otherwise.
func sameKind(e os.DirEntry, folder bool) bool {
	if folder {
		return e.Type().IsDir()
	}
	return e.Type().IsRegular()
}

// removeOne removes the stale temporary file or folder, or puts the old
// output back, and says what it did ("" if nothing).
func removeOne(stale, path string, old bool) string {
	if _, err := os.Lstat(path); old && errors.Is(err, os.ErrNotExist) {
		if os.Rename(stale, path) == nil {
			return fmt.Sprintf("put %s back from %s", path, stale)
		}
	}
	if os.RemoveAll(stale) != nil {
		return ""
	}
	return "removed " + stale
}
