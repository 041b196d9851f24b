package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"digisos-invoice/internal/audit"
	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/ehfio"
	"digisos-invoice/internal/jsonio"
)

// verifyLines compares issued CSV lines, column by column, with the lines
// calculate writes for r.
func verifyLines(path string, data []byte, r *run) (*verified, error) {
	name := filepath.Base(path)
	issued, notes, err := csvio.ReadIssuedLines(data, name)
	if err != nil {
		return nil, inputError(err)
	}
	var fresh bytes.Buffer
	if err := csvio.WriteLines(&fresh, r.alloc); err != nil {
		return nil, inputError(err)
	}
	re, _, err := csvio.ReadIssuedLines(fresh.Bytes(), "recomputed")
	if err != nil {
		return nil, inputError(err)
	}
	v := &verified{report: audit.Compare(issued, re, audit.LinesSpec(name)), data: data, freshData: fresh.Bytes(),
		what: fmt.Sprintf("the %s of %s %s", audit.Plural(len(issued.Items), "line"), name, verb(len(issued.Items)))}
	for _, n := range notes {
		v.report.AddNote(n, n)
	}
	v.now = &jsonio.Output{Name: name, Format: "csv", SHA256: sha256Hex(data)}
	v.fresh = &jsonio.Output{Name: name, Format: "csv", SHA256: sha256Hex(fresh.Bytes())}
	return v, nil
}

// verifyDocument compares an issued JSON document, value by value, with
// the document calculate writes for r. The fresh document records the
// issued one's program and stamp, which are reported, not compared.
func verifyDocument(path string, data []byte, r *run) (*verified, error) {
	name := filepath.Base(path)
	issued, err := jsonio.ReadDocumentTree(data, name)
	if err != nil {
		return nil, inputError(err)
	}
	program, stamp := recordedRun(issued.Get("meta"))
	meta := jsonio.NewMeta(r.alloc, program, r.inputs)
	meta.Stamp = stamp
	var fresh bytes.Buffer
	if err := jsonio.Write(&fresh, jsonio.NewDocument(r.alloc, meta)); err != nil {
		return nil, inputError(err)
	}
	re, err := jsonio.ReadDocumentTree(fresh.Bytes(), "recomputed")
	if err != nil {
		return nil, inputError(err)
	}
	lines := len(issued.Get("lines").Items)
	return &verified{report: audit.Compare(issued, re, audit.DocumentSpec(name)), data: data, freshData: fresh.Bytes(),
		what:    fmt.Sprintf("the %s and every other value of %s match", audit.Plural(lines, "line"), name),
		now:     &jsonio.Output{Name: name, Format: "json", SHA256: sha256Hex(data)},
		fresh:   &jsonio.Output{Name: name, Format: "json", SHA256: sha256Hex(fresh.Bytes())},
		program: &program, stamp: stamp}, nil
}

// recordedRun reads the program and the stamp a run record (meta or a
// manifest) states.
func recordedRun(meta *audit.Node) (jsonio.Program, string) {
	p := meta.Get("program")
	return jsonio.Program{Name: p.Text("name"), Version: p.Text("version"), Revision: p.Text("revision")}, meta.Text("stamp")
}

// verifyInvoices rebuilds the EHF invoices as calculate --format ehf does
// and compares each issued one, element by element: the files of a folder
// by name, or one file by the invoice id it states.
func verifyInvoices(opts verifyOptions, data []byte, r *run, issue time.Time) (*verified, error) {
	files, err := buildEHF(opts.ehfOptions, issue, r, csvio.Options{Encoding: opts.encoding})
	if err != nil {
		return nil, err
	}
	fresh := make([]audit.File, len(files))
	for i, f := range files {
		root, err := ehfio.ReadTree(f.data, f.name)
		if err != nil {
			return nil, inputError(fmt.Errorf("the rebuilt invoice %w", err))
		}
		fresh[i] = audit.File{Name: f.name, Root: root}
	}
	name := filepath.Base(opts.issued)
	if data != nil {
		root, err := ehfio.ReadTree(data, name)
		if err != nil {
			return nil, inputError(err)
		}
		v := &verified{report: audit.CompareInvoice(audit.File{Name: name, Root: root}, fresh), data: data,
			what: "the invoice " + name + " matches", now: &jsonio.Output{Name: name, Format: "ehf", SHA256: sha256Hex(data)},
			fresh: folderOutput(opts.issued, "ehf", files), single: true}
		for _, f := range files {
			if f.name == name {
				v.freshData = f.data
			}
		}
		return v, nil
	}
	issued, contents, err := readInvoiceFolder(opts.issued, files, fresh)
	if err != nil {
		return nil, err
	}
	v := &verified{report: audit.CompareFolder(name, issued, fresh), what: fmt.Sprintf("the %s in %s %s", audit.Plural(len(issued), "invoice"), name, verb(len(issued))),
		now: folderOutput(opts.issued, "ehf", contents), fresh: folderOutput(opts.issued, "ehf", files)}
	folderLayoutNotes(v, contents, files)
	return v, nil
}

