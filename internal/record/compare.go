package record

import "fmt"

// Difference is one way in which the record of an issued run differs from
// that of a new run on the same year.
type Difference struct {
	// Role is the input's role when an input differs; it is empty when
	// the tariff applied differs.
	Role string
	// Issued and Now are the inputs of Role as each run recorded them; nil
	// when that run read no file of the role.
	Issued, Now *Input
	// IssuedTariff and NowTariff are the tariffs applied, when Role is
	// empty.
	IssuedTariff, NowTariff *Tariff
}

// String says what differs in one line, naming the files and their hashes.
func (d Difference) String() string {
	switch {
	case d.Role == "":
		return fmt.Sprintf("the issued run applied the tariff from %s (annual cost %s); this run applies %s (annual cost %s)",
			d.IssuedTariff.Source, d.IssuedTariff.AnnualCost, d.NowTariff.Source, d.NowTariff.AnnualCost)
	case d.Now == nil:
		return fmt.Sprintf("the issued run read a %s file %s (sha256 %s); this run read none", d.Role, d.Issued.Name, d.Issued.SHA256)
	case d.Issued == nil:
		return fmt.Sprintf("this run read a %s file %s (sha256 %s) that the issued run did not", d.Role, d.Now.Name, d.Now.SHA256)
	}
	return fmt.Sprintf("the issued run read %s file %s with sha256 %s; this run read %s with sha256 %s",
		d.Role, d.Issued.Name, d.Issued.SHA256, d.Now.Name, d.Now.SHA256)
}

// Compare lists how the provenance of run issued differs from that of run
// now: every input role that either run read, compared by content hash
// (a renamed file with the same bytes is the same input), and the tariff
// applied, compared by its source's hash and its annual cost. The inputs
// come in issued's order, then those only now read in now's order, then
// the tariff. Nil means the two runs were made from the same inputs.
func Compare(issued, now Run) []Difference {
	var out []Difference
	nowByRole := map[string]*Input{}
	for i := range now.Inputs {
		nowByRole[now.Inputs[i].Role] = &now.Inputs[i]
	}
	issuedRoles := map[string]bool{}
	for i := range issued.Inputs {
		was := &issued.Inputs[i]
		issuedRoles[was.Role] = true
		is := nowByRole[was.Role]
		if is == nil || is.SHA256 != was.SHA256 {
			out = append(out, Difference{Role: was.Role, Issued: was, Now: is})
		}
	}
	for i := range now.Inputs {
		if is := &now.Inputs[i]; !issuedRoles[is.Role] {
			out = append(out, Difference{Role: is.Role, Now: is})
		}
	}
	if issued.Tariff.SourceSHA256 != now.Tariff.SourceSHA256 || issued.Tariff.AnnualCost != now.Tariff.AnnualCost {
		out = append(out, Difference{IssuedTariff: &issued.Tariff, NowTariff: &now.Tariff})
	}
	return out
}
