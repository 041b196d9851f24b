package ehfio

import "regexp"

// fileName matches the file names of the documents this program writes in
// EHF: an invoice, its id and ".xml" (DIGISOS-2020-0301.xml), and a credit
// note or supplementary invoice correcting it, with "-K" and the
// correction's number (DIGISOS-2020-0301-K1.xml).
var fileName = regexp.MustCompile(`^DIGISOS-[0-9]{4}-[0-9]{4}(-K[0-9]+)?\.xml$`)

// IsFileName reports whether name is the file name of an EHF document this
// program writes. An output folder holding anything else is not replaced.
func IsFileName(name string) bool { return fileName.MatchString(name) }
