package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestExamples runs every command's Example, as the help shows it, in a
// folder where testdata is the project's, and expects each to succeed.
func TestExamples(t *testing.T) {
	testdata, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Symlink(testdata, filepath.Join(dir, "testdata")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	root := newRootCmd(nil, io.Discard, io.Discard, time.Now)
	cmds := append(root.Commands(), root)
	ran := 0
	for _, c := range cmds {
		if c.Hidden || c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		if c.Short == "" || c.Example == "" {
			t.Errorf("%s: no Short or no Example", c.CommandPath())
			continue
		}
		for _, line := range strings.Split(c.Example, "\n") {
			line = strings.TrimSpace(line)
			t.Run(line, func(t *testing.T) {
				args := strings.Fields(line)
				if len(args) == 0 || args[0] != prog {
					t.Fatalf("%s: example %q does not start with %s", c.CommandPath(), line, prog)
				}
				var stderr bytes.Buffer
				if code := Main(args[1:], nil, io.Discard, &stderr); code != 0 {
					t.Errorf("exit %d: %s", code, stderr.String())
				}
			})
			ran++
		}
	}
	t.Logf("ran %d examples of %d commands", ran, len(cmds))
	if ran < len(cmds)-1 {
		t.Errorf("ran %d examples for %d commands", ran, len(cmds))
	}
}
