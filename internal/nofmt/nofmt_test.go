package nofmt

import (
	"math"
	"strings"
	"testing"
	"time"

	"digisos-invoice/internal/billing"
)

// sp writes the wanted texts readably: "_" stands for the no-break space.
func sp(s string) string { return strings.ReplaceAll(s, "_", Space) }

func TestAmountAndKroner(t *testing.T) {
	for _, tc := range []struct {
		m    billing.Money
		want string
	}{
		{0, "0,00"},
		{1, "0,01"},
		{10, "0,10"},
		{-1, "-0,01"},
		{-135774187, "-1_357_741,87"},
		{99900, "999,00"},
		{100000, "1000,00"},
		{999999, "9999,99"},
		{1000000, "10_000,00"},
		{10000000, "100_000,00"},
		{100000000, "1_000_000,00"},
		{135774187, "1_357_741,87"},
		{340000000, "3_400_000,00"},
		{math.MaxInt64, "92_233_720_368_547_758,07"},
		{math.MinInt64, "-92_233_720_368_547_758,08"},
	} {
		if got := Amount(tc.m); got != sp(tc.want) {
			t.Errorf("Amount(%d) = %q, want %q", tc.m, got, sp(tc.want))
		}
		if got, want := Kroner(tc.m), sp(tc.want+"_kr"); got != want {
			t.Errorf("Kroner(%d) = %q, want %q", tc.m, got, want)
		}
	}
}

func TestInteger(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{
		{0, "0"},
		{7, "7"},
		{-7, "-7"},
		{999, "999"},
		{1000, "1000"},
		{2623, "2623"},
		{-9999, "-9999"},
		{10000, "10_000"},
		{-10000, "-10_000"},
		{99999, "99_999"},
		{100000, "100_000"},
		{693494, "693_494"},
		{1000000, "1_000_000"},
		{5367580, "5_367_580"},
		{math.MaxInt64, "9_223_372_036_854_775_807"},
		{math.MinInt64, "-9_223_372_036_854_775_808"},
	} {
		if got := Integer(tc.n); got != sp(tc.want) {
			t.Errorf("Integer(%d) = %q, want %q", tc.n, got, sp(tc.want))
		}
	}
}

func TestDecimal(t *testing.T) {
	for _, tc := range []struct{ s, want string }{
		{"0", "0"},
		{"0.5", "0,5"},
		{"0.01", "0,01"},
		{"-0.25", "-0,25"},
		{"0.3671672371", "0,3671672371"},
		{"999.12345", "999,12345"},
		{"1000.5", "1000,5"},
		{"10000", "10_000"},
		{"10000.00001", "10_000,00001"},
		{"1000000", "1_000_000"},
		{"-1234567.25", "-1_234_567,25"},
		{"254628.2065", "254_628,2065"},
		// Not an exact decimal text: returned as given.
		{"", ""},
		{"-", "-"},
		{".5", ".5"},
		{"5.", "5."},
		{"1e6", "1e6"},
		{"1,5", "1,5"},
		{"+1", "+1"},
		{"1.2.3", "1.2.3"},
	} {
		if got := Decimal(tc.s); got != sp(tc.want) {
			t.Errorf("Decimal(%q) = %q, want %q", tc.s, got, sp(tc.want))
		}
	}
}

func TestDate(t *testing.T) {
	want := []string{"januar", "februar", "mars", "april", "mai", "juni",
		"juli", "august", "september", "oktober", "november", "desember"}
	for m := time.January; m <= time.December; m++ {
		d := time.Date(2021, m, 15, 23, 59, 0, 0, time.UTC)
		if got, w := Date(d), "15. "+want[m-1]+" 2021"; got != w {
			t.Errorf("Date(%s) = %q, want %q", d.Format(time.DateOnly), got, w)
		}
	}
	for _, tc := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), "1. januar 2020"},
		{time.Date(2020, 2, 29, 0, 0, 0, 0, time.UTC), "29. februar 2020"},
		{time.Date(2020, 12, 31, 0, 0, 0, 0, time.FixedZone("CET", 3600)), "31. desember 2020"},
	} {
		if got := Date(tc.t); got != tc.want {
			t.Errorf("Date(%s) = %q, want %q", tc.t, got, tc.want)
		}
	}
}
