package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/ehfio"
	"digisos-invoice/internal/format"
	"digisos-invoice/internal/journal"
	"digisos-invoice/internal/outfile"
	"digisos-invoice/internal/record"
)

type issueOptions struct {
	inputOptions
	ehfOptions
	journal string
	output  string
	reads   []string
	quiet   bool

	stdout, stderr io.Writer
}

func newIssueCmd(stdout, stderr io.Writer) *cobra.Command {
	opts := issueOptions{stdout: stdout, stderr: stderr}
	cmd := &cobra.Command{
		Use:   "issue --journal FILE --year YEAR (inputs as calculate) --seller FILE --buyers FILE --issue-date D --output DIR",
		Short: "Issue the year's invoices: number them in the journal's series and write them as EHF",
		Long: `issue computes the year as calculate does, gives each municipality's invoice
the next number of the journal's series (in municipality order, the KID made
from the number), records the run and every invoice in the journal in one
transaction, and then writes the EHF invoices to the output folder, a new one.

A year the journal has issued already is refused: correct changes what stands
invoiced. Run again with the same inputs after a run was stopped once its
invoices were recorded, and the invoices it did not write are written from
the journal, byte for byte. See docs/journal.md.`,
		Example: `  digisos-invoice journal init --journal nav.journal --series DIGISOS-
  digisos-invoice issue --journal nav.journal --year 2020 --input testdata/sample.csv --seller testdata/seller.toml --buyers testdata/buyers.csv --issue-date 2021-01-15 --output ehf-2020`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.reads = filesRead(cmd.Flags())
			return runIssue(opts)
		},
	}
	f := cmd.Flags()
	opts.inputOptions.bind(f)
	journalPathFlag(f, &opts.journal)
	f.StringVarP(&opts.output, "output", "o", "", "the folder the EHF invoices are written to, a new one (required)")
	issuingFlags(f, &opts.ehfOptions, "invoices")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "no summary on stderr (warnings are still printed)")
	for _, name := range []string{"year", "journal", "output", "seller", "buyers", "issue-date"} {
		_ = cmd.MarkFlagRequired(name)
	}
	return cmd
}

func runIssue(opts issueOptions) error {
	ctx := context.Background()
	if opts.output == "-" || opts.output == "" {
		return usageError("--output names the folder the invoices are written to; they cannot go to standard output")
	}
	if err := warnIssueDate(opts.stderr, opts.issueDate, opts.year); err != nil {
		return err
	}
	set := outfile.Set{Folders: []outfile.Folder{{Path: opts.output}}, Inputs: opts.reads}
	if err := checkOutputs(set); err != nil {
		return err
	}
	j, err := openJournal(opts.journal)
	if err != nil {
		return err
	}
	defer j.Close()
	r, p, err := loadIssuing(opts.inputOptions, opts.ehfOptions, opts.stderr)
	if err != nil {
		return err
	}
	if err := p.checkInvoiced(r); err != nil {
		return err
	}
	runs, err := j.Runs(ctx, opts.year)
	if err != nil {
		return failure(err)
	}
	if len(runs) > 0 {
		return issuedAlready(ctx, j, runs, r, opts)
	}
	if err := checkNewFolder(opts.output); err != nil {
		return err
	}
	receipt, files, err := issueInvoices(ctx, j, r, p, opts)
	if err != nil {
		return err
	}
	set.Folders[0].Files = files
	if err := placeIssued(opts.stdout, opts.stderr, set, receipt.Documents, opts.quiet); err != nil {
		return err
	}
	return markPlaced(ctx, j, receipt.Run, opts.output)
}

// markPlaced records that a run's documents are written; a run stopped
// before this has them written by the same command again.
func markPlaced(ctx context.Context, j *journal.Journal, run int64, output string) error {
	if err := j.MarkPlaced(ctx, run, output); err != nil {
		return failure(fmt.Errorf("the documents are issued and written, but the journal could not record it: %w", err))
	}
	return nil
}

// loadIssuing reads the parties and the inputs of a run that issues
// documents, and prints the inputs' warnings.
func loadIssuing(in inputOptions, o ehfOptions, stderr io.Writer) (*run, *parties, error) {
	p, err := readParties(o, in.encoding)
	if err != nil {
		return nil, nil, err
	}
	r, err := load(in)
	if err != nil {
		return nil, nil, err
	}
	for _, w := range r.warnings {
		fmt.Fprintf(stderr, "%s: %s\n", prog, w)
	}
	p.addTo(r)
	return r, p, nil
}

// errMoved is returned by a batch's Finish when another run took the
// numbers the documents were rendered with.
var errMoved = errors.New("the journal's series moved on while the documents were made")

