package tomlio

import (
	"bytes"
	"errors"
	"testing"
)

// checkFuzzError fails unless err is nil or an *Error that names the file.
func checkFuzzError(t *testing.T, err error) {
	t.Helper()
	var e *Error
	if err != nil && (!errors.As(err, &e) || e.File != "f") {
		t.Fatalf("error %v does not name the file", err)
	}
}

func FuzzReadTariffs(f *testing.F) {
	f.Add([]byte(year2021))
	f.Add([]byte("[[year]]\nyear = 2022\nannual_cost = \"1.00\"\npopulation_date = 2022-01-01\nshares = { soknad = \"1\" }\n[[year.waiver]]\nsolution = \"soknad\"\nquarters = [1]\nreason = \"r\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ts, _, err := ReadTariffs(bytes.NewReader(data), "f", Builtin())
		checkFuzzError(t, err)
		for _, tf := range ts {
			if err := tf.Validate(); err != nil {
				t.Fatalf("accepted an invalid tariff: %v", err)
			}
		}
	})
}

func FuzzReadSeller(f *testing.F) {
	f.Add([]byte("name = \"N\"\norganisation_number = \"889640782\"\nstreet = \"S\"\npostal_zone = \"0130\"\ncity = \"Oslo\"\naccount = \"12345678903\"\nkid = \"mod10\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadSeller(bytes.NewReader(data), "f")
		checkFuzzError(t, err)
		if err == nil && s.Validate() != nil {
			t.Fatalf("accepted an invalid seller: %v", s.Validate())
		}
	})
}
