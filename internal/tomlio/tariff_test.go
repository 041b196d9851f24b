package tomlio

import (
	"errors"
	"strings"
	"testing"

	"digisos-invoice/internal/billing"
)

func TestBuiltin(t *testing.T) {
	ts := Builtin()
	tf, err := ts.For(2020)
	if err != nil {
		t.Fatal(err)
	}
	if tf.AnnualCost != 340_000_000 {
		t.Errorf("2020 annual cost = %s, want 3400000.00", tf.AnnualCost)
	}
	if got := strings.Join(tf.Solutions(), ","); got != "soknad,innsyn" {
		t.Errorf("2020 solutions = %s, want soknad,innsyn (in that order)", got)
	}
	for _, s := range tf.Shares {
		if s.Ratio.String() != "0.5" {
			t.Errorf("2020 share of %s = %s, want 0.5", s.Solution, s.Ratio)
		}
	}
	for q := billing.Quarter(1); q <= 4; q++ {
		_, waived := tf.Waived("innsyn", q)
		if waived != (q <= 2) {
			t.Errorf("innsyn Q%d waived = %v, want %v", q, waived, q <= 2)
		}
		if _, w := tf.Waived("soknad", q); w {
			t.Errorf("soknad Q%d is waived", q)
		}
	}
	if got := tf.PopulationDate.Format("2006-01-02"); got != "2020-01-01" {
		t.Errorf("population date = %s, want 2020-01-01", got)
	}
	if tf.Source.Name != BuiltinName || len(tf.Source.SHA256) != 64 {
		t.Errorf("source = %+v, want the built-in file with its SHA-256", tf.Source)
	}
	if _, err := ts.For(2019); !errors.Is(err, billing.ErrNoTariff) || !strings.Contains(err.Error(), "tariffs exist for 2020") {
		t.Errorf("For(2019) = %v, want ErrNoTariff naming 2020", err)
	}
}

const year2021 = `
[[year]]
year = 2021
index = { name = "KPI", from = "112.2", to = "116.1" }
population_date = 2021-01-01
shares = { soknad = "0.5", innsyn = "0.5" }
`

func TestReadTariffsIndex(t *testing.T) {
	ts, rows, err := ReadTariffs(strings.NewReader(year2021), "t.toml", Builtin())
	if err != nil {
		t.Fatal(err)
	}
	if rows != 1 || len(ts) != 2 {
		t.Errorf("ReadTariffs = %d years from %d rows, want 2 years (with the built-in 2020) from 1 row", len(ts), rows)
	}
	tf, err := ts.For(2021)
	if err != nil {
		t.Fatal(err)
	}
	// 3,400,000.00 × 116.1 ÷ 112.2 = 3,518,181.8181… → 3,518,181.82
	if tf.AnnualCost != 351_818_182 || tf.Index == nil || tf.Index.PreviousCost != 340_000_000 {
		t.Errorf("2021 = %s (index %+v), want 3518181.82 from 3400000.00", tf.AnnualCost, tf.Index)
	}
	if tf.Source.Name != "t.toml" || len(tf.Waivers) != 0 {
		t.Errorf("2021 source %q waivers %v, want t.toml and none", tf.Source.Name, tf.Waivers)
	}
	if old, _ := ts.For(2020); old.Source.Name != BuiltinName {
		t.Errorf("2020 source = %q, want the built-in one kept", old.Source.Name)
	}
}

func TestReadTariffsChainAndReplace(t *testing.T) {
	// 2022 regulates from 2021, which regulates from a 2020 that the file
	// replaces; entries in any order.
	in := `
[[year]]
year = 2022
index = { name = "KPI", from = "2", to = "3" }
population_date = 2022-01-01
shares = { innsyn = "0.25", soknad = "0.75" }

[[year]]
year = 2020
annual_cost = "100.00"
population_date = 2020-01-01
shares = { soknad = "1" }
` + year2021
	ts, rows, err := ReadTariffs(strings.NewReader(in), "t.toml", Builtin())
	if err != nil {
		t.Fatal(err)
	}
	if rows != 3 {
		t.Errorf("ReadTariffs read %d rows, want the file's 3 years", rows)
	}
	want := map[int]billing.Money{2020: 10_000, 2021: 10_348, 2022: 15_522} // 100 × 116.1/112.2 = 103.475… → 103.48; × 3/2 = 155.22
	for y, cost := range want {
		tf, err := ts.For(y)
		if err != nil || tf.AnnualCost != cost {
			t.Errorf("%d: cost %s, %v; want %s", y, tf.AnnualCost, err, cost)
		}
	}
	if got := strings.Join(mustFor(t, ts, 2022).Solutions(), ","); got != "innsyn,soknad" {
		t.Errorf("2022 solutions = %s, want the file's order innsyn,soknad", got)
	}
}