// issueInvoices renders the invoices with the numbers the series gives
// next, outside the journal's lock, and records them; when another run took
// those numbers meanwhile, it renders them again with the next ones.
func issueInvoices(ctx context.Context, j *journal.Journal, r *run, p *parties, opts issueOptions) (journal.Receipt, []outfile.File, error) {
	for attempt := 0; ; attempt++ {
		s, err := j.Series(ctx)
		if err != nil {
			return journal.Receipt{}, nil, failure(err)
		}
		b, files, err := invoiceBatch(r, p, opts, s)
		if err != nil {
			return journal.Receipt{}, nil, err
		}
		b.After = new(int64) // no run of the year: another issue meanwhile is refused
		receipt, err := j.Issue(ctx, b)
		if errors.Is(err, errMoved) && attempt < 10 {
			continue
		}
		if err != nil {
			return journal.Receipt{}, nil, journalError(err)
		}
		return receipt, files, nil
	}
}

// invoiceBatch is the year's invoices numbered from s.Next, as the journal
// records them, and their files.
func invoiceBatch(r *run, p *parties, opts issueOptions, s journal.Series) (journal.Batch, []outfile.File, error) {
	ms := ehfio.Invoiced(r.alloc)
	numbers := make(map[string]string, len(ms))
	for i, m := range ms {
		numbers[m.Number] = s.Number(s.Next + int64(i))
	}
	out, err := ehfFormat().Render(&format.Run{Alloc: r.alloc, Meta: r.meta(), Parties: p.format(), Issue: opts.issueDate,
		DueDays: opts.dueDays, NoPDF: opts.noPDF, Numbers: numbers, Output: opts.output})
	if err != nil {
		return journal.Batch{}, nil, failure(err)
	}
	docs := make([]journal.Document, len(ms))
	for i, m := range ms {
		buyer, _ := p.buyers.Find(m.Number)
		kid, err := p.seller.KIDFor(numbers[m.Number])
		if err != nil {
			return journal.Batch{}, nil, failure(err)
		}
		f := out.Files[i]
		docs[i] = journal.Document{Type: journal.Invoice, Year: opts.year, Municipality: m.Number, Buyer: journalBuyer(buyer),
			IssueDate: opts.issueDate.Format(time.DateOnly), DueDate: opts.issueDate.AddDate(0, 0, opts.dueDays).Format(time.DateOnly),
			Amount: m.Amount, KID: kid, Lines: documentLines(r.alloc, m.Number),
			File: f.Name, FileSHA256: record.Hash(f.Data), Content: f.Data}
	}
	rec, err := json.Marshal(r.meta())
	if err != nil {
		return journal.Batch{}, nil, failure(err)
	}
	var run record.Run
	_ = json.Unmarshal(rec, &run)
	b := journal.Batch{Kind: "issue", Run: run, Documents: docs, Computed: computedLines(r.alloc),
		Finish: func(d *journal.Document) error {
			if d.Number != numbers[d.Municipality] {
				return errMoved
			}
			return nil
		}}
	return b, files(out), nil
}

// ehfFormat is the EHF format of the formats table.
func ehfFormat() format.Format {
	f, _ := format.Named(formats, format.Calculate, "ehf")
	return f
}

// journalBuyer is a buyer as the journal records it.
func journalBuyer(b billing.Buyer) journal.Buyer {
	return journal.Buyer{OrgNumber: b.OrgNumber, Name: b.Name, Reference: b.Reference, OrderReference: b.OrderReference,
		ContractReference: b.ContractReference, AccountingCost: b.AccountingCost}
}

// documentLines are municipality number's lines of a, as its invoice
// records them: every quarter and solution it takes part in, a waived line
// at 0.00.
func documentLines(a billing.Allocation, number string) []journal.Line {
	var out []journal.Line
	for _, l := range a.Lines {
		if l.Number == number {
			out = append(out, journal.Line{Solution: l.Solution, Quarter: int(l.Quarter), Population: l.Population, Amount: l.Amount,
				Description: fmt.Sprintf("%s %d. kvartal %d", l.Solution, l.Quarter, l.Year)})
		}
	}
	return out
}

// computedLines are a's lines as the journal records a run's computation.
func computedLines(a billing.Allocation) []journal.Computed {
	out := make([]journal.Computed, len(a.Lines))
	for i, l := range a.Lines {
		start := "always"
		if d, ok := l.Start.Date(); ok {
			start = d.Format(time.DateOnly)
		}
		out[i] = journal.Computed{Municipality: l.Number, Name: l.Name, Quarter: int(l.Quarter), Solution: l.Solution,
			Population: l.Population, Start: start, Amount: l.Amount, Waived: l.Waived}
	}
	return out
}

