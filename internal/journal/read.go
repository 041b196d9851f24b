package journal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	"digisos-invoice/internal/billing"
)

// Documents returns the documents of year (every year when 0), in number
// order, with their references and lines.
func (j *Journal) Documents(ctx context.Context, year int) ([]Document, error) {
	return readDocuments(ctx, j.db, year)
}

const documentColumns = `seq, number, run_id, type, year, municipality,
	buyer_org_number, buyer_name, buyer_reference, order_reference, contract_reference, accounting_cost,
	issue_date, due_date, amount, kid, file_name, file_sha256`

func readDocuments(ctx context.Context, q queryer, year int) ([]Document, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+documentColumns+` FROM documents WHERE $1 = 0 OR year = $2 ORDER BY seq`, year, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var docs []Document
	for rows.Next() {
		var d Document
		var amount string
		b := &d.Buyer
		if err := rows.Scan(&d.Seq, &d.Number, &d.Run, &d.Type, &d.Year, &d.Municipality,
			&b.OrgNumber, &b.Name, &b.Reference, &b.OrderReference, &b.ContractReference, &b.AccountingCost,
			&d.IssueDate, &d.DueDate, &amount, &d.KID, &d.File, &d.FileSHA256); err != nil {
			return nil, err
		}
		if d.Amount, err = money(amount, d.Number); err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return docs, readDetails(ctx, q, docs)
}

// readDetails adds each document's references and lines.
func readDetails(ctx context.Context, q queryer, docs []Document) error {
	at := make(map[int64]*Document, len(docs))
	for i := range docs {
		at[docs[i].Seq] = &docs[i]
	}
	refs, err := q.QueryContext(ctx, `SELECT document, referenced FROM document_references ORDER BY document, position`)
	if err != nil {
		return err
	}
	defer refs.Close()
	for refs.Next() {
		var seq int64
		var r string
		if err := refs.Scan(&seq, &r); err != nil {
			return err
		}
		if d := at[seq]; d != nil {
			d.References = append(d.References, r)
		}
	}
	if err := refs.Err(); err != nil {
		return err
	}
	return readLines(ctx, q, at)
}

func readLines(ctx context.Context, q queryer, at map[int64]*Document) error {
	rows, err := q.QueryContext(ctx, `SELECT document, solution, quarter, population, amount, description
		FROM document_lines ORDER BY document, position`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var l Line
		var amount string
		if err := rows.Scan(&seq, &l.Solution, &l.Quarter, &l.Population, &amount, &l.Description); err != nil {
			return err
		}
		d := at[seq]
		if d == nil {
			continue
		}
		if l.Amount, err = money(amount, d.Number); err != nil {
			return err
		}
		d.Lines = append(d.Lines, l)
	}
	return rows.Err()
}

// money reads an amount as stored: exactly two decimals.
func money(s, where string) (billing.Money, error) {
	m, err := billing.ParseMoney(s)
	if err != nil || m.String() != s {
		return 0, fmt.Errorf("%s: amount %q is not written as 34024.25", where, s)
	}
	return m, nil
}

// Unsettled returns the differences of year left unsettled: those recorded
// by the year's latest run (each run of a year recomputes the whole year,
// so its differences replace the earlier ones).
func (j *Journal) Unsettled(ctx context.Context, year int) ([]Difference, error) {
	rows, err := j.db.QueryContext(ctx, `SELECT year, municipality, amount FROM unsettled
		WHERE run_id = (SELECT MAX(id) FROM runs WHERE year = $1) ORDER BY municipality`, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ds []Difference
	for rows.Next() {
		var d Difference
		var amount string
		if err := rows.Scan(&d.Year, &d.Municipality, &amount); err != nil {
			return nil, err
		}
		if d.Amount, err = money(amount, "unsettled difference of "+d.Municipality); err != nil {
			return nil, err
		}
		ds = append(ds, d)
	}
	return ds, rows.Err()
}

// Balance is what stands invoiced to a municipality for a year.
type Balance struct {
	Year         int
	Municipality string
	OrgNumber    string // of its latest document
	Name         string // of its latest document
	// Invoiced is the sum of its invoices and supplementary invoices,
	// Credited of its credit notes; Stands is Invoiced less Credited.
	Invoiced, Credited, Stands billing.Money
	// Unsettled is the difference left unsettled (see Journal.Unsettled).
	Unsettled billing.Money
	Documents int
}

// Balances returns, per year and municipality, what stands invoiced and
// what is unsettled, by year and municipality number.
func (j *Journal) Balances(ctx context.Context) ([]Balance, error) {
	docs, err := j.Documents(ctx, 0)
	if err != nil {
		return nil, err
	}
	type key struct {
		year int
		muni string
	}
	by := map[key]*Balance{}
	get := func(year int, muni string) *Balance {
		k := key{year, muni}
		if by[k] == nil {
			by[k] = &Balance{Year: year, Municipality: muni}
		}
		return by[k]
	}
	years := map[int]bool{}
	for _, d := range docs {
		b := get(d.Year, d.Municipality)
		b.OrgNumber, b.Name, b.Documents = d.Buyer.OrgNumber, d.Buyer.Name, b.Documents+1
		if d.Type == CreditNote {
			b.Credited += d.Amount
		} else {
			b.Invoiced += d.Amount
		}
		b.Stands += d.Signed()
		years[d.Year] = true
	}
	for y := range years {
		ds, err := j.Unsettled(ctx, y)
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			get(d.Year, d.Municipality).Unsettled += d.Amount
		}
	}
	out := make([]Balance, 0, len(by))
	for _, b := range by {
		out = append(out, *b)
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Year != out[b].Year {
			return out[a].Year < out[b].Year
		}
		return out[a].Municipality < out[b].Municipality
	})
	return out, nil
}

