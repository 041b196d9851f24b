package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"digisos-invoice/internal/audit"
	"digisos-invoice/internal/csvio"
	"digisos-invoice/internal/ehfio"
	"digisos-invoice/internal/jsonio"
	"digisos-invoice/internal/outfile"
	"digisos-invoice/internal/record"
)

// verifyLines compares issued CSV lines, column by column, with the lines
// calculate writes for r.
func verifyLines(path string, data []byte, r *run) (*verified, error) {
	name := filepath.Base(path)
	issued, notes, err := csvio.ReadIssuedLines(data, name)
	if err != nil {
		return nil, failure(err)
	}
	out, err := csvRenderer{}.render(r) // what calculate writes
	if err != nil {
		return nil, err
	}
	fresh := bytes.NewBuffer(out.data)
	re, _, err := csvio.ReadIssuedLines(fresh.Bytes(), "recomputed")
	if err != nil {
		return nil, failure(err)
	}
	v := &verified{report: audit.Compare(issued, re, audit.LinesSpec(name)), data: data, freshData: fresh.Bytes(),
		what: fmt.Sprintf("the %s of %s %s", audit.Plural(len(issued.Items), "line"), name, verb(len(issued.Items)))}
	for _, n := range notes {
		v.report.AddNote(n, n)
	}
	v.now = &record.Output{Name: name, Format: "csv", SHA256: record.Hash(data)}
	v.fresh = &record.Output{Name: name, Format: "csv", SHA256: record.Hash(fresh.Bytes())}
	return v, nil
}

