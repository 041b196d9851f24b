package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/journal"
	"digisos-invoice/internal/record"
)

// cmdJournalFill issues documents into a journal, as issue and correct
// will: journalfill JOURNAL DIR. The first run issues 2020's invoices to
// 0301, 1103 and 4601; the second a credit note to 0301, a supplementary
// invoice to 1103, and leaves 4601's difference unsettled. Each document's
// file is written to DIR.
func cmdJournalFill(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: journalfill JOURNAL DIR")
	}
	ctx := context.Background()
	j, err := journal.Open(ctx, ts.MkAbs(args[0]))
	ts.Check(err)
	defer j.Close()
	dir := ts.MkAbs(args[1])
	ts.Check(os.MkdirAll(dir, 0o755))
	finish := func(d *journal.Document) error {
		d.KID = strings.TrimLeft(strings.TrimPrefix(d.Number, "DIGISOS-"), "0")
		d.File = d.Number + ".xml"
		data := []byte("<Invoice><ID>" + d.Number + "</ID><Amount>" + d.Amount.String() + "</Amount></Invoice>\n")
		sum := sha256.Sum256(data)
		d.FileSHA256 = hex.EncodeToString(sum[:])
		return os.WriteFile(filepath.Join(dir, d.File), data, 0o644)
	}
	doc := func(t journal.Type, muni, org, name string, amount billing.Money, refs ...string) journal.Document {
		due := "2021-02-14"
		if t == journal.CreditNote {
			due = ""
		}
		return journal.Document{Type: t, Year: 2020, Municipality: muni,
			Buyer:     journal.Buyer{OrgNumber: org, Name: name, Reference: "Digisos"},
			IssueDate: "2021-01-15", DueDate: due, Amount: amount, References: refs,
			Lines: []journal.Line{{Solution: "soknad", Quarter: 1, Population: 1000, Amount: amount, Description: "Digisos søknad"}}}
	}
	run := record.Run{Year: 2020, Rules: record.RulesVersion}
	_, err = j.Issue(ctx, journal.Batch{Kind: "issue", Run: run, Finish: finish, Documents: []journal.Document{
		doc(journal.Invoice, "0301", "974760673", "OSLO KOMMUNE", 3402425),
		doc(journal.Invoice, "1103", "964965226", "STAVANGER KOMMUNE", 1234567),
		doc(journal.Invoice, "4601", "964338531", "BERGEN KOMMUNE", 2000000),
	}})
	ts.Check(err)
	_, err = j.Issue(ctx, journal.Batch{Kind: "correct", Run: run, Finish: finish, Documents: []journal.Document{
		doc(journal.CreditNote, "0301", "974760673", "OSLO KOMMUNE", 54200, "DIGISOS-000001"),
		doc(journal.Supplementary, "1103", "964965226", "STAVANGER KOMMUNE", 12400, "DIGISOS-000002"),
	}, Unsettled: []journal.Difference{{Year: 2020, Municipality: "4601", Amount: 4}}})
	ts.Check(err)
}

// cmdJournalSQL runs one SQL statement on a journal, as someone with the
// sqlite3 command could: journalsql JOURNAL STATEMENT.
func cmdJournalSQL(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: journalsql JOURNAL STATEMENT")
	}
	db, err := sql.Open("sqlite", ts.MkAbs(args[0]))
	ts.Check(err)
	defer db.Close()
	_, err = db.Exec(args[1])
	ts.Check(err)
}
