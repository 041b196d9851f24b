package csvio

import (
	"fmt"
	"time"
)

// stated is what a population table says of the day it counts: the date,
// and the cell or header that says it, to name it in errors.
type stated struct {
	date      time.Time // zero when the table states none
	line, col int
	text      string
	ssb       bool // stated by SSB's header or year column, as a year
}

// DateCheck is what a population date is checked against: the date given
// by --population-date (zero: none), the tariff's year and population
// date, and SSB's national population on each 1 January known.
type DateCheck struct {
	Flag   time.Time
	Year   int
	Want   time.Time
	Totals map[time.Time]int64
}

// dayName writes a date as people say it: "1 January 2020", or
// 2020-07-01 for another day.
func dayName(d time.Time) string {
	if d.Month() == time.January && d.Day() == 1 {
		return d.Format("2 January 2006")
	}
	return d.Format(time.DateOnly)
}

// checkDate checks that a table of total inhabitants counts them on
// c.Want. The date is the one the table states, or c.Flag; a table that
// states neither is billed only when its total is SSB's national
// population on c.Want (the note says so). A total that is SSB's for
// another 1 January names that day in the error.
func checkDate(file string, s stated, total int64, c DateCheck) (note string, err error) {
	date := s.date
	if !c.Flag.IsZero() {
		if !date.IsZero() && !date.Equal(c.Flag) {
			return "", Errors{errorf(file, s.line, s.col, "%s: the table counts the population on %s, but --population-date says %s",
				quote(s.text), date.Format(time.DateOnly), c.Flag.Format(time.DateOnly))}
		}
		date = c.Flag
	}
	if !date.IsZero() && !date.Equal(c.Want) {
		if s.ssb && !s.date.IsZero() {
			return "", Errors{errorf(file, s.line, s.col, "%s: the table counts the population of %d, but the tariff counts it on %s: use SSB's table for %d",
				quote(s.text), date.Year(), c.Want.Format(time.DateOnly), c.Want.Year())}
		}
		if s.date.IsZero() {
			return "", Errors{errorf(file, 0, 0, "--population-date %s: --year %d bills the population of %s", date.Format(time.DateOnly), c.Year, dayName(c.Want))}
		}
		return "", Errors{errorf(file, s.line, s.col, "%s: the table counts the population on %s, but --year %d bills the population of %s",
			quote(s.text), date.Format(time.DateOnly), c.Year, dayName(c.Want))}
	}
	for day, t := range c.Totals {
		if t == total && !day.Equal(c.Want) {
			return "", Errors{errorf(file, 0, 0, "the table's total is SSB's population of %s (%d inhabitants); --year %d bills the population of %s",
				dayName(day), total, c.Year, dayName(c.Want))}
		}
	}
	if !date.IsZero() {
		return "", nil
	}
	if t, ok := c.Totals[c.Want]; ok && t == total {
		return fmt.Sprintf("the table states no population date; its total, %d, is SSB's population of %s, the tariff's population date", total, dayName(c.Want)), nil
	}
	return "", Errors{errorf(file, 0, 0, "the table states no population date: add a population_date column (%s on every row) or give --population-date %s once you know it counts the population of %s, the tariff's population date",
		c.Want.Format(time.DateOnly), c.Want.Format(time.DateOnly), dayName(c.Want))}
}
