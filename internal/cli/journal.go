package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"digisos-invoice/internal/format"
	"digisos-invoice/internal/journal"
)

// journalOptions are the flags of the journal commands.
type journalOptions struct {
	path   string
	series string
	first  int
	year   int
	format string
	dirs   []string

	stdout, stderr io.Writer
}

func newJournalCmd(stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "journal",
		Short: "Create, list and check the invoice journal: the number series and every issued document",
		Long: `journal manages the invoice journal, one SQLite file that numbers the documents
the program issues (one consecutive series for invoices, credit notes and
supplementary invoices) and records each of them, and the runs that issued
them, in a hash chain. See docs/journal.md.`,
		Example: "  digisos-invoice journal init --journal invoices.journal --series DIGISOS-\n  digisos-invoice journal check --journal invoices.journal",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usageError("journal needs a command: init, list, balance or check")
		},
	}
	cmd.AddCommand(newJournalInitCmd(stdout, stderr), newJournalListCmd(stdout, stderr),
		newJournalBalanceCmd(stdout, stderr), newJournalCheckCmd(stdout, stderr))
	return cmd
}

func journalFlag(cmd *cobra.Command, opts *journalOptions) {
	cmd.Flags().StringVar(&opts.path, "journal", "", "the journal file (required)")
	_ = cmd.MarkFlagRequired("journal")
}

func newJournalInitCmd(stdout, stderr io.Writer) *cobra.Command {
	opts := journalOptions{stdout: stdout, stderr: stderr}
	cmd := &cobra.Command{
		Use:   "init --journal FILE --series PREFIX [--first-number N]",
		Short: "Create a journal with one consecutive number series",
		Long: `init creates a new journal file with one consecutive series for invoices and
credit notes: numbers PREFIX and the number, with at least six digits
(DIGISOS-000001). It refuses a file that exists, so no series is ever
started over; every other command refuses a journal that does not exist.`,
		Example: "  digisos-invoice journal init --journal invoices.journal --series DIGISOS-",
		Args:    cobra.NoArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return runJournalInit(opts) },
	}
	journalFlag(cmd, &opts)
	f := cmd.Flags()
	f.StringVar(&opts.series, "series", "", "the series' prefix: letters, digits, - _ . / (required), e.g. DIGISOS-")
	f.Var(newDecimalInt(&opts.first, 1, 1, 999999999, 0, "1"), "first-number", "the series' first number")
	_ = cmd.MarkFlagRequired("series")
	return cmd
}

func runJournalInit(opts journalOptions) error {
	j, err := journal.Create(context.Background(), opts.path, opts.series, int64(opts.first))
	if errors.Is(err, journal.ErrExists) {
		return &exitError{code: exitExists, err: err, hint: "a journal is never started over: name a new file, or use the journal you have"}
	}
	if err != nil {
		return failure(err)
	}
	defer j.Close()
	s, err := j.Series(context.Background())
	if err != nil {
		return failure(err)
	}
	fmt.Fprintf(opts.stderr, "%s: %s: new journal, series %s, first number %s\n", prog, opts.path, s.Prefix, s.Number(s.First))
	return nil
}

// openJournal opens the journal of --journal, which must exist.
func openJournal(path string) (*journal.Journal, error) {
	j, err := journal.Open(context.Background(), path)
	if errors.Is(err, journal.ErrMissing) {
		return nil, &exitError{code: exitFailure, err: err, hint: "check the path, or create a journal with 'digisos-invoice journal init'"}
	}
	if err != nil {
		return nil, failure(err)
	}
	return j, nil
}

func newJournalListCmd(stdout, stderr io.Writer) *cobra.Command {
	opts := journalOptions{stdout: stdout, stderr: stderr}
	cmd := &cobra.Command{
		Use:   "list --journal FILE [--year Y] [--format text|csv|json]",
		Short: "List every issued document in number order, and the chain's head hash",
		Long: `list prints every document of the journal in number order: number, type, year,
municipality, organisation number, issue and due date, amount, KID, the
documents it references and its file's SHA-256. The amount is what the
document states, positive; a credit_note credits it. The CSV is for
accounting to import or reconcile against. The chain's head hash, to note
down, ends the text and is a field of the JSON; with csv it goes to stderr.`,
		Example: "  digisos-invoice journal list --journal invoices.journal --year 2020 --format csv",
		Args:    cobra.NoArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return runJournalList(opts) },
	}
	journalFlag(cmd, &opts)
	yearVar(cmd.Flags(), &opts.year, "only the documents of this year")
	cmd.Flags().StringVar(&opts.format, "format", "text", "output format: "+format.List(formats, format.ListDocuments, false))
	return cmd
}

func runJournalList(opts journalOptions) error {
	l, err := lister(format.ListDocuments, opts.format)
	if err != nil {
		return err
	}
	j, err := openJournal(opts.path)
	if err != nil {
		return err
	}
	defer j.Close()
	ctx := context.Background()
	docs, err := j.Documents(ctx, opts.year)
	if err != nil {
		return failure(err)
	}
	head, entries, err := j.Head(ctx)
	if err != nil {
		return failure(err)
	}
	out, err := l.RenderDocuments(&format.Listing{Documents: listed(docs), Head: head, Entries: entries, Journal: opts.path})
	if err != nil {
		return failure(err)
	}
	return writeListing(opts, out)
}

