package correction

import (
	"cmp"
	"fmt"
	"slices"

	"digisos-invoice/internal/billing"
)

// merged is a line of the new record before settling: Invoiced from the
// previous record, the rest from the new computation; was is the previous
// record's line, when it had one.
type merged struct {
	Line
	was Line
	had bool
}

// merge joins the previous record's lines with a computation's lines on
// their key, in record order. A line the computation lacks is kept at a
// computed 0.00 (inactive); a line the record lacks stands at 0.00.
func merge(prev []Line, computed []billing.Line) []merged {
	byKey := make(map[Key]int, len(prev))
	out := make([]merged, 0, len(prev)+len(computed))
	for _, l := range prev {
		byKey[l.Key()] = len(out)
		gone := l
		gone.Computed, gone.Active, gone.Population = 0, false, 0
		out = append(out, merged{Line: gone, was: l, had: true})
	}
	for _, l := range computed {
		k := Key{l.Number, l.Quarter, l.Solution}
		i, ok := byKey[k]
		if !ok {
			i = len(out)
			out = append(out, merged{})
		}
		m := &out[i]
		m.Number, m.Name, m.Quarter, m.Solution = l.Number, l.Name, l.Quarter, l.Solution
		m.Population, m.Computed, m.Active = l.Population, l.Amount, true
	}
	slices.SortFunc(out, func(a, b merged) int {
		return cmp.Or(cmp.Compare(a.Number, b.Number), cmp.Compare(a.Quarter, b.Quarter), cmp.Compare(a.Solution, b.Solution))
	})
	return out
}

// byMunicipality splits merged lines, sorted by number, into one group per
// municipality.
func byMunicipality(ms []merged) [][]merged {
	var out [][]merged
	for i := 0; i < len(ms); {
		j := i + 1
		for j < len(ms) && ms[j].Number == ms[i].Number {
			j++
		}
		out = append(out, ms[i:j])
		i = j
	}
	return out
}

// The notes a document gives for its difference, in Norwegian as the
// documents are read by the municipalities.
const (
	NoteNewParticipant   = "ny deltaker"
	NoteLeftParticipant  = "utmeldt deltaker"
	NotePopulation       = "korrigert innbyggertall"
	NoteStart            = "endret oppstartsdato"
	NoteOthers           = "endret fordeling etter endringer hos andre deltakere"
	NoteEarlierUnsettled = "inkluderer tidligere uoppgjort differanse under terskelen"
)

// notes says why one municipality's lines changed, as far as the previous
// record and the new computation tell: whether it joined or left, its
// population, the quarters it takes part in; when none of its own data
// changed, the change came from other participants.
func notes(group []merged) []string {
	var wasIn, isIn, earlier bool
	var wasPop, isPop int64
	var started []string
	for _, m := range group {
		before := m.had && m.was.Active
		if before {
			wasIn, wasPop = true, m.was.Population
		}
		if m.Active {
			isIn, isPop = true, m.Population
		}
		if before != m.Active && !slices.Contains(started, m.Solution) {
			started = append(started, m.Solution)
		}
		earlier = earlier || (m.had && m.was.Unsettled() != 0)
	}
	var out []string
	switch {
	case !wasIn && isIn:
		out = append(out, NoteNewParticipant)
	case wasIn && !isIn:
		out = append(out, NoteLeftParticipant)
	default:
		if wasPop != isPop {
			out = append(out, fmt.Sprintf("%s %d → %d", NotePopulation, wasPop, isPop))
		}
		slices.Sort(started)
		for _, s := range started {
			out = append(out, NoteStart+" "+s)
		}
		if len(out) == 0 {
			out = append(out, NoteOthers)
		}
	}
	if earlier {
		out = append(out, NoteEarlierUnsettled)
	}
	return out
}
