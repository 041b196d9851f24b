package journal

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/record"
)

// newJournal creates a journal in a temporary folder.
func newJournal(t *testing.T, first int64) (*Journal, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "journal.db")
	j, err := Create(context.Background(), path, "DIGISOS-", first)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { j.Close() })
	return j, path
}

// invoices returns n invoices of year for municipalities 0301, 0302, …
func invoices(year, n int) []Document {
	docs := make([]Document, n)
	for i := range docs {
		muni := fmt.Sprintf("%04d", 301+i)
		docs[i] = Document{
			Type: Invoice, Year: year, Municipality: muni,
			Buyer:     Buyer{OrgNumber: fmt.Sprintf("9%08d", i), Name: "KOMMUNE " + muni, Reference: "ref " + muni},
			IssueDate: "2021-01-15", DueDate: "2021-02-14",
			Amount: billing.Money(100000 + i),
			Lines: []Line{{Solution: "soknad", Quarter: 1, Population: 1000, Amount: billing.Money(60000 + i), Description: "Digisos søknad"},
				{Solution: "innsyn", Quarter: 1, Population: 1000, Amount: 40000, Description: "Digisos innsyn"}},
		}
	}
	return docs
}

// finish gives each document a KID and a file made from its number.
func finish(d *Document) error {
	d.KID = strings.TrimPrefix(d.Number, "DIGISOS-")
	d.File = d.Number + ".xml"
	d.FileSHA256 = fileHash(d.Number)
	d.Content = []byte("<Invoice>" + d.Number + "</Invoice>")
	return nil
}

func fileHash(number string) string {
	sum := sha256.Sum256([]byte("<Invoice>" + number + "</Invoice>"))
	return hex.EncodeToString(sum[:])
}

func issue(t *testing.T, j *Journal, kind string, year int, docs []Document, unsettled ...Difference) Receipt {
	t.Helper()
	var computed []Computed
	for _, d := range docs {
		computed = append(computed, Computed{Municipality: d.Municipality, Name: d.Buyer.Name, Quarter: 1, Solution: "soknad",
			Population: 1000, Start: "always", Amount: d.Amount})
	}
	r, err := j.Issue(context.Background(), Batch{Kind: kind, Run: record.Run{Year: year, Rules: record.RulesVersion}, Documents: docs,
		Unsettled: unsettled, Computed: computed, Finish: finish})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func numbers(docs []Document) []string {
	var out []string
	for _, d := range docs {
		out = append(out, d.Number)
	}
	return out
}

func mustCheck(t *testing.T, j *Journal, dirs ...string) Report {
	t.Helper()
	r, err := j.Check(context.Background(), dirs)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() {
		t.Fatalf("Check: %q, want no problem", r.Problems)
	}
	return r
}

func TestCreateRefusesAnExistingFile(t *testing.T) {
	_, path := newJournal(t, 1)
	_, err := Create(context.Background(), path, "DIGISOS-", 1)
	if !errors.Is(err, ErrExists) {
		t.Fatalf("Create(existing) = %v, want ErrExists", err)
	}
	other := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(other, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Create(context.Background(), other, "DIGISOS-", 1); !errors.Is(err, ErrExists) {
		t.Fatalf("Create(other file) = %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(other); string(b) != "keep me" {
		t.Errorf("Create changed an existing file: %q", b)
	}
}

func TestCreateRefusesABadSeries(t *testing.T) {
	for _, tc := range []struct {
		prefix string
		first  int64
	}{{"", 1}, {"DIGI SOS", 1}, {"DIGISOS-", 0}, {"DIGISOS-", -5}} {
		path := filepath.Join(t.TempDir(), "journal.db")
		if _, err := Create(context.Background(), path, tc.prefix, tc.first); err == nil {
			t.Errorf("Create(%q, %d) succeeded, want an error", tc.prefix, tc.first)
		}
		if _, err := os.Stat(path); err == nil {
			t.Errorf("Create(%q, %d) failed but left %s", tc.prefix, tc.first, path)
		}
	}
}

func TestOpenRefusesAMissingOrForeignFile(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "journl.db")
	if _, err := Open(context.Background(), missing); !errors.Is(err, ErrMissing) {
		t.Fatalf("Open(missing) = %v, want ErrMissing", err)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Errorf("Open(missing) created %s", missing)
	}
	text := filepath.Join(dir, "text.db")
	if err := os.WriteFile(text, []byte("not a database at all, but long enough to look like a header of one"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), text); err == nil || !strings.Contains(err.Error(), "not a journal") {
		t.Errorf("Open(text file) = %v, want not a journal", err)
	}
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), empty); err == nil || !strings.Contains(err.Error(), "not a journal") {
		t.Errorf("Open(empty file) = %v, want not a journal", err)
	}
	if st, err := os.Stat(empty); err != nil || st.Size() != 0 {
		t.Errorf("Open(empty file) changed it: %v, %v", st, err)
	}
	if _, err := Open(context.Background(), dir); err == nil {
		t.Errorf("Open(folder) succeeded, want an error")
	}
}

