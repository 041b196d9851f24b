package journal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"
)

// BusyTimeout is how long a run waits for another run that holds the
// journal's write lock before it gives up.
var BusyTimeout = 2 * time.Minute

// Digits is how many digits a new series' numbers have at least:
// DIGISOS-000001.
const Digits = 6

// zeroHash is the prev_hash of the chain's first entry.
var zeroHash = strings.Repeat("0", 64)

// ErrExists is returned by Create for a journal file that exists already.
var ErrExists = errors.New("exists already")

// ErrMissing is returned by Open for a journal file that does not exist.
var ErrMissing = errors.New("no such journal")

// Journal is an open invoice journal.
type Journal struct {
	db   *sql.DB
	path string
}

// Series is the journal's number series.
type Series struct {
	Prefix string
	Digits int
	// First is the first number of the series, Next the number the next
	// document gets.
	First, Next int64
}

// Number formats the series' number n: the prefix and n with at least
// Digits digits.
func (s Series) Number(n int64) string { return fmt.Sprintf("%s%0*d", s.Prefix, s.Digits, n) }

// Create makes a new journal at path with one series of numbers prefix+N
// starting at first. It refuses a path that exists, so that no journal is
// ever started over.
func Create(ctx context.Context, path, prefix string, first int64) (*Journal, error) {
	if err := checkPrefix(prefix); err != nil {
		return nil, err
	}
	if first < 1 {
		return nil, fmt.Errorf("first number %d: give 1 or more", first)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("%s: %w", path, ErrExists)
	}
	if err != nil {
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	j, err := open(path)
	if err == nil {
		err = migrate(ctx, j.db)
	}
	if err == nil {
		err = j.initSeries(ctx, prefix, first)
	}
	if err != nil {
		if j != nil {
			j.Close()
		}
		os.Remove(path)
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return j, nil
}

// checkPrefix accepts a prefix of letters, digits and '-', '_', '.', '/':
// what an invoice number (BT-1) may carry and a KID can be made from.
func checkPrefix(p string) error {
	if p == "" || len(p) > 20 {
		return fmt.Errorf("series prefix %q: give 1 to 20 characters, e.g. DIGISOS-", p)
	}
	for _, r := range p {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./", r)) {
			return fmt.Errorf("series prefix %q: %q is not a letter, digit or one of - _ . /", p, r)
		}
	}
	return nil
}

func (j *Journal) initSeries(ctx context.Context, prefix string, first int64) error {
	_, err := j.db.ExecContext(ctx, `INSERT INTO series (id, prefix, digits, first_number, next_number, entries, head_hash)
		VALUES (1, $1, $2, $3, $4, 0, $5)`, prefix, Digits, first, first, zeroHash)
	return err
}

// Open opens the journal at path, which must exist and be a journal: a
// mistyped path never starts a new series. Schema steps the journal lacks
// are applied.
func Open(ctx context.Context, path string) (*Journal, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", path, ErrMissing)
	}
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a journal file", path)
	}
	j, err := open(path)
	if err == nil {
		// Read the series before any schema step, so that a file that is
		// not a journal (an empty file is an empty SQLite database) is
		// refused unchanged.
		_, err = j.Series(ctx)
	}
	if err == nil {
		err = migrate(ctx, j.db)
	}
	if err != nil {
		if j != nil {
			j.Close()
		}
		return nil, fmt.Errorf("%s: not a journal (%v)", path, err)
	}
	return j, nil
}

// open connects to the SQLite file at path. Every transaction begins IMMEDIATE (the write lock at its start),
// waits BusyTimeout for another writer, and commits durably (synchronous
// FULL, the rollback journal: one file beside the journal while a run
// writes, none after).
func open(path string) (*Journal, error) {
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("%s: a journal path cannot contain ? or #", path)
	}
	dsn := fmt.Sprintf("%s?_txlock=immediate&_pragma=busy_timeout(%d)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_pragma=journal_mode(DELETE)",
		path, BusyTimeout.Milliseconds())
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	return &Journal{db: db, path: path}, nil
}

// Close closes the journal.
func (j *Journal) Close() error { return j.db.Close() }

// Path is the journal's file.
func (j *Journal) Path() string { return j.path }

// Series returns the journal's number series.
func (j *Journal) Series(ctx context.Context) (Series, error) {
	return readSeries(ctx, j.db)
}

func readSeries(ctx context.Context, q queryer) (Series, error) {
	var s Series
	err := q.QueryRowContext(ctx, `SELECT prefix, digits, first_number, next_number FROM series WHERE id = 1`).
		Scan(&s.Prefix, &s.Digits, &s.First, &s.Next)
	if errors.Is(err, sql.ErrNoRows) {
		err = errors.New("it has no number series")
	}
	return s, err
}

// Head returns the hash of the chain's last entry and the number of
// entries: what an auditor notes to find a chain rewritten later.
func (j *Journal) Head(ctx context.Context) (hash string, entries int64, err error) {
	err = j.db.QueryRowContext(ctx, `SELECT head_hash, entries FROM series WHERE id = 1`).Scan(&hash, &entries)
	return hash, entries, err
}
