package cli

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/spf13/pflag"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/correction"
	"digisos-invoice/internal/ehfio"
	"digisos-invoice/internal/journal"
	"digisos-invoice/internal/outfile"
	"digisos-invoice/internal/record"
)

// journalMinDifference is --min-difference with a journal when none is
// given: differences under NOK 100 wait, unsettled, until they add up.
const journalMinDifference = "100"

// checkJournalFlags refuses correct's flags that a correction from the
// journal does not take, and returns its threshold.
func checkJournalFlags(f *pflag.FlagSet, opts correctOptions) (billing.Money, error) {
	if f.Changed("format") && opts.format != "ehf" {
		return 0, usageError("with --journal, correct writes the EHF documents it numbers: leave out --format (preview a correction with --issued)")
	}
	for _, name := range []string{"record", "manifest", "original-issue-date", "force", "stamp"} {
		if f.Changed(name) {
			return 0, usageError("--%s is not for a correction from the journal, which records the run itself", name)
		}
	}
	switch {
	case opts.output == "" || opts.output == "-":
		return 0, usageError("with --journal, --output names the folder the documents are written to, a new one")
	case opts.seller == "" || opts.buyers == "":
		return 0, usageError("with --journal, correct needs --seller FILE and --buyers FILE: who issues the documents and to whom")
	case opts.issueDate.IsZero():
		return 0, usageError("with --journal, correct needs --issue-date YYYY-MM-DD: the documents' date is never taken from the clock")
	}
	min := opts.minDifference
	if !f.Changed("min-difference") {
		min = journalMinDifference
	}
	t, err := correction.ParseThreshold(min)
	if err != nil {
		return 0, usageError("--min-difference: %v", err)
	}
	return t, nil
}

