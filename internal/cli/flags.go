package cli

import (
	"fmt"
	"io"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/format"
)

// exitInternal is the exit status of a panic: a bug in the program, not
// in the input or the command line (sysexits' EX_SOFTWARE).
const exitInternal = 70

// decimalInt is an integer flag written in decimal digits only, within
// [min, max]: pflag's own int flags also take 0x7e4 and 02020 (octal), which
// nobody means for a year or a number of days.
type decimalInt struct {
	p        *int
	min, max int
	digits   int    // exactly this many digits, when not 0
	example  string // for the message
}

func newDecimalInt(p *int, value, min, max, digits int, example string) *decimalInt {
	*p = value
	return &decimalInt{p: p, min: min, max: max, digits: digits, example: example}
}

// Set reads s: decimal digits only, in range.
func (d *decimalInt) Set(s string) error {
	if s == "" || strings.Trim(s, "0123456789") != "" || (d.digits > 0 && len(s) != d.digits) {
		if d.digits > 0 {
			return fmt.Errorf("%s: write %d digits, e.g. %s", billing.Quote(s), d.digits, d.example)
		}
		return fmt.Errorf("%s: write a whole number in decimal digits, e.g. %s", billing.Quote(s), d.example)
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < d.min || n > d.max {
		return fmt.Errorf("%s: give %d to %d", billing.Quote(s), d.min, d.max)
	}
	*d.p = n
	return nil
}

// String returns the value, as pflag prints defaults.
func (d *decimalInt) String() string { return strconv.Itoa(*d.p) }

// Type names the value in the help.
func (d *decimalInt) Type() string { return "int" }

// yearVar binds --year: four decimal digits.
func yearVar(f *pflag.FlagSet, p *int, usage string) {
	f.Var(newDecimalInt(p, 0, 1000, 9999, 4, "2020"), "year", usage)
}

// once makes a flag an error when given twice: with two values, which one
// is meant cannot be told, and the last one silently winning is a guess.
type once struct {
	pflag.Value
	name string
	set  bool
}

// Set refuses a second value.
func (o *once) Set(s string) error {
	if o.set {
		return fmt.Errorf("given twice (the first is %s): give --%s once", billing.Quote(o.Value.String()), o.name)
	}
	o.set = true
	return o.Value.Set(s)
}

// onceBool is once for a flag that may stand without a value (--force).
type onceBool struct{ once }

// IsBoolFlag tells pflag the flag needs no value.
func (o *onceBool) IsBoolFlag() bool { return true }

// singleValued wraps every flag of c and its subcommands in once, but
// those that take a list: verify's and explain's --issued, a chain of
// records given in order.
func singleValued(c *cobra.Command) {
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Value.Type() == "stringArray" {
			return
		}
		o := once{Value: f.Value, name: f.Name}
		if f.Value.Type() == "bool" {
			f.Value = &onceBool{o}
		} else {
			f.Value = &o
		}
	})
	for _, sub := range c.Commands() {
		singleValued(sub)
	}
}

// ehfFlags are calculate's flags that only a format writing invoices
// (EHF) uses.
var ehfFlags = []string{"seller", "buyers", "issue-date", "due-days", "no-pdf"}

// checkEffect refuses flags given that change nothing in this run:
// the EHF flags with a format that writes no invoices, and --stamp with
// nothing to record the time in (an output that holds the run record, or a
// manifest). A flag that does nothing is a mistake about what the run
// does.
func checkEffect(f *pflag.FlagSet, name, manifest string) error {
	u := useOf(format.Calculate, name)
	if !u.Parties {
		for _, flag := range ehfFlags {
			if f.Changed(flag) {
				return usageError("--%s is for %s; with --format %s it would do nothing", flag, partyFormats(format.Calculate), name)
			}
		}
	}
	if f.Changed("stamp") && !u.Stamp && manifest == "" {
		return usageError("--stamp records the time in the JSON output, the workbook or the manifest; with --format %s and no --manifest there is nothing to record it in", name)
	}
	return nil
}

// refuseFlags refuses any of names given to a run they would do nothing
// for, which what says ("verify of a CSV file").
func refuseFlags(f *pflag.FlagSet, what string, names ...string) error {
	for _, name := range names {
		if f.Changed(name) {
			return usageError("--%s does nothing for %s; leave it out", name, what)
		}
	}
	return nil
}

// checkIssueDate applies the rule of NAV's letter: invoices are sent in
// arrears, at the end of the year. An issue date before the year starts is
// an error; one before the year ends, a warning.
func checkIssueDate(issue time.Time, year int) (warning string, err error) {
	start := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
	switch {
	case issue.Before(start):
		return "", usageError("--issue-date %s is before %d starts: an invoice for %d is issued when the year is over", issue.Format(time.DateOnly), year, year)
	case issue.Before(end):
		return fmt.Sprintf("warning: --issue-date %s is before %d ends: NAV's letter says the invoices are sent in arrears, at the end of the year", issue.Format(time.DateOnly), year), nil
	}
	return "", nil
}

// recoverInternal turns a panic into an internal error: one line saying
// so and asking for a bug report, the stack for that report, and
// exitInternal. Use it deferred, with the exit code to set.
func recoverInternal(stderr io.Writer, code *int) {
	v := recover()
	if v == nil {
		return
	}
	fmt.Fprintf(stderr, "%s: internal error: %v\n", prog, v)
	fmt.Fprintf(stderr, "%s: hint: this is a bug in %s, not in your input: please report it with the command you ran, the input files if you can share them, and the stack below\n", prog, prog)
	stderr.Write(debug.Stack())
	*code = exitInternal
}

// date is a flag holding a calendar date written YYYY-MM-DD: every date a
// command takes (--issue-date, --original-issue-date, --population-date). A value that is not
// one is a usage error when the flag is parsed, before anything is read.
type date struct{ t *time.Time }

// dateVar binds the date flag name to p; unset, p stays the zero time.
func dateVar(f *pflag.FlagSet, p *time.Time, name, usage string) {
	f.Var(date{p}, name, usage)
}

// Set reads s as YYYY-MM-DD.
func (d date) Set(s string) error {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return fmt.Errorf("%s: not a date: write YYYY-MM-DD, e.g. 2021-01-15", billing.Quote(s))
	}
	*d.t = t
	return nil
}

// String returns the date as it is written, or "" when unset.
func (d date) String() string {
	if d.t == nil || d.t.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// Type names the value in the help.
func (d date) Type() string { return "date" }
