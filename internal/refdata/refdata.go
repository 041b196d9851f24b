// Package refdata holds the public reference tables built into the
// program: SSB's municipality register (KLASS 131) valid on 1 January of
// each year from 2020 to 2024, SSB's renumbering tables 2019 → 2020 and
// 2023 → 2024, and SSB's national population total on the 1 January dates
// it is known for. The tables are embedded from the files beside this one;
// SOURCES.md says where each comes from and how it was checked.
package refdata

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"sync"
	"time"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/csvio"
)

//go:embed *.csv
var files embed.FS

// registers are the embedded KLASS 131 versions, each with the first year
// it is valid on 1 January and the last.
var registers = []struct {
	file        string
	first, last int
}{
	{"klass-131-2020.csv", 2020, 2021},
	{"klass-131-2022.csv", 2022, 2022},
	{"klass-131-2023.csv", 2023, 2023},
	{"klass-131-2024.csv", 2024, 2024},
}

// renumberings are the embedded renumbering tables, each with the years
// whose numbers are its new ones: the numbers of 2020 held until 2024.
var renumberings = []struct {
	file        string
	first, last int
}{
	{"ssb-kommunenummer-2019-til-2020.csv", 2020, 2023},
	{"ssb-kommunenummer-2023-til-2024.csv", 2024, 2024},
}

// totals are SSB's published national population on 1 January (table
// 07459, the sum of every municipality).
var totals = map[int]int64{
	2020: 5367580,
	2021: 5391369,
}

// Register returns SSB's municipality register valid on 1 January of
// year, and the name it goes by in messages; false when none is built in.
func Register(year int) (billing.Register, string, bool) {
	for _, r := range registers {
		if year >= r.first && year <= r.last {
			return register(r.file), name(r.file), true
		}
	}
	return billing.Register{}, "", false
}

// Renumbering returns the renumbering table whose new numbers are those of
// year, and its name in messages; false when none is built in. It gives
// the hint for an old number used in a later year too: 1201 became 4601
// on 2020-01-01, and 4601 was still Bergen's number in 2023.
func Renumbering(year int) (billing.Renumbering, string, bool) {
	for _, r := range renumberings {
		if year >= r.first && year <= r.last {
			return renumbering(r.file), name(r.file), true
		}
	}
	return billing.Renumbering{}, "", false
}

// Population returns SSB's national population total on 1 January of
// year, and whether it is known.
func Population(year int) (int64, bool) {
	t, ok := totals[year]
	return t, ok
}

// Totals returns SSB's national population on each 1 January known, by
// date.
func Totals() map[time.Time]int64 {
	m := make(map[time.Time]int64, len(totals))
	for y, t := range totals {
		m[time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)] = t
	}
	return m
}

// name is how messages name an embedded file: "klass-131-2020.csv (built in)".
func name(file string) string { return file + " (built in)" }

var parsed sync.Map // file → billing.Register or billing.Renumbering

// register parses an embedded register once: code,name,validFrom,validTo,
// every row valid over the same days. It is read with encoding/csv, not
// csvio's checked reader: the files are the program's own, and tested.
func register(file string) billing.Register {
	if v, ok := parsed.Load(file); ok {
		return v.(billing.Register)
	}
	rows, err := csv.NewReader(bytes.NewReader(mustRead(file))).ReadAll()
	if err != nil || len(rows) < 2 {
		panic(fmt.Sprintf("refdata: the built-in %s: %v", file, err))
	}
	names := make(map[string]string, len(rows)-1)
	for _, r := range rows[1:] {
		names[r[0]] = r[1]
	}
	from, _ := time.Parse(time.DateOnly, rows[1][2])
	to, _ := time.Parse(time.DateOnly, rows[1][3]) // zero: open-ended
	reg := billing.NewRegister(names).Valid(from, to, "its validFrom and validTo columns")
	parsed.Store(file, reg)
	return reg
}

// renumbering parses an embedded renumbering table once.
func renumbering(file string) billing.Renumbering {
	if v, ok := parsed.Load(file); ok {
		return v.(billing.Renumbering)
	}
	rn, err := csvio.ReadRenumbering(bytes.NewReader(mustRead(file)), file, csvio.Options{})
	if err != nil {
		panic(fmt.Sprintf("refdata: the built-in %s: %v", file, err))
	}
	parsed.Store(file, rn)
	return rn
}

func mustRead(file string) []byte {
	data, err := files.ReadFile(file)
	if err != nil {
		panic(fmt.Sprintf("refdata: %v", err))
	}
	return data
}
