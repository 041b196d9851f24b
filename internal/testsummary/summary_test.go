package main

import (
	"strings"
	"testing"
)

// stream is go test -json's output for three packages: one passes with a
// skipped test and a skipped subtest, one fails, one reports a check its
// TestMain skipped.
const stream = `{"Action":"start","Package":"p/a"}
{"Action":"run","Package":"p/a","Test":"TestPDF"}
{"Action":"output","Package":"p/a","Test":"TestPDF","Output":"=== RUN   TestPDF\n"}
{"Action":"output","Package":"p/a","Test":"TestPDF","Output":"    pdf_test.go:72: skipping: pdftotext is not installed (apt-get install -y poppler-utils)\n"}
{"Action":"output","Package":"p/a","Test":"TestPDF","Output":"--- SKIP: TestPDF (0.00s)\n"}
{"Action":"skip","Package":"p/a","Test":"TestPDF","Elapsed":0}
{"Action":"run","Package":"p/a","Test":"TestText/basis"}
{"Action":"output","Package":"p/a","Test":"TestText/basis","Output":"    --- SKIP: TestText/basis (0.00s)\n"}
{"Action":"output","Package":"p/a","Test":"TestText/basis","Output":"    text_test.go:9: skipping: pdftotext is not installed (apt-get install -y poppler-utils)\n"}
{"Action":"skip","Package":"p/a","Test":"TestText/basis","Elapsed":0}
{"Action":"output","Package":"p/a","Test":"TestText","Output":"--- PASS: TestText (0.01s)\n"}
{"Action":"pass","Package":"p/a","Test":"TestText","Elapsed":0.01}
{"Action":"output","Package":"p/a","Output":"PASS\n"}
{"Action":"output","Package":"p/a","Output":"ok  \tp/a\t0.012s\n"}
{"Action":"pass","Package":"p/a","Elapsed":0.012}
{"Action":"run","Package":"p/b","Test":"TestSum"}
{"Action":"output","Package":"p/b","Test":"TestSum","Output":"=== RUN   TestSum\n"}
{"Action":"output","Package":"p/b","Test":"TestSum","Output":"    sum_test.go:12: Sum(1, 2) = 4, want 3\n"}
{"Action":"output","Package":"p/b","Test":"TestSum","Output":"--- FAIL: TestSum (0.00s)\n"}
{"Action":"fail","Package":"p/b","Test":"TestSum","Elapsed":0}
{"Action":"run","Package":"p/b","Test":"TestOK"}
{"Action":"output","Package":"p/b","Test":"TestOK","Output":"=== RUN   TestOK\n"}
{"Action":"output","Package":"p/b","Test":"TestOK","Output":"--- PASS: TestOK (0.00s)\n"}
{"Action":"pass","Package":"p/b","Test":"TestOK","Elapsed":0}
{"Action":"output","Package":"p/b","Output":"FAIL\n"}
{"Action":"output","Package":"p/b","Output":"FAIL\tp/b\t0.010s\n"}
{"Action":"fail","Package":"p/b","Elapsed":0.01}
{"Action":"output","Package":"p/c","Output":"PASS\n"}
{"Action":"output","Package":"p/c","Output":"skip: the Peppol validator over 12 documents of 3 tests: ../shared/validation is not here\n"}
{"Action":"output","Package":"p/c","Output":"ok  \tp/c\t0.020s\n"}
{"Action":"pass","Package":"p/c","Elapsed":0.02}
{"Action":"output","Package":"p/d","Output":"?   \tp/d\t[no test files]\n"}
{"Action":"skip","Package":"p/d","Elapsed":0}
# p/e
not json: a build error
`

func TestSummary(t *testing.T) {
	var b strings.Builder
	s := newSummary(&b)
	if err := s.read(strings.NewReader(stream)); err != nil {
		t.Fatal(err)
	}
	want := "ok  \tp/a\t0.012s\n" +
		"    sum_test.go:12: Sum(1, 2) = 4, want 3\n--- FAIL: TestSum (0.00s)\nFAIL\nFAIL\tp/b\t0.010s\n" +
		"ok  \tp/c\t0.020s\n" +
		"?   \tp/d\t[no test files]\n" +
		"# p/e\nnot json: a build error\n"
	if got := b.String(); got != want {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
	wantLine := "2 tests skipped: 2 × pdftotext is not installed (apt-get install -y poppler-utils). " +
		"Skipped in p/c: the Peppol validator over 12 documents of 3 tests: ../shared/validation is not here"
	if got := s.skipLine(); got != wantLine {
		t.Errorf("skipLine() = %q, want %q", got, wantLine)
	}
}

func TestSummaryNothingSkipped(t *testing.T) {
	s := newSummary(&strings.Builder{})
	if err := s.read(strings.NewReader(`{"Action":"pass","Package":"p/a","Elapsed":0}` + "\n")); err != nil {
		t.Fatal(err)
	}
	if got := s.skipLine(); got != "" {
		t.Errorf("skipLine() = %q, want \"\"", got)
	}
}
