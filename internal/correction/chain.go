package correction

import (
	"fmt"

	"digisos-invoice/internal/billing"
)

// Link is one file of a year's chain of records: calculate's output
// first, then each correction's record.
type Link struct {
	Name   string // the file's base name
	SHA256 string // the file's hash
	Record Record
	// Previous names the file the record corrects, as the record states
	// it; nil for calculate's output.
	Previous *Ref
	// Documents are the documents the record's correction issued.
	Documents []Document
}

// Ref names a file by base name and SHA-256.
type Ref struct {
	Name, SHA256 string
}

// CheckChain checks that links form one chain: calculate's output first;
// each later record names the file before it by hash and counts the
// corrections up by one; and each record stands at the record before it
// plus its own documents, line by line. It returns every break, in words.
func CheckChain(links []Link) []string {
	var out []string
	for i, l := range links {
		if i == 0 {
			if l.Previous != nil || l.Record.Correction != 0 {
				out = append(out, fmt.Sprintf("%s is correction %d, not calculate's output: give calculate's CSV or JSON first", l.Name, l.Record.Correction))
			}
			continue
		}
		prev := links[i-1]
		switch {
		case l.Previous == nil:
			out = append(out, fmt.Sprintf("%s is calculate's output, not a correction of %s", l.Name, prev.Name))
			continue
		case l.Record.Year != prev.Record.Year:
			out = append(out, fmt.Sprintf("%s is of %d, %s of %d", l.Name, l.Record.Year, prev.Name, prev.Record.Year))
			continue
		case l.Previous.SHA256 != prev.SHA256:
			out = append(out, fmt.Sprintf("%s corrects %s with sha256 %s, but the file before it, %s, has sha256 %s: a broken link",
				l.Name, l.Previous.Name, l.Previous.SHA256, prev.Name, prev.SHA256))
		}
		if want := prev.Record.Correction + 1; l.Record.Correction != want {
			out = append(out, fmt.Sprintf("%s is correction %d, the one after %s is %d: a correction is missing or out of order", l.Name, l.Record.Correction, prev.Name, want))
		}
		out = append(out, standsAt(prev, l)...)
	}
	return out
}

// standsAt checks that l's record stands, per line, at prev's plus l's
// documents.
func standsAt(prev, l Link) []string {
	want := map[Key]billing.Money{}
	var order []Key // the lines in a fixed order, for the messages
	add := func(k Key, m billing.Money) {
		if _, ok := want[k]; !ok {
			order = append(order, k)
		}
		want[k] += m
	}
	for _, line := range prev.Record.Lines {
		add(line.Key(), line.Invoiced)
	}
	for _, d := range l.Documents {
		for _, c := range d.Lines {
			add(Key{c.Number, c.Quarter, c.Solution}, c.Difference())
		}
	}
	var out []string
	stands := map[Key]bool{}
	for _, line := range l.Record.Lines {
		stands[line.Key()] = true
		if want[line.Key()] != line.Invoiced {
			out = append(out, fmt.Sprintf("%s: %s Q%d %s stands at %s, but %s and its documents make %s",
				l.Name, line.Number, line.Quarter, line.Solution, line.Invoiced, prev.Name, want[line.Key()]))
		}
	}
	for _, k := range order {
		if !stands[k] && want[k] != 0 {
			out = append(out, fmt.Sprintf("%s: %s Q%d %s is missing; %s and its documents make %s", l.Name, k.Number, k.Quarter, k.Solution, prev.Name, want[k]))
		}
	}
	return out
}

// Unrecorded compares what stands invoiced in r, plus its recorded
// unsettled differences, with a recomputation a, line by line: the
// differences that r does not account for, in record order.
func (r Record) Unrecorded(a billing.Allocation) []Change {
	recomputed := map[Key]billing.Line{}
	for _, l := range a.Lines {
		recomputed[Key{l.Number, l.Quarter, l.Solution}] = l
	}
	var out []Change
	seen := map[Key]bool{}
	for _, l := range r.Lines {
		seen[l.Key()] = true
		if now := recomputed[l.Key()].Amount; now != l.Computed {
			out = append(out, Change{Number: l.Number, Name: l.Name, Quarter: l.Quarter, Solution: l.Solution, Issued: l.Computed, Corrected: now})
		}
	}
	for _, l := range a.Lines {
		if !seen[Key{l.Number, l.Quarter, l.Solution}] && l.Amount != 0 {
			out = append(out, Change{Number: l.Number, Name: l.Name, Quarter: l.Quarter, Solution: l.Solution, Corrected: l.Amount})
		}
	}
	return out
}

// History is what a chain of records holds for one municipality.
type History struct {
	Number string
	// Invoice is calculate's invoice to it; empty when it had none.
	Invoice string
	// Documents are the correction documents issued to it, in chain order,
	// with the number of the correction that issued each.
	Documents []Numbered
	// Lines are its lines as they stand at the end of the chain.
	Lines []Line
}

// Numbered is a document with the number of its correction.
type Numbered struct {
	Document
	Correction int
}

// Invoiced returns what stands invoiced to the municipality.
func (h History) Invoiced() billing.Money {
	var t billing.Money
	for _, l := range h.Lines {
		t += l.Invoiced
	}
	return t
}

// HistoryOf returns municipality number's history in the chain links.
func HistoryOf(links []Link, number string) History {
	h := History{Number: number}
	if len(links) == 0 {
		return h
	}
	for _, d := range links[0].Record.Documents {
		if d.Number == number && d.Correction == 0 {
			h.Invoice = d.ID
		}
	}
	for _, l := range links[1:] {
		for _, d := range l.Documents {
			if d.Number == number {
				h.Documents = append(h.Documents, Numbered{Document: d, Correction: l.Record.Correction})
			}
		}
	}
	for _, line := range links[len(links)-1].Record.Lines {
		if line.Number == number {
			h.Lines = append(h.Lines, line)
		}
	}
	return h
}
