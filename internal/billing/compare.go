package billing

import (
	"cmp"
	"slices"
)

// IssuedLine is a line of an invoice file as issued, to compare with a
// fresh computation.
type IssuedLine struct {
	Year     int
	Quarter  Quarter
	Number   string
	Name     string
	Solution string
	Amount   Money
	Waived   Money
}

// Difference is one way an issued line differs from the recomputed one.
// A line missing from the issued file has Issued nil; an extra line has
// Recomputed nil.
type Difference struct {
	Number, Name string
	Quarter      Quarter
	Solution     string
	Field        string // "amount" or "waived"
	Issued       *Money
	Recomputed   *Money
}

// Delta returns issued − recomputed, counting a missing side as 0.
func (d Difference) Delta() Money {
	var i, r Money
	if d.Issued != nil {
		i = *d.Issued
	}
	if d.Recomputed != nil {
		r = *d.Recomputed
	}
	return i - r
}

// Compare returns every difference between issued lines and allocation a,
// in the order of the lines: an amount or a waived amount that differs, a
// line missing from the issued ones, a line the allocation does not have.
func Compare(issued []IssuedLine, a Allocation) []Difference {
	type key struct {
		number   string
		quarter  Quarter
		solution string
	}
	byKey := make(map[key]IssuedLine, len(issued))
	for _, l := range issued {
		byKey[key{l.Number, l.Quarter, l.Solution}] = l
	}
	var out []Difference
	seen := make(map[key]bool, len(a.Lines))
	for _, l := range a.Lines {
		k := key{l.Number, l.Quarter, l.Solution}
		seen[k] = true
		is, ok := byKey[k]
		if !ok {
			amount, waived := l.Amount, l.Waived
			out = append(out, Difference{Number: l.Number, Name: l.Name, Quarter: l.Quarter, Solution: l.Solution, Field: "amount", Recomputed: &amount})
			if waived != 0 {
				out = append(out, Difference{Number: l.Number, Name: l.Name, Quarter: l.Quarter, Solution: l.Solution, Field: "waived", Recomputed: &waived})
			}
			continue
		}
		for _, f := range []struct {
			name       string
			issued, re Money
		}{{"amount", is.Amount, l.Amount}, {"waived", is.Waived, l.Waived}} {
			if f.issued != f.re {
				out = append(out, Difference{Number: l.Number, Name: l.Name, Quarter: l.Quarter, Solution: l.Solution, Field: f.name, Issued: &f.issued, Recomputed: &f.re})
			}
		}
	}
	var extra []Difference
	for _, l := range issued {
		if k := (key{l.Number, l.Quarter, l.Solution}); !seen[k] {
			amount := l.Amount
			extra = append(extra, Difference{Number: l.Number, Name: l.Name, Quarter: l.Quarter, Solution: l.Solution, Field: "amount", Issued: &amount})
		}
	}
	sortDiffs := func(ds []Difference) {
		slices.SortStableFunc(ds, func(x, y Difference) int {
			return cmp.Or(cmp.Compare(x.Number, y.Number), cmp.Compare(x.Quarter, y.Quarter), cmp.Compare(x.Solution, y.Solution))
		})
	}
	sortDiffs(extra)
	return append(out, extra...)
}
