package billing

import (
	"errors"
	"testing"
)

func TestCheckOrgNumber(t *testing.T) {
	for _, tt := range []struct {
		n  string
		ok bool
	}{
		{"889640782", true}, // NAV
		{"958935420", true}, // Oslo kommune
		{"987654325", true},
		{"987654321", false},
		{"88964078", false},
		{"88964078x", false},
	} {
		if err := CheckOrgNumber(tt.n); (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrOrgNumber)) {
			t.Errorf("CheckOrgNumber(%s) = %v, want ok %v", tt.n, err, tt.ok)
		}
	}
}

func TestCheckAccount(t *testing.T) {
	for _, tt := range []struct {
		n  string
		ok bool
	}{{"12345678903", true}, {"12345678904", false}, {"1234.56.78903", false}, {"1234567890", false}} {
		if err := CheckAccount(tt.n); (err == nil) != tt.ok {
			t.Errorf("CheckAccount(%s) = %v, want ok %v", tt.n, err, tt.ok)
		}
	}
}

func TestKID(t *testing.T) {
	tests := []struct {
		scheme KIDScheme
		id     string
		want   string
	}{
		// Luhn's classic example: 7992739871 has check digit 3.
		{KIDMod10, "7992739871", "79927398713"},
		// 2020 0301: from the right 1,0,3,0,0,2,0,2 doubled alternately:
		// 2+0+6+0+0+2+0+2 = 12 → check 8.
		{KIDMod10, "DIGISOS-2020-0301", "202003018"},
		// MOD11, weights 2,3,4,5,6,7,2,3 from the right over 20200301:
		// 1·2+0·3+3·4+0·5+0·6+2·7+0·2+2·3 = 34; 34 mod 11 = 1 → check 10 → "-".
		{KIDMod11, "DIGISOS-2020-0301", "20200301-"},
		// 20204601: 1·2+0·3+6·4+4·5+0·6+2·7+0·2+2·3 = 66 → remainder 0 → check 0.
		{KIDMod11, "DIGISOS-2020-4601", "202046010"},
		// 20205001: 1·2+0+0+5·5+0+2·7+0+2·3 = 47 → 47 mod 11 = 3 → check 8.
		{KIDMod11, "DIGISOS-2020-5001", "202050018"},
	}
	for _, tt := range tests {
		if got, err := KID(tt.scheme, tt.id); err != nil || got != tt.want {
			t.Errorf("KID(%s, %s) = %q, %v; want %q", tt.scheme, tt.id, got, err, tt.want)
		}
	}
	if _, err := KID("mod97", "DIGISOS-2020-0301"); !errors.Is(err, ErrKID) {
		t.Errorf("KID(mod97) = %v, want ErrKID", err)
	}
}