// placeIssued writes the documents a run recorded to the output folder,
// and says what it issued.
func placeIssued(stdout, stderr io.Writer, set outfile.Set, docs []journal.Document, quiet bool) error {
	unchanged := reportTo(&set, stderr, quiet)
	if err := writeOutputs(stdout, set); err != nil {
		return recordedButNotWritten(err, set.Folders[0].Path)
	}
	if !quiet && !unchanged(set.Folders[0].Path) {
		fmt.Fprintf(stderr, "%s: %s, and wrote them to %s\n", prog, issuedSummary(docs), set.Folders[0].Path)
	}
	return nil
}

// recordedButNotWritten says that the documents stand recorded although
// their files could not be written, and how to write them.
func recordedButNotWritten(err error, dir string) error {
	var e *exitError
	if !errors.As(err, &e) {
		e = &exitError{code: exitFailure, err: err}
	}
	e.hint = fmt.Sprintf("the documents are issued and recorded in the journal, but not written to %s: run the same command again, once %s can be written, to write them from the journal", dir, dir)
	return e
}

// issuedSummary says what documents were issued: their numbers, how many
// of each type, and their sum.
func issuedSummary(docs []journal.Document) string {
	if len(docs) == 0 {
		return "issued no document"
	}
	var invoiced, credited billing.Money
	types := map[journal.Type]int{}
	for _, d := range docs {
		types[d.Type]++
		if d.Type == journal.CreditNote {
			credited += d.Amount
		} else {
			invoiced += d.Amount
		}
	}
	s := fmt.Sprintf("issued %s to %s: ", docs[0].Number, docs[len(docs)-1].Number)
	parts := []string{}
	if n := types[journal.Invoice]; n > 0 {
		parts = append(parts, count(n, "invoice", "invoices"))
	}
	if n := types[journal.Supplementary]; n > 0 {
		parts = append(parts, count(n, "supplementary invoice", "supplementary invoices"))
	}
	if n := types[journal.CreditNote]; n > 0 {
		parts = append(parts, fmt.Sprintf("%s crediting %s NOK", count(n, "credit note", "credit notes"), credited))
	}
	s += join(parts)
	if invoiced > 0 {
		s += fmt.Sprintf(", payable %s NOK in all", invoiced)
	}
	return s
}

func join(parts []string) string {
	s := ""
	for i, p := range parts {
		switch {
		case i == 0:
		case i == len(parts)-1:
			s += " and "
		default:
			s += ", "
		}
		s += p
	}
	return s
}

// journalPathFlag binds --journal of a command that issues documents.
func journalPathFlag(f *pflag.FlagSet, p *string) {
	f.StringVar(p, "journal", "", "the journal file that numbers and records the documents (see journal init)")
}

// issuingFlags binds the flags of a command that writes EHF documents:
// who issues them and to whom, their date and terms.
func issuingFlags(f *pflag.FlagSet, o *ehfOptions, what string) {
	f.StringVar(&o.seller, "seller", "", "seller TOML file (name, organisation number, address, account, KID scheme, VAT)")
	f.StringVar(&o.buyers, "buyers", "", "buyers CSV file (municipality_number, organisation_number, name, buyer_reference)")
	dateVar(f, &o.issueDate, "issue-date", "the "+what+"' issue date, YYYY-MM-DD")
	f.Var(newDecimalInt(&o.dueDays, 30, 0, 365, 0, "30"), "due-days", "days from the issue date to the due date, 0 to 365")
	f.BoolVar(&o.noPDF, "no-pdf", false, "leave out the calculation basis (a PDF) each document carries")
	readsFiles(f, "seller", "buyers")
}

// journalError maps an error of recording a batch: the journal held by
// another run too long is exit 5 (retry later).
func journalError(err error) error {
	if errors.Is(err, journal.ErrStale) {
		return &exitError{code: exitBusy, err: fmt.Errorf("nothing was issued: %w", err), hint: "run again: the run then starts from what the journal records now"}
	}
	if errors.Is(err, journal.ErrBusy) {
		return &exitError{code: exitBusy, err: err, hint: "run again once the other run is done: nothing was issued"}
	}
	return failure(fmt.Errorf("nothing was issued: %w", err))
}