func TestNumberingIsGapFreeAcrossRuns(t *testing.T) {
	j, path := newJournal(t, 1)
	first := issue(t, j, "issue", 2020, invoices(2020, 3))
	j.Close()
	j, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	second := issue(t, j, "issue", 2021, invoices(2021, 2))
	got := append(numbers(first.Documents), numbers(second.Documents)...)
	want := []string{"DIGISOS-000001", "DIGISOS-000002", "DIGISOS-000003", "DIGISOS-000004", "DIGISOS-000005"}
	if !slices.Equal(got, want) {
		t.Errorf("numbers = %v, want %v", got, want)
	}
	docs, err := j.Documents(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(numbers(docs), want) {
		t.Errorf("Documents(0) = %v, want %v", numbers(docs), want)
	}
	if d := docs[0]; d.KID != "000001" || d.Run != 1 || len(d.Lines) != 2 || d.Lines[0].Amount != 60000 || d.Amount != 100000 {
		t.Errorf("Documents(0)[0] = %+v, not as issued", d)
	}
	if r := mustCheck(t, j); r.Documents != 5 || r.Runs != 2 || r.Entries != 7 || r.Head != second.Head {
		t.Errorf("Check = %+v, want 5 documents, 2 runs, 7 entries, head %s", r, second.Head)
	}
}

func TestFirstNumber(t *testing.T) {
	j, _ := newJournal(t, 2021001)
	r := issue(t, j, "issue", 2020, invoices(2020, 2))
	if got, want := numbers(r.Documents), []string{"DIGISOS-2021001", "DIGISOS-2021002"}; !slices.Equal(got, want) {
		t.Errorf("numbers = %v, want %v", got, want)
	}
	mustCheck(t, j)
}

func TestAFailedBatchConsumesNoNumber(t *testing.T) {
	j, _ := newJournal(t, 1)
	issue(t, j, "issue", 2020, invoices(2020, 2))
	calls := 0
	_, err := j.Issue(context.Background(), Batch{Kind: "issue", Run: record.Run{Year: 2021}, Documents: invoices(2021, 3),
		Finish: func(d *Document) error {
			if calls++; calls == 2 {
				return errors.New("the disk is full")
			}
			return finish(d)
		}})
	if err == nil || !strings.Contains(err.Error(), "DIGISOS-000004: the disk is full") {
		t.Fatalf("Issue = %v, want the error of DIGISOS-000004", err)
	}
	bad := invoices(2021, 1)
	bad[0].DueDate = "2021-01-01"
	if _, err := j.Issue(context.Background(), Batch{Kind: "issue", Run: record.Run{Year: 2021}, Documents: bad, Finish: finish}); err == nil {
		t.Fatal("Issue of a document due before its issue date succeeded")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := j.Issue(ctx, Batch{Kind: "issue", Run: record.Run{Year: 2021}, Documents: invoices(2021, 1), Finish: finish}); err == nil {
		t.Fatal("Issue with a cancelled context succeeded")
	}
	r := issue(t, j, "issue", 2021, invoices(2021, 1))
	if got := r.Documents[0].Number; got != "DIGISOS-000003" {
		t.Errorf("after the failed batches the next number is %s, want DIGISOS-000003", got)
	}
	if c := mustCheck(t, j); c.Runs != 2 {
		t.Errorf("Check found %d runs, want 2 (failed batches record none)", c.Runs)
	}
}

func TestReferencesMustBeRecorded(t *testing.T) {
	j, _ := newJournal(t, 1)
	r := issue(t, j, "issue", 2020, invoices(2020, 2))
	credit := invoices(2020, 1)[0]
	credit.Type, credit.Amount, credit.References = CreditNote, 542, []string{"DIGISOS-000009"}
	if _, err := j.Issue(context.Background(), Batch{Kind: "correct", Run: record.Run{Year: 2020}, Documents: []Document{credit}, Finish: finish}); err == nil ||
		!strings.Contains(err.Error(), "does not hold") {
		t.Fatalf("Issue of a credit note for an unknown document = %v, want an error", err)
	}
	credit.References = []string{r.Documents[1].Number} // another municipality's
	if _, err := j.Issue(context.Background(), Batch{Kind: "correct", Run: record.Run{Year: 2020}, Documents: []Document{credit}, Finish: finish}); err == nil {
		t.Fatal("Issue of a credit note for another municipality's invoice succeeded")
	}
	credit.References = []string{r.Documents[0].Number}
	c := issue(t, j, "correct", 2020, []Document{credit})
	if got := c.Documents[0].Number; got != "DIGISOS-000003" {
		t.Errorf("credit note number %s, want DIGISOS-000003", got)
	}
	docs, _ := j.Documents(context.Background(), 2020)
	if got := docs[2].References; !slices.Equal(got, []string{"DIGISOS-000001"}) {
		t.Errorf("credit note references %v, want DIGISOS-000001", got)
	}
}

func TestBalances(t *testing.T) {
	j, _ := newJournal(t, 1)
	inv := issue(t, j, "issue", 2020, invoices(2020, 2)).Documents
	supp, credit := invoices(2020, 1)[0], invoices(2020, 1)[0]
	supp.Type, supp.Amount, supp.References = Supplementary, 2000, []string{inv[0].Number}
	issue(t, j, "correct", 2020, []Document{supp}, Difference{2020, "0302", 4})
	credit.Type, credit.Amount, credit.References = CreditNote, 500, []string{inv[0].Number}
	issue(t, j, "correct", 2020, []Document{credit}, Difference{2020, "0302", -3})
	got, err := j.Balances(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []Balance{
		{Year: 2020, Municipality: "0301", OrgNumber: "900000000", Name: "KOMMUNE 0301", Invoiced: 102000, Credited: 500, Stands: 101500, Documents: 3},
		{Year: 2020, Municipality: "0302", OrgNumber: "900000001", Name: "KOMMUNE 0302", Invoiced: 100001, Stands: 100001, Unsettled: -3, Documents: 1},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Balances =\n%+v\nwant\n%+v", got, want)
	}
	mustCheck(t, j)
}

func TestConcurrentIssuesTakeTurns(t *testing.T) {
	j, _ := newJournal(t, 1)
	const runs, each = 8, 3
	var wg sync.WaitGroup
	errs := make(chan error, runs)
	for range runs {
		wg.Go(func() {
			_, err := j.Issue(context.Background(), Batch{Kind: "issue", Run: record.Run{Year: 2020}, Documents: invoices(2020, each), Finish: finish})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	checkConsecutive(t, j, runs, each)
}

// checkConsecutive checks that runs batches of each documents hold the
// numbers 1 … runs*each, each batch's numbers consecutive.
func checkConsecutive(t *testing.T, j *Journal, runs, each int) {
	t.Helper()
	docs, err := j.Documents(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != runs*each {
		t.Fatalf("%d documents, want %d", len(docs), runs*each)
	}
	byRun := map[int64][]int64{}
	for i, d := range docs {
		if d.Seq != int64(i+1) {
			t.Fatalf("document %d has number %d", i+1, d.Seq)
		}
		byRun[d.Run] = append(byRun[d.Run], d.Seq)
	}
	for run, seqs := range byRun {
		if len(seqs) != each || seqs[each-1]-seqs[0] != int64(each-1) {
			t.Errorf("run %d has numbers %v, want %d consecutive numbers", run, seqs, each)
		}
	}
	mustCheck(t, j)
}

// TestIssuerProcess is the child process of TestConcurrentProcessesTakeTurns
// and TestKilledBeforeCommit: it issues batches on the journal it is given.
// In the binary's own run it returns at once, as os/exec's helper process
// does: the parents check what it does.
func TestIssuerProcess(t *testing.T) {
	path := os.Getenv("JOURNAL_TEST_ISSUER")
	if path == "" {
		return
	}
	batches, _ := strconv.Atoi(os.Getenv("JOURNAL_TEST_BATCHES"))
	if ready := os.Getenv("JOURNAL_TEST_HOLD"); ready != "" {
		BeforeCommit = func() {
			if err := os.WriteFile(ready, nil, 0o644); err != nil {
				panic(err)
			}
			time.Sleep(time.Hour)
		}
	}
	j, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	for range batches {
		issue(t, j, "issue", 2020, invoices(2020, 2))
	}
}

func TestConcurrentProcessesTakeTurns(t *testing.T) {
	j, path := newJournal(t, 1)
	const procs, batches = 4, 5
	var wg sync.WaitGroup
	out := make([][]byte, procs)
	errs := make([]error, procs)
	for i := range procs {
		wg.Go(func() {
			cmd := exec.Command(os.Args[0], "-test.run=^TestIssuerProcess$", "-test.count=1")
			cmd.Env = append(os.Environ(), "JOURNAL_TEST_ISSUER="+path, "JOURNAL_TEST_BATCHES="+strconv.Itoa(batches))
			out[i], errs[i] = cmd.CombinedOutput()
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("process %d: %v\n%s", i, err, out[i])
		}
	}
	checkConsecutive(t, j, procs*batches, 2)
}

// TestKilledBeforeCommit kills a process that has written every row of a
// batch but not committed it: the journal holds nothing of it, and the next
// batch gets the next number.
func TestKilledBeforeCommit(t *testing.T) {
	j, path := newJournal(t, 1)
	issue(t, j, "issue", 2020, invoices(2020, 2))
	ready := filepath.Join(t.TempDir(), "ready")
	cmd := exec.Command(os.Args[0], "-test.run=^TestIssuerProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), "JOURNAL_TEST_ISSUER="+path, "JOURNAL_TEST_BATCHES=1", "JOURNAL_TEST_HOLD="+ready)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for held := false; !held; {
		select {
		case err := <-done:
			t.Fatalf("the issuing process ended (%v) before it held", err)
		case <-time.After(10 * time.Millisecond):
			_, err := os.Stat(ready)
			held = err == nil
		}
	}
	if _, err := os.Stat(path + "-journal"); err != nil {
		t.Errorf("no rollback journal beside the journal while a batch is held: %v", err)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-done
	r := mustCheck(t, j)
	if r.Documents != 2 || r.Series.Next != 3 {
		t.Errorf("after the kill: %d documents, next number %d; want 2 and 3", r.Documents, r.Series.Next)
	}
	if got := issue(t, j, "issue", 2021, invoices(2021, 1)).Documents[0].Number; got != "DIGISOS-000003" {
		t.Errorf("after the kill the next number is %s, want DIGISOS-000003", got)
	}
}

// TestBusyJournal holds the write lock from one connection: a run on
// another waits BusyTimeout, then fails, saying why, and consumes nothing.
func TestBusyJournal(t *testing.T) {
	j, path := newJournal(t, 1)
	defer func(d time.Duration) { BusyTimeout = d }(BusyTimeout)
	BusyTimeout = 50 * time.Millisecond
	other, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := j.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`UPDATE series SET next_number = next_number WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	_, err = other.Issue(context.Background(), Batch{Kind: "issue", Run: record.Run{Year: 2020}, Documents: invoices(2020, 1), Finish: finish})
	if err == nil || !strings.Contains(err.Error(), "held by another run") {
		t.Errorf("Issue while another run writes = %v, want held by another run", err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if got := issue(t, other, "issue", 2020, invoices(2020, 1)).Documents[0].Number; got != "DIGISOS-000001" {
		t.Errorf("once the lock is free the number is %s, want DIGISOS-000001", got)
	}
}
