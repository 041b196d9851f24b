package billing

import (
	"slices"

	"github.com/shopspring/decimal"
)

// Money is an amount in whole øre (1/100 NOK).
type Money int64

// Decimal returns m in NOK as an exact decimal.
func (m Money) Decimal() decimal.Decimal {
	return decimal.New(int64(m), -2)
}

// String formats m in NOK with exactly two decimals, a '.' separator and no
// grouping, as every machine output of the program writes money: "54910.21".
func (m Money) String() string {
	var b [24]byte
	return string(m.Append(b[:0]))
}

// Append appends m formatted as String does to b, for writers that format
// many amounts without making a string of each.
func (m Money) Append(b []byte) []byte {
	n := uint64(m)
	if m < 0 {
		b, n = append(b, '-'), -n // two's complement: -n is |m|, also for MinInt64
	}
	// The digits are written in place at the end of b, from the last: no
	// scratch buffer to copy from.
	width := 3 // the whole NOK's last digit, '.', two decimals
	for v := n / 1000; v > 0; v /= 10 {
		width++
	}
	b = slices.Grow(b, width+1)
	out := b[len(b) : len(b)+width+1]
	out[width], out[width-1], out[width-2] = byte('0'+n%10), byte('0'+n/10%10), '.'
	for i, v := width-3, n/100; i >= 0; i, v = i-1, v/10 {
		out[i] = byte('0' + v%10)
	}
	return b[:len(b)+width+1]
}

// ParseMoney reads an amount in NOK with at most two decimals ("3400000.00").
// It rejects anything that is not whole øre instead of rounding it.
func ParseMoney(s string) (Money, error) {
	d, err := decimal.NewFromString(s)
	if err != nil {
		return 0, problemf(ErrInvalidMoney, "%q is not a number", s)
	}
	return MoneyFromDecimal(d)
}

// MoneyFromDecimal converts an amount in NOK to øre. It fails when d has
// more than two decimals or does not fit, rather than round.
func MoneyFromDecimal(d decimal.Decimal) (Money, error) {
	ore := d.Shift(2)
	if !ore.IsInteger() {
		return 0, problemf(ErrInvalidMoney, "%s has more than two decimals: give whole øre", d)
	}
	if !ore.BigInt().IsInt64() {
		return 0, problemf(ErrInvalidMoney, "%s is too large", d)
	}
	return Money(ore.IntPart()), nil
}