// readInvoiceFolder reads every entry of dir: as an invoice, or as a file
// that is not one (with the reason). A file with the bytes of the rebuilt
// invoice of its name (files, read as fresh) is that invoice: it is not
// parsed again.
func readInvoiceFolder(dir string, files []file, fresh []audit.File) ([]audit.File, []file, error) {
	same := map[string]int{}
	for i, f := range files {
		same[f.name] = i
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, inputError(fmt.Errorf("%s: %w", dir, unwrapPath(err)))
	}
	var out []audit.File
	var contents []file
	for _, e := range entries {
		if !e.Type().IsRegular() {
			out = append(out, audit.File{Name: e.Name(), Err: errors.New("not a regular file")})
			continue
		}
		data, err := readFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, nil, err
		}
		contents = append(contents, file{name: e.Name(), data: data})
		if i, ok := same[e.Name()]; ok && bytes.Equal(data, files[i].data) {
			out = append(out, fresh[i])
			continue
		}
		root, err := ehfio.ReadTree(data, e.Name())
		out = append(out, audit.File{Name: e.Name(), Root: root, Err: err})
	}
	return out, contents, nil
}

// folderLayoutNotes notes the invoices whose bytes differ from the fresh
// ones' although nothing in them differs and no other form is noted.
func folderLayoutNotes(v *verified, issued, fresh []file) {
	if !v.report.Identical() || len(v.report.Notes) > 0 {
		return
	}
	byName := map[string][]byte{}
	for _, f := range fresh {
		byName[f.name] = f.data
	}
	for _, f := range issued {
		if !bytes.Equal(f.data, byName[f.name]) {
			v.report.AddNote("layout", f.name+" is laid out otherwise than calculate writes it (whitespace, indentation, escapes or prefixes)")
		}
	}
}

// verifyManifest compares a manifest with the record of this run, field by
// field (the output's hashes are those of the fresh output), and what it
// records of the output with the issued output as it is now.
func verifyManifest(path string, v *verified, r *run) error {
	data, err := readFile(path)
	if err != nil {
		return err
	}
	name := filepath.Base(path)
	m, err := jsonio.ReadMetaTree(data, name)
	if err != nil {
		return inputError(err)
	}
	program, stamp := recordedRun(m)
	meta := jsonio.NewMeta(r.alloc, program, r.inputs)
	meta.Stamp = stamp
	out := *v.fresh
	out.Name = m.Get("output").Text("name") // a renamed file is not a changed one
	meta.Output = &out
	re, err := jsonio.Tree(meta)
	if err != nil {
		return inputError(err)
	}
	v.report.Add(audit.Compare(m, re, audit.ManifestSpec(name)))
	if v.single {
		v.report.Add(manifestFile(m, v, name)) // one invoice of a folder
	} else {
		now, err := jsonio.Tree(*v.now)
		if err != nil {
			return inputError(err)
		}
		v.report.Add(audit.CompareOutput(m.Get("output"), now, name))
	}
	if v.program == nil {
		v.program, v.stamp = &program, stamp
	}
	return nil
}

// manifestFile compares the hash a manifest of an EHF folder records for
// one invoice file with the file's hash now.
func manifestFile(m *audit.Node, v *verified, manifest string) audit.Report {
	var rec *audit.Node
	if files := m.Get("output").Get("files"); files != nil {
		for _, f := range files.Items {
			if f.Text("name") == v.now.Name {
				rec = f
			}
		}
	}
	switch {
	case rec == nil:
		return audit.Report{Differences: []audit.Difference{{Change: audit.Missing, Item: "file", Where: manifest, Path: "/output/files",
			Subject: v.now.Name, Recomputed: "the manifest records no file " + v.now.Name}}}
	case rec.Text("sha256") != v.now.SHA256:
		return audit.Report{Differences: []audit.Difference{{Change: audit.Changed, Item: "hash", Where: rec.Get("sha256").Pos(manifest),
			Path: "/output/files/sha256", Subject: v.now.Name + " recorded hash, and the file's hash now", Issued: rec.Text("sha256"), Recomputed: v.now.SHA256}}}
	}
	return audit.Report{}
}

// verb is "match" for a plural subject, "matches" for one.
func verb(n int) string {
	if n == 1 {
		return "matches"
	}
	return "match"
}
