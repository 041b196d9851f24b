package journal

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"digisos-invoice/internal/record"
)

// BeforeCommit, when not nil, is called by Issue once every row is written
// and before the commit: a test hook to stop a run at its last step.
var BeforeCommit func()

// Batch is what one run issues, recorded in one transaction.
type Batch struct {
	// Kind says which command ran: "issue" or "correct".
	Kind string
	// Run is the run's record: inputs with their hashes, tariff, rules,
	// program. Its Year is the year the documents are for.
	Run record.Run
	// Documents are numbered in this order.
	Documents []Document
	// Unsettled are the differences of Run.Year the run leaves unsettled.
	// They replace those of the year's earlier runs (see Balance).
	Unsettled []Difference
	// After, when not nil, is the id of the year's latest run the batch
	// was computed from, 0 for none (an issue). Issue refuses the batch
	// with ErrStale when another run of the year was recorded meanwhile.
	After *int64
	// Computed is what the run computed for the year, line by line.
	Computed []Computed
	// Finish, when not nil, is called for each document once it has its
	// number, before it is recorded: it sets what depends on the number
	// (the KID, the file and its SHA-256). An error rolls the whole batch
	// back, and no number is consumed.
	Finish func(*Document) error
}

// Receipt is what Issue recorded.
type Receipt struct {
	Run       int64
	Documents []Document
	// Head is the chain's head hash after the batch.
	Head string
}

// RunEntry is a recorded run.
type RunEntry struct {
	ID      int64
	Version int // of its chain entry: 2 holds the computed lines
	Kind    string
	Year    int
	Record  string // record.Run as JSON
}

