package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"digisos-invoice/internal/journal"
)

// TestIssueSSB2020 issues the full SSB 2020 table from a new journal: 356
// consecutive numbers, each invoice's KID made from its number, every file
// as the journal records it and valid by the Peppol validator; a second
// issue is refused and consumes no number; the journal holds by its own
// check and by SQLite's.
func TestIssueSSB2020(t *testing.T) {
	brreg := mustRead(t, filepath.Join(refDir, "brreg-kommuner-organisasjonsnummer-2023-06.csv"))
	tmp := t.TempDir()
	buyers, seller := filepath.Join(tmp, "buyers.csv"), filepath.Join(tmp, "seller.toml")
	if err := os.WriteFile(buyers, buyersFromBrreg(t, brreg), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(seller, sellerWithEverything(t), 0o644); err != nil {
		t.Fatal(err)
	}
	jf, dir := filepath.Join(tmp, "invoices.journal"), filepath.Join(tmp, "ehf")
	mainOK(t, "journal", "init", "--journal", jf, "--series", "NAV-DIGISOS-", "--first-number", "1001")
	args := []string{"issue", "--journal", jf, "--year", "2020", "--input", filepath.Join(refDir, "ssb-population-2020-01-01.csv"),
		"--seller", seller, "--buyers", buyers, "--issue-date", "2021-01-15", "--quiet", "--output"}
	mainOK(t, append(args, dir)...)

	j, err := journal.Open(context.Background(), jf)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	docs, err := j.Documents(context.Background(), 2020)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 356 {
		t.Fatalf("%d documents, want 356", len(docs))
	}
	for i, d := range docs {
		want := journal.Series{Prefix: "NAV-DIGISOS-", Digits: journal.Digits}.Number(int64(1001 + i))
		data := mustRead(t, filepath.Join(dir, d.File))
		switch {
		case d.Number != want || d.File != want+".xml":
			t.Errorf("document %d is %s in %s, want %s", i, d.Number, d.File, want)
		case !strings.Contains(string(data), "<cbc:ID>"+want+"</cbc:ID>"):
			t.Errorf("%s does not carry its number", d.File)
		case !strings.Contains(string(data), "<cbc:PaymentID>"+d.KID+"</cbc:PaymentID>"):
			t.Errorf("%s does not carry its KID %s", d.File, d.KID)
		}
		if i > 0 && d.Municipality <= docs[i-1].Municipality {
			t.Errorf("%s is for %s, after %s: numbers go in municipality order", d.Number, d.Municipality, docs[i-1].Municipality)
		}
	}
	validate(t, dir)

	var stdout, stderr bytes.Buffer
	if code := Main(append(args, filepath.Join(tmp, "again")), nil, &stdout, &stderr); code != exitExists || !strings.Contains(stderr.String(), "issued already") {
		t.Errorf("a second issue: exit %d, %q; want %d, issued already", code, stderr.String(), exitExists)
	}
	if _, err := os.Stat(filepath.Join(tmp, "again")); !os.IsNotExist(err) {
		t.Errorf("a refused issue wrote its folder (%v)", err)
	}

	// A correction: start dates from the municipality number, so that
	// most municipalities get a credit note or a supplementary invoice.
	k1 := filepath.Join(tmp, "k1")
	mainOK(t, "correct", "--journal", jf, "--year", "2020", "--input", withRandomDates(t, mustRead(t, filepath.Join(refDir, "ssb-population-2020-01-01.csv"))),
		"--seller", seller, "--buyers", buyers, "--issue-date", "2021-03-01", "--quiet", "--output", k1)
	validate(t, k1)
	all, err := j.Documents(context.Background(), 2020)
	if err != nil {
		t.Fatal(err)
	}
	credits := 0
	for _, d := range all[356:] {
		data := string(mustRead(t, filepath.Join(k1, d.File)))
		if d.Type == journal.CreditNote {
			credits++
			if strings.Contains(data, "PaymentMeans") || d.KID != "" || len(d.References) == 0 {
				t.Errorf("%s: a credit note with payment means or a KID, or without references", d.Number)
			}
		}
		for _, ref := range d.References {
			if !strings.Contains(data, "<cbc:ID>"+ref+"</cbc:ID>") {
				t.Errorf("%s does not reference %s", d.Number, ref)
			}
		}
	}
	if credits == 0 || len(all) == 356 {
		t.Errorf("the correction issued %d documents, %d credit notes", len(all)-356, credits)
	}
	r, err := j.Check(context.Background(), []string{dir, k1})
	if err != nil || !r.OK() || r.Files != len(all) || r.Series.Next != 1001+int64(len(all)) {
		t.Errorf("check: %v, %+v", err, r)
	}
	if sqlite, err := exec.LookPath("sqlite3"); err == nil {
		out, err := exec.Command(sqlite, jf, "pragma integrity_check").CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != "ok" {
			t.Errorf("sqlite3 integrity_check: %s %v", out, err)
		}
	}
}