// lister returns the format named name that serves op, one of the
// journal's listings; an unknown name is a usage error naming those that
// serve it.
func lister(op format.Op, name string) (format.Lister, error) {
	f, ok := format.Named(formats, op, name)
	if !ok {
		return nil, usageError("--format %q: give %s", name, format.List(formats, op, false))
	}
	l, ok := f.(format.Lister)
	if !ok {
		return nil, failure(fmt.Errorf("--format %s: the format does not write the journal's listings", name))
	}
	return l, nil
}

// listed returns the journal's documents as the formats list them.
func listed(docs []journal.Document) []format.Document {
	out := make([]format.Document, len(docs))
	for i, d := range docs {
		out[i] = format.Document{Number: d.Number, Type: string(d.Type), Year: d.Year, Municipality: d.Municipality,
			OrgNumber: d.Buyer.OrgNumber, BuyerName: d.Buyer.Name, IssueDate: d.IssueDate, DueDate: d.DueDate,
			Amount: d.Amount, KID: d.KID, References: d.References, File: d.File, FileSHA256: d.FileSHA256}
	}
	return out
}

// writeListing writes a listing to standard output, and then on stderr
// what the format says there.
func writeListing(opts journalOptions, out format.Output) error {
	if err := toStdout(opts.stdout, out.Data); err != nil {
		return err
	}
	if out.Done != "" {
		fmt.Fprintf(opts.stderr, "%s: %s\n", prog, out.Done)
	}
	return nil
}

func newJournalBalanceCmd(stdout, stderr io.Writer) *cobra.Command {
	opts := journalOptions{stdout: stdout, stderr: stderr}
	cmd := &cobra.Command{
		Use:   "balance --journal FILE [--format text|csv]",
		Short: "Show per municipality and year what stands invoiced and what is unsettled",
		Long: `balance prints, per year and municipality, the sum of its invoices and
supplementary invoices, of its credit notes, what stands invoiced (the one
less the other) and the difference the latest correction of the year left
unsettled (under its minimum; positive is owed by the municipality).`,
		Example: "  digisos-invoice journal balance --journal invoices.journal",
		Args:    cobra.NoArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return runJournalBalance(opts) },
	}
	journalFlag(cmd, &opts)
	cmd.Flags().StringVar(&opts.format, "format", "text", "output format: "+format.List(formats, format.ListBalances, false))
	return cmd
}

func runJournalBalance(opts journalOptions) error {
	l, err := lister(format.ListBalances, opts.format)
	if err != nil {
		return err
	}
	j, err := openJournal(opts.path)
	if err != nil {
		return err
	}
	defer j.Close()
	bs, err := j.Balances(context.Background())
	if err != nil {
		return failure(err)
	}
	balances := make([]format.Balance, len(bs))
	for i, b := range bs {
		balances[i] = format.Balance(b)
	}
	out, err := l.RenderBalances(balances)
	if err != nil {
		return failure(err)
	}
	return writeListing(opts, out)
}

func newJournalCheckCmd(stdout, stderr io.Writer) *cobra.Command {
	opts := journalOptions{stdout: stdout, stderr: stderr}
	cmd := &cobra.Command{
		Use:   "check --journal FILE [--documents DIR ...]",
		Short: "Check the journal: the file, no gap or duplicate, the hash chain, the document files",
		Long: `check checks that the journal file is sound (SQLite's integrity and foreign key
checks), that the series has no gap and no duplicate, that every entry holds
the hash of the one before and its own rows still give its hash (so an edit
made with sqlite3 is found), and that each document file in the folders given
matches its recorded SHA-256. Exit 0 when all holds, 3 when anything does not.`,
		Example: "  digisos-invoice journal check --journal invoices.journal --documents ehf-2020",
		Args:    cobra.NoArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return runJournalCheck(opts) },
	}
	journalFlag(cmd, &opts)
	cmd.Flags().StringArrayVar(&opts.dirs, "documents", nil, "a folder of issued document files to compare with their SHA-256 (repeatable)")
	return cmd
}

func runJournalCheck(opts journalOptions) error {
	j, err := openJournal(opts.path)
	if err != nil {
		return err
	}
	defer j.Close()
	r, err := j.Check(context.Background(), opts.dirs)
	if err != nil {
		return failure(err)
	}
	name := filepath.Base(opts.path)
	var b bytes.Buffer
	s := r.Series
	if r.Documents == 0 {
		fmt.Fprintf(&b, "%s: series %s: no documents yet, the next is %s\n", name, s.Prefix, s.Number(s.Next))
	} else {
		fmt.Fprintf(&b, "%s: series %s: %s, %s to %s\n", name, s.Prefix, count(r.Documents, "document", "documents"), s.Number(s.First), s.Number(s.Next-1))
	}
	fmt.Fprintf(&b, "%s: %s, %s, head %s\n", name, count(r.Runs, "run", "runs"), count(int(r.Entries), "entry", "entries"), r.Head)
	if len(opts.dirs) > 0 {
		fmt.Fprintf(&b, "%s: %s compared with their SHA-256\n", name, count(r.Files, "document file", "document files"))
	}
	if err := toStdout(opts.stdout, b.Bytes()); err != nil {
		return err
	}
	if r.OK() {
		fmt.Fprintf(opts.stderr, "%s: %s: ok: no gap, no duplicate, the chain holds\n", prog, name)
		return nil
	}
	for _, p := range r.Problems {
		fmt.Fprintf(opts.stderr, "%s: %s: %s\n", prog, name, p)
	}
	return &exitError{code: exitDiffers, err: fmt.Errorf("%s: %s: the journal does not hold", name, count(len(r.Problems), "problem", "problems"))}
}