// runCorrectJournal corrects a year the journal has issued: it reads what
// stands invoiced from the journal, and numbers and records the credit
// notes and supplementary invoices in its series.
func runCorrectJournal(f *pflag.FlagSet, opts correctOptions) error {
	ctx := context.Background()
	threshold, err := checkJournalFlags(f, opts)
	if err != nil {
		return err
	}
	if err := checkOutputs(outfile.Set{Folders: []outfile.Folder{{Path: opts.output}}, Inputs: opts.reads}); err != nil {
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
	runs, err := j.Runs(ctx, opts.year)
	if err != nil {
		return failure(err)
	}
	if len(runs) == 0 {
		return failure(fmt.Errorf("%d is not issued in %s: issue it with 'digisos-invoice issue' first", opts.year, opts.journal))
	}
	if done, err := resumeCorrection(ctx, j, runs[len(runs)-1], r, opts); done || err != nil {
		return err
	}
	docs, err := j.Documents(ctx, opts.year)
	if err != nil {
		return failure(err)
	}
	after, computed, err := j.LatestRun(ctx, opts.year)
	if err != nil {
		return failure(err)
	}
	prev := standingOf(opts.year, docs, computed, runs)
	c, err := correction.Correct(prev, r.alloc, correction.Params{Threshold: threshold, IssueDate: opts.issueDate})
	if err != nil {
		return failure(fmt.Errorf("%s: %w", opts.journal, err))
	}
	if c.Empty() {
		fmt.Fprintf(opts.stderr, "%s: nothing to correct: a fresh computation of %d matches what stands invoiced in %s; nothing issued\n", prog, opts.year, opts.journal)
		return nil
	}
	if err := p.checkCorrected(c, r); err != nil {
		return err
	}
	return issueCorrection(ctx, j, r, p, opts, c, docs, after)
}

// issueCorrection records the correction's documents and unsettled
// differences, and writes the documents.
func issueCorrection(ctx context.Context, j *journal.Journal, r *run, p *parties, opts correctOptions, c correction.Correction, docs []journal.Document, after int64) error {
	set := outfile.Set{Folders: []outfile.Folder{{Path: opts.output}}, Inputs: opts.reads}
	if len(c.Documents) > 0 {
		if err := checkOutputs(set); err != nil {
			return err
		}
		if err := checkNewFolder(opts.output); err != nil {
			return err
		}
	}
	var receipt journal.Receipt
	var files []outfile.File
	for attempt := 0; ; attempt++ {
		s, err := j.Series(ctx)
		if err != nil {
			return failure(err)
		}
		b, fs, err := correctionBatch(r, p, opts, c, docs, s)
		if err != nil {
			return err
		}
		b.After = &after
		receipt, err = j.Issue(ctx, b)
		if errors.Is(err, errMoved) && attempt < 10 {
			continue
		}
		if err != nil {
			return journalError(err)
		}
		files = fs
		break
	}
	if len(files) > 0 {
		set.Folders[0].Files = files
		if err := placeIssued(opts.stdout, opts.stderr, set, receipt.Documents, true); err != nil {
			return err
		}
		if err := markPlaced(ctx, j, receipt.Run, opts.output); err != nil {
			return err
		}
	}
	if !opts.quiet {
		fmt.Fprintf(opts.stderr, "%s: %s\n", prog, issuedSummary(receipt.Documents))
		printCorrection(opts.stderr, c, opts.journal)
	}
	return nil
}

// correctionBatch is the correction's documents numbered from s.Next, as
// the journal records them, and their EHF files.
func correctionBatch(r *run, p *parties, opts correctOptions, c correction.Correction, docs []journal.Document, s journal.Series) (journal.Batch, []outfile.File, error) {
	ehfDocs, err := ehfio.CorrectionDocs(c, p.seller, p.format().Buyer, opts.dueDays)
	if err != nil {
		return journal.Batch{}, nil, failure(err)
	}
	numbers := map[string]string{}
	out := make([]journal.Document, len(ehfDocs))
	files := make([]outfile.File, len(ehfDocs))
	for i, d := range ehfDocs {
		number := s.Number(s.Next + int64(i))
		numbers[d.Document.Number] = number
		jd, err := journalDocument(r, p, opts, d, docs, number)
		if err != nil {
			return journal.Batch{}, nil, err
		}
		d.ID, d.KID, d.References = number, jd.KID, referencesOf(jd.References, docs)
		var b bytes.Buffer
		if err := ehfio.WriteCorrectionDoc(&b, d); err != nil {
			return journal.Batch{}, nil, failure(err)
		}
		jd.File, jd.FileSHA256, jd.Content = number+".xml", record.Hash(b.Bytes()), b.Bytes()
		out[i], files[i] = jd, outfile.File{Path: jd.File, Data: jd.Content}
	}
	rec, err := json.Marshal(r.meta())
	if err != nil {
		return journal.Batch{}, nil, failure(err)
	}
	var run record.Run
	_ = json.Unmarshal(rec, &run)
	return journal.Batch{Kind: "correct", Run: run, Documents: out, Unsettled: unsettledOf(c), Computed: computedLines(r.alloc),
		Finish: func(d *journal.Document) error {
			if d.Number != numbers[d.Municipality] {
				return errMoved
			}
			return nil
		}}, files, nil
}

// journalDocument is correction document d as the journal records it,
// numbered number: a credit note references every invoice and
// supplementary invoice of the municipality's year, whose amounts it
// reverses; a supplementary invoice the invoice it supplements; the first
// invoice of a municipality that joined, none.
func journalDocument(r *run, p *parties, opts correctOptions, d ehfio.CorrectionDoc, docs []journal.Document, number string) (journal.Document, error) {
	jd := journal.Document{Type: journal.Supplementary, Year: opts.year, Municipality: d.Document.Number, Buyer: journalBuyer(d.Buyer),
		IssueDate: opts.issueDate.Format(time.DateOnly), Amount: d.Total()}
	switch {
	case d.Kind == correction.KindCreditNote:
		jd.Type, jd.Amount = journal.CreditNote, -d.Total()
		for _, o := range docs {
			if o.Municipality == d.Document.Number && o.Type != journal.CreditNote {
				jd.References = append(jd.References, o.Number)
			}
		}
	case d.Corrects == "":
		jd.Type = journal.Invoice
	default:
		jd.References = []string{d.Corrects}
	}
	if jd.Type != journal.CreditNote {
		jd.DueDate = opts.issueDate.AddDate(0, 0, opts.dueDays).Format(time.DateOnly)
		kid, err := p.seller.KIDFor(number)
		if err != nil {
			return journal.Document{}, failure(err)
		}
		jd.KID = kid
	}
	for _, ch := range d.Lines {
		amount := ch.Difference()
		if jd.Type == journal.CreditNote {
			amount = -amount
		}
		jd.Lines = append(jd.Lines, journal.Line{Solution: ch.Solution, Quarter: int(ch.Quarter), Population: population(r.alloc, ch),
			Amount: amount, Description: fmt.Sprintf("fakturert %s, korrigert %s", ch.Issued, ch.Corrected)})
	}
	return jd, nil
}

// population is the corrected computation's population on c's line; 0
// when the line is no longer computed.
func population(a billing.Allocation, c correction.Change) int64 {
	for _, l := range a.Lines {
		if l.Number == c.Number && l.Quarter == c.Quarter && l.Solution == c.Solution {
			return l.Population
		}
	}
	return 0
}

// referencesOf are the documents numbered refs, with their issue dates.
func referencesOf(refs []string, docs []journal.Document) []ehfio.Reference {
	out := make([]ehfio.Reference, 0, len(refs))
	for _, n := range refs {
		ref := ehfio.Reference{ID: n}
		for _, d := range docs {
			if d.Number == n {
				ref.IssueDate, _ = time.Parse(time.DateOnly, d.IssueDate)
			}
		}
		out = append(out, ref)
	}
	return out
}

// unsettledOf sums the correction's unsettled lines per municipality.
func unsettledOf(c correction.Correction) []journal.Difference {
	var out []journal.Difference
	for _, u := range c.Unsettled {
		if n := len(out); n > 0 && out[n-1].Municipality == u.Number {
			out[n-1].Amount += u.Difference()
			continue
		}
		out = append(out, journal.Difference{Year: c.Year, Municipality: u.Number, Amount: u.Difference()})
	}
	return slices.DeleteFunc(out, func(d journal.Difference) bool { return d.Amount == 0 })
}

// standingOf is what stands invoiced for year as the journal records it:
// per line, the sum of the documents' lines (a credit note's subtracted),
// with the latest run's computation; and the documents, the original
// invoices as correction 0 and each correct run's as the next.
func standingOf(year int, docs []journal.Document, computed []journal.Computed, runs []journal.RunEntry) correction.Record {
	number := map[int64]int{}
	for _, r := range runs {
		if r.Kind == "correct" {
			number[r.ID] = len(number) + 1
		}
	}
	rec := correction.Record{Year: year, Correction: len(number)}
	lines := map[correction.Key]*correction.Line{}
	line := func(muni string, q int, solution string) *correction.Line {
		k := correction.Key{Number: muni, Quarter: billing.Quarter(q), Solution: solution}
		if lines[k] == nil {
			lines[k] = &correction.Line{Number: muni, Quarter: k.Quarter, Solution: solution}
		}
		return lines[k]
	}
	for _, d := range docs {
		for _, l := range d.Lines {
			cl := line(d.Municipality, l.Quarter, l.Solution)
			cl.Invoiced += l.Amount * billing.Money(d.Type.Sign())
			cl.Name = cmp.Or(cl.Name, d.Buyer.Name)
		}
		kind, corrects := correction.KindInvoice, ""
		if d.Type == journal.CreditNote {
			kind = correction.KindCreditNote
		}
		if len(d.References) > 0 {
			corrects = d.References[0]
		}
		issued, _ := time.Parse(time.DateOnly, d.IssueDate)
		rec.Documents = append(rec.Documents, correction.Issued{ID: d.Number, Kind: kind, Number: d.Municipality,
			Correction: number[d.Run], Corrects: corrects, IssueDate: issued})
	}
	for _, c := range computed {
		l := line(c.Municipality, c.Quarter, c.Solution)
		l.Name, l.Population, l.Computed, l.Active = c.Name, c.Population, c.Amount, true
	}
	for _, l := range lines {
		rec.Lines = append(rec.Lines, *l)
	}
	slices.SortFunc(rec.Lines, func(a, b correction.Line) int {
		return cmp.Or(cmp.Compare(a.Number, b.Number), cmp.Compare(a.Quarter, b.Quarter), cmp.Compare(a.Solution, b.Solution))
	})
	return rec
}

// resumeCorrection completes a correction that was stopped after the
// journal recorded it and before its documents were written: the same
// inputs and issue date again write them from the journal. It reports
// whether it did.
func resumeCorrection(ctx context.Context, j *journal.Journal, latest journal.RunEntry, r *run, opts correctOptions) (bool, error) {
	if latest.Kind != "correct" || !sameInputs(latest, r) {
		return false, nil
	}
	docs, err := runDocuments(ctx, j, latest)
	if err != nil || len(docs) == 0 || docs[0].IssueDate != opts.issueDate.Format(time.DateOnly) {
		return false, err
	}
	if _, placed, err := j.Placed(ctx, latest.ID); err != nil || placed {
		return false, err
	}
	files, err := storedFiles(ctx, j, docs)
	if err != nil {
		return false, failure(err)
	}
	set := outfile.Set{Folders: []outfile.Folder{{Path: opts.output, Files: files}}, Inputs: opts.reads}
	if err := writeOutputs(opts.stdout, set); err != nil {
		return false, err
	}
	if err := markPlaced(ctx, j, latest.ID, opts.output); err != nil {
		return false, err
	}
	fmt.Fprintf(opts.stderr, "%s: run %d was stopped before it wrote its documents: wrote its %d documents to %s from the journal\n",
		prog, latest.ID, len(docs), opts.output)
	return true, nil
}
