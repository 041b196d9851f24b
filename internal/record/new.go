package record

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

	"digisos-invoice/internal/billing"
)

// New records a run of allocation a by program prog on inputs. The output
// and the stamp are for the caller to add.
func New(a billing.Allocation, prog Program, inputs []Input) Run {
	return Run{Program: prog, Rules: RulesVersion, Year: a.Tariff.Year, Tariff: NewTariff(a.Tariff), Inputs: inputs}
}

// NewTariff records tariff t as applied.
func NewTariff(t billing.Tariff) Tariff {
	mt := Tariff{
		Year:           t.Year,
		AnnualCost:     t.AnnualCost.String(),
		Waivers:        []Waiver{},
		PopulationDate: t.PopulationDate.Format(time.DateOnly),
		Note:           t.Note,
		Source:         t.Source.Name,
		SourceSHA256:   t.Source.SHA256,
	}
	if t.Index != nil {
		mt.Index = &Index{Name: t.Index.Name, From: t.Index.From.String(), To: t.Index.To.String(), PreviousCost: t.Index.PreviousCost.String()}
	}
	for _, s := range t.Shares {
		mt.Shares = append(mt.Shares, Share{Solution: s.Solution, Ratio: s.Ratio.String()})
	}
	for _, w := range t.Waivers {
		qs := make([]int, len(w.Quarters))
		for i, q := range w.Quarters {
			qs[i] = int(q)
		}
		mt.Waivers = append(mt.Waivers, Waiver{Solution: w.Solution, Quarters: qs, Reason: w.Reason})
	}
	return mt
}

// NewInput records a file of the given role, base name and content, from
// which rows rows of data were read.
func NewInput(role, name string, data []byte, rows int) Input {
	return Input{Role: role, Name: name, SHA256: Hash(data), Rows: rows}
}

// NewOutput records a single output file of the given name and format.
func NewOutput(name, format string, data []byte) *Output {
	return &Output{Name: name, Format: format, SHA256: Hash(data)}
}

// NewFolderOutput records a folder of files: each file's hash, and the
// hash of their listing as sha256sum prints it ("hash  name\n"), in the
// order given (by name).
func NewFolderOutput(name, format string, files []OutputFile) *Output {
	var listing []byte
	for _, f := range files {
		listing = append(listing, f.SHA256+"  "+f.Name+"\n"...)
	}
	return &Output{Name: name, Format: format, SHA256: Hash(listing), Files: files}
}

// Hash is the SHA-256 of data in lower-case hex, as the record holds it.
func Hash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
