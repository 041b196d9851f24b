package main

import (
	"fmt"
	"io"
	"regexp"
	"strings"
)

// summary turns go test -json's events back into go test's plain output
// and counts the skipped tests by reason.
type summary struct {
	w       io.Writer
	pkgOut  map[string][]string // a package's own lines, and its failed tests' lines
	testOut map[string][]string // a running test's lines, by package and test
	reasons []string            // in the order first seen
	count   map[string]int      // skipped tests by reason
	checks  []string            // "skip: " lines of test binaries, with the package
}

func newSummary(w io.Writer) *summary {
	return &summary{w: w, pkgOut: map[string][]string{}, testOut: map[string][]string{}, count: map[string]int{}}
}

func (s *summary) add(e event) {
	key := e.Package + "\x00" + e.Test
	switch {
	case e.Action == "build-output":
		fmt.Fprint(s.w, e.Output)
	case e.Action == "output" && e.Test == "":
		s.pkgOut[e.Package] = append(s.pkgOut[e.Package], e.Output)
		if reason, ok := strings.CutPrefix(e.Output, "skip: "); ok {
			s.checks = append(s.checks, e.Package+": "+strings.TrimSpace(reason))
		}
	case e.Action == "output":
		s.testOut[key] = append(s.testOut[key], e.Output)
	case e.Test != "" && e.Action == "skip":
		s.skipped(reason(s.testOut[key]))
		delete(s.testOut, key)
	case e.Test != "" && e.Action == "fail":
		s.pkgOut[e.Package] = append(s.pkgOut[e.Package], withoutProgress(s.testOut[key])...)
		delete(s.testOut, key)
	case e.Test != "" && e.Action == "pass":
		delete(s.testOut, key)
	case e.Action == "pass" || e.Action == "skip" || e.Action == "fail":
		s.packageDone(e.Package, e.Action == "fail")
	}
}

// packageDone prints what go test prints for a package: its "ok" (or "?")
// line when it passed, everything but the progress lines when it failed.
func (s *summary) packageDone(pkg string, failed bool) {
	for _, l := range s.pkgOut[pkg] {
		switch {
		case failed && !isProgress(l):
			fmt.Fprint(s.w, l)
		case strings.HasPrefix(l, "ok  ") || strings.HasPrefix(l, "?   "):
			fmt.Fprint(s.w, l)
		}
	}
	delete(s.pkgOut, pkg)
}

func (s *summary) skipped(why string) {
	if s.count[why] == 0 {
		s.reasons = append(s.reasons, why)
	}
	s.count[why]++
}

// skipLine is the closing line: how many tests skipped and why, and the
// checks test binaries skipped; "" when nothing skipped.
func (s *summary) skipLine() string {
	var b strings.Builder
	n := 0
	for _, why := range s.reasons {
		n += s.count[why]
	}
	if n > 0 {
		fmt.Fprintf(&b, "%d %s skipped:", n, plural(n, "test", "tests"))
		for i, why := range s.reasons {
			if i > 0 {
				b.WriteString(";")
			}
			fmt.Fprintf(&b, " %d × %s", s.count[why], why)
		}
	}
	for i, c := range s.checks {
		switch {
		case i == 0 && n > 0:
			b.WriteString(". Skipped in ")
		case i == 0:
			b.WriteString("Skipped in ")
		default:
			b.WriteString("; in ")
		}
		b.WriteString(c)
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// logPrefix is what testing puts before a logged line: indent, file:line.
var logPrefix = regexp.MustCompile(`^\s*[\w.-]+\.go:\d+: `)

// reason is the last line a skipped test logged, without its file:line
// and a leading "skipping: ".
func reason(lines []string) string {
	why := "no reason given"
	for _, l := range lines {
		if isProgress(l) || strings.HasPrefix(l, "--- SKIP") || strings.TrimSpace(l) == "" {
			continue
		}
		why = strings.TrimSpace(logPrefix.ReplaceAllString(l, ""))
	}
	return strings.TrimPrefix(why, "skipping: ")
}

// withoutProgress is lines without the progress lines that only -v shows.
func withoutProgress(lines []string) []string {
	var out []string
	for _, l := range lines {
		if !isProgress(l) {
			out = append(out, l)
		}
	}
	return out
}

func isProgress(l string) bool {
	for _, p := range []string{"=== RUN", "=== PAUSE", "=== CONT", "=== NAME"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}
