package journal

import (
	"context"
	"database/sql"
	"fmt"
)

// migration is one numbered step of the schema. Steps are only ever
// appended: a journal records the steps applied to it, and Open applies
// those it lacks.
type migration struct {
	version int
	name    string
	sql     []string
}

// migrations is the schema, step by step. The SQL is portable (SQLite and
// PostgreSQL alike): money and dates are TEXT in a fixed format, numbers
// are INTEGER, and no column relies on a database's own sequence.
var migrations = []migration{
	{1, "series, runs, documents, their lines and references, unsettled differences", []string{
		`CREATE TABLE series (
			id           INTEGER PRIMARY KEY CHECK (id = 1),
			prefix       TEXT    NOT NULL,
			digits       INTEGER NOT NULL,
			first_number INTEGER NOT NULL CHECK (first_number >= 1),
			next_number  INTEGER NOT NULL,
			entries      INTEGER NOT NULL,
			head_hash    TEXT    NOT NULL
		)`,
		`CREATE TABLE runs (
			id        INTEGER PRIMARY KEY,
			entry     INTEGER NOT NULL UNIQUE,
			kind      TEXT    NOT NULL,
			year      INTEGER NOT NULL,
			record    TEXT    NOT NULL,
			prev_hash TEXT    NOT NULL,
			hash      TEXT    NOT NULL
		)`,
		`CREATE TABLE documents (
			seq                INTEGER PRIMARY KEY,
			number             TEXT    NOT NULL UNIQUE,
			entry              INTEGER NOT NULL UNIQUE,
			run_id             INTEGER NOT NULL REFERENCES runs (id),
			type               TEXT    NOT NULL CHECK (type IN ('invoice', 'credit_note', 'supplementary_invoice')),
			year               INTEGER NOT NULL,
			municipality       TEXT    NOT NULL,
			buyer_org_number   TEXT    NOT NULL,
			buyer_name         TEXT    NOT NULL,
			buyer_reference    TEXT    NOT NULL,
			order_reference    TEXT    NOT NULL,
			contract_reference TEXT    NOT NULL,
			accounting_cost    TEXT    NOT NULL,
			issue_date         TEXT    NOT NULL,
			due_date           TEXT    NOT NULL,
			amount             TEXT    NOT NULL,
			kid                TEXT    NOT NULL,
			file_name          TEXT    NOT NULL,
			file_sha256        TEXT    NOT NULL,
			prev_hash          TEXT    NOT NULL,
			hash               TEXT    NOT NULL
		)`,
		`CREATE INDEX documents_year ON documents (year, municipality)`,
		`CREATE TABLE document_references (
			document   INTEGER NOT NULL REFERENCES documents (seq),
			position   INTEGER NOT NULL,
			referenced TEXT    NOT NULL REFERENCES documents (number),
			PRIMARY KEY (document, position)
		)`,
		`CREATE TABLE document_lines (
			document    INTEGER NOT NULL REFERENCES documents (seq),
			position    INTEGER NOT NULL,
			solution    TEXT    NOT NULL,
			quarter     INTEGER NOT NULL,
			population  INTEGER NOT NULL,
			amount      TEXT    NOT NULL,
			description TEXT    NOT NULL,
			PRIMARY KEY (document, position)
		)`,
		`CREATE TABLE unsettled (
			run_id       INTEGER NOT NULL REFERENCES runs (id),
			year         INTEGER NOT NULL,
			municipality TEXT    NOT NULL,
			amount       TEXT    NOT NULL,
			PRIMARY KEY (run_id, municipality)
		)`,
	}},
	{2, "each document's file, each run's computation", []string{
		// The file as issued, so that one a killed run did not place is
		// written again byte for byte; file_sha256 (in the chain) holds it.
		`CREATE TABLE document_files (
			document INTEGER PRIMARY KEY REFERENCES documents (seq),
			content  TEXT    NOT NULL
		)`,
		// What a run computed for its year, line by line: a correction
		// compares its computation with the latest of these, and names
		// what changed.
		`CREATE TABLE run_lines (
			run_id       INTEGER NOT NULL REFERENCES runs (id),
			municipality TEXT    NOT NULL,
			name         TEXT    NOT NULL,
			quarter      INTEGER NOT NULL,
			solution     TEXT    NOT NULL,
			population   INTEGER NOT NULL,
			start        TEXT    NOT NULL,
			amount       TEXT    NOT NULL,
			waived       TEXT    NOT NULL,
			PRIMARY KEY (run_id, municipality, quarter, solution)
		)`,
		// Where a run's documents were written, once they were: a run
		// stopped before that has its files written by the same run
		// again (issue, correct), and only then.
		`CREATE TABLE run_placements (
			run_id INTEGER PRIMARY KEY REFERENCES runs (id),
			output TEXT    NOT NULL
		)`,
		// The version of a run's chain entry: 2 holds its lines.
		`ALTER TABLE runs ADD COLUMN entry_version INTEGER NOT NULL DEFAULT 1`,
	}},
}

// schemaVersion is the version a journal has once every step is applied.
func schemaVersion() int { return migrations[len(migrations)-1].version }

// migrate applies the steps the journal lacks, each in its own writing
// transaction, and records them. A journal of a newer program (a step this
// one does not know) is refused rather than misread.
func migrate(ctx context.Context, db *sql.DB) error {
	// Only reads when the journal is up to date, so that list and check
	// do not wait for a run that holds the write lock.
	have, err := appliedVersion(ctx, db)
	if err != nil {
		if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY,
			name    TEXT NOT NULL
		)`); err != nil {
			return err
		}
		if have, err = appliedVersion(ctx, db); err != nil {
			return err
		}
	}
	if have > schemaVersion() {
		return fmt.Errorf("schema version %d is newer than this program's %d: use a newer digisos-invoice", have, schemaVersion())
	}
	for _, m := range migrations {
		if m.version <= have {
			continue
		}
		if err := apply(ctx, db, m); err != nil {
			return fmt.Errorf("schema step %d (%s): %w", m.version, m.name, err)
		}
	}
	return nil
}

func appliedVersion(ctx context.Context, q queryer) (int, error) {
	var v sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	return int(v.Int64), err
}

func apply(ctx context.Context, db *sql.DB, m migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Another process may have applied the step while this one waited.
	if have, err := appliedVersion(ctx, tx); err != nil || have >= m.version {
		return err
	}
	for _, stmt := range m.sql {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.version, m.name); err != nil {
		return err
	}
	return tx.Commit()
}

// queryer is what *sql.DB and *sql.Tx share for reading.
type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}