// verifyDocument compares an issued JSON document, value by value, with
// the document calculate writes for r. The fresh document records the
// issued one's program and stamp, which are reported, not compared.
func verifyDocument(path string, data []byte, r *run) (*verified, error) {
	name := filepath.Base(path)
	issued, err := jsonio.ReadDocumentTree(data, name)
	if err != nil {
		return nil, failure(err)
	}
	program, stamp := recordedRun(issued.Get("meta"))
	meta := record.New(r.alloc, program, r.inputs)
	meta.Stamp = stamp
	var fresh bytes.Buffer
	if err := jsonio.Write(&fresh, jsonio.NewDocument(r.alloc, meta)); err != nil {
		return nil, failure(err)
	}
	re, err := jsonio.ReadDocumentTree(fresh.Bytes(), "recomputed")
	if err != nil {
		return nil, failure(err)
	}
	var doc struct {
		Meta record.Run `json:"meta"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, failure(fmt.Errorf("%s: %w", name, err))
	}
	lines := len(issued.Get("lines").Items)
	v := &verified{report: audit.Compare(issued, re, audit.DocumentSpec(name)), data: data, freshData: fresh.Bytes(),
		what:    fmt.Sprintf("the %s and every other value of %s match", audit.Plural(lines, "line"), name),
		now:     &record.Output{Name: name, Format: "json", SHA256: record.Hash(data)},
		fresh:   &record.Output{Name: name, Format: "json", SHA256: record.Hash(fresh.Bytes())},
		program: &program, stamp: stamp}
	addProvenance(v, doc.Meta, r)
	return v, nil
}

// recordedRun reads the program and the stamp a run record (meta or a
// manifest) states.
func recordedRun(meta *audit.Node) (record.Program, string) {
	p := meta.Get("program")
	return record.Program{Name: p.Text("name"), Version: p.Text("version"), Revision: p.Text("revision")}, meta.Text("stamp")
}

// verifyInvoices rebuilds the EHF invoices as calculate --format ehf does
// and compares each issued one, element by element: the files of a folder
// by name, or one file by the invoice id it states.
func verifyInvoices(opts verifyOptions, data []byte, r *run, issue time.Time) (*verified, error) {
	name := filepath.Base(opts.issued)
	if data != nil {
		return verifyInvoice(opts, name, data, r, issue)
	}
	files, err := buildEHF(opts.ehfOptions, issue, r, csvio.Options{Encoding: opts.encoding}, nil)
	if err != nil {
		return nil, err
	}
	contents, err := readFolder(opts.issued)
	if err != nil {
		return nil, err
	}
	issued, fresh, err := invoiceTrees(contents, files)
	if err != nil {
		return nil, err
	}
	v := &verified{report: audit.CompareFolder(name, issued, fresh), what: fmt.Sprintf("the %s in %s %s", audit.Plural(len(issued), "invoice"), name, verb(len(issued))),
		now: folderOutput(opts.issued, "ehf", contents), fresh: folderOutput(opts.issued, "ehf", files)}
	folderLayoutNotes(v, contents, files)
	return v, nil
}

// verifyInvoice compares one issued invoice file with the rebuilt invoice
// of the id it states, or else of its file name. Only that invoice is
// rebuilt, but with a manifest, which records the whole folder's hashes.
// A file named as one invoice of this program's (DIGISOS-2020-0301.xml)
// that states another's id differs, whatever else matches.
func verifyInvoice(opts verifyOptions, name string, data []byte, r *run, issue time.Time) (*verified, error) {
	root, err := ehfio.ReadTree(data, name)
	if err != nil {
		return nil, failure(err)
	}
	issued := audit.File{Name: name, Root: root}
	only := func(file string) bool { return file == issued.ID()+".xml" || file == name }
	if opts.manifest != "" {
		only = nil
	}
	files, err := buildEHF(opts.ehfOptions, issue, r, csvio.Options{Encoding: opts.encoding}, only)
	if err != nil {
		return nil, err
	}
	v := &verified{data: data, what: "the invoice " + name + " matches", single: true,
		now: &record.Output{Name: name, Format: "ehf", SHA256: record.Hash(data)}, fresh: folderOutput(name, "ehf", files)}
	var fresh []audit.File
	for _, want := range []string{issued.ID() + ".xml", name} {
		for _, f := range files {
			if f.Path == want && fresh == nil {
				root, err := ehfio.ReadTree(f.Data, f.Path)
				if err != nil {
					return nil, failure(fmt.Errorf("the rebuilt invoice %w", err))
				}
				fresh, v.freshData = []audit.File{{Name: f.Path, Root: root}}, f.Data
			}
		}
	}
	v.report = audit.CompareInvoice(issued, fresh)
	// Compared with another invoice than its name's, by the id it states:
	// its elements may all match, its name does not. (Compared with its
	// name's, its id element differs, and says so.)
	if id := issued.ID(); len(fresh) == 1 && fresh[0].Name != name && ehfio.IsFileName(name) {
		v.report.Differences = append(v.report.Differences, audit.Difference{Change: audit.Changed, Item: "file name", Where: name,
			Path: "/Invoice/cbc:ID", Subject: "the id its file name states", Issued: id, Recomputed: strings.TrimSuffix(name, ".xml")})
	}
	return v, nil
}

// readFolder reads every file of dir; an entry that is not a regular file
// is kept with no data, to be reported.
func readFolder(dir string) ([]outfile.File, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, failure(fmt.Errorf("%s: %w", dir, err))
	}
	var out []outfile.File
	for _, e := range entries {
		if !e.Type().IsRegular() {
			out = append(out, outfile.File{Path: e.Name()})
			continue
		}
		data, err := readFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, outfile.File{Path: e.Name(), Data: data})
	}
	return out, nil
}

// invoiceTrees reads the issued files and the rebuilt invoices into trees
// to compare. A file with the bytes of the rebuilt invoice of its name is
// that invoice: neither is parsed, both get the same (empty) tree, which
// compares as identical at once.
func invoiceTrees(contents, files []outfile.File) (issued, fresh []audit.File, err error) {
	byName := map[string][]byte{}
	for _, f := range contents {
		byName[f.Path] = f.Data
	}
	same := map[string]*audit.Node{}
	for _, f := range files {
		if d, ok := byName[f.Path]; ok && bytes.Equal(d, f.Data) {
			same[f.Path] = &audit.Node{}
			fresh = append(fresh, audit.File{Name: f.Path, Root: same[f.Path]})
			continue
		}
		root, err := ehfio.ReadTree(f.Data, f.Path)
		if err != nil {
			return nil, nil, failure(fmt.Errorf("the rebuilt invoice %w", err))
		}
		fresh = append(fresh, audit.File{Name: f.Path, Root: root})
	}
	for _, f := range contents {
		switch root, ok := same[f.Path]; {
		case ok:
			issued = append(issued, audit.File{Name: f.Path, Root: root})
		case f.Data == nil:
			issued = append(issued, audit.File{Name: f.Path, Err: errors.New("not a regular file")})
		default:
			root, err := ehfio.ReadTree(f.Data, f.Path)
			issued = append(issued, audit.File{Name: f.Path, Root: root, Err: err})
		}
	}
	return issued, fresh, nil
}

// folderLayoutNotes notes the invoices whose bytes differ from the fresh
// ones' although nothing in them differs and no other form is noted.
func folderLayoutNotes(v *verified, issued, fresh []outfile.File) {
	if !v.report.Identical() || len(v.report.Notes) > 0 {
		return
	}
	byName := map[string][]byte{}
	for _, f := range fresh {
		byName[f.Path] = f.Data
	}
	for _, f := range issued {
		if !bytes.Equal(f.Data, byName[f.Path]) {
			v.report.AddNote("layout", f.Path+" is laid out otherwise than calculate writes it (whitespace, indentation, escapes or prefixes)")
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
		return failure(err)
	}
	issued, err := jsonio.ReadMeta(bytes.NewReader(data), name)
	if err != nil {
		return failure(err)
	}
	addProvenance(v, issued, r)
	program, stamp := recordedRun(m)
	meta := record.New(r.alloc, program, r.inputs)
	meta.Stamp = stamp
	out := *v.fresh
	out.Name = m.Get("output").Text("name") // a renamed file is not a changed one
	meta.Output = &out
	re, err := jsonio.Tree(meta)
	if err != nil {
		return failure(err)
	}
	v.report.Add(audit.Compare(m, re, audit.ManifestSpec(name)))
	if v.single {
		v.report.Add(manifestFile(m, v, name)) // one invoice of a folder
	} else {
		now, err := jsonio.Tree(*v.now)
		if err != nil {
			return failure(err)
		}
		v.report.AddNew(audit.CompareOutput(m.Get("output"), now, name))
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
