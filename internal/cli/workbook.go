package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"digisos-invoice/internal/audit"
	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/correction"
	"digisos-invoice/internal/record"
)

// Workbook is the Excel workbook format (xlsx): calculate's and correct's
// --format xlsx, and verify of an issued workbook. Its library costs every
// process that links it about 12 ms of start-up, so digisos-invoice is
// built without it (Main) and runs digisos-invoice-xlsx, built with it
// (MainWith), for a command that needs it.
type Workbook interface {
	// Write writes allocation a as a workbook; meta says what made the run.
	Write(w io.Writer, a billing.Allocation, meta record.Run) error
	// WriteCorrection writes a correction as a workbook.
	WriteCorrection(w io.Writer, c correction.Correction) error
	// LinesCSV returns an issued workbook's lines sheet as the CSV
	// calculate writes, with the sheet's row numbers as line numbers.
	LinesCSV(data []byte, file string) ([]byte, error)
	// Compare adds to rep every cell of the issued workbook's other
	// sheets that differs from the recomputed workbook's.
	Compare(rep *audit.Report, file string, issued, recomputed []byte) error
}

// workbookProg is the program built with the workbook, found beside this
// one.
const workbookProg = prog + "-xlsx"

// callerEnv is set by a digisos-invoice that replaces its process with
// digisos-invoice-xlsx, to "PID VERSION": the process id, which the
// replacement keeps, and its version. digisos-invoice-xlsx refuses to run
// for another version: the two are one program in two files, and a
// workbook must record the program that computed it. (The version is the
// module version and VCS revision Go records in a binary; builds without
// VCS information all say "(devel)", and those the check cannot tell
// apart.) A value with another process id was inherited, not set for this
// process, and is ignored.
const callerEnv = "DIGISOS_INVOICE_CALLER"

// caller returns the version of the digisos-invoice that this process
// replaced, if it is one that did.
func caller() (string, bool) {
	pid, v, ok := strings.Cut(os.Getenv(callerEnv), " ")
	if !ok || pid != strconv.Itoa(os.Getpid()) {
		return "", false
	}
	return v, true
}

// errNoWorkbook says the command needs the workbook, which this program is
// built without; the run then goes on in digisos-invoice-xlsx (handOff).
// It is returned before anything is written or locked: calculate and
// correct return it from their flag checks, verify once it has seen that
// the issued file is a workbook.
var errNoWorkbook = errors.New("the workbook format is in " + workbookProg)

// runWorkbookProgram replaces this process with digisos-invoice-xlsx from
// the folder of this program's file (symbolic links followed), given the
// same arguments, standard streams and environment, so that its output,
// errors and exit code are the run's. It returns only when that program
// cannot be run. A process that digisos-invoice replaced with
// digisos-invoice-xlsx (see caller) but that has no workbook is a copy of
// digisos-invoice under the other name: it stops rather than run itself
// again.
func runWorkbookProgram(args []string) *exitError {
	self, err := os.Executable()
	if err == nil {
		self, err = filepath.EvalSymlinks(self)
	}
	if err != nil {
		return workbookMissing("", err)
	}
	if _, ok := caller(); ok {
		return workbookMissing(self, errors.New("this file is digisos-invoice itself, without the workbook format"))
	}
	path := filepath.Join(filepath.Dir(self), workbookProg)
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		return workbookMissing(path, errors.New("not a program file"))
	}
	err = syscall.Exec(path, append([]string{path}, args...), callerEnviron(os.Environ()))
	return workbookMissing(path, err)
}

// callerEnviron is env with callerEnv set for this process, in place of
// any value it had.
func callerEnviron(env []string) []string {
	out := slices.DeleteFunc(slices.Clone(env), func(kv string) bool { return strings.HasPrefix(kv, callerEnv+"=") })
	return append(out, callerEnv+"="+strconv.Itoa(os.Getpid())+" "+version().String())
}

// BeforeHandOff is called when a run has found that it needs
// digisos-invoice-xlsx, before it hands off. Tests set it to hold the run
// there and send it a signal.
var BeforeHandOff = func() {}

func workbookMissing(path string, err error) *exitError {
	if path == "" {
		path = workbookProg
	}
	return &exitError{code: exitFailure,
		err:  fmt.Errorf("the workbook format (xlsx) is written and read by %s, which could not be run: %s: %v", workbookProg, path, err),
		hint: bothPrograms}
}

// bothPrograms is the hint when digisos-invoice-xlsx is missing or another
// version.
const bothPrograms = "build or install both programs together: make build puts them in bin/, CGO_ENABLED=0 go install ./cmd/... in your Go bin folder"

// checkCaller refuses to run as digisos-invoice-xlsx (wb non-nil) for a
// digisos-invoice of another version.
func checkCaller(wb Workbook) error {
	v, ok := caller()
	if wb == nil || !ok || v == version().String() {
		return nil
	}
	return &exitError{code: exitFailure,
		err:  fmt.Errorf("%s is %s, but the digisos-invoice that ran it is %s: one program in two files, they must come from the same build", workbookProg, version().String(), v),
		hint: bothPrograms}
}
