package verify

import (
	"bytes"

	"digisos-invoice/internal/audit"
	"digisos-invoice/internal/jsonio"
	"digisos-invoice/internal/record"
)

// Manifest compares a manifest (data, the file name) with the record of
// this run (meta), field by field (the output's hashes are those of the
// fresh output), and what it records of the output with the issued output
// as it is now.
func (v *Result) Manifest(data []byte, name string, meta record.Run) error {
	m, err := jsonio.ReadMetaTree(data, name)
	if err != nil {
		return err
	}
	issued, err := jsonio.ReadMeta(bytes.NewReader(data), name)
	if err != nil {
		return err
	}
	addProvenance(v, issued, meta)
	for _, n := range jsonio.FormNotes(data, name) {
		v.Report.AddNote(n, n)
	}
	program, stamp := recordedRun(m)
	meta.Program, meta.Stamp = program, stamp
	out := *v.Fresh
	out.Name = m.Get("output").Text("name") // a renamed file is not a changed one
	meta.Output = &out
	re, err := jsonio.Tree(meta)
	if err != nil {
		return err
	}
	v.Report.Add(audit.Compare(m, re, audit.ManifestSpec(name)))
	if v.Single {
		v.Report.Add(manifestFile(m, v, name)) // one invoice of a folder
	} else {
		now, err := jsonio.Tree(*v.Now)
		if err != nil {
			return err
		}
		v.Report.AddNew(audit.CompareOutput(m.Get("output"), now, name))
	}
	if v.Program == nil {
		v.Program, v.Stamp = &program, stamp
	}
	return nil
}

// recordedRun reads the program and the stamp a run record (a manifest)
// states.
func recordedRun(meta *audit.Node) (record.Program, string) {
	p := meta.Get("program")
	return record.Program{Name: p.Text("name"), Version: p.Text("version"), Revision: p.Text("revision")}, meta.Text("stamp")
}

// manifestFile compares the hash a manifest of a folder records for one
// file of it with the file's hash now.
func manifestFile(m *audit.Node, v *Result, manifest string) audit.Report {
	var rec *audit.Node
	if files := m.Get("output").Get("files"); files != nil {
		for _, f := range files.Items {
			if f.Text("name") == v.Now.Name {
				rec = f
			}
		}
	}
	switch {
	case rec == nil:
		return audit.Report{Differences: []audit.Difference{{Change: audit.Missing, Item: "file", Where: manifest, Path: "/output/files",
			Subject: v.Now.Name, Recomputed: "the manifest records no file " + v.Now.Name}}}
	case rec.Text("sha256") != v.Now.SHA256:
		return audit.Report{Differences: []audit.Difference{{Change: audit.Changed, Item: "hash", Where: rec.Get("sha256").Pos(manifest),
			Path: "/output/files/sha256", Subject: v.Now.Name + " recorded hash, and the file's hash now", Issued: rec.Text("sha256"), Recomputed: v.Now.SHA256}}}
	}
	return audit.Report{}
}
