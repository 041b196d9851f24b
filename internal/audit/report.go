package audit

import (
	"fmt"
	"slices"
	"strings"
)

// Change says how an issued item differs.
type Change int

// A value that differs, an item the issued file lacks, an item it has
// that a fresh computation does not.
const (
	Changed Change = iota
	Missing
	Extra
)

// Difference is one way the issued file differs from a fresh computation.
type Difference struct {
	Change Change
	// Item is what differs, is missing or is extra, as a noun counted in
	// the summary: "field", "line", "invoice", "hash".
	Item string
	// Where is the place in the issued file, "lines.csv:7:7"; for a
	// missing item, the file (or "" when there is no issued file).
	Where string
	// Path names the field: "amount", "/municipalities/3/amount",
	// "/Invoice/cac:PaymentMeans/cbc:PaymentID".
	Path string
	// Subject is what the value belongs to or means, for the reader:
	// "0301 Oslo Q1 soknad", "account".
	Subject string
	// Issued and Recomputed are the two values; for a missing or an extra
	// item, one is a summary of the item and the other is empty.
	Issued, Recomputed string
}

// Note is a way of writing the issued file that calculate does not use
// but that states the same content, seen Count times.
type Note struct {
	Key   string // what kind of form, to count repeats
	Text  string // the first occurrence, in words
	Count int
}

// String renders the note, with its count when it was seen more than once.
func (n Note) String() string {
	if n.Count > 1 {
		if n.Count == 2 {
			return n.Text + " (and in 1 more place)"
		}
		return fmt.Sprintf("%s (and in %d more places)", n.Text, n.Count-1)
	}
	return n.Text
}

// Report is what a comparison found.
type Report struct {
	Differences []Difference
	Notes       []Note
	// Provenance are the ways the issued run's recorded inputs and tariff
	// differ from this run's, in words; each counts.
	Provenance []string
	// Reported are differences that are shown but not counted: the program
	// version that made the run, the time it was stamped.
	Reported []string
}

// Identical reports whether nothing differs (notes and reported values
// allowed).
func (r Report) Identical() bool { return len(r.Differences) == 0 && len(r.Provenance) == 0 }

// AddNote records a note of form; a note of a key seen before only counts.
func (r *Report) AddNote(key, text string) {
	for i := range r.Notes {
		if r.Notes[i].Key == key {
			r.Notes[i].Count++
			return
		}
	}
	r.Notes = append(r.Notes, Note{Key: key, Text: text, Count: 1})
}

// Add appends the differences, notes and reported values of o.
func (r *Report) Add(o Report) {
	r.Differences = append(r.Differences, o.Differences...)
	for _, n := range o.Notes {
		for range n.Count {
			r.AddNote(n.Key, n.Text)
		}
	}
	r.Provenance = append(r.Provenance, o.Provenance...)
	r.Reported = append(r.Reported, o.Reported...)
}

// AddNew is Add without the differences of o that r already holds at the
// same place and field with the same values. verify compares a manifest's
// output both with the fresh output and with the file as it is now; where
// those two agree, so do the differences, and each is listed once.
func (r *Report) AddNew(o Report) {
	type key struct{ where, path, issued, recomputed string }
	seen := make(map[key]bool, len(r.Differences))
	for _, d := range r.Differences {
		seen[key{d.Where, d.Path, d.Issued, d.Recomputed}] = true
	}
	o.Differences = slices.DeleteFunc(slices.Clone(o.Differences), func(d Difference) bool {
		return seen[key{d.Where, d.Path, d.Issued, d.Recomputed}]
	})
	r.Add(o)
}

// Counts sums the differences up: "1 field differs, 2 lines missing,
// 1 invoice extra", in the order they were first found; "" when none.
func (r Report) Counts() string {
	type count struct {
		change Change
		item   string
		n      int
	}
	var counts []count
next:
	for _, d := range r.Differences {
		for i := range counts {
			if counts[i].change == d.Change && counts[i].item == d.Item {
				counts[i].n++
				continue next
			}
		}
		counts = append(counts, count{d.Change, d.Item, 1})
	}
	var parts []string
	for _, c := range counts {
		switch c.change {
		case Changed:
			verb := "differ"
			if c.n == 1 {
				verb = "differs"
			}
			parts = append(parts, plural(c.n, c.item)+" "+verb)
		case Missing:
			parts = append(parts, plural(c.n, c.item)+" missing")
		case Extra:
			parts = append(parts, plural(c.n, c.item)+" extra")
		}
	}
	if n := len(r.Provenance); n > 0 {
		parts = append(parts, plural(n, "provenance difference"))
	}
	return strings.Join(parts, ", ")
}

// plural writes n and the noun, in the plural unless n is 1: "1 line",
// "2 lines", "3 municipalities".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	switch {
	case strings.HasSuffix(noun, "y") && !strings.HasSuffix(noun, "ey"):
		noun = noun[:len(noun)-1] + "ies"
	case strings.HasSuffix(noun, "s") || strings.HasSuffix(noun, "sh"):
		noun += "es"
	default:
		noun += "s"
	}
	return fmt.Sprintf("%d %s", n, noun)
}

// Plural writes n and the noun, in the plural unless n is 1, as the
// summary counts: "1 line", "35 lines", "356 invoices".
func Plural(n int, noun string) string { return plural(n, noun) }
