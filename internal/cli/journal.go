package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

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
	cmd.Flags().StringVar(&opts.format, "format", "text", "output format: text, csv or json")
	return cmd
}

func runJournalList(opts journalOptions) error {
	if opts.format != "text" && opts.format != "csv" && opts.format != "json" {
		return usageError("--format %q: give text, csv or json", opts.format)
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
	var b bytes.Buffer
	switch opts.format {
	case "text":
		writeDocumentsText(&b, docs)
		fmt.Fprintf(&b, "head %s (%s)\n", head, count(int(entries), "entry", "entries"))
	case "csv":
		err = writeDocumentsCSV(&b, docs)
		fmt.Fprintf(opts.stderr, "%s: %s: head %s (%s)\n", prog, opts.path, head, count(int(entries), "entry", "entries"))
	case "json":
		err = writeDocumentsJSON(&b, docs, head, entries)
	}
	if err != nil {
		return failure(err)
	}
	return toStdout(opts.stdout, b.Bytes())
}

var documentHeader = []string{"number", "type", "year", "municipality", "org_number", "issue_date", "due_date", "amount", "kid", "references", "file", "file_sha256"}

func documentRow(d journal.Document) []string {
	return []string{d.Number, string(d.Type), strconv.Itoa(d.Year), d.Municipality, d.Buyer.OrgNumber, d.IssueDate, d.DueDate,
		d.Amount.String(), d.KID, strings.Join(d.References, " "), d.File, d.FileSHA256}
}

func writeDocumentsText(w io.Writer, docs []journal.Document) {
	if len(docs) == 0 {
		fmt.Fprintln(w, "no documents")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.ToUpper(strings.Join(documentHeader, "\t")))
	for _, d := range docs {
		row := documentRow(d)
		for _, i := range []int{6, 9} { // due date, references
			if row[i] == "" {
				row[i] = "-"
			}
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	tw.Flush()
}

func writeDocumentsCSV(w io.Writer, docs []journal.Document) error {
	cw := csv.NewWriter(w)
	cw.Write(documentHeader)
	for _, d := range docs {
		cw.Write(documentRow(d))
	}
	cw.Flush()
	return cw.Error()
}

// listedDocument is a document in journal list's JSON.
type listedDocument struct {
	Number       string   `json:"number"`
	Type         string   `json:"type"`
	Year         int      `json:"year"`
	Municipality string   `json:"municipality"`
	OrgNumber    string   `json:"org_number"`
	BuyerName    string   `json:"buyer_name"`
	IssueDate    string   `json:"issue_date"`
	DueDate      string   `json:"due_date"`
	Amount       string   `json:"amount"`
	KID          string   `json:"kid"`
	References   []string `json:"references"`
	File         string   `json:"file"`
	FileSHA256   string   `json:"file_sha256"`
}

func writeDocumentsJSON(w io.Writer, docs []journal.Document, head string, entries int64) error {
	out := struct {
		Head      string           `json:"head"`
		Entries   int64            `json:"entries"`
		Documents []listedDocument `json:"documents"`
	}{Head: head, Entries: entries, Documents: []listedDocument{}}
	for _, d := range docs {
		refs := d.References
		if refs == nil {
			refs = []string{}
		}
		out.Documents = append(out.Documents, listedDocument{d.Number, string(d.Type), d.Year, d.Municipality, d.Buyer.OrgNumber, d.Buyer.Name,
			d.IssueDate, d.DueDate, d.Amount.String(), d.KID, refs, d.File, d.FileSHA256})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
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
	cmd.Flags().StringVar(&opts.format, "format", "text", "output format: text or csv")
	return cmd
}

func runJournalBalance(opts journalOptions) error {
	if opts.format != "text" && opts.format != "csv" {
		return usageError("--format %q: give text or csv", opts.format)
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
	var b bytes.Buffer
	if opts.format == "csv" {
		err = writeBalancesCSV(&b, bs)
	} else {
		writeBalancesText(&b, bs)
	}
	if err != nil {
		return failure(err)
	}
	return toStdout(opts.stdout, b.Bytes())
}

var balanceHeader = []string{"year", "municipality", "org_number", "name", "documents", "invoiced", "credited", "stands", "unsettled"}

func balanceRow(b journal.Balance) []string {
	return []string{strconv.Itoa(b.Year), b.Municipality, b.OrgNumber, b.Name, strconv.Itoa(b.Documents),
		b.Invoiced.String(), b.Credited.String(), b.Stands.String(), b.Unsettled.String()}
}

func writeBalancesText(w io.Writer, bs []journal.Balance) {
	if len(bs) == 0 {
		fmt.Fprintln(w, "nothing invoiced")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, strings.ToUpper(strings.Join(balanceHeader, "\t"))+"\t")
	for _, b := range bs {
		fmt.Fprintln(tw, strings.Join(balanceRow(b), "\t")+"\t")
	}
	tw.Flush()
}

func writeBalancesCSV(w io.Writer, bs []journal.Balance) error {
	cw := csv.NewWriter(w)
	cw.Write(balanceHeader)
	for _, b := range bs {
		cw.Write(balanceRow(b))
	}
	cw.Flush()
	return cw.Error()
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
