package verify

import (
	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/correction"
	"digisos-invoice/internal/textio"
)

// Chain checks a chain of records (calculate's output, then each
// correction's record, in order) and its end against a fresh computation
// a: the broken links, and the differences no record accounts for.
func Chain(year int, links []correction.Link, a billing.Allocation) textio.ChainCheck {
	last := links[len(links)-1].Record
	v := textio.ChainCheck{Year: year, Problems: correction.CheckChain(links), Unrecorded: last.Unrecorded(a)}
	for _, l := range links {
		v.Files = append(v.Files, l.Name)
	}
	v.Lines, v.Totals = len(last.Lines), last.Totals()
	return v
}
