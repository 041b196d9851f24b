// Package verify is verify's comparison engine: it compares an issued
// output, in any format, with the same output rendered afresh from a
// fresh computation, value by value (through the format's Tree), and says
// what differs, what is only written otherwise (notes), and how the
// issued run's record differs from this run's. It also checks a
// manifest's fields and hashes, and a chain of correction records. It
// reads no files: it is given their bytes, and renders through the format.
package verify

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"digisos-invoice/internal/audit"
	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/format"
	"digisos-invoice/internal/record"
)

// Result is what comparing one issued output found.
type Result struct {
	Report audit.Report
	What   string // for the summary: "the 35 lines of lines.csv match"
	// Now is the issued output as it is, and Fresh the recomputed one:
	// name, format and hashes, as a manifest records them.
	Now, Fresh *record.Output
	Single     bool // one file of a folder output (an EHF invoice)
	// Data and FreshData are the bytes of a single-file output.
	Data, FreshData []byte
	// Program and Stamp are what the issued output records of its run.
	Program *record.Program
	Stamp   string
}

// File compares data, the issued file name in format f, with f's
// rendering of run r. A file of a format whose output is a folder is one
// document of it: only that document is rendered, unless whole (a
// manifest records the whole folder's hashes).
func File(f format.Format, name string, data []byte, r *format.Run, whole bool) (*Result, error) {
	issued, err := f.Read(data, name)
	if err != nil {
		return nil, err
	}
	if u, _ := f.Use(format.Verify); u.Folder != nil {
		return document(f, u, name, data, issued, r, whole)
	}
	fr := *r
	if issued.Run != nil { // the fresh output records the issued run's program and stamp, which are reported, not compared
		fr.Meta.Program, fr.Meta.Stamp = issued.Run.Program, issued.Run.Stamp
	}
	out, err := f.Render(&fr)
	if err != nil {
		return nil, err
	}
	fresh, err := f.Read(out.Data, "recomputed")
	if err != nil {
		return nil, err
	}
	v := &Result{Report: audit.Compare(issued.Root, fresh.Root, issued.Spec), What: issued.What, Data: data, FreshData: out.Data,
		Now: &record.Output{Name: name, Format: f.Name(), SHA256: record.Hash(data)}, Fresh: &record.Output{Name: name, Format: f.Name(), SHA256: record.Hash(out.Data)}}
	for _, n := range issued.Notes {
		v.Report.AddNote(n, n)
	}
	if c, ok := f.(format.Comparer); ok {
		if err := c.Compare(&v.Report, name, data, out.Data); err != nil {
			return nil, err
		}
	}
	if issued.Run != nil {
		v.Program, v.Stamp = &issued.Run.Program, issued.Run.Stamp
		addProvenance(v, *issued.Run, r.Meta)
	}
	layoutNote(v, name)
	return v, nil
}

// document compares one issued document of a folder format with the
// fresh document of the id it states, or else of its file name. A file
// named as one of the format's documents (DIGISOS-2020-0301.xml) that
// states another's id differs, whatever else matches.
func document(f format.Format, u format.Use, name string, data []byte, issued *format.Tree, r *format.Run, whole bool) (*Result, error) {
	file := audit.File{Name: name, Root: issued.Root}
	id := file.ID()
	fr := *r
	if !whole {
		fr.Only = documentOf(r.Alloc, id, strings.TrimSuffix(name, ".xml"))
	}
	out, err := f.Render(&fr)
	if err != nil {
		return nil, err
	}
	v := &Result{Data: data, What: issued.What, Single: true,
		Now: &record.Output{Name: name, Format: f.Name(), SHA256: record.Hash(data)}, Fresh: folderOutput(name, f.Name(), out.Files)}
	var fresh []audit.File
	for _, want := range []string{id + ".xml", name} {
		for _, o := range out.Files {
			if o.Name == want && fresh == nil {
				t, err := f.Read(o.Data, o.Name)
				if err != nil {
					return nil, fmt.Errorf("the rebuilt invoice %w", err)
				}
				fresh, v.FreshData = []audit.File{{Name: o.Name, Root: t.Root}}, o.Data
			}
		}
	}
	v.Report = audit.CompareInvoice(file, fresh)
	for _, n := range issued.Notes {
		v.Report.AddNote(n, n)
	}
	// Compared with another invoice than its name's, by the id it states:
	// its elements may all match, its name does not. (Compared with its
	// name's, its id element differs, and says so.)
	if len(fresh) == 1 && fresh[0].Name != name && u.Folder(name) {
		v.Report.Differences = append(v.Report.Differences, audit.Difference{Change: audit.Changed, Item: "file name", Where: name,
			Path: "/Invoice/cbc:ID", Subject: "the id its file name states", Issued: id, Recomputed: strings.TrimSuffix(name, ".xml")})
	}
	layoutNote(v, name)
	return v, nil
}

// documentOf names the municipalities of a whose invoice id is one of ids.
func documentOf(a billing.Allocation, ids ...string) []string {
	only := []string{}
	for _, m := range a.Municipalities {
		if slices.Contains(ids, billing.InvoiceID(a.Tariff.Year, m.Number)) {
			only = append(only, m.Number)
		}
	}
	return only
}

// layoutNote notes a single-file output whose bytes differ from the fresh
// one's although no value and no named form differs: whitespace,
// indentation, escapes, prefixes.
func layoutNote(v *Result, name string) {
	if v.Data == nil || !v.Report.Identical() || len(v.Report.Notes) > 0 || bytes.Equal(v.Data, v.FreshData) {
		return
	}
	v.Report.AddNote("layout", name+" is laid out otherwise than calculate writes it (whitespace, indentation, escapes or prefixes)")
}

// addProvenance compares the inputs and the tariff an issued run recorded
// with this run's (record.Compare): each difference counts, once.
func addProvenance(v *Result, issued, now record.Run) {
	for _, d := range record.Compare(issued, now) {
		if s := d.String(); !slices.Contains(v.Report.Provenance, s) {
			v.Report.Provenance = append(v.Report.Provenance, s)
		}
	}
}

// ReportProgram reports, without counting it, a program other than this
// one (this) that made the issued run: a newer release may re-run an old
// year; and the time the issued run was stamped.
func (v *Result) ReportProgram(this record.Program) {
	if v.Program != nil && *v.Program != this {
		v.Report.Reported = append(v.Report.Reported, fmt.Sprintf("the issued run was made by %s %s; this is %s %s",
			v.Program.Name, v.Program, this.Name, this))
	}
	if v.Stamp != "" {
		v.Report.Reported = append(v.Report.Reported, "the issued run was stamped "+v.Stamp)
	}
}

// folderOutput records a folder of files: each file's hash, and the hash
// of their listing as sha256sum prints it.
func folderOutput(name, format string, files []format.File) *record.Output {
	recs := make([]record.OutputFile, len(files))
	for i, f := range files {
		recs[i] = record.OutputFile{Name: f.Name, SHA256: record.Hash(f.Data)}
	}
	return record.NewFolderOutput(filepath.Base(name), format, recs)
}
