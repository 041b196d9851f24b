package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func TestDecimalIntFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		year int
		due  int
		err  string
	}{
		{"decimal", []string{"--year", "2020", "--due-days", "45"}, 2020, 45, ""},
		{"due days default", []string{"--year", "2020"}, 2020, 30, ""},
		{"due days 0 and 365", []string{"--year", "2020", "--due-days", "365"}, 2020, 365, ""},
		{"a year with a leading zero", []string{"--year", "02020"}, 0, 30, `"02020": write 4 digits, e.g. 2020`},
		{"a year in hex", []string{"--year", "0x7e4"}, 0, 30, `"0x7e4": write 4 digits`},
		{"a year of two digits", []string{"--year", "20"}, 0, 30, `"20": write 4 digits`},
		{"a negative year", []string{"--year", "-2020"}, 0, 30, `write 4 digits`},
		{"due days in hex", []string{"--due-days", "0x1e"}, 0, 30, `"0x1e": write a whole number in decimal digits, e.g. 30`},
		{"due days too many", []string{"--due-days", "100000"}, 0, 30, `"100000": give 0 to 365`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var year, due int
			f := pflag.NewFlagSet("t", pflag.ContinueOnError)
			f.SetOutput(&bytes.Buffer{})
			yearVar(f, &year, "")
			f.Var(newDecimalInt(&due, 30, 0, 365, 0, "30"), "due-days", "")
			err := f.Parse(tt.args)
			if (err == nil) != (tt.err == "") || (err != nil && !strings.Contains(err.Error(), tt.err)) {
				t.Fatalf("Parse(%q) = %v, want %q", tt.args, err, tt.err)
			}
			if err == nil && (year != tt.year || due != tt.due) {
				t.Errorf("Parse(%q): year %d, due %d; want %d, %d", tt.args, year, due, tt.year, tt.due)
			}
		})
	}
}

func TestSingleValued(t *testing.T) {
	tests := []struct {
		name string
		args []string
		err  string
	}{
		{"each once", []string{"--municipality", "0301", "--force"}, ""},
		{"a string twice", []string{"--municipality", "0301", "--municipality", "4601"}, `invalid argument "4601" for "--municipality" flag: given twice (the first is "0301"): give --municipality once`},
		{"a bool twice", []string{"--force", "--force"}, `given twice (the first is "true"): give --force once`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &cobra.Command{Use: "x", RunE: func(*cobra.Command, []string) error { return nil }}
			var m string
			var force bool
			c.Flags().StringVar(&m, "municipality", "", "")
			c.Flags().BoolVar(&force, "force", false, "")
			singleValued(c)
			c.SetArgs(tt.args)
			c.SetOut(&bytes.Buffer{})
			c.SetErr(&bytes.Buffer{})
			err := c.Execute()
			if (err == nil) != (tt.err == "") || (err != nil && !strings.Contains(err.Error(), tt.err)) {
				t.Errorf("Execute(%q) = %v, want %q", tt.args, err, tt.err)
			}
		})
	}
}

func TestCheckEffect(t *testing.T) {
	tests := []struct {
		name             string
		args             []string
		format, manifest string
		err              string
	}{
		{"csv alone", nil, "csv", "", ""},
		{"ehf flags with ehf", []string{"--seller", "s", "--due-days", "10"}, "ehf", "", ""},
		{"--seller with csv", []string{"--seller", "s"}, "csv", "", "--seller is for --format ehf; with --format csv it would do nothing"},
		{"--issue-date with json", []string{"--issue-date", "2021-01-15"}, "json", "", "--issue-date is for --format ehf"},
		{"--stamp with csv", []string{"--stamp"}, "csv", "", "--stamp records the time in the JSON output, the workbook or the manifest"},
		{"--stamp with a manifest", []string{"--stamp"}, "csv", "m.json", ""},
		{"--stamp with json", []string{"--stamp"}, "json", "", ""},
		{"--stamp with xlsx", []string{"--stamp"}, "xlsx", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := pflag.NewFlagSet("t", pflag.ContinueOnError)
			var s string
			var b bool
			var n int
			for _, name := range []string{"seller", "buyers", "issue-date"} {
				f.StringVar(&s, name, "", "")
			}
			f.IntVar(&n, "due-days", 30, "")
			f.BoolVar(&b, "stamp", false, "")
			if err := f.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			err := checkEffect(f, tt.format, tt.manifest)
			if (err == nil) != (tt.err == "") || (err != nil && !strings.HasPrefix(err.Error(), tt.err)) {
				t.Errorf("checkEffect = %v, want %q", err, tt.err)
			}
			if err != nil && exitCode(err) != exitUsage {
				t.Errorf("checkEffect's error exits %d, want %d", exitCode(err), exitUsage)
			}
		})
	}
}

func exitCode(err error) int {
	if ee, ok := err.(*exitError); ok {
		return ee.code
	}
	return -1
}

func TestCheckIssueDate(t *testing.T) {
	tests := []struct {
		date          string
		warning, fail string
	}{
		{"2019-12-31", "", "--issue-date 2019-12-31 is before 2020 starts"},
		{"2020-06-30", "warning: --issue-date 2020-06-30 is before 2020 ends", ""},
		{"2020-12-31", "", ""},
		{"2021-01-15", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			d, _ := time.Parse(time.DateOnly, tt.date)
			w, err := checkIssueDate(d, 2020)
			if !strings.HasPrefix(w, tt.warning) || (w == "") != (tt.warning == "") {
				t.Errorf("warning = %q, want %q", w, tt.warning)
			}
			if (err == nil) != (tt.fail == "") || (err != nil && (!strings.HasPrefix(err.Error(), tt.fail) || exitCode(err) != exitUsage)) {
				t.Errorf("error = %v, want %q (a usage error)", err, tt.fail)
			}
		})
	}
}

func TestRecoverInternal(t *testing.T) {
	var stderr bytes.Buffer
	code := func() (code int) {
		defer recoverInternal(&stderr, &code)
		var s []int
		_ = s[-1+len(s)] // index out of range, as a reader once did
		return exitOK
	}()
	if code != exitInternal {
		t.Errorf("exit code %d, want %d", code, exitInternal)
	}
	out := stderr.String()
	if !strings.HasPrefix(out, "digisos-invoice: internal error: runtime error: index out of range [-1]\ndigisos-invoice: hint: this is a bug") || !strings.Contains(out, "goroutine") {
		t.Errorf("stderr = %q, want the internal error, a request for a report, and the stack", out)
	}
}
