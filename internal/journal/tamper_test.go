package journal

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckFindsEdits changes the journal with raw SQL, as someone with the
// sqlite3 command could, and checks that Check finds each change.
func TestCheckFindsEdits(t *testing.T) {
	for _, tc := range []struct {
		name, sql, want string
	}{
		{"an amount", `UPDATE documents SET amount = '1000.02' WHERE seq = 2`, "DIGISOS-000002 was changed"},
		{"a line's amount", `UPDATE document_lines SET amount = '1.00' WHERE document = 1 AND position = 2`, "DIGISOS-000001 was changed"},
		{"a KID", `UPDATE documents SET kid = '000009' WHERE seq = 3`, "DIGISOS-000003 was changed"},
		{"a file hash", `UPDATE documents SET file_sha256 = '` + strings.Repeat("a", 64) + `' WHERE seq = 1`, "DIGISOS-000001 was changed"},
		{"a reference", `UPDATE document_references SET referenced = 'DIGISOS-000002'`, "DIGISOS-000004 was changed"},
		{"a kept file", `UPDATE document_files SET content = '<Invoice>x</Invoice>' WHERE document = 2`, "DIGISOS-000002: the file the journal keeps was changed"},
		{"a computed line", `UPDATE run_lines SET amount = '0.01' WHERE run_id = 1`, "run 1 was changed"},
		{"a run's record", `UPDATE runs SET record = '{}' WHERE id = 1`, "run 1 was changed"},
		{"an unsettled difference", `UPDATE unsettled SET amount = '0.01'`, "run 2 was changed"},
		{"the last document deleted", `DELETE FROM document_files WHERE document = 4; DELETE FROM document_lines WHERE document = 4; DELETE FROM document_references WHERE document = 4; DELETE FROM documents WHERE seq = 4`, "gap: no document numbered DIGISOS-000004"},
		{"a middle document deleted", `DELETE FROM document_files WHERE document = 2; DELETE FROM document_lines WHERE document = 2; DELETE FROM documents WHERE seq = 2`, "gap: no document numbered DIGISOS-000002 to DIGISOS-000002"},
		{"the last document and the series", `DELETE FROM document_files WHERE document = 4; DELETE FROM document_lines WHERE document = 4; DELETE FROM document_references WHERE document = 4; DELETE FROM documents WHERE seq = 4; UPDATE series SET next_number = 4`, "chain: the series records"},
		{"a renumbering", `UPDATE documents SET number = 'DIGISOS-000099' WHERE seq = 3`, "numbered DIGISOS-000099"},
		{"the head", `UPDATE series SET head_hash = '` + strings.Repeat("0", 64) + `'`, "chain: the series records"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := tamperable(t)
			mustCheck(t, j)
			for _, stmt := range strings.Split(tc.sql, "; ") {
				if _, err := j.db.Exec(stmt); err != nil {
					t.Fatalf("%s: %v", stmt, err)
				}
			}
			r, err := j.Check(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if r.OK() || !strings.Contains(strings.Join(r.Problems, "\n"), tc.want) {
				t.Errorf("after %s Check found %q, want %q", tc.sql, r.Problems, tc.want)
			}
		})
	}
}

// tamperable is a journal of three invoices and a credit note, in two runs.
func tamperable(t *testing.T) *Journal {
	j, _ := newJournal(t, 1)
	inv := issue(t, j, "issue", 2020, invoices(2020, 3)).Documents
	credit := invoices(2020, 1)[0]
	credit.Type, credit.Amount, credit.References = CreditNote, 542, []string{inv[0].Number}
	issue(t, j, "correct", 2020, []Document{credit}, Difference{2020, "0302", 12})
	return j
}

func TestIntegrityCheck(t *testing.T) {
	j := tamperable(t)
	var ok string
	if err := j.db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("pragma integrity_check = %q, %v, want ok", ok, err)
	}
	var version int
	if err := j.db.QueryRow(`SELECT MAX(version) FROM schema_migrations`).Scan(&version); err != nil || version != schemaVersion() {
		t.Errorf("schema_migrations records version %d, %v, want %d", version, err, schemaVersion())
	}
}

func TestCheckFiles(t *testing.T) {
	j := tamperable(t)
	dir := t.TempDir()
	for _, n := range []string{"DIGISOS-000001", "DIGISOS-000002"} {
		if err := os.WriteFile(filepath.Join(dir, n+".xml"), []byte("<Invoice>"+n+"</Invoice>"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if r := mustCheck(t, j, dir); r.Files != 2 {
		t.Errorf("Check compared %d files, want 2", r.Files)
	}
	if err := os.WriteFile(filepath.Join(dir, "DIGISOS-000002.xml"), []byte("<Invoice>changed</Invoice>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "DIGISOS-000777.xml"), []byte("<Invoice/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := j.Check(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(r.Problems, "\n")
	for _, want := range []string{"DIGISOS-000002.xml: its SHA-256 is not the one recorded for DIGISOS-000002", "DIGISOS-000777.xml: no document of this journal"} {
		if !strings.Contains(got, want) {
			t.Errorf("Check found %q, want %q", got, want)
		}
	}
}

func TestANewerSchemaIsRefused(t *testing.T) {
	j, path := newJournal(t, 1)
	if _, err := j.db.Exec(`INSERT INTO schema_migrations (version, name) VALUES (99, 'from the future')`); err != nil {
		t.Fatal(err)
	}
	j.Close()
	if _, err := Open(context.Background(), path); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("Open(journal of schema 99) = %v, want refused as newer", err)
	}
}

// TestSqlite3Command reads and edits the journal with the sqlite3 command,
// as an auditor or a tamperer would: integrity_check says ok, and an UPDATE
// of one amount makes Check fail. .ci/run installs sqlite3; elsewhere the
// test is skipped without it.
func TestSqlite3Command(t *testing.T) {
	bin, err := exec.LookPath("sqlite3")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI has no sqlite3 command: .ci/run installs it")
		}
		t.Skip("no sqlite3 command")
	}
	j, path := newJournal(t, 1)
	issue(t, j, "issue", 2020, invoices(2020, 3))
	out, err := exec.Command(bin, path, "pragma integrity_check").CombinedOutput()
	if err != nil || string(out) != "ok\n" {
		t.Fatalf("sqlite3 pragma integrity_check = %q, %v, want ok", out, err)
	}
	out, err = exec.Command(bin, "-csv", path, "SELECT number, amount FROM documents ORDER BY seq LIMIT 1").CombinedOutput()
	if err != nil || string(out) != "DIGISOS-000001,1000.00\n" {
		t.Fatalf("sqlite3 SELECT = %q, %v, want DIGISOS-000001,1000.00", out, err)
	}
	if out, err := exec.Command(bin, path, "UPDATE documents SET amount = '999.00' WHERE seq = 1").CombinedOutput(); err != nil {
		t.Fatalf("sqlite3 UPDATE: %v\n%s", err, out)
	}
	r, err := j.Check(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.OK() || !strings.Contains(strings.Join(r.Problems, "\n"), "DIGISOS-000001 was changed") {
		t.Errorf("after sqlite3's UPDATE Check found %q, want DIGISOS-000001 changed", r.Problems)
	}
}
