package audit

import "testing"

// TestSameNumber: any spelling of the decimal calculate writes with a
// point is the same number (form); a number calculate writes without a
// point is text, and so is anything that is not a plain decimal.
func TestSameNumber(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"254628.210", "254628.21", true},
		{"25462821e-2", "254628.21", true},
		{"2.5462821e5", "254628.21", true},
		{"2.5462821E+5", "254628.21", true},
		{"+254628.21", "254628.21", true},
		{"0", "0.00", true},
		{"254628.22", "254628.21", false},
		{"254628.21 ", "254628.21", false},
		{"0x3E2A4", "254628.21", false},
		{"254_628.21", "254628.21", false},
		{"301", "0301", false},
		{"3.01e2", "0301", false},
		{"1.0", "1", false},
		{"", "0.00", false},
	} {
		if got := sameNumber(tc.a, tc.b); got != tc.want {
			t.Errorf("sameNumber(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
