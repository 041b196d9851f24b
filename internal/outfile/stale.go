package outfile

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// tempPattern is the os.CreateTemp pattern of a temporary file or folder
// for the output path, ending in suffix: .NAME.PID.RANDOM.tmp. The process
// id tells a later run whether the run that made it is still running.
func tempPattern(path, suffix string) string {
	return "." + filepath.Base(filepath.Clean(path)) + "." + strconv.Itoa(os.Getpid()) + ".*" + suffix
}

// leftName matches what a run leaves beside its output NAME:
// .NAME.PID.RANDOM.tmp, .new or .old (see placeAll).
var leftName = regexp.MustCompile(`^\.(.+)\.([0-9]+)\.[0-9]+\.(tmp|new|old)$`)

// leftover is a file or folder that a run which no longer runs left
// beside one of its outputs.
type leftover struct {
	path   string // the leftover
	output string // the output it was made for, beside it
	suffix string // "tmp", "new" or "old"
	folder bool   // it is a folder (and not a symbolic link)
	file   bool   // it is a regular file
}

// recoverStale finishes or clears what runs that no longer run left
// beside the targets, whose locks the caller holds, as a run killed
// outright (SIGKILL, a power cut) leaves it, and tells warn what it did.
// What a run left says how far it got (see placeAll): with .tmp files it
// placed nothing, and they (and any .new) are removed; with .new files
// and no .tmp it was placing a complete set, and each .new is placed as
// the run would have placed it; once no .new of the run is left, what it
// replaced (.old) is removed. So the outputs and their manifest are never
// left from two runs, and the only copy of what a manifest describes is
// never removed. The folders of every target are read, so that a run's
// files beside its other outputs count; only the targets' own change.
func recoverStale(ts []*target, warn func(string)) {
	ours := map[string]*target{}
	runs := map[int][]leftover{}
	for _, t := range ts {
		ours[filepath.Clean(t.path)] = t
	}
	for _, dir := range folders(ts) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			m := leftName.FindStringSubmatch(e.Name())
			if m == nil {
				continue
			}
			pid, err := strconv.Atoi(m[2])
			if err != nil || running(pid) {
				continue
			}
			runs[pid] = append(runs[pid], leftover{path: filepath.Join(dir, e.Name()), output: filepath.Join(dir, m[1]),
				suffix: m[3], folder: e.IsDir(), file: e.Type().IsRegular()})
		}
	}
	for _, pid := range slices.Sorted(maps.Keys(runs)) {
		say := func(msg string) {
			if warn != nil {
				warn(fmt.Sprintf("%s, left by a run (process %d) that was stopped", msg, pid))
			}
		}
		recoverRun(runs[pid], ours, say)
	}
}

// folders are the folders that hold the targets, each once.
func folders(ts []*target) []string {
	var dirs []string
	for _, t := range ts {
		if dir := filepath.Dir(filepath.Clean(t.path)); !slices.Contains(dirs, dir) {
			dirs = append(dirs, dir)
		}
	}
	return dirs
}

// recoverRun finishes or clears what one stopped run left beside the
// targets in ours (see recoverStale), and says what it did.
func recoverRun(left []leftover, ours map[string]*target, say func(string)) {
	placing := !slices.ContainsFunc(left, func(l leftover) bool { return l.suffix == "tmp" })
	for _, l := range slices.Clone(left) {
		t := ours[l.output]
		switch {
		case t == nil || l.suffix == "old":
		case l.suffix == "new" && placing && l.fits(t):
			if old, err := l.place(); err == nil {
				say(fmt.Sprintf("placed %s from %s", l.output, l.path))
				if old != "" {
					left = append(left, leftover{path: old, output: l.output, suffix: "old", folder: l.folder, file: l.file})
				}
			}
		case os.RemoveAll(l.path) == nil:
			step()
			say("removed " + l.path)
		}
	}
	pending := slices.ContainsFunc(left, func(l leftover) bool { return l.suffix == "new" && exists(l.path) })
	for _, l := range left {
		t := ours[l.output]
		if t == nil || l.suffix != "old" {
			continue
		}
		switch {
		case !exists(l.output) && l.fits(t):
			if os.Rename(l.path, l.output) == nil {
				step()
				say(fmt.Sprintf("put %s back from %s", l.output, l.path))
			}
		case exists(l.output) && pending:
			say(fmt.Sprintf("kept %s (the output it replaced) until the run's other outputs are placed: run that command again", l.path))
		case exists(l.output) && !placing:
			say(fmt.Sprintf("kept %s (an output it replaced), which may be the only copy of what a manifest describes: remove it once checked", l.path))
		case os.RemoveAll(l.path) == nil:
			step()
			say("removed " + l.path)
		}
	}
}

// fits reports whether the leftover is what the target is written as: a
// folder for a folder, a regular file for a file, never a symbolic link.
func (l leftover) fits(t *target) bool {
	if t.folder != nil {
		return l.folder
	}
	return l.file
}

// place places a stopped run's .new at its output as the run would have
// (see target.place): what it replaces is kept first as the run's .old,
// which place returns when it made it. A .new that is already the output
// (hard-linked there) is only removed.
func (l leftover) place() (old string, err error) {
	if fi, ni := stat(l.path), stat(l.output); fi != nil && ni != nil && os.SameFile(fi, ni) {
		err = os.Remove(l.path)
		step()
		return "", err
	}
	if exists(l.output) {
		if old = strings.TrimSuffix(l.path, ".new") + ".old"; exists(old) {
			old = ""
		} else if err = keep(l.output, old, l.folder); err != nil {
			return "", err
		}
	}
	if err = os.Rename(l.path, l.output); err == nil {
		step()
	}
	return old, err
}

// keep keeps the output at old, as target.place does: a folder moved
// there, a file hard-linked (where the file system cannot, the file is
// replaced without a copy kept).
func keep(output, old string, folder bool) error {
	if folder {
		if err := os.Rename(output, old); err != nil {
			return err
		}
	} else if os.Link(output, old) != nil {
		return nil
	}
	step()
	return nil
}

func stat(path string) os.FileInfo {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil
	}
	return fi
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, os.ErrNotExist)
}
