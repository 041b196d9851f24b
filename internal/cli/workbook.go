package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

// callerEnv carries the version of the digisos-invoice that runs
// digisos-invoice-xlsx, which refuses to run for another version: the two
// are one program in two files, and a workbook must record the program
// that computed it.
const callerEnv = "DIGISOS_INVOICE_CALLER"

// errNoWorkbook says the command needs the workbook, which this program is
// built without; execute then runs digisos-invoice-xlsx instead. It is
// returned before anything is read or written.
var errNoWorkbook = errors.New("the workbook format is in " + workbookProg)

// runWorkbookProgram replaces this process with digisos-invoice-xlsx from
// this program's folder, given the same arguments, standard streams and
// environment, so that its output, errors and exit code are the run's. It
// returns only when that program cannot be run.
func runWorkbookProgram(args []string) error {
	self, err := os.Executable()
	if err != nil {
		return workbookMissing("", err)
	}
	path := filepath.Join(filepath.Dir(self), workbookProg)
	env := append(os.Environ(), callerEnv+"="+version().String())
	err = syscall.Exec(path, append([]string{path}, args...), env)
	return workbookMissing(path, err)
}

func workbookMissing(path string, err error) error {
	if path == "" {
		path = workbookProg
	}
	return &exitError{code: exitFailure,
		err:  fmt.Errorf("the workbook format (xlsx) is written and read by %s, which could not be run: %s: %v", workbookProg, path, err),
		hint: bothPrograms}
}

// bothPrograms is the hint when digisos-invoice-xlsx is missing or another
// version.
const bothPrograms = "build or install both programs together: make build puts them in bin/, go install ./cmd/... in your Go bin folder"

// checkCaller refuses to run as digisos-invoice-xlsx (wb non-nil) for a
// digisos-invoice of another version.
func checkCaller(wb Workbook) error {
	caller, ok := os.LookupEnv(callerEnv)
	if wb == nil || !ok || caller == version().String() {
		return nil
	}
	return &exitError{code: exitFailure,
		err:  fmt.Errorf("%s is %s, but the digisos-invoice that ran it is %s: one program in two files, they must come from the same build", workbookProg, version().String(), caller),
		hint: bothPrograms}
}
