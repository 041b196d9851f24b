// Package cli is digisos-invoice's command line: cobra commands that bind
// flags; run functions that read and check every input, then wire the
// billing engine, the correction and verify engines and a format.Format
// (looked up in formats, never named); and the mapping of errors to exit
// codes. Main, its only export, runs the program.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"digisos-invoice/internal/csvio"
)

// Exit codes, documented in the README and pinned by the scripts in
// testdata/script.
const (
	exitOK        = 0
	exitFailure   = 1 // bad input, a tariff error, a file that could not be read or written: any failure
	exitUsage     = 2 // unknown command or flag, a missing or bad flag value or argument
	exitDiffers   = 3 // verify: the issued file differs from a fresh computation; journal check: the journal does not hold
	exitExists    = 4 // --output names an existing file and --force was not given
	exitBusy      = 5 // another run is writing the same output: retry later
	maxErrorLines = 20
)

const prog = "digisos-invoice"

// exitError carries the exit code an error maps to.
type exitError struct {
	code int
	err  error
	hint string
}

// Error returns the message of the error carried.
func (e *exitError) Error() string { return e.err.Error() }

// Unwrap returns the error carried.
func (e *exitError) Unwrap() error { return e.err }

func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// Main runs the program with args (without the program name) and returns
// the exit code. Errors go to stderr once, one per line, as
// "digisos-invoice: file:line:col: message". On SIGINT or SIGTERM it
// removes the run's temporary files and returns 130 or 143 at once, while
// the run is left to the caller's exit.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	done := make(chan int, 1)
	go func() { done <- execute(args, stdin, stdout, stderr) }()
	select {
	case code := <-done:
		return code
	case sig := <-sigs:
		return interrupted(sig, stderr)
	}
}

// execute is Main without the signals. A panic is reported as an internal
// error (exit 70), not as Go's crash.
func execute(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer recoverInternal(stderr, &code)
	root := newRootCmd(stdin, stdout, stderr, time.Now)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	ee := classify(root, args, err)
	if ee.code == exitUsage && ee.hint == "" {
		ee.hint = fmt.Sprintf("run '%s --help'", cmd.CommandPath())
	}
	return printExit(stderr, ee)
}

// printExit prints the error ee and its hint, and returns its exit code.
func printExit(stderr io.Writer, ee *exitError) int {
	printError(stderr, ee.err)
	if ee.hint != "" {
		fmt.Fprintf(stderr, "%s: hint: %s\n", prog, ee.hint)
	}
	return ee.code
}

// classify returns the exit code err maps to. Errors from the commands,
// and cobra's flag and argument errors (see newRootCmd), carry their code.
// Of the others, an unknown command is a usage error; anything else, such
// as --version failing to write, is a failure.
func classify(root *cobra.Command, args []string, err error) *exitError {
	var ee *exitError
	if errors.As(err, &ee) {
		return ee
	}
	if _, _, findErr := root.Find(args); findErr != nil {
		return unknownCommand(err)
	}
	return &exitError{code: exitFailure, err: err}
}

// unknownCommand is cobra's unknown-command error as a usage error, its
// suggestions ("Did you mean this?" and a list on lines of their own) made
// the hint, so that the message stays on one line.
func unknownCommand(err error) *exitError {
	msg, suggestions, ok := strings.Cut(err.Error(), "\n\nDid you mean this?")
	if !ok {
		return &exitError{code: exitUsage, err: err}
	}
	return &exitError{code: exitUsage, err: errors.New(msg),
		hint: "did you mean " + strings.Join(strings.Fields(suggestions), " or ") + "?"}
}

// failure marks err as a failure of the run (exit 1): bad input, or a
// file that could not be read or written.
func failure(err error) error {
	return &exitError{code: exitFailure, err: err}
}

// printError prints err, and each error of a list on its own line, at most
// maxErrorLines of them.
func printError(w io.Writer, err error) {
	var list csvio.Errors
	if !errors.As(err, &list) {
		fmt.Fprintf(w, "%s: %s\n", prog, oneLine(err.Error()))
		return
	}
	for i, e := range list {
		if i == maxErrorLines {
			fmt.Fprintf(w, "%s: ... and %s\n", prog, count(len(list)-maxErrorLines, "more error", "more errors"))
			break
		}
		fmt.Fprintf(w, "%s: %s\n", prog, oneLine(e.Error()))
	}
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", " ") }
