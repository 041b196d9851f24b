package billing

import (
	"testing"
	"time"
)

// TestStart checks that every kind of Start keeps what it says, near the
// values its one-number form sets apart (day 0, day −1, the ends of years
// 1 to 9999).
func TestStart(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name   string
		s      Start
		never  bool
		date   time.Time // zero: no date
		str    string
		covers bool // quarter 1 of 2020
	}{
		{"always", Always(), false, time.Time{}, "whole year", true},
		{"never", Never(), true, time.Time{}, "not used", false},
		{"day 0", From(day(1970, 1, 1)), false, day(1970, 1, 1), "from 1970-01-01", true},
		{"day -1", From(day(1969, 12, 31)), false, day(1969, 12, 31), "from 1969-12-31", true},
		{"day 1", From(day(1970, 1, 2)), false, day(1970, 1, 2), "from 1970-01-02", true},
		{"year 1", From(day(1, 1, 2)), false, day(1, 1, 2), "from 0001-01-02", true},
		{"year 9999", From(day(9999, 12, 31)), false, day(9999, 12, 31), "from 9999-12-31", false},
		{"last day of the quarter", From(day(2020, 3, 31)), false, day(2020, 3, 31), "from 2020-03-31", true},
		{"first day after it", From(day(2020, 4, 1).Add(13 * time.Hour)), false, day(2020, 4, 1), "from 2020-04-01", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := tt.s.Date()
			if tt.s.IsNever() != tt.never || ok != !tt.date.IsZero() || !d.Equal(tt.date) {
				t.Errorf("IsNever %v, Date %v %v; want %v, %v", tt.s.IsNever(), d, ok, tt.never, tt.date)
			}
			if got := tt.s.String(); got != tt.str {
				t.Errorf("String() = %q, want %q", got, tt.str)
			}
			if got := tt.s.Covers(2020, 1); got != tt.covers {
				t.Errorf("Covers(2020, 1) = %v, want %v", got, tt.covers)
			}
		})
	}
}
