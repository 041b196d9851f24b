package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"digisos-invoice/internal/journal"
)

// issueRun is an issue of the sample into the journal and folder of dir.
func issueRun(t *testing.T) []string {
	return []string{"issue", "--journal", "invoices.journal", "--year", "2020", "--input", testdata(t, "sample.csv"), "--output", "ehf",
		"--seller", testdata(t, "seller.toml"), "--buyers", testdata(t, "buyers.csv"), "--issue-date", "2021-01-15", "--quiet"}
}

// newJournalDir is a folder holding a new journal, invoices.journal.
func newJournalDir(t *testing.T) string {
	dir := t.TempDir()
	cmd, stderr := program(t, dir, nil, "journal", "init", "--journal", "invoices.journal", "--series", "DIGISOS-")
	if err := cmd.Run(); err != nil {
		t.Fatalf("journal init: %v: %s", err, stderr)
	}
	return dir
}

// issuedState is what the journal of dir holds: its documents' numbers
// and whether its check, with the folder ehf where it exists, holds.
func issuedState(t *testing.T, dir string) []string {
	t.Helper()
	ctx := context.Background()
	j, err := journal.Open(ctx, filepath.Join(dir, "invoices.journal"))
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	var dirs []string
	if _, err := os.Stat(filepath.Join(dir, "ehf")); err == nil {
		dirs = []string{filepath.Join(dir, "ehf")}
	}
	r, err := j.Check(ctx, dirs)
	if err != nil || !r.OK() {
		t.Fatalf("journal check: %v %q", err, r.Problems)
	}
	docs, err := j.Documents(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var numbers []string
	for _, d := range docs {
		numbers = append(numbers, d.Number)
	}
	return numbers
}

var sevenNumbers = []string{"DIGISOS-000001", "DIGISOS-000002", "DIGISOS-000003", "DIGISOS-000004", "DIGISOS-000005", "DIGISOS-000006", "DIGISOS-000007"}

// finishIssue runs the issue again and checks that the journal then holds
// the seven invoices, numbered from 1, and the folder their files.
func finishIssue(t *testing.T, dir string) {
	t.Helper()
	cmd, stderr := program(t, dir, nil, issueRun(t)...)
	if err := cmd.Run(); err != nil {
		t.Fatalf("issue after the kill: %v: %s", err, stderr)
	}
	checkIssued(t, dir)
}

// checkIssued checks that the journal of dir holds the seven invoices,
// numbered from 1, and the folder ehf their files.
func checkIssued(t *testing.T, dir string) {
	t.Helper()
	if got := issuedState(t, dir); !slices.Equal(got, sevenNumbers) {
		t.Fatalf("after the kill and a new run the journal holds %v, want %v", got, sevenNumbers)
	}
	var xml []string
	for _, n := range names(t, filepath.Join(dir, "ehf")) {
		xml = append(xml, n[:len(n)-len(".xml")])
	}
	if !slices.Equal(xml, sevenNumbers) {
		t.Fatalf("ehf holds %v", xml)
	}
}

// TestIssueKilled kills an issue (SIGKILL: no handler runs) at each of its
// steps: with the journal's rows written but not committed, nothing is
// issued and no number is consumed; with them committed and the files not
// yet placed, everything stands recorded. Either way the next run leaves
// the seven invoices numbered from 1 and their files, as one run would.
func TestIssueKilled(t *testing.T) {
	for _, step := range []struct{ name, hook string }{
		{"before the commit", "DIGISOS_TEST_HOLD_JOURNAL"},
		{"before the files are placed", "DIGISOS_TEST_HOLD"},
	} {
		t.Run(step.name, func(t *testing.T) {
			dir := newJournalDir(t)
			ready := filepath.Join(t.TempDir(), "ready")
			cmd, stderr := program(t, dir, []string{step.hook + "=" + ready}, issueRun(t)...)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			for i := 0; ; i++ {
				if _, err := os.Stat(ready); err == nil {
					break
				}
				if i == 6000 {
					t.Fatalf("the run was not held within a minute; stderr:\n%s", stderr)
				}
				time.Sleep(10 * time.Millisecond)
			}
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			got := issuedState(t, dir)
			if step.hook == "DIGISOS_TEST_HOLD_JOURNAL" && len(got) != 0 || step.hook == "DIGISOS_TEST_HOLD" && !slices.Equal(got, sevenNumbers) {
				t.Fatalf("killed %s, the journal holds %v", step.name, got)
			}
			finishIssue(t, dir)
		})
	}
}

// TestIssueRandomKills kills issues at random moments, each followed by
// a check of the journal; the run after the last kill completes the year.
func TestIssueRandomKills(t *testing.T) {
	rng := rand.New(rand.NewPCG(20, 20))
	dir := newJournalDir(t)
	for i := 0; i < 12; i++ {
		cmd, _ := program(t, dir, nil, issueRun(t)...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.IntN(60)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if got := issuedState(t, dir); len(got) != 0 && !slices.Equal(got, sevenNumbers) {
			t.Fatalf("kill %d: the journal holds %v", i, got)
		}
		if cmd.ProcessState.Success() {
			checkIssued(t, dir) // a run finished before its kill
			return
		}
	}
	finishIssue(t, dir)
}

// TestConcurrentIssues starts four issues of one year on one journal at
// once, each to a folder of its own: one issues the seven invoices, the
// others are refused (the year is issued, or was issued while they
// computed it), and no number is given twice.
func TestConcurrentIssues(t *testing.T) {
	dir := newJournalDir(t)
	cmds := make([]*exec.Cmd, 4)
	for i := range cmds {
		args := issueRun(t)
		args[slices.Index(args, "--output")+1] = fmt.Sprintf("ehf-%d", i)
		cmds[i], _ = program(t, dir, nil, args...)
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	var codes []int
	for _, cmd := range cmds {
		codes = append(codes, exitCode(t, cmd.Wait()))
	}
	slices.Sort(codes)
	if codes[0] != 0 || codes[1] == 0 {
		t.Fatalf("exit codes %v: want one 0, the others 4 or 5", codes)
	}
	for _, c := range codes[1:] {
		if c != 4 && c != 5 {
			t.Fatalf("exit codes %v: want one 0, the others 4 or 5", codes)
		}
	}
	if got := issuedState(t, dir); !slices.Equal(got, sevenNumbers) {
		t.Fatalf("the journal holds %v, want %v", got, sevenNumbers)
	}
}
