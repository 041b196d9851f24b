package billing

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// ErrNotInInput means a municipality asked about is not in the input.
var ErrNotInInput = errors.New("municipality not in the input")

// Explanation shows why one municipality owes what it owes in a year.
type Explanation struct {
	Municipality MunicipalityTotal
	InvoiceID    string
	Tariff       Tariff
	Items        []ExplainedLine
}

// ExplainedLine is one of the municipality's lines with its derivation.
type ExplainedLine struct {
	Line Line
	Pool Pool
	// Ties lists the other participants of the pool whose remainder equals
	// this line's, in the order the tie rule ranks them.
	Ties []Line
}

// Explain gathers the lines of municipality number from a, with the pools
// they come from and the participants they tied with.
func Explain(a Allocation, number string) (Explanation, error) {
	i, ok := slices.BinarySearchFunc(a.Municipalities, number, func(m MunicipalityTotal, n string) int { return cmp.Compare(m.Number, n) })
	if !ok {
		return Explanation{}, &Problem{Kind: ErrNotInInput, Msg: fmt.Sprintf("municipality %s is not in the input", number)}
	}
	e := Explanation{Municipality: a.Municipalities[i], InvoiceID: InvoiceID(a.Tariff.Year, number), Tariff: a.Tariff}
	for _, l := range a.Lines {
		if l.Number != number {
			continue
		}
		pool, _ := a.Pool(l.Solution, l.Quarter)
		item := ExplainedLine{Line: l, Pool: pool}
		if pool.Allocated {
			for _, o := range a.Lines {
				if o.Quarter == l.Quarter && o.Solution == l.Solution && o.Number != number && o.Rounding.Remainder == l.Rounding.Remainder {
					item.Ties = append(item.Ties, o)
				}
			}
			slices.SortFunc(item.Ties, func(x, y Line) int { return cmp.Compare(x.Rounding.Rank, y.Rounding.Rank) })
		}
		e.Items = append(e.Items, item)
	}
	return e, nil
}
