package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

// nameNoFile are the string flags that name no file.
var nameNoFile = []string{"format", "municipality", "encoding", "population-date", "min-difference",
	"journal", // the journal is a database the run writes, never an output file: it is opened, not replaced
}

// nameOutputs are the flags that name a file a command writes.
var nameOutputs = []string{"output", "manifest", "record"}

// flagsOf sorts the string flags of f into those that name a file the
// command reads and those that name one it writes, and fails t for a flag
// that is neither marked by readsFiles nor known to name no file.
func flagsOf(t *testing.T, command string, f *pflag.FlagSet) (reads, writes []string) {
	f.VisitAll(func(flag *pflag.Flag) {
		typ := flag.Value.Type()
		_, marked := flag.Annotations[readsAnnotation]
		switch {
		case marked:
			reads = append(reads, flag.Name)
		case typ != "string" && typ != "stringArray":
		case slices.Contains(nameOutputs, flag.Name):
			writes = append(writes, flag.Name)
		case !slices.Contains(nameNoFile, flag.Name):
			t.Errorf("%s --%s: a file it reads (mark it with readsFiles) or no file (list it in nameNoFile)?", command, flag.Name)
		}
	})
	return reads, writes
}

// The base command lines of the commands that write files: each runs as
// far as its output check.
var writerArgs = map[string]map[string]string{
	"calculate":  {"year": "2020", "input": "in.csv"},
	"correct":    {"year": "2020", "input": "in.csv", "issued": "issued.json"},
	"explain":    {"year": "2020", "input": "in.csv", "municipality": "0301"},
	"issue":      {"year": "2020", "input": "in.csv", "journal": "j.journal", "issue-date": "2021-01-15", "seller": "seller.toml", "buyers": "buyers.csv"},
	"population": {"ssb": "in.csv"},
}

// Every command that writes a file refuses, even with --force, every file
// it reads as each of its outputs (or inside its output folder), and leaves
// the file as it was: each flag that names a file to read, against each
// flag that names a file to write.
func TestEveryInputRefusedAsOutput(t *testing.T) {
	root := newRootCmd(nil, &bytes.Buffer{}, &bytes.Buffer{}, time.Now)
	writers := 0
	for _, c := range root.Commands() {
		reads, writes := flagsOf(t, c.Name(), c.Flags())
		if len(writes) == 0 {
			continue
		}
		writers++
		base, ok := writerArgs[c.Name()]
		if !ok {
			t.Errorf("%s writes files: give its command line in writerArgs", c.Name())
			continue
		}
		for _, in := range reads {
			for _, out := range writes {
				t.Run(c.Name()+"/--"+in+"/--"+out, func(t *testing.T) {
					refusesInputAsOutput(t, c.Name(), c.Flags(), base, in, out)
				})
			}
		}
	}
	if writers < len(writerArgs) {
		t.Errorf("%d commands write files, want %d", writers, len(writerArgs))
	}
}

// refusesInputAsOutput runs command with the file of flag in also named
// by flag out, or inside the folder out names.
func refusesInputAsOutput(t *testing.T, command string, flags *pflag.FlagSet, base map[string]string, in, out string) {
	dir := t.TempDir()
	args := map[string]string{}
	for k, v := range base {
		if strings.Contains(v, ".") { // a file's name
			v = filepath.Join(dir, v)
		}
		args[k] = v
	}
	for _, name := range []string{"in.csv", "issued.json", "seller.toml", "buyers.csv"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	target := filepath.Join(dir, "precious")
	if in == "population" || in == "participants" {
		delete(args, "input")
		args["population"], args["participants"] = filepath.Join(dir, "in.csv"), filepath.Join(dir, "in.csv")
	}
	folder := command == "issue" // it writes a folder of EHF documents, always
	if (in == "seller" || in == "buyers") && !folder {
		// Only a format of one file per invoice reads them; its output
		// is a folder, which the input is inside.
		args["format"], args["issue-date"] = "ehf", "2021-01-15"
		args["seller"], args["buyers"] = filepath.Join(dir, "seller.toml"), filepath.Join(dir, "buyers.csv")
		folder = true
	}
	if folder {
		args["output"] = filepath.Join(dir, "out")
		if out == "output" {
			target = filepath.Join(dir, "out", "precious")
		}
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(target, []byte("precious\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args[in] = target
	if args["output"] == "" || out != "output" {
		args[out] = target
	}
	line := []string{command}
	if flags.Lookup("force") != nil {
		line = append(line, "--force")
	}
	for _, k := range sortedKeys(args) {
		line = append(line, "--"+k, args[k])
	}
	var stderr bytes.Buffer
	code := Main(line, nil, &bytes.Buffer{}, &stderr)
	if code != exitUsage || !strings.Contains(stderr.String(), "is read by this run") {
		t.Errorf("%q: exit %d, stderr:\n%s\nwant exit %d: is read by this run", line, code, stderr.String(), exitUsage)
	}
	if data, err := os.ReadFile(target); err != nil || string(data) != "precious\n" {
		t.Errorf("%s now holds %q (%v)", target, data, err)
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