func mustFor(t *testing.T, ts billing.Tariffs, y int) billing.Tariff {
	t.Helper()
	tf, err := ts.For(y)
	if err != nil {
		t.Fatal(err)
	}
	return tf
}

func TestReadTariffsErrors(t *testing.T) {
	const head = "[[year]]\nyear = 2022\npopulation_date = 2022-01-01\n"
	tests := []struct {
		name, in, want string
	}{
		{"shares not summing to 1", head + "annual_cost = \"1.00\"\nshares = { soknad = \"0.5\", innsyn = \"0.4\" }\n", "t.toml:5: shares: shares sum to 0.9, not 1"},
		{"quarter outside 1-4", head + "annual_cost = \"1.00\"\nshares = { soknad = \"1\" }\n[[year.waiver]]\nsolution = \"soknad\"\nquarters = [0]\nreason = \"r\"\n", "t.toml:6: waiver: waiver for soknad: quarter 0 is not 1-4"},
		{"unknown solution", head + "annual_cost = \"1.00\"\nshares = { soknad = \"1\" }\n[[year.waiver]]\nsolution = \"innsyn\"\nquarters = [1]\nreason = \"r\"\n", `t.toml:6: waiver: unknown solution "innsyn" (the tariff has soknad)`},
		{"negative cost", head + "annual_cost = \"-1.00\"\nshares = { soknad = \"1\" }\n", "t.toml:4: annual_cost: -1.00 is negative"},
		{"no previous cost", "[[year]]\nyear = 2030\nindex = { name = \"KPI\", from = \"1\", to = \"2\" }\npopulation_date = 2030-01-01\nshares = { soknad = \"1\" }\n", "t.toml:3: index: year 2030 is index-regulated from 2029, which has no cost"},
		{"defined twice", head + "annual_cost = \"1.00\"\nshares = { soknad = \"1\" }\n" + head + "annual_cost = \"2.00\"\nshares = { soknad = \"1\" }\n", "t.toml:7: year: year 2022 is defined twice (also at line 2)"},
		{"money as a float", head + "annual_cost = 1.5\nshares = { soknad = \"1\" }\n", `t.toml:4: year.annual_cost: write 1.5 in quotes, as "1.5"`},
		{"unknown key", head + "annual_cost = \"1.00\"\nshare = { soknad = \"1\" }\n", "t.toml:5: year.share: unknown key"},
		{"cost and index", head + "annual_cost = \"1.00\"\nindex = { name = \"KPI\", from = \"1\", to = \"2\" }\nshares = { soknad = \"1\" }\n", "t.toml:4: annual_cost: give annual_cost or index, not both"},
		{"sub-øre cost", head + "annual_cost = \"1.001\"\nshares = { soknad = \"1\" }\n", "t.toml:4: annual_cost: 1.001 has more than two decimals"},
		{"no population date", "[[year]]\nyear = 2022\nannual_cost = \"1.00\"\nshares = { soknad = \"1\" }\n", "t.toml:2: year: population_date is missing"},
		{"waiver without reason", head + "annual_cost = \"1.00\"\nshares = { soknad = \"1\" }\n[[year.waiver]]\nsolution = \"soknad\"\nquarters = [1]\n", "t.toml:6: waiver: waiver for soknad has no reason"},
		{"syntax", head + "annual_cost = \"1.00\n", "t.toml:4: year.annual_cost: strings cannot contain newlines"},
		{"empty", "# nothing\n", "t.toml: no [[year]] entries"},
		{"key in another case", head + "Annual_Cost = \"1.00\"\nshares = { soknad = \"1\" }\n", "t.toml:4: year.Annual_Cost: unknown key (keys, in lower case:"},
		{"table in another case", "[[Year]]\nyear = 2022\n", "t.toml:1: Year: unknown key"},
		{"a control character in a reason", head + "annual_cost = \"1.00\"\nshares = { soknad = \"1\" }\n[[year.waiver]]\nsolution = \"soknad\"\nquarters = [1]\nreason = \"down\\u0007\"\n", `t.toml:9: year.waiver.reason: "down\a" holds the control character U+0007 at character 5: remove it (a text is one line)`},
		{"a zero-width space in a reason", head + "annual_cost = \"1.00\"\nshares = { soknad = \"1\" }\n[[year.waiver]]\nsolution = \"soknad\"\nquarters = [1]\nreason = \"pilot\u200b\"\n", `t.toml:9: year.waiver.reason: "pilot\u200b" holds the invisible formatting character U+200B at character 6`},
		{"a note that is not text", head + "annual_cost = \"1.00\"\nshares = { soknad = \"1\" }\nnote = 5\n", `t.toml:6: year.note: "5" is not text: write it in quotes`},
		{"a note over 1000 characters", head + "annual_cost = \"1.00\"\nshares = { soknad = \"1\" }\nnote = \"" + strings.Repeat("x", 1001) + "\"\n", `t.toml:6: year.note: 1001 characters, more than 1000`},
		{"a line feed in a note", head + "annual_cost = \"1.00\"\nshares = { soknad = \"1\" }\nnote = \"a\\nb\"\n", `t.toml:6: year.note: "a\nb" holds the control character U+000A`},
		{"a noncharacter in a reason", head + "annual_cost = \"1.00\"\nshares = { soknad = \"1\" }\n[[year.waiver]]\nsolution = \"soknad\"\nquarters = [1]\nreason = \"down\\uFFFE\"\n", `t.toml:9: year.waiver.reason: "down\ufffe" holds the noncharacter U+FFFE at character 5: remove it (Unicode reserves it`},
		{"a noncharacter of plane 16 in a note", head + "annual_cost = \"1.00\"\nshares = { soknad = \"1\" }\nnote = \"a\\U0010FFFF\"\n", `t.toml:6: year.note: "a\U0010ffff" holds the noncharacter U+10FFFF`},
		{"an emoji in a reason", head + "annual_cost = \"1.00\"\nshares = { soknad = \"1\" }\n[[year.waiver]]\nsolution = \"soknad\"\nquarters = [1]\nreason = \"down 😀\"\n", `t.toml:9: year.waiver.reason: "down 😀" holds U+1F600 at character 6, which the invoices' PDF basis cannot show`},
		{"a character the fonts lack in an index name", "[[year]]\nyear = 2021\nindex = { name = \"KPI ☃\", from = \"1\", to = \"2\" }\npopulation_date = 2021-01-01\nshares = { soknad = \"1\" }\n", `t.toml:3: year.index.name: "KPI ☃" holds U+2603 at character 5, which the invoices' PDF basis cannot show`},
		{"unknown solution in the shares", head + "annual_cost = \"1.00\"\nshares = { soknad = \"0.5\", insyn = \"0.5\" }\n", `t.toml:5: shares: unknown solution "insyn" (the solutions are soknad, innsyn)`},
		{"a quarter waived twice", head + "annual_cost = \"1.00\"\nshares = { soknad = \"1\" }\n[[year.waiver]]\nsolution = \"soknad\"\nquarters = [1, 1]\nreason = \"r\"\n", "t.toml:6: waiver: waiver for soknad: quarter 1 is waived twice"},
		{"population date as a date-time", "[[year]]\nyear = 2022\npopulation_date = 2022-01-01T00:00:00Z\nannual_cost = \"1.00\"\nshares = { soknad = \"1\" }\n", `t.toml:3: year.population_date: "2022-01-01T00:00:00Z" is not a date: write the day only`},
		{"population date of another year", "[[year]]\nyear = 2022\npopulation_date = 2020-01-01\nannual_cost = \"1.00\"\nshares = { soknad = \"1\" }\n", "t.toml:3: population_date: 2020-01-01 is not in 2021 or 2022"},
	}
	for _, tt := range tests {
		_, _, err := ReadTariffs(strings.NewReader(tt.in), "t.toml", Builtin())
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: ReadTariffs = %v, want %q", tt.name, err, tt.want)
		}
	}
}
