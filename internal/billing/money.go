package billing

import (
	"fmt"

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
	sign, n := "", uint64(m)
	if m < 0 {
		sign, n = "-", -n // two's complement: -n is |m|, also for MinInt64
	}
	return fmt.Sprintf("%s%d.%02d", sign, n/100, n%100)
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