// Issue numbers the batch's documents with the next numbers of the series
// and records the run, the documents and the unsettled differences in one
// transaction: all of it, or (on any error, a cancelled ctx, a kill)
// nothing, and no number consumed. A second run waits for the first.
func (j *Journal) Issue(ctx context.Context, b Batch) (Receipt, error) {
	if b.Kind != "issue" && b.Kind != "correct" {
		return Receipt{}, fmt.Errorf("run kind %q: give issue or correct", b.Kind)
	}
	rec, err := json.Marshal(b.Run)
	if err != nil {
		return Receipt{}, err
	}
	tx, err := j.db.BeginTx(ctx, nil)
	if err != nil {
		return Receipt{}, busy(err)
	}
	defer tx.Rollback()
	w, err := startWrite(ctx, tx)
	if err != nil {
		return Receipt{}, busy(err)
	}
	var latest sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT MAX(id) FROM runs WHERE year = $1`, b.Run.Year).Scan(&latest); err != nil {
		return Receipt{}, err
	}
	if b.After != nil && latest.Int64 != *b.After {
		return Receipt{}, fmt.Errorf("%w: run %d of %d was recorded after run %d, which this one was computed from", ErrStale, latest.Int64, b.Run.Year, *b.After)
	}
	run := RunEntry{ID: w.lastRun + 1, Kind: b.Kind, Year: b.Run.Year, Record: string(rec)}
	if err := w.addRun(ctx, run, b.Unsettled, b.Computed); err != nil {
		return Receipt{}, err
	}
	docs := slices.Clone(b.Documents)
	for i := range docs {
		d := &docs[i]
		d.Seq, d.Number, d.Run = w.series.Next, w.series.Number(w.series.Next), run.ID
		if b.Finish != nil {
			if err := b.Finish(d); err != nil {
				return Receipt{}, fmt.Errorf("%s: %w", d.Number, err)
			}
		}
		if err := w.addDocument(ctx, *d); err != nil {
			return Receipt{}, fmt.Errorf("%s: %w", d.Number, err)
		}
		w.series.Next++
	}
	if err := w.finish(ctx); err != nil {
		return Receipt{}, err
	}
	if BeforeCommit != nil {
		BeforeCommit()
	}
	if err := tx.Commit(); err != nil {
		return Receipt{}, busy(err)
	}
	return Receipt{Run: run.ID, Documents: docs, Head: w.head}, nil
}

// ErrStale is returned for a batch computed from a state of its year that
// another run has changed since.
var ErrStale = errors.New("another run of the year was recorded meanwhile")

// ErrBusy is returned when another run held the journal's write lock for
// longer than BusyTimeout.
var ErrBusy = errors.New("the journal is held by another run")

// busy says what a timed-out wait for the write lock means.
func busy(err error) error {
	if msg := err.Error(); strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked") {
		return fmt.Errorf("%w (waited %s): %w", ErrBusy, BusyTimeout, err)
	}
	return err
}

// writer appends entries to the chain within one transaction.
type writer struct {
	tx      *sql.Tx
	series  Series
	entries int64
	head    string
	lastRun int64
}

// startWrite locks the series and reads the state entries are appended to.
// Its first statement writes the series row: with SQLite the transaction
// holds the write lock already (BEGIN IMMEDIATE); with a server database
// this is the row lock that makes a second run wait.
func startWrite(ctx context.Context, tx *sql.Tx) (*writer, error) {
	if _, err := tx.ExecContext(ctx, `UPDATE series SET next_number = next_number WHERE id = 1`); err != nil {
		return nil, err
	}
	w := &writer{tx: tx}
	var err error
	if w.series, err = readSeries(ctx, tx); err != nil {
		return nil, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT entries, head_hash FROM series WHERE id = 1`).Scan(&w.entries, &w.head); err != nil {
		return nil, err
	}
	var last sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT MAX(id) FROM runs`).Scan(&last); err != nil {
		return nil, err
	}
	w.lastRun = last.Int64
	return w, nil
}

// link appends an entry of the given canonical bytes to the chain and
// returns its position, its prev_hash and its hash.
func (w *writer) link(canonical func(entry int64) []byte) (entry int64, prev, hash string) {
	entry, prev = w.entries+1, w.head
	hash = chainHash(prev, canonical(entry))
	w.entries, w.head = entry, hash
	return entry, prev, hash
}

func (w *writer) addRun(ctx context.Context, r RunEntry, unsettled []Difference, computed []Computed) error {
	for _, d := range unsettled {
		if d.Year != r.Year || d.Municipality == "" {
			return fmt.Errorf("unsettled difference %+v: not of the run's year %d", d, r.Year)
		}
	}
	r.Version = runEntryVersion
	// In the order Check reads them back.
	computed = slices.Clone(computed)
	slices.SortFunc(computed, func(a, b Computed) int {
		return cmp.Or(cmp.Compare(a.Municipality, b.Municipality), cmp.Compare(a.Quarter, b.Quarter), cmp.Compare(a.Solution, b.Solution))
	})
	entry, prev, hash := w.link(func(e int64) []byte { return r.canonical(e, unsettled, computed) })
	if _, err := w.tx.ExecContext(ctx, `INSERT INTO runs (id, entry, kind, year, record, prev_hash, hash, entry_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		r.ID, entry, r.Kind, r.Year, r.Record, prev, hash, r.Version); err != nil {
		return err
	}
	for _, l := range computed {
		if _, err := w.tx.ExecContext(ctx, `INSERT INTO run_lines (run_id, municipality, name, quarter, solution, population, start, amount, waived)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, r.ID, l.Municipality, l.Name, l.Quarter, l.Solution, l.Population, l.Start,
			l.Amount.String(), l.Waived.String()); err != nil {
			return fmt.Errorf("computed line %s Q%d %s: %w", l.Municipality, l.Quarter, l.Solution, err)
		}
	}
	for _, d := range unsettled {
		if _, err := w.tx.ExecContext(ctx, `INSERT INTO unsettled (run_id, year, municipality, amount) VALUES ($1, $2, $3, $4)`,
			r.ID, d.Year, d.Municipality, d.Amount.String()); err != nil {
			return fmt.Errorf("unsettled difference of %s: %w", d.Municipality, err)
		}
	}
	return nil
}

func (w *writer) addDocument(ctx context.Context, d Document) error {
	if err := d.validate(); err != nil {
		return err
	}
	if err := w.checkReferences(ctx, d); err != nil {
		return err
	}
	entry, prev, hash := w.link(d.canonical)
	b := d.Buyer
	if _, err := w.tx.ExecContext(ctx, `INSERT INTO documents (seq, number, entry, run_id, type, year, municipality,
		buyer_org_number, buyer_name, buyer_reference, order_reference, contract_reference, accounting_cost,
		issue_date, due_date, amount, kid, file_name, file_sha256, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
		d.Seq, d.Number, entry, d.Run, string(d.Type), d.Year, d.Municipality,
		b.OrgNumber, b.Name, b.Reference, b.OrderReference, b.ContractReference, b.AccountingCost,
		d.IssueDate, d.DueDate, d.Amount.String(), d.KID, d.File, d.FileSHA256, prev, hash); err != nil {
		return err
	}
	if d.Content != nil {
		if _, err := w.tx.ExecContext(ctx, `INSERT INTO document_files (document, content) VALUES ($1, $2)`, d.Seq, string(d.Content)); err != nil {
			return err
		}
	}
	for i, r := range d.References {
		if _, err := w.tx.ExecContext(ctx, `INSERT INTO document_references (document, position, referenced) VALUES ($1, $2, $3)`, d.Seq, i+1, r); err != nil {
			return err
		}
	}
	for i, l := range d.Lines {
		if _, err := w.tx.ExecContext(ctx, `INSERT INTO document_lines (document, position, solution, quarter, population, amount, description)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, d.Seq, i+1, l.Solution, l.Quarter, l.Population, l.Amount.String(), l.Description); err != nil {
			return err
		}
	}
	return nil
}

// checkReferences refuses a reference to a document that is not recorded
// (before this one), or that is of another year or municipality.
func (w *writer) checkReferences(ctx context.Context, d Document) error {
	for _, r := range d.References {
		var year int
		var muni string
		err := w.tx.QueryRowContext(ctx, `SELECT year, municipality FROM documents WHERE number = $1`, r).Scan(&year, &muni)
		if err == sql.ErrNoRows {
			return fmt.Errorf("references %s, which the journal does not hold", r)
		}
		if err != nil {
			return err
		}
		if year != d.Year || muni != d.Municipality {
			return fmt.Errorf("references %s, of %d and municipality %s, not %d and %s", r, year, muni, d.Year, d.Municipality)
		}
	}
	return nil
}

// finish records the series' new state: the next number, the chain's
// length and head.
func (w *writer) finish(ctx context.Context) error {
	_, err := w.tx.ExecContext(ctx, `UPDATE series SET next_number = $1, entries = $2, head_hash = $3 WHERE id = 1`,
		w.series.Next, w.entries, w.head)
	return err
}
