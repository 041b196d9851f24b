package verify

import (
	"bytes"
	"errors"
	"fmt"

	"digisos-invoice/internal/audit"
	"digisos-invoice/internal/format"
)

// Folder compares the files of an issued folder (name), in format f, with
// f's rendering of run r, file by file by name. A file of no data is not
// a regular file.
func Folder(f format.Format, name string, contents []format.File, r *format.Run) (*Result, error) {
	out, err := f.Render(r)
	if err != nil {
		return nil, err
	}
	issued, fresh, notes, err := trees(f, contents, out.Files)
	if err != nil {
		return nil, err
	}
	v := &Result{Report: audit.CompareFolder(name, issued, fresh), What: fmt.Sprintf("the %s in %s %s", audit.Plural(len(issued), "invoice"), name, verb(len(issued))),
		Now: folderOutput(name, f.Name(), contents), Fresh: folderOutput(name, f.Name(), out.Files)}
	for _, n := range notes {
		v.Report.AddNote(n, n)
	}
	folderLayoutNotes(v, contents, out.Files)
	return v, nil
}

// trees reads the issued files and the rendered ones into trees to
// compare. A file with the bytes of the rendered file of its name is that
// file: neither is parsed, both get the same (empty) tree, which compares
// as identical at once. notes are the issued files' notes of form.
func trees(f format.Format, contents, files []format.File) (issued, fresh []audit.File, notes []string, err error) {
	byName := map[string][]byte{}
	for _, c := range contents {
		byName[c.Name] = c.Data
	}
	same := map[string]*audit.Node{}
	for _, o := range files {
		if d, ok := byName[o.Name]; ok && bytes.Equal(d, o.Data) {
			same[o.Name] = &audit.Node{}
			fresh = append(fresh, audit.File{Name: o.Name, Root: same[o.Name]})
			continue
		}
		t, err := f.Read(o.Data, o.Name)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("the rebuilt invoice %w", err)
		}
		fresh = append(fresh, audit.File{Name: o.Name, Root: t.Root})
	}
	for _, c := range contents {
		switch root, ok := same[c.Name]; {
		case ok:
			issued = append(issued, audit.File{Name: c.Name, Root: root})
		case c.Data == nil:
			issued = append(issued, audit.File{Name: c.Name, Err: errors.New("not a regular file")})
		default:
			t, err := f.Read(c.Data, c.Name)
			var root *audit.Node
			if t != nil {
				root, notes = t.Root, append(notes, t.Notes...)
			}
			issued = append(issued, audit.File{Name: c.Name, Root: root, Err: err})
		}
	}
	return issued, fresh, notes, nil
}

// folderLayoutNotes notes the files whose bytes differ from the fresh
// ones' although nothing in them differs and no other form is noted.
func folderLayoutNotes(v *Result, issued, fresh []format.File) {
	if !v.Report.Identical() || len(v.Report.Notes) > 0 {
		return
	}
	byName := map[string][]byte{}
	for _, f := range fresh {
		byName[f.Name] = f.Data
	}
	for _, f := range issued {
		if !bytes.Equal(f.Data, byName[f.Name]) {
			v.Report.AddNote("layout", f.Name+" is laid out otherwise than calculate writes it (whitespace, indentation, escapes or prefixes)")
		}
	}
}

// verb is "match" for a plural subject, "matches" for one.
func verb(n int) string {
	if n == 1 {
		return "matches"
	}
	return "match"
}
