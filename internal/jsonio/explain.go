package jsonio

import (
	"math/big"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/record"
)

// Explanation is the JSON form of billing.Explanation.
type Explanation struct {
	Meta       record.Run      `json:"meta"`
	InvoiceID  string          `json:"invoice_id"`
	Number     string          `json:"municipality_number"`
	Name       string          `json:"municipality_name"`
	Population int64           `json:"population"`
	Amount     string          `json:"amount"`
	Waived     string          `json:"waived"`
	Lines      []ExplainedLine `json:"lines"`
	// Issued is what the chain of records given with --issued holds for
	// the municipality.
	Issued *History `json:"issued,omitempty"`
}

// ExplainedLine shows how one line was reached. Fractions are in øre.
type ExplainedLine struct {
	Quarter          int    `json:"quarter"`
	Solution         string `json:"solution"`
	Start            string `json:"start"`
	PoolAmount       string `json:"pool_amount"`
	SolutionAmount   string `json:"solution_amount"`
	PoolParticipants int    `json:"pool_participants"`
	PoolPopulation   int64  `json:"pool_population"`
	Allocated        bool   `json:"allocated"`
	ExactShareOre    string `json:"exact_share_ore"` // a fraction, "n/d"
	ExactShare       string `json:"exact_share"`     // NOK, 12 decimals, cut
	RoundedDown      string `json:"rounded_down"`
	RemainderOre     string `json:"remainder_ore"` // a fraction, "n/d"
	Rank             int    `json:"rank"`
	Leftover         bool   `json:"leftover"`
	LeftoversInPool  int    `json:"leftovers_in_pool"`
	TiedWith         []Tie  `json:"tied_with"`
	Amount           string `json:"amount"`
	Waived           string `json:"waived"`
	WaiverReason     string `json:"waiver_reason,omitempty"`
}

// Tie is another participant whose remainder equalled the line's.
type Tie struct {
	Number     string `json:"municipality_number"`
	Name       string `json:"municipality_name"`
	Population int64  `json:"population"`
	Rank       int    `json:"rank"`
}

// NewExplanation builds the JSON form of e.
func NewExplanation(e billing.Explanation, meta record.Run) Explanation {
	m := e.Municipality
	out := Explanation{Meta: meta, InvoiceID: e.InvoiceID, Number: m.Number, Name: m.Name, Population: m.Population,
		Amount: m.Amount.String(), Waived: m.Waived.String(), Lines: []ExplainedLine{}}
	for _, it := range e.Items {
		l, p, r := it.Line, it.Pool, it.Rounding
		exact := r.Exact()
		x := ExplainedLine{
			Quarter: int(l.Quarter), Solution: l.Solution, Start: l.Start.String(),
			PoolAmount: p.Amount.String(), SolutionAmount: p.SolutionAmount.String(),
			PoolParticipants: p.Participants, PoolPopulation: p.Population, Allocated: p.Allocated,
			ExactShareOre: exact.RatString(), ExactShare: new(big.Rat).Quo(exact, big.NewRat(100, 1)).FloatString(12),
			RoundedDown: r.Floor.String(), Rank: r.Rank, Leftover: r.Leftover, LeftoversInPool: it.Leftovers,
			TiedWith: []Tie{}, Amount: l.Amount.String(), Waived: l.Waived.String(),
		}
		if r.Denominator > 0 {
			x.RemainderOre = new(big.Rat).SetFrac64(r.Remainder, r.Denominator).RatString()
		}
		if p.Waiver != nil {
			x.WaiverReason = p.Waiver.Reason
		}
		for _, o := range it.Ties {
			x.TiedWith = append(x.TiedWith, Tie{Number: o.Number, Name: o.Name, Population: o.Population, Rank: o.Rank})
		}
		out.Lines = append(out.Lines, x)
	}
	return out
}
