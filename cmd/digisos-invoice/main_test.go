package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"digisos-invoice/internal/journal"
	"digisos-invoice/internal/outfile"
)

var update = flag.Bool("update", false, "rewrite the expected files inside testdata/script/*.txtar from the actual output")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"digisos-invoice": func() { withTestHooks(main) },
	})
}

// withTestHooks runs the program's main with the hooks a test asks for in the
// environment, read here only, never by the program:
// DIGISOS_TEST_HOLD=FILE holds the run once its temporary files are
// written, before it places them, and makes FILE to say so (the run then
// waits for a signal); DIGISOS_TEST_HOLD_JOURNAL=FILE holds it so once
// the journal's rows of an issue or correct are written, before they are
// committed; DIGISOS_TEST_LOCK_WAIT=DURATION is how long the
// run waits for another run that writes the same output.
func withTestHooks(main func()) {
	if ready := os.Getenv("DIGISOS_TEST_HOLD"); ready != "" {
		outfile.BeforePlace = func() {
			if err := os.WriteFile(ready, nil, 0o644); err != nil {
				panic(err)
			}
			time.Sleep(time.Hour)
		}
	}
	if ready := os.Getenv("DIGISOS_TEST_HOLD_JOURNAL"); ready != "" {
		journal.BeforeCommit = func() {
			if err := os.WriteFile(ready, nil, 0o644); err != nil {
				panic(err)
			}
			time.Sleep(time.Hour)
		}
	}
	if d, err := time.ParseDuration(os.Getenv("DIGISOS_TEST_LOCK_WAIT")); err == nil {
		outfile.LockWait = d
	}
	main()
}

// TestScripts runs the end-to-end scripts in testdata/script against the
// real main: each sets up its files, runs the program, and checks stdout,
// stderr, exit codes and the files left behind.
//
// Scripts see $TESTDATA (the project's testdata folder) and $REF (the
// public SSB and Brønnøysund tables of testdata/ref, with SSB's raw
// exports under raw/ decompressed).
func TestScripts(t *testing.T) {
	testdata, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	ref := refFolder(t, filepath.Join(testdata, "ref"))
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join(testdata, "script"),
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("TESTDATA", testdata)
			env.Setenv("REF", ref)
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "shared" {
				return false, errors.New("[shared] is gone: the reference data is in the repository, as $REF")
			}
			return false, errors.New("unknown condition " + cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":  cmdExits,
			"subst":  cmdSubst,
			"hashof": cmdHashof,

			"journalfill": cmdJournalFill,
			"journalsql":  cmdJournalSQL,
			// waitfile FILE waits for a background run held by
			// DIGISOS_TEST_HOLD=FILE to be held.
			"waitfile": cmdWaitfile,
		},
	})
}

// cmdExits runs a command and checks its exit code: exits 2 prog args...
// Like exec, it keeps stdout and stderr for the stdout and stderr commands.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad code %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("exit code %d, want %d", got, want)
	}
}

// cmdSubst writes a copy of a file with every match of a regular
// expression replaced: subst REGEXP REPLACEMENT IN OUT. The expression is
// in multi-line mode (^ and $ match at line ends); the replacement may use
// $1 for a group, \n for a line feed and \r for a carriage return. It stands in for sed and grep -v,
// so that the scripts run without a shell.
func cmdSubst(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 4 {
		ts.Fatalf("usage: subst REGEXP REPLACEMENT IN OUT")
	}
	re, err := regexp.Compile("(?m)" + args[0])
	ts.Check(err)
	in := ts.ReadFile(args[2])
	if !re.MatchString(in) {
		ts.Fatalf("subst: %q matches nothing in %s", args[0], args[2])
	}
	out := re.ReplaceAllString(in, strings.NewReplacer(`\n`, "\n", `\r`, "\r").Replace(args[1]))
	ts.Check(os.WriteFile(ts.MkAbs(args[3]), []byte(out), 0o644))
}

// cmdHashof sets an environment variable to a file's SHA-256, in hex as
// sha256sum prints it: hashof VAR FILE.
func cmdHashof(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: hashof VAR FILE")
	}
	sum := sha256.Sum256([]byte(ts.ReadFile(args[1])))
	ts.Setenv(args[0], hex.EncodeToString(sum[:]))
}

// TestDocsTariffExample keeps the complete tariff file of docs/tariffs.md
// and testdata/tariffs.toml, which the scripts run, the same.
func TestDocsTariffExample(t *testing.T) {
	readme, err := os.ReadFile("../../docs/tariffs.md")
	if err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile("../../testdata/tariffs.toml")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "```toml\n")
	block, _, _ = strings.Cut(block, "```")
	if !ok || block != string(file) {
		t.Errorf("the toml example of docs/tariffs.md differs from testdata/tariffs.toml:\n%s", block)
	}
}

// cmdWaitfile waits, up to a minute, for a file to exist: waitfile FILE.
// A script starts a run in the background with DIGISOS_TEST_HOLD=FILE
// and waits for it to hold its locks before it runs another.
func cmdWaitfile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: waitfile FILE")
	}
	for range 6000 {
		if _, err := os.Stat(ts.MkAbs(args[0])); err == nil {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	ts.Fatalf("waitfile: %s did not appear within a minute", args[0])
}
