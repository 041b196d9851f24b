// Package format says what an output format is to the commands: the
// Format interface that each adapter package (csvio, jsonio, xlsxio,
// ehfio, pdfio, textio) implements once, and the values a Format renders
// (a Run, a Correction, the journal's Listing) and reads back for verify
// (a Tree). calculate, correct, explain, verify and the journal's list
// and balance look a format up and call it; none of them knows a format
// by its name. Sniff is the one rule that tells an issued
// file's kind from its bytes.
package format

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"time"

	"digisos-invoice/internal/audit"
	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/correction"
	"digisos-invoice/internal/record"
)

// Format is one output format.
type Format interface {
	// Name is the format's value of --format and its name in a record.
	Name() string
	// Use says how the format serves command op; ok is false when it
	// does not serve it.
	Use(op Op) (u Use, ok bool)
	// Sniff reports whether data, an issued file named name, is in this
	// format (see Sniff).
	Sniff(name string, data []byte) bool
	// Render writes run r: the whole run, or only the municipalities
	// r.Only names. It reads nothing and changes nothing in r.
	Render(r *Run) (Output, error)
	// RenderCorrection writes the documents of a correction.
	RenderCorrection(c *Correction) (Output, error)
	// Read reads an issued file's bytes (or a rendered one's) into the
	// tree verify compares.
	Read(data []byte, name string) (*Tree, error)
}

// Comparer is a Format whose files hold more than their Tree: verify
// compares the rest, issued against recomputed bytes, with Compare.
type Comparer interface {
	Compare(rep *audit.Report, name string, issued, recomputed []byte) error
}

// Yearly is a Format whose files say the year of each line, so that
// verify can answer a file wholly of another year in one line.
type Yearly interface {
	// Years returns the year the file states of itself (0 when it
	// states none) and the distinct years of its lines, in order.
	Years(data []byte) (stated int, years []int)
}

// Lister is a Format that writes the journal's listings: the documents
// of journal list (a format that serves ListDocuments) and the balances of
// journal balance (one that serves ListBalances).
type Lister interface {
	RenderDocuments(l *Listing) (Output, error)
	RenderBalances(bs []Balance) (Output, error)
}

// Op is a command that uses formats.
type Op int

// The commands that take a format.
const (
	Calculate Op = iota
	Correct
	Explain
	Verify
	ListDocuments // journal list
	ListBalances  // journal balance
)

// Use is how a format serves a command: what it needs from the command
// line, checked before anything is read.
type Use struct {
	// Note says what the format writes, in --format's help, when its
	// name does not; for verify, what its issued files are.
	Note string
	// ToFile, when set, is the usage error for standard output as the
	// output of a run of year: the format writes a binary file.
	ToFile func(year int) string
	// Folder, when set, says the format writes a folder, one file per
	// document, and which file names in it are its own.
	Folder func(name string) bool
	// Owns, for a format that writes a folder, reports whether a file in
	// such a folder, by its name and what it holds, is a document the
	// format wrote: --force replaces only a folder of those.
	Owns func(name string, data []byte) bool
	// Parties says the format writes invoices: it needs the seller and
	// the buyers, and takes the due days and --no-pdf.
	Parties bool
	// Date, when set, says the format needs --issue-date, and what that
	// date is ("the invoices' date").
	Date string
	// Stamp says the output holds the run record, so that --stamp has
	// somewhere to record the time.
	Stamp bool
	// Dated says a correction's documents refer to the invoices they
	// correct by their issue date.
	Dated bool
}

// Run is a computed run, ready to render: every input read and checked.
type Run struct {
	Alloc billing.Allocation
	Meta  record.Run // the run's record, without its output
	// Parties are the seller and the buyers, for a format with
	// Use.Parties; Issue, DueDays and NoPDF what its invoices say.
	Parties Parties
	Issue   time.Time
	DueDays int
	NoPDF   bool
	// Only, when not nil, names the municipalities to render (explain
	// one, verify one invoice); nil renders the whole run.
	Only []string
	// History is what was issued to Only's municipality (explain).
	History *correction.History
	// Numbers, when not nil, gives each invoice its number from the
	// journal's series, by municipality number (issue); the KID is made
	// from it. Without it an invoice has the preview id
	// DIGISOS-YYYY-NNNN.
	Numbers map[string]string
	// Output names where the output goes, for Output.Done.
	Output string
}

// Wants reports whether r renders municipality number.
func (r *Run) Wants(number string) bool {
	if r.Only == nil {
		return true
	}
	for _, n := range r.Only {
		if n == number {
			return true
		}
	}
	return false
}

// Parties are who invoices are issued by and to.
type Parties struct {
	Seller billing.Seller
	// Buyer returns the buyer of municipality number.
	Buyer func(number string) billing.Buyer
}

// Correction is a correction made, ready to render.
type Correction struct {
	Correction correction.Correction
	Meta       record.Run // the run's record, without its output
	// PreviousName and PreviousSHA256 name the record corrected.
	PreviousName, PreviousSHA256 string
	Parties                      Parties
	DueDays                      int
}

// Output is what a format rendered: the bytes of one file, or the files
// of a folder. Files is non-nil, even when empty, exactly when the output
// is a folder.
type Output struct {
	Data  []byte
	Files []File
	// Done is said on stderr once the output is written, unless --quiet.
	Done string
}

// File is a file of a folder output.
type File struct {
	Name string
	Data []byte
}

// Tree is an issued file as verify compares it.
type Tree struct {
	Root *audit.Node
	Spec audit.Spec
	// Notes are ways of writing the file that the format's writer does
	// not use, each counted once.
	Notes []string
	// Items is how many lines or documents the file holds, for the
	// summary; What says that they match ("the 35 lines of lines.csv
	// match").
	Items int
	What  string
	// Run is the run record the file holds, if it holds one.
	Run *record.Run
}

// ErrUnsupported is returned by a format asked for what its Use does not
// offer.
var ErrUnsupported = errors.New("not offered by this format")

// Kind is what an issued file is, by its bytes and name.
type Kind int

// The kinds of issued files.
const (
	Text Kind = iota // CSV, or anything else
	Zip              // a zip file: an xlsx workbook
	XML              // an EHF invoice
	JSON             // a JSON document
)

// Sniff tells the kind of an issued file from its first bytes (after a
// byte-order mark and white space) and its name's extension. It is the
// one place that decides.
func Sniff(name string, data []byte) Kind {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\ufeff")))
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return Zip
	case ext == ".xml" || bytes.HasPrefix(trimmed, []byte("<")):
		return XML
	case bytes.HasPrefix(trimmed, []byte("{")) || ext == ".json":
		return JSON
	}
	return Text
}

// Named returns the format of formats called name that serves op.
func Named(formats []Format, op Op, name string) (Format, bool) {
	for _, f := range formats {
		if _, ok := f.Use(op); ok && f.Name() == name {
			return f, true
		}
	}
	return nil, false
}

// For returns the formats of formats that serve op, in order.
func For(formats []Format, op Op) []Format {
	var out []Format
	for _, f := range formats {
		if _, ok := f.Use(op); ok {
			out = append(out, f)
		}
	}
	return out
}

// List lists the formats that serve op as "csv, json or ehf", with their
// notes when withNotes.
func List(formats []Format, op Op, withNotes bool) string {
	var names []string
	for _, f := range For(formats, op) {
		name := f.Name()
		if u, _ := f.Use(op); withNotes && u.Note != "" {
			name += " (" + u.Note + ")"
		}
		names = append(names, name)
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
