package record

import (
	"slices"
	"testing"
)

func in(role, name, hash string) Input {
	return Input{Role: role, Name: name, SHA256: hash, Rows: 1}
}

func run(inputs ...Input) Run {
	return Run{Year: 2020, Tariff: Tariff{Source: "built-in tariffs.toml", SourceSHA256: "t0", AnnualCost: "3400000.00"}, Inputs: inputs}
}

func TestCompare(t *testing.T) {
	withTariff := func(r Run, source, hash, cost string) Run {
		r.Tariff.Source, r.Tariff.SourceSHA256, r.Tariff.AnnualCost = source, hash, cost
		return r
	}
	tests := []struct {
		name        string
		issued, now Run
		want        []string
	}{
		{"same inputs", run(in("municipalities", "a.csv", "h1")), run(in("municipalities", "a.csv", "h1")), nil},
		{"renamed file with the same bytes is the same input",
			run(in("municipalities", "a.csv", "h1")), run(in("municipalities", "b.csv", "h1")), nil},
		{"rows and notes do not count, only the bytes",
			run(Input{Role: "register", Name: "r.csv", SHA256: "h", Rows: 3}), run(Input{Role: "register", Name: "r.csv", SHA256: "h", Rows: 5, Notes: []string{"n"}}), nil},
		{"changed file",
			run(in("municipalities", "a.csv", "h1")), run(in("municipalities", "b.csv", "h2")),
			[]string{"the issued run read municipalities file a.csv with sha256 h1; this run read b.csv with sha256 h2"}},
		{"a role only the issued run read",
			run(in("municipalities", "a.csv", "h1"), in("seller", "s.toml", "hs")), run(in("municipalities", "a.csv", "h1")),
			[]string{"the issued run read a seller file s.toml (sha256 hs); this run read none"}},
		{"every role only this run read, in this run's order, not a fixed list",
			run(in("municipalities", "a.csv", "h1")),
			run(in("population", "p.csv", "hp"), in("participants", "q.csv", "hq"), in("buyers", "b.csv", "hb")),
			[]string{
				"the issued run read a municipalities file a.csv (sha256 h1); this run read none",
				"this run read a population file p.csv (sha256 hp) that the issued run did not",
				"this run read a participants file q.csv (sha256 hq) that the issued run did not",
				"this run read a buyers file b.csv (sha256 hb) that the issued run did not",
			}},
		{"issued order first, then this run's extras, then the tariff",
			withTariff(run(in("register", "r.csv", "r1"), in("municipalities", "a.csv", "h1")), "t.toml", "t1", "1.00"),
			run(in("municipalities", "a.csv", "h2"), in("tariff", "t.toml", "t2"), in("register", "r.csv", "r2")),
			[]string{
				"the issued run read register file r.csv with sha256 r1; this run read r.csv with sha256 r2",
				"the issued run read municipalities file a.csv with sha256 h1; this run read a.csv with sha256 h2",
				"this run read a tariff file t.toml (sha256 t2) that the issued run did not",
				"the issued run applied the tariff from t.toml (annual cost 1.00); this run applies built-in tariffs.toml (annual cost 3400000.00)",
			}},
		{"same tariff source, other annual cost",
			run(), withTariff(run(), "built-in tariffs.toml", "t0", "3400000.01"),
			[]string{"the issued run applied the tariff from built-in tariffs.toml (annual cost 3400000.00); this run applies built-in tariffs.toml (annual cost 3400000.01)"}},
		{"issued run records no inputs", run(), run(), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, d := range Compare(tc.issued, tc.now) {
				got = append(got, d.String())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Compare() =\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func TestCompareFields(t *testing.T) {
	issued := run(in("municipalities", "a.csv", "h1"))
	now := run(in("municipalities", "a.csv", "h2"), in("register", "r.csv", "r1"))
	got := Compare(issued, now)
	if len(got) != 2 {
		t.Fatalf("Compare() gave %d differences, want 2: %v", len(got), got)
	}
	if d := got[0]; d.Role != "municipalities" || d.Issued.SHA256 != "h1" || d.Now.SHA256 != "h2" {
		t.Errorf("changed input: got %+v", d)
	}
	if d := got[1]; d.Role != "register" || d.Issued != nil || d.Now.Name != "r.csv" {
		t.Errorf("extra input: got %+v", d)
	}
}
