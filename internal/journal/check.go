package journal

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Report is what Check found.
type Report struct {
	Series          Series
	Runs, Documents int
	Entries         int64
	Head            string // the head hash the journal records
	Files           int    // document files compared with their SHA-256
	Problems        []string
}

// OK tells whether everything held.
func (r Report) OK() bool { return len(r.Problems) == 0 }

func (r *Report) problemf(format string, args ...any) {
	r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
}

// Check checks the journal: the database file is sound (SQLite's
// integrity_check and foreign_key_check); the series has no gap and no
// duplicate (the documents are numbered first, first+1, … up to the number
// before next_number); the hash chain holds (every entry's hash is
// recomputed from the rows as stored, each holds the hash of the one
// before, and the series records the last); and each document file in dirs
// matches its recorded SHA-256. It reads in one transaction, so a run that
// issues meanwhile is seen whole or not at all.
func (j *Journal) Check(ctx context.Context, dirs []string) (Report, error) {
	var r Report
	tx, err := j.db.BeginTx(ctx, nil)
	if err != nil {
		return r, busy(err)
	}
	defer tx.Rollback()
	if err := checkIntegrity(ctx, tx, &r); err != nil {
		return r, err
	}
	if r.Series, err = readSeries(ctx, tx); err != nil {
		return r, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT entries, head_hash FROM series WHERE id = 1`).Scan(&r.Entries, &r.Head); err != nil {
		return r, err
	}
	docs, err := readDocuments(ctx, tx, 0)
	if err != nil {
		return r, err
	}
	r.Documents = len(docs)
	checkSeries(&r, docs)
	entries, err := readEntries(ctx, tx, docs)
	if err != nil {
		return r, err
	}
	for _, e := range entries {
		if e.kind == "run" {
			r.Runs++
		}
	}
	checkChain(&r, entries)
	if err := checkContents(ctx, tx, &r, docs); err != nil {
		return r, err
	}
	checkFiles(&r, docs, dirs)
	return r, nil
}

// checkIntegrity runs SQLite's own checks of the file and of the foreign
// keys.
func checkIntegrity(ctx context.Context, q queryer, r *Report) error {
	var ok string
	if err := q.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok); err != nil {
		return err
	}
	if ok != "ok" {
		r.problemf("integrity_check: %s", ok)
	}
	rows, err := q.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var table, parent string
		var rowid, fk any
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return err
		}
		r.problemf("%s row %v refers to a row of %s that is not there", table, rowid, parent)
	}
	return rows.Err()
}

// checkSeries finds gaps, duplicates and misnumbered documents.
func checkSeries(r *Report, docs []Document) {
	s := r.Series
	want := s.First
	for _, d := range docs {
		switch {
		case d.Seq < want:
			r.problemf("%s: number %d is given twice or is before the series' first %d", d.Number, d.Seq, s.First)
			continue
		case d.Seq > want:
			r.problemf("gap: no document numbered %s to %s", s.Number(want), s.Number(d.Seq-1))
		}
		if d.Number != s.Number(d.Seq) {
			r.problemf("document %d is numbered %s, not %s", d.Seq, d.Number, s.Number(d.Seq))
		}
		want = d.Seq + 1
	}
	if want < s.Next {
		r.problemf("gap: no document numbered %s to %s, which the series has given", s.Number(want), s.Number(s.Next-1))
	}
	if want > s.Next {
		r.problemf("the series' next number %s is not after its last document %s", s.Number(s.Next), s.Number(want-1))
	}
}

// entry is one entry of the chain as stored.
type entry struct {
	pos        int64
	kind, name string
	prev, hash string
	canonical  []byte
}

// readEntries reads the runs and documents as chain entries, in chain
// order.
func readEntries(ctx context.Context, q queryer, docs []Document) ([]entry, error) {
	runs, err := readRuns(ctx, q)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT seq, entry, prev_hash, hash FROM documents ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for i := 0; rows.Next(); i++ {
		var seq int64
		var e entry
		if err := rows.Scan(&seq, &e.pos, &e.prev, &e.hash); err != nil {
			return nil, err
		}
		if i >= len(docs) || docs[i].Seq != seq {
			return nil, fmt.Errorf("documents changed while read")
		}
		e.kind, e.name, e.canonical = "document", docs[i].Number, docs[i].canonical(e.pos)
		runs = append(runs, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.SliceStable(runs, func(a, b int) bool { return runs[a].pos < runs[b].pos })
	return runs, nil
}

func readRuns(ctx context.Context, q queryer) ([]entry, error) {
	unsettled := map[int64][]Difference{}
	rows, err := q.QueryContext(ctx, `SELECT run_id, year, municipality, amount FROM unsettled ORDER BY run_id, municipality`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var d Difference
		var amount string
		if err := rows.Scan(&id, &d.Year, &d.Municipality, &amount); err != nil {
			return nil, err
		}
		if d.Amount, err = money(amount, fmt.Sprintf("run %d: unsettled difference of %s", id, d.Municipality)); err != nil {
			return nil, err
		}
		unsettled[id] = append(unsettled[id], d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	computed, err := readComputed(ctx, q, 0)
	if err != nil {
		return nil, err
	}
	runs, err := q.QueryContext(ctx, `SELECT id, entry, kind, year, record, prev_hash, hash, entry_version FROM runs ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer runs.Close()
	var out []entry
	for runs.Next() {
		var r RunEntry
		e := entry{kind: "run"}
		if err := runs.Scan(&r.ID, &e.pos, &r.Kind, &r.Year, &r.Record, &e.prev, &e.hash, &r.Version); err != nil {
			return nil, err
		}
		e.name, e.canonical = fmt.Sprintf("run %d", r.ID), r.canonical(e.pos, unsettled[r.ID], computed[r.ID])
		out = append(out, e)
	}
	return out, runs.Err()
}

// checkChain recomputes every entry's hash and follows the links.
func checkChain(r *Report, entries []entry) {
	prev := zeroHash
	for i, e := range entries {
		if e.pos != int64(i+1) {
			r.problemf("chain: %s is entry %d, expected entry %d (an entry is missing or added)", e.name, e.pos, i+1)
		}
		if e.prev != prev {
			r.problemf("chain: %s does not hold the hash of the entry before it", e.name)
		}
		if got := chainHash(e.prev, e.canonical); got != e.hash {
			r.problemf("chain: %s was changed after it was recorded (its hash is %s, its rows give %s)", e.name, short(e.hash), short(got))
		}
		prev = e.hash
	}
	if int64(len(entries)) != r.Entries || prev != r.Head {
		r.problemf("chain: the series records %d entries with head %s, the rows are %d entries with head %s", r.Entries, short(r.Head), len(entries), short(prev))
	}
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// checkFiles compares each document file in dirs with its recorded
// SHA-256. An XML file that no document names is reported too: it was not
// issued by this journal.
func checkFiles(r *Report, docs []Document, dirs []string) {
	byFile := make(map[string]Document, len(docs))
	for _, d := range docs {
		byFile[d.File] = d
	}
	for _, dir := range dirs {
		ents, err := os.ReadDir(dir)
		if err != nil {
			r.problemf("%v", err)
			continue
		}
		for _, de := range ents {
			path := filepath.Join(dir, de.Name())
			d, ok := byFile[de.Name()]
			if !ok {
				if strings.HasSuffix(de.Name(), ".xml") {
					r.problemf("%s: no document of this journal is this file", path)
				}
				continue
			}
			data, err := os.ReadFile(path)
			if err != nil {
				r.problemf("%v", err)
				continue
			}
			r.Files++
			if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != d.FileSHA256 {
				r.problemf("%s: its SHA-256 is not the one recorded for %s", path, d.Number)
			}
		}
	}
}

// checkContents compares each document file the journal keeps with the
// SHA-256 its chain entry holds.
func checkContents(ctx context.Context, q queryer, r *Report, docs []Document) error {
	bySeq := make(map[int64]Document, len(docs))
	for _, d := range docs {
		bySeq[d.Seq] = d
	}
	rows, err := q.QueryContext(ctx, `SELECT document, content FROM document_files ORDER BY document`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var content string
		if err := rows.Scan(&seq, &content); err != nil {
			return err
		}
		d, ok := bySeq[seq]
		switch {
		case !ok:
			r.problemf("document_files row %d: no document %d", seq, seq)
		case sha256Hex([]byte(content)) != d.FileSHA256:
			r.problemf("%s: the file the journal keeps was changed after it was recorded (its SHA-256 is not the recorded one)", d.Number)
		}
	}
	return rows.Err()
}
