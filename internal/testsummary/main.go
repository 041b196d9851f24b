// Command testsummary runs go test and prints what go test prints without
// -v (an "ok" line per package, the output of what failed), followed by one
// line that says how many tests skipped and why, which go test shows only
// with -v:
//
//	go run ./internal/testsummary ./...
//	go run ./internal/testsummary -short ./internal/cli
//
// Its arguments go to go test -json unchanged; $GO names the go command
// (default go), and $TESTSUMMARY_JSON a file to keep go test's JSON events
// in (per-test times, for CI). It exits with go test's exit code. A skipped test's reason
// is the last line it logged, as t.Skip("skipping: pdftotext is not
// installed") writes it; tests with the same reason are counted together.
// A test binary can also report a check it skipped as a whole (TestMain
// after m.Run) by printing a line "skip: reason" on its standard output.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
)

func main() {
	code, err := run(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
	}
	os.Exit(code)
}

// run runs go test -json with args and relays its output; it returns go
// test's exit code.
func run(args []string) (int, error) {
	gocmd := os.Getenv("GO")
	if gocmd == "" {
		gocmd = "go"
	}
	cmd := exec.Command(gocmd, append([]string{"test", "-json"}, args...)...)
	cmd.Stdin, cmd.Stderr = os.Stdin, os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 1, err
	}
	var in io.Reader = out
	if name := os.Getenv("TESTSUMMARY_JSON"); name != "" {
		f, err := os.Create(name)
		if err != nil {
			return 1, err
		}
		defer f.Close()
		in = io.TeeReader(out, f)
	}
	if err := cmd.Start(); err != nil {
		return 1, err
	}
	s := newSummary(os.Stdout)
	readErr := s.read(in)
	err = cmd.Wait()
	if line := s.skipLine(); line != "" {
		fmt.Println(line)
	}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return ee.ExitCode(), readErr
	case err != nil:
		return 1, err
	}
	return 0, readErr
}

// event is one line of go test -json (cmd/test2json's TestEvent).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// read relays go test -json's events from r as go test's plain output and
// counts the skips; a line that is not an event is copied as it is.
func (s *summary) read(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil || e.Action == "" {
			fmt.Fprintln(s.w, sc.Text())
			continue
		}
		s.add(e)
	}
	return sc.Err()
}