// issuedAlready answers an issue of a year the journal has runs of. When
// its first run was an issue of the same inputs, issue date and terms, this
// is that run again: the output folder is made to hold its invoices,
// written from the journal (a run stopped after recording them wrote
// none). Otherwise it is refused, and nothing is written.
func issuedAlready(ctx context.Context, j *journal.Journal, runs []journal.RunEntry, r *run, opts issueOptions) error {
	first := runs[0]
	docs, err := runDocuments(ctx, j, first)
	if err != nil {
		return failure(err)
	}
	refused := &exitError{code: exitExists,
		err:  fmt.Errorf("%d is issued already in %s: run %d (%s)", opts.year, opts.journal, first.ID, issuedSummary(docs)),
		hint: "to change what stands invoiced, use 'digisos-invoice correct --journal'; 'journal list' shows the documents"}
	if first.Kind != "issue" || !sameRun(first, r, docs, opts) {
		return refused
	}
	if dir, placed, err := j.Placed(ctx, first.ID); err != nil || placed {
		if err == nil {
			refused.err = fmt.Errorf("%w; its documents were written to %s", refused.err, dir)
		}
		return cmpOr(err, refused)
	}
	files, err := storedFiles(ctx, j, docs)
	if err != nil {
		return failure(err)
	}
	set := outfile.Set{Folders: []outfile.Folder{{Path: opts.output, Files: files}}, Inputs: opts.reads}
	placed := true
	set.Unchanged = func(string) { placed = false }
	set.Warn = func(msg string) { fmt.Fprintf(opts.stderr, "%s: %s\n", prog, msg) }
	if err := writeOutputs(opts.stdout, set); err != nil {
		var e *exitError
		if errors.As(err, &e) && e.code == exitExists {
			return refused
		}
		return err
	}
	if err := markPlaced(ctx, j, first.ID, opts.output); err != nil {
		return err
	}
	if !placed {
		return nil // written before a stop, and now recorded
	}
	if !opts.quiet {
		fmt.Fprintf(opts.stderr, "%s: %d was issued by run %d, which was stopped before it wrote its invoices: wrote its %d documents to %s from the journal\n",
			prog, opts.year, first.ID, len(docs), opts.output)
	}
	return nil
}

// sameRun reports whether r, with opts' dates, is the recorded run again:
// the same inputs, tariff and rules, and documents of the same dates.
func sameRun(rec journal.RunEntry, r *run, docs []journal.Document, opts issueOptions) bool {
	if !sameInputs(rec, r) || len(docs) == 0 {
		return false
	}
	d := docs[0]
	return d.IssueDate == opts.issueDate.Format(time.DateOnly) && d.DueDate == opts.issueDate.AddDate(0, 0, opts.dueDays).Format(time.DateOnly)
}

// runDocuments are the documents run issued, in number order.
func runDocuments(ctx context.Context, j *journal.Journal, run journal.RunEntry) ([]journal.Document, error) {
	all, err := j.Documents(ctx, run.Year)
	if err != nil {
		return nil, err
	}
	var out []journal.Document
	for _, d := range all {
		if d.Run == run.ID {
			out = append(out, d)
		}
	}
	return out, nil
}

// storedFiles are the documents' files as the journal keeps them.
func storedFiles(ctx context.Context, j *journal.Journal, docs []journal.Document) ([]outfile.File, error) {
	out := make([]outfile.File, len(docs))
	for i, d := range docs {
		data, ok, err := j.Content(ctx, d.Seq)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("%s: the journal keeps no file of it", d.Number)
		}
		out[i] = outfile.File{Path: d.File, Data: data}
	}
	return out, nil
}

// checkNewFolder refuses, before any number is given, an output folder
// that holds files: the documents a run issues go to a folder of their
// own, so that none is mixed up with another run's.
func checkNewFolder(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) || err == nil && len(entries) == 0 {
		return nil
	}
	if err != nil {
		return failure(err)
	}
	return &exitError{code: exitExists, err: fmt.Errorf("%s holds %d files already: nothing was issued", dir, len(entries)),
		hint: "name a new folder for the documents of this run"}
}

// cmpOr returns err when it is not nil, else e.
func cmpOr(err error, e *exitError) error {
	if err != nil {
		return failure(err)
	}
	return e
}

// sameInputs reports whether r reads what the recorded run read: the same
// inputs, tariff and rules.
func sameInputs(rec journal.RunEntry, r *run) bool {
	var was record.Run
	if err := json.Unmarshal([]byte(rec.Record), &was); err != nil {
		return false
	}
	now := r.meta()
	a, _ := json.Marshal([]any{was.Rules, was.Tariff, was.Inputs})
	b, _ := json.Marshal([]any{now.Rules, now.Tariff, now.Inputs})
	return string(a) == string(b)
}
