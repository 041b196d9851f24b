package journal

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// The canonical bytes of the chain's entries: JSON of these structs, whose
// fields are in a fixed order, money as "34024.25", dates as 2021-01-15.
// They are made from the rows as stored, so that Check recomputes them from
// what the database holds. Changing them breaks every existing chain: a
// change needs a new entry version and a schema step.

type runEntry struct {
	V         int               `json:"v"`
	Entry     int64             `json:"entry"`
	Kind      string            `json:"kind"`
	ID        int64             `json:"run"`
	Year      int               `json:"year"`
	Record    string            `json:"record"`
	Unsettled []differenceEntry `json:"unsettled"`
}

type documentEntry struct {
	V            int         `json:"v"`
	Entry        int64       `json:"entry"`
	Kind         string      `json:"kind"`
	Seq          int64       `json:"seq"`
	Number       string      `json:"number"`
	Run          int64       `json:"run"`
	Type         Type        `json:"type"`
	Year         int         `json:"year"`
	Municipality string      `json:"municipality"`
	Buyer        Buyer       `json:"buyer"`
	IssueDate    string      `json:"issue_date"`
	DueDate      string      `json:"due_date"`
	Amount       string      `json:"amount"`
	KID          string      `json:"kid"`
	References   []string    `json:"references"`
	Lines        []lineEntry `json:"lines"`
	File         string      `json:"file"`
	FileSHA256   string      `json:"file_sha256"`
}

// runEntryVersion is the version of the run entries Issue writes: 2 holds
// the run's computed lines; 1, of the first schema, does not.
const runEntryVersion = 2

type runEntryV2 struct {
	runEntry
	Computed []computedEntry `json:"computed"`
}

type computedEntry struct {
	Municipality string `json:"municipality"`
	Name         string `json:"name"`
	Quarter      int    `json:"quarter"`
	Solution     string `json:"solution"`
	Population   int64  `json:"population"`
	Start        string `json:"start"`
	Amount       string `json:"amount"`
	Waived       string `json:"waived"`
}

func (r RunEntry) canonical(entry int64, unsettled []Difference, computed []Computed) []byte {
	e := runEntry{r.Version, entry, "run", r.ID, r.Year, r.Record, differenceEntries(unsettled)}
	if r.Version < 2 {
		return marshal(e)
	}
	lines := make([]computedEntry, len(computed))
	for i, l := range computed {
		lines[i] = computedEntry{l.Municipality, l.Name, l.Quarter, l.Solution, l.Population, l.Start, l.Amount.String(), l.Waived.String()}
	}
	return marshal(runEntryV2{e, lines})
}

func (d Document) canonical(entry int64) []byte {
	return marshal(documentEntry{1, entry, "document", d.Seq, d.Number, d.Run, d.Type, d.Year, d.Municipality, d.Buyer,
		d.IssueDate, d.DueDate, d.Amount.String(), d.KID, nonNil(d.References), lineEntries(d.Lines), d.File, d.FileSHA256})
}

type lineEntry struct {
	Solution    string `json:"solution"`
	Quarter     int    `json:"quarter"`
	Population  int64  `json:"population"`
	Amount      string `json:"amount"`
	Description string `json:"description"`
}

func lineEntries(lines []Line) []lineEntry {
	out := make([]lineEntry, len(lines))
	for i, l := range lines {
		out[i] = lineEntry{l.Solution, l.Quarter, l.Population, l.Amount.String(), l.Description}
	}
	return out
}

type differenceEntry struct {
	Year         int    `json:"year"`
	Municipality string `json:"municipality"`
	Amount       string `json:"amount"`
}

func differenceEntries(ds []Difference) []differenceEntry {
	out := make([]differenceEntry, len(ds))
	for i, d := range ds {
		out[i] = differenceEntry{d.Year, d.Municipality, d.Amount.String()}
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func marshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // plain structs of strings and numbers always marshal
	}
	return b
}

// chainHash is the hash of an entry: SHA-256 of the previous entry's hash
// (hex), a line feed, and the entry's canonical bytes.
func chainHash(prev string, canonical []byte) string {
	h := sha256.New()
	h.Write([]byte(prev))
	h.Write([]byte{'\n'})
	h.Write(canonical)
	return hex.EncodeToString(h.Sum(nil))
}
