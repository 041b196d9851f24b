package journal

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"digisos-invoice/internal/record"
)

// BenchmarkIssueYear records a year as issue will: 356 invoices of 8 lines
// each in one batch, on a new journal file, with its commit.
func BenchmarkIssueYear(b *testing.B) {
	b.ReportAllocs()
	docs := invoices(2020, 356)
	for i := range docs {
		for q := 2; q <= 4; q++ {
			docs[i].Lines = append(docs[i].Lines, docs[i].Lines[0], docs[i].Lines[1])
			docs[i].Lines[len(docs[i].Lines)-1].Quarter = q
		}
	}
	dir := b.TempDir()
	for n := 0; b.Loop(); n++ {
		j, err := Create(context.Background(), filepath.Join(dir, strconv.Itoa(n)+".journal"), "DIGISOS-", 1)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := j.Issue(context.Background(), Batch{Kind: "issue", Run: record.Run{Year: 2020}, Documents: docs, Finish: finish}); err != nil {
			b.Fatal(err)
		}
		j.Close()
	}
}

// BenchmarkCheckYear checks a journal of 356 invoices.
func BenchmarkCheckYear(b *testing.B) {
	b.ReportAllocs()
	j, err := Create(context.Background(), filepath.Join(b.TempDir(), "journal"), "DIGISOS-", 1)
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	if _, err := j.Issue(context.Background(), Batch{Kind: "issue", Run: record.Run{Year: 2020}, Documents: invoices(2020, 356), Finish: finish}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if r, err := j.Check(context.Background(), nil); err != nil || !r.OK() {
			b.Fatal(err, r.Problems)
		}
	}
}
