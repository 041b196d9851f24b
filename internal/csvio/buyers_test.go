package csvio

import (
	"errors"
	"strings"
	"testing"
)

func TestReadBuyersReferences(t *testing.T) {
	b, err := ReadBuyers(strings.NewReader(`municipality_number,organisation_number,name,buyer_reference,accounting_cost,order_reference,contract_reference
0301,958935420,OSLO KOMMUNE,R1,ansvar=12345,123456789,Avtale 2019/12
4601,964338531,BERGEN KOMMUNE,R5,,,
`), "buyers.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	oslo, _ := b.Find("0301")
	if oslo.AccountingCost != "ansvar=12345" || oslo.OrderReference != "123456789" || oslo.ContractReference != "Avtale 2019/12" {
		t.Errorf("Find(0301) = %+v, want its references", oslo)
	}
	bergen, _ := b.Find("4601")
	if bergen.AccountingCost != "" || bergen.OrderReference != "" || bergen.ContractReference != "" {
		t.Errorf("Find(4601) = %+v, want no references", bergen)
	}
}

// TestReadBuyersFieldErrors checks that each broken rule is reported on
// its row and the column of its field.
func TestReadBuyersFieldErrors(t *testing.T) {
	tests := []struct {
		name, row string
		col       int
	}{
		{"municipality number", "301,958935420,OSLO KOMMUNE,R1,,,", 1},
		{"organisation number", "0301,958935421,OSLO KOMMUNE,R1,,,", 2},
		{"name", "0301,958935420,,R1,,,", 3},
		{"buyer reference", "0301,958935420,OSLO KOMMUNE,,,,", 4},
		{"accounting cost", "0301,958935420,OSLO KOMMUNE,R1,a|b,,", 5},
		{"order reference", "0301,958935420,OSLO KOMMUNE,R1,,12345678901234567890123456789012345678901234567890X,", 6},
		{"contract reference", "0301,958935420,OSLO KOMMUNE,R1,,,<avtale>", 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadBuyers(strings.NewReader("municipality_number,organisation_number,name,buyer_reference,accounting_cost,order_reference,contract_reference\n"+tt.row+"\n"), "buyers.csv", Options{})
			var e *Error
			if !errors.As(err, &e) || e.Line != 2 || e.Column != tt.col {
				t.Errorf("ReadBuyers(%s) = %v, want an error at 2:%d", tt.row, err, tt.col)
			}
		})
	}
}
