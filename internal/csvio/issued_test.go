package csvio

import (
	"strings"
	"testing"
)

func TestReadIssuedLinesBadInput(t *testing.T) {
	const header = "year,quarter,municipality_number,municipality_name,solution,population,amount,waived,invoice_id\n"
	const line = "2020,1,0301,Oslo,soknad,693494,254628.21,0.00,DIGISOS-2020-0301\n"
	for _, tc := range []struct{ name, text, want string }{
		{"empty", "", "l.csv:1: the file is empty"},
		{"input file", "municipality_number,municipality_name,population\n0301,Oslo,693494\n", `l.csv:1: missing column "year"`},
		{"missing column", strings.Replace(header, ",invoice_id", "", 1) + line, `l.csv:1: missing column "invoice_id"`},
		{"unknown column", strings.Replace(header, "waived", "waiver", 1) + line, `l.csv:1:8: unknown column "waiver"`},
		{"repeated column", strings.Replace(header, "waived", "amount", 1) + line, `l.csv:1:8: column "amount" repeats column 7`},
		{"short row", header + "2020,1,0301\n", "l.csv:2: the row has 3 fields, the header has 9"},
		{"bare quote", header + `2020,1,0301,O"slo,soknad,693494,254628.21,0.00,DIGISOS-2020-0301` + "\n", `l.csv:2: bare " in non-quoted-field`},
		{"latin-1", header + "2020,1,1804,Bod\xf8,soknad,52357,19223.77,0.00,DIGISOS-2020-1804\n", "l.csv:2:4: not valid UTF-8 (the byte 0xF8)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := ReadIssuedLines([]byte(tc.text), "l.csv")
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("ReadIssuedLines = %v, want %s…", err, tc.want)
			}
		})
	}
	n, notes, err := ReadIssuedLines([]byte(header+line), "l.csv")
	if err != nil || len(notes) > 0 || len(n.Items) != 1 || n.Items[0].Text("amount") != "254628.21" || n.Items[0].Get("amount").Col != 7 {
		t.Errorf("ReadIssuedLines(one line) = %+v, %v, %v", n, notes, err)
	}
}
