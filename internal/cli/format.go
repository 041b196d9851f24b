package cli

import (
	"strings"

	"digisos-invoice/internal/outfile"
)

// A renderer writes calculate's result in one output format. A new format
// is a file holding its renderer, and a line in formats.
type renderer interface {
	// render writes the allocation of run r. It may read files of its
	// own first (EHF: seller and buyers), recording them in r, so that
	// the record it builds with r.meta, and the manifest, name them.
	render(r *run) (rendered, error)
}

// rendered is a format's output: the bytes of one file, or the files of a
// folder (a format whose output is one file per invoice); folder is
// non-nil, even when empty, exactly when the output is a folder.
type rendered struct {
	data   []byte
	folder []outfile.File
	// done is said on stderr once the output is written, unless --quiet.
	done string
}

// format is one value of calculate's --format.
type format struct {
	name string
	// note says what the format writes, in --format's help, when the name
	// does not.
	note string
	// renderer checks the format's flags, before anything is read, and
	// returns its renderer.
	renderer func(opts calculateOptions) (renderer, error)
}

// formats are calculate's output formats, the default first.
var formats = []format{
	{name: "csv", renderer: newCSVRenderer},
	{name: "json", renderer: newJSONRenderer},
	{name: "ehf", note: "one EHF invoice per municipality", renderer: newEHFRenderer},
	{name: "xlsx", note: "an Excel workbook for review", renderer: newXLSXRenderer},
}

// formatNamed returns the format called name.
func formatNamed(name string) (format, bool) {
	for _, f := range formats {
		if f.name == name {
			return f, true
		}
	}
	return format{}, false
}

// formatList lists the formats as "csv, json or ehf", with their notes
// when withNotes.
func formatList(withNotes bool) string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.name
		if withNotes && f.note != "" {
			names[i] += " (" + f.note + ")"
		}
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
