package billing

import (
	"errors"
	"fmt"
	"strconv"
)

// Sentinel errors that callers branch on. Functions of this package wrap
// them with the offending value; adapters add the file and position.
var (
	// ErrMunicipalityNumber means a municipality number is not exactly four digits.
	ErrMunicipalityNumber = errors.New("not a 4-digit municipality number")
	// ErrDuplicateMunicipality means a municipality number appears twice.
	ErrDuplicateMunicipality = errors.New("duplicate municipality number")
	// ErrPopulation means a population is not a whole number from 0 to MaxPopulation.
	ErrPopulation = errors.New("invalid population")
	// ErrEmptyName means a municipality has no name.
	ErrEmptyName = errors.New("empty municipality name")
	// ErrInvalidMoney means an amount is not a number of whole øre that fits in
	// Money. Whether a negative amount is allowed is for the caller to say.
	ErrInvalidMoney = errors.New("invalid amount")
	// ErrNoTariff means no tariff is known for the year asked for.
	ErrNoTariff = errors.New("no tariff for that year")
	// ErrTariff means a tariff breaks one of its rules (shares, waivers, cost).
	ErrTariff = errors.New("invalid tariff")
	// ErrUnknownSolution means a solution is not one the tariff defines.
	ErrUnknownSolution = errors.New("unknown solution")
	// ErrTariffYearTwice means a tariff table defines a year twice.
	ErrTariffYearTwice = errors.New("tariff year defined twice")
)

// Problem is a rejected value: Msg says what is wrong in words for the
// reader of the message, Kind is the sentinel error to branch on.
type Problem struct {
	Msg  string
	Kind error
}

// Error returns the message.
func (p *Problem) Error() string { return p.Msg }

// Unwrap returns the sentinel error, for errors.Is.
func (p *Problem) Unwrap() error { return p.Kind }

// problemf builds a *Problem.
func problemf(kind error, format string, args ...any) error {
	return &Problem{Msg: fmt.Sprintf(format, args...), Kind: kind}
}

// MaxQuoted is the most characters of a bad value an error message quotes.
const MaxQuoted = 40

// Quote returns s quoted as Go quotes it, cut to its first MaxQuoted
// characters and "…" when longer, so that a bad value never floods a
// message: every message that shows a value read from a file uses it.
func Quote(s string) string {
	r := []rune(s)
	if len(r) <= MaxQuoted {
		return strconv.Quote(s)
	}
	return strconv.Quote(string(r[:MaxQuoted])) + "…"
}
