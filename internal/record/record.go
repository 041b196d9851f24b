// Package record describes a run of the program, so that it can be checked
// and reproduced: what was computed (the year, the tariff as applied, the
// rules version), from which inputs (each file's role, base name, SHA-256,
// rows read and conversion notes), by which program, and what was written
// (each output's name, format and SHA-256). It also compares two runs'
// records, which is how verify finds an issued file made from other inputs.
//
// The package does no I/O: jsonio writes and reads a Run as the JSON meta
// and manifest, and the struct tags below are that format's field names.
package record

// RulesVersion names the billing rules this program applies.
const RulesVersion = "digisos-invoice rules R1-R7, version 1"

// Run records what produced a run's output, so that an auditor can re-run
// it.
type Run struct {
	Program Program `json:"program"`
	// Rules names the version of the billing rules (R1–R7) applied.
	Rules  string  `json:"rules"`
	Year   int     `json:"year"`
	Tariff Tariff  `json:"tariff"`
	Inputs []Input `json:"inputs"`
	// Output is the file the run wrote, with its SHA-256. It is in the
	// manifest only: a JSON output cannot hold its own hash.
	Output *Output `json:"output,omitempty"`
	// Stamp is when the run was made, only when asked for with --stamp, so
	// that re-runs stay byte-identical.
	Stamp string `json:"stamp,omitempty"`
}

// Output is a file written by a run. For a folder of files (EHF), SHA256
// is the hash of the listing that sha256sum prints for Files, in name order.
type Output struct {
	Name   string       `json:"name"`
	Format string       `json:"format"`
	SHA256 string       `json:"sha256"`
	Files  []OutputFile `json:"files,omitempty"`
}

// OutputFile is one file of an output folder.
type OutputFile struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// Program is the program that made the output.
type Program struct {
	Name     string `json:"name"`
	Version  string `json:"version"`
	Revision string `json:"revision,omitempty"`
}

// String renders p as "version (revision)".
func (p Program) String() string {
	if p.Revision == "" {
		return p.Version
	}
	return p.Version + " (" + p.Revision + ")"
}

// Input is one input file, by its role in the run, base name and content
// hash.
type Input struct {
	// Role says what the file was read as: municipalities, population,
	// participants, tariff, register, renumbering, seller, buyers. A run
	// reads at most one file of each role.
	Role   string `json:"role"`
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	// Rows is the number of rows of data read from the file.
	Rows int `json:"rows"`
	// Notes say what was converted or skipped while reading the file.
	Notes []string `json:"notes,omitempty"`
}

// Tariff is the tariff applied, and where it came from.
type Tariff struct {
	Year           int      `json:"year"`
	AnnualCost     string   `json:"annual_cost"`
	Index          *Index   `json:"index,omitempty"`
	Shares         []Share  `json:"shares"`
	Waivers        []Waiver `json:"waivers"`
	PopulationDate string   `json:"population_date"`
	Note           string   `json:"note,omitempty"`
	Source         string   `json:"source"`
	SourceSHA256   string   `json:"source_sha256"`
}

// Index is an index regulation of the annual cost from the year before.
type Index struct {
	Name         string `json:"name"`
	From         string `json:"from"`
	To           string `json:"to"`
	PreviousCost string `json:"previous_cost"`
}

// Share is one solution's share of the annual cost.
type Share struct {
	Solution string `json:"solution"`
	Ratio    string `json:"ratio"`
}

// Waiver is a (solution, quarters) computed but not invoiced.
type Waiver struct {
	Solution string `json:"solution"`
	Quarters []int  `json:"quarters"`
	Reason   string `json:"reason"`
}
