// Package nofmt writes numbers, amounts and dates for Norwegian readers as
// Språkrådet recommends: digits in groups of three from the right, a
// decimal comma, and dates with the month's name ("15. januar 2021"). It
// is for human-readable text only (the calculation basis, line texts,
// explain); machine fields (XML, CSV, JSON) keep billing.Money.String and
// ISO dates.
//
// The choices, made once for every function:
//
//   - The group separator is the no-break space U+00A0. Språkrådet asks
//     for a space between the groups; a no-break one keeps a number on one
//     line where a text wraps, and Go Regular and Go Bold, the fonts of the
//     PDF, draw it (the narrow no-break space U+202F, typographically
//     finer, they do not).
//   - Numbers of four digits are not grouped ("2623", "1000,00"); numbers
//     of five digits or more are ("10 000"). Språkrådet allows both for four
//     digits; ungrouped is the one it names first, and it keeps years and
//     most populations as they are usually written.
//   - A negative number starts with the hyphen-minus "-" (ASCII), not the
//     minus sign U+2212: a number copied from a PDF into a spreadsheet or a
//     search then still reads as a number.
//   - The decimals are never grouped.
//   - A date is always written in the long form: day, full stop, the month
//     in lower case, the year.
package nofmt

import (
	"strconv"
	"strings"
	"time"

	"digisos-invoice/internal/billing"
)

// Space is the group separator, the no-break space U+00A0.
const Space = "\u00a0"

// Minus is the sign a negative number starts with.
const Minus = "-"

// Kroner writes m in kroner with two decimals and the unit, as a Norwegian
// text writes an amount: "1 357 741,87 kr" (with no-break spaces).
func Kroner(m billing.Money) string { return Amount(m) + Space + "kr" }

// Amount writes m in kroner with two decimals and no unit: "1 357 741,87".
func Amount(m billing.Money) string {
	sign, n := "", uint64(m)
	if m < 0 {
		sign, n = Minus, -n // two's complement: -n is |m|, also for MinInt64
	}
	øre := strconv.FormatUint(n%100+100, 10)[1:]
	return sign + group(strconv.FormatUint(n/100, 10)) + "," + øre
}

// Integer writes n with its digits grouped: "5 367 580".
func Integer(n int64) string {
	sign, u := "", uint64(n)
	if n < 0 {
		sign, u = Minus, -u
	}
	return sign + group(strconv.FormatUint(u, 10))
}

// Decimal writes an exact decimal text in the form decimal.Decimal.String
// and strconv write it ("0.5", "-1234567.25", "0.3671672371") with a
// decimal comma and its integer part grouped: "0,5", "-1 234 567,25". The
// decimals are written as given, not grouped, rounded or cut. A text that
// is not such a number (empty, an exponent, a stray character) is returned
// unchanged.
func Decimal(s string) string {
	sign, body := "", s
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		sign, body = Minus, rest
	}
	whole, frac, dot := strings.Cut(body, ".")
	if !digits(whole) || dot && !digits(frac) {
		return s
	}
	if dot {
		return sign + group(whole) + "," + frac
	}
	return sign + group(whole)
}

// months are the names of the months in Norwegian, lower case as a date
// writes them.
var months = [...]string{"januar", "februar", "mars", "april", "mai", "juni",
	"juli", "august", "september", "oktober", "november", "desember"}

// Date writes t's calendar date in the long form: "15. januar 2021".
func Date(t time.Time) string {
	return strconv.Itoa(t.Day()) + ". " + months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// group puts Space between the groups of three of a run of digits that
// has five digits or more.
func group(d string) string {
	if len(d) < 5 {
		return d
	}
	var b strings.Builder
	head := len(d) % 3
	if head == 0 {
		head = 3
	}
	b.WriteString(d[:head])
	for i := head; i < len(d); i += 3 {
		b.WriteString(Space)
		b.WriteString(d[i : i+3])
	}
	return b.String()
}

// digits reports whether s is one or more ASCII digits.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
