package csvio

import (
	"bytes"
	"testing"
)

// The other CSV readers: never a panic, always a result or positioned errors.

func FuzzReadRegister(f *testing.F) {
	f.Add([]byte("kommunenummer,kommunenavn\n0301,Oslo\n"))
	f.Add([]byte("\"code\";\"parentCode\";\"level\";\"name\"\n\"0301\";\"\";\"1\";\"Oslo\"\n\"9999\";\"\";\"1\";\"Uoppgitt\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		reg, err := ReadRegister(bytes.NewReader(data), "f", Options{})
		checkFuzzResult(t, err, reg.Len() > 0)
	})
}

func FuzzReadRenumbering(f *testing.F) {
	f.Add([]byte("kommunenummer_2019,kommunenavn_2019,kommunenummer_2020,kommunenavn_2020,delt\n1201,Bergen,4601,Bergen,0\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ReadRenumbering(bytes.NewReader(data), "f", Options{})
		checkFuzzResult(t, err, true)
	})
}

func FuzzReadBuyers(f *testing.F) {
	f.Add([]byte("municipality_number,organisation_number,name,buyer_reference,accounting_cost\n0301,958935420,OSLO KOMMUNE,R1,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ReadBuyers(bytes.NewReader(data), "f", Options{})
		checkFuzzResult(t, err, b != nil)
	})
}

func FuzzReadIssuedLines(f *testing.F) {
	f.Add([]byte("year,quarter,municipality_number,municipality_name,solution,population,amount,waived,invoice_id\n2020,1,0301,'=Oslo,soknad,693494,254628.21,0.00,DIGISOS-2020-0301\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines, _, err := ReadIssuedLines(data, "f")
		checkFuzzResult(t, err, lines != nil)
	})
}
