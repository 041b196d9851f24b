package correction

import (
	"strings"
	"testing"

	"digisos-invoice/internal/billing"
)

// chain corrects an original record twice and returns the links as files
// would give them, with made-up hashes.
func chain(t *testing.T) ([]Link, []billing.Allocation) {
	t.Helper()
	tf := oneSolution(2020)
	allocs := []billing.Allocation{
		allocate(t, tf, muni("0001", 1000), muni("0002", 1000)),
		allocate(t, tf, muni("0001", 1000), muni("0002", 1001)),                  // below 0.10: unsettled
		allocate(t, tf, muni("0001", 1000), muni("0002", 1500), muni("0003", 1)), // settled
	}
	rec := original(t, allocs[0])
	links := []Link{{Name: "lines.csv", SHA256: "h0", Record: rec}}
	for i, a := range allocs[1:] {
		c, err := Correct(rec, a, Params{Threshold: 10})
		if err != nil {
			t.Fatal(err)
		}
		prev := links[len(links)-1]
		links = append(links, Link{Name: "c" + string(rune('1'+i)) + ".json", SHA256: "h" + string(rune('1'+i)),
			Record: c.Record, Previous: &Ref{prev.Name, prev.SHA256}, Documents: c.Documents})
		rec = c.Record
	}
	return links, allocs
}

func TestCheckChain(t *testing.T) {
	links, allocs := chain(t)
	tamper := func(f func(ls []Link) []Link) []Link {
		ls := make([]Link, len(links))
		copy(ls, links)
		return f(ls)
	}
	tests := []struct {
		name  string
		links []Link
		want  []string
	}{
		{"the chain", links, nil},
		{"calculate's output alone", links[:1], nil},
		{"a correction left out", tamper(func(ls []Link) []Link { return append(ls[:1], ls[2]) }),
			[]string{"c2.json corrects c1.json with sha256 h1, but the file before it, lines.csv, has sha256 h0: a broken link",
				"c2.json is correction 2, the one after lines.csv is 1: a correction is missing or out of order"}},
		{"a correction first", links[1:], []string{"c1.json is correction 1, not calculate's output"}},
		{"a line changed", tamper(func(ls []Link) []Link {
			ls[2].Record.Lines = append([]Line(nil), ls[2].Record.Lines...)
			ls[2].Record.Lines[0].Invoiced++
			return ls
		}), []string{"c2.json: 0001 Q1 soknad stands at"}},
		{"a document dropped", tamper(func(ls []Link) []Link { ls[2].Documents = ls[2].Documents[1:]; return ls }),
			[]string{"c2.json: 0001 Q1 soknad stands at"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := CheckChain(tc.links)
			if len(got) < len(tc.want) || (len(tc.want) == 0) != (len(got) == 0) {
				t.Fatalf("CheckChain = %q, want %q", got, tc.want)
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("CheckChain()[%d] = %q, want %q…", i, got[i], w)
				}
			}
		})
	}
	// The end of the chain plus its unsettled lines is the last
	// computation, and no other.
	last := links[len(links)-1].Record
	if d := last.Unrecorded(allocs[2]); len(d) != 0 {
		t.Errorf("Unrecorded(the last computation) = %+v", d)
	}
	if d := last.Unrecorded(allocs[1]); len(d) == 0 {
		t.Errorf("Unrecorded(an earlier computation) found nothing")
	}
	if d := links[1].Record.Unrecorded(allocs[1]); len(d) != 0 || links[1].Record.Totals().UnsettledLines == 0 {
		t.Errorf("correction 1 records its unsettled lines: Unrecorded = %+v, %d unsettled lines", d, links[1].Record.Totals().UnsettledLines)
	}
}

func TestHistoryOf(t *testing.T) {
	links, _ := chain(t)
	h := HistoryOf(links, "0002")
	if h.Invoice != "DIGISOS-2020-0002" || len(h.Documents) != 1 || h.Documents[0].ID != "DIGISOS-2020-0002-K2" || h.Documents[0].Correction != 2 {
		t.Errorf("HistoryOf(0002) = %+v", h)
	}
	// 0002 stands at its share of 1500 in 2501 inhabitants, as computed.
	var computed billing.Money
	for _, l := range h.Lines {
		computed += l.Computed
	}
	if h.Invoiced() != computed || computed == 0 {
		t.Errorf("0002 stands at %s, computed %s", h.Invoiced(), computed)
	}
	if n := HistoryOf(links, "0003"); n.Invoice != "" || len(n.Documents) != 1 || n.Documents[0].Corrects != "" {
		t.Errorf("HistoryOf(0003), a new participant = %+v", n)
	}
}
