package billing

import (
	"cmp"
	"errors"
	"fmt"
	"math/big"
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
	// Rounding is how the line's øre were reached, with its Rank in the pool.
	Rounding Rounding
	// Ties lists the other participants of the pool whose remainder equals
	// this line's, in the order the tie rule ranks them.
	Ties []TiedLine
	// Leftovers is how many øre of the pool went to the largest remainders.
	Leftovers int
}

// TiedLine is a line of the pool whose remainder equals the explained
// line's, with its place in the pool's remainder order (1 = largest).
type TiedLine struct {
	Line
	Rank int
}

// Exact returns r's exact share in øre as a fraction: Floor + Remainder/Denominator.
func (r Rounding) Exact() *big.Rat {
	if r.Denominator == 0 {
		return new(big.Rat)
	}
	n := new(big.Int).Mul(big.NewInt(int64(r.Floor)), big.NewInt(r.Denominator))
	n.Add(n, big.NewInt(r.Remainder))
	return new(big.Rat).SetFrac(n, big.NewInt(r.Denominator))
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
		item := ExplainedLine{Line: l, Pool: pool, Rounding: pool.Rounding(l)}
		if pool.Allocated {
			rankInPool(&item, a.Lines)
		}
		e.Items = append(e.Items, item)
	}
	return e, nil
}

// rankInPool counts the pool's leftover øre, finds the other participants
// whose remainder equals the line's, and ranks the line and them in the
// remainder order: larger remainder first, then the tie order.
func rankInPool(item *ExplainedLine, lines []Line) {
	l, pool := item.Line, item.Pool
	ahead := 0 // parts with a larger remainder
	for _, o := range lines {
		if o.Quarter != l.Quarter || o.Solution != l.Solution {
			continue
		}
		r := pool.Rounding(o)
		if r.Leftover {
			item.Leftovers++
		}
		switch {
		case r.Remainder > item.Rounding.Remainder:
			ahead++
		case r.Remainder == item.Rounding.Remainder && o.Number != l.Number:
			item.Ties = append(item.Ties, TiedLine{Line: o})
		}
	}
	party := func(l Line) Municipality { return Municipality{Number: l.Number, Population: l.Population} }
	slices.SortFunc(item.Ties, func(x, y TiedLine) int { return tieOrder(party(x.Line), party(y.Line)) })
	won := 0 // ties that come before the line
	for won < len(item.Ties) && tieOrder(party(item.Ties[won].Line), party(l)) < 0 {
		won++
	}
	item.Rounding.Rank = ahead + won + 1
	for j := range item.Ties {
		item.Ties[j].Rank = ahead + j + 1
		if j >= won {
			item.Ties[j].Rank++
		}
	}
}