// readComputed returns the computed lines of run (of every run when 0), by
// run, in municipality, quarter and solution order.
func readComputed(ctx context.Context, q queryer, run int64) (map[int64][]Computed, error) {
	rows, err := q.QueryContext(ctx, `SELECT run_id, municipality, name, quarter, solution, population, start, amount, waived
		FROM run_lines WHERE $1 = 0 OR run_id = $2 ORDER BY run_id, municipality, quarter, solution`, run, run)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]Computed{}
	for rows.Next() {
		var id int64
		var l Computed
		var amount, waived string
		if err := rows.Scan(&id, &l.Municipality, &l.Name, &l.Quarter, &l.Solution, &l.Population, &l.Start, &amount, &waived); err != nil {
			return nil, err
		}
		where := fmt.Sprintf("run %d: line %s Q%d %s", id, l.Municipality, l.Quarter, l.Solution)
		if l.Amount, err = money(amount, where); err != nil {
			return nil, err
		}
		if l.Waived, err = money(waived, where); err != nil {
			return nil, err
		}
		out[id] = append(out[id], l)
	}
	return out, rows.Err()
}

// LatestRun returns the id of year's latest run and the lines it
// computed; 0 when the journal has no run of year.
func (j *Journal) LatestRun(ctx context.Context, year int) (int64, []Computed, error) {
	var id sql.NullInt64
	if err := j.db.QueryRowContext(ctx, `SELECT MAX(id) FROM runs WHERE year = $1`, year).Scan(&id); err != nil {
		return 0, nil, err
	}
	if !id.Valid {
		return 0, nil, nil
	}
	lines, err := readComputed(ctx, j.db, id.Int64)
	return id.Int64, lines[id.Int64], err
}

// Content returns the file of the document numbered seq as the journal
// keeps it, and false when it keeps none.
func (j *Journal) Content(ctx context.Context, seq int64) ([]byte, bool, error) {
	var content string
	err := j.db.QueryRowContext(ctx, `SELECT content FROM document_files WHERE document = $1`, seq).Scan(&content)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	return []byte(content), err == nil, err
}

// Runs returns the runs of year (every year when 0) in the order they
// were recorded.
func (j *Journal) Runs(ctx context.Context, year int) ([]RunEntry, error) {
	rows, err := j.db.QueryContext(ctx, `SELECT id, kind, year, record, entry_version FROM runs WHERE $1 = 0 OR year = $2 ORDER BY id`, year, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RunEntry
	for rows.Next() {
		var r RunEntry
		if err := rows.Scan(&r.ID, &r.Kind, &r.Year, &r.Record, &r.Version); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// MarkPlaced records that run's documents were written to output.
func (j *Journal) MarkPlaced(ctx context.Context, run int64, output string) error {
	if _, err := j.db.ExecContext(ctx, `INSERT INTO run_placements (run_id, output) VALUES ($1, $2)`, run, output); err != nil {
		return busy(err)
	}
	return nil
}

// Placed returns where run's documents were written, and false when the
// journal does not record that they were.
func (j *Journal) Placed(ctx context.Context, run int64) (string, bool, error) {
	var output string
	err := j.db.QueryRowContext(ctx, `SELECT output FROM run_placements WHERE run_id = $1`, run).Scan(&output)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return output, err == nil, err
}
