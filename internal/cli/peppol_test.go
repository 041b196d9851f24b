package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
)

// TestMain runs the tests, then the external Peppol validator once over
// every EHF document they handed to validate: the validator's Java
// start-up costs seconds, once per binary rather than once per test. An
// invalid document fails the binary, naming the test that made it.
func TestMain(m *testing.M) {
	code := m.Run()
	if peppolQueue.validate(os.Stdout) && code == 0 {
		code = 1
	}
	peppolQueue.remove()
	for _, f := range cleanups {
		f()
	}
	os.Exit(code)
}

// cleanups remove what tests made for the whole binary, after TestMain's
// last use of it.
var cleanups []func()

// peppolQueue is where the tests' EHF documents wait for the validator.
var peppolQueue collector

// collector holds copies of the documents the tests made, in a folder of
// its own, each named after the test that made it.
type collector struct {
	mu    sync.Mutex
	dir   string
	test  map[string]string // copy's path → the test that made it
	tests map[string]bool
}

// validate hands every XML file of dirs to the Peppol validator, which
// TestMain runs once all tests have run; it fails t if a folder holds none.
func validate(t *testing.T, dirs ...string) {
	t.Helper()
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no invoices in %s (%v)", dir, err)
		}
		for _, f := range files {
			if err := peppolQueue.add(t.Name(), f); err != nil {
				t.Fatal(err)
			}
		}
	}
}

var unsafeInName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// add copies file into the collector's folder as NNNN-Test-name.xml.
func (c *collector) add(test, file string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dir == "" {
		if c.dir, err = os.MkdirTemp("", "digisos-peppol-"); err != nil {
			return err
		}
		c.test, c.tests = map[string]string{}, map[string]bool{}
	}
	name := fmt.Sprintf("%04d-%s-%s", len(c.test)+1, unsafeInName.ReplaceAllString(test, "_"), filepath.Base(file))
	p := filepath.Join(c.dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	c.test[p], c.tests[test] = test, true
	return nil
}

func (c *collector) remove() {
	if c.dir != "" {
		os.RemoveAll(c.dir)
	}
}

// validate runs the validator over every collected document and reports
// to w; it says whether any is invalid. Without the validator it prints
// one "skip: " line, which internal/testsummary counts.
func (c *collector) validate(w io.Writer) (invalid bool) {
	if len(c.test) == 0 {
		return false
	}
	what := fmt.Sprintf("the Peppol validator over %d documents of %d test(s)", len(c.test), len(c.tests))
	v, missing := validatorPath()
	if missing != "" {
		fmt.Fprintf(w, "skip: %s: %s\n", what, missing)
		return false
	}
	files := make([]string, 0, len(c.test))
	for f := range c.test {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, r := range runValidator(v, files, runtime.NumCPU()) {
		var ee *exec.ExitError
		switch {
		case errors.As(r.err, &ee) && ee.ExitCode() == 2:
			fmt.Fprintf(w, "skip: %s: it cannot run here: %s\n", what, firstLine(r.out))
			return false
		case r.err == nil && bytes.Contains(r.out, fmt.Appendf(nil, "%d file(s) checked: %d valid, 0 invalid", len(r.files), len(r.files))):
			continue
		}
		invalid = true
		fmt.Fprintf(w, "%s: %v\n%s", what, r.err, r.out)
		for _, f := range r.files {
			if bytes.Contains(r.out, []byte(f+": FAIL")) {
				fmt.Fprintf(w, "invalid: %s, made by %s\n", filepath.Base(f), c.test[f])
			}
		}
	}
	if !invalid {
		fmt.Fprintf(w, "%s: all valid\n", what)
	}
	return invalid
}

// validatorRun is one run of the validator: the files, what it said.
type validatorRun struct {
	files []string
	out   []byte
	err   error
}

// runValidator runs the validator over files in up to n batches at once:
// its work is per document and mostly on one core (a shell loop, then one
// Java process per rule set), so a batch per core saves half the time on
// two cores for one more Java start-up.
func runValidator(v string, files []string, n int) []validatorRun {
	n = max(1, min(n, len(files)/100))
	runs := make([]validatorRun, n)
	var wg sync.WaitGroup
	for i := range runs {
		r := &runs[i]
		r.files = files[i*len(files)/n : (i+1)*len(files)/n]
		wg.Go(func() { r.out, r.err = exec.Command(v, append([]string{"-q"}, r.files...)...).CombinedOutput() })
	}
	wg.Wait()
	return runs
}

// validatorPath is the external Peppol validator's path, or why it cannot
// run here.
func validatorPath() (path, missing string) {
	v, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "validation", "validate-peppol"))
	if err != nil {
		return "", err.Error()
	}
	if _, err := os.Stat(v); err != nil {
		return "", "../shared/validation is not here (it lives beside the project)"
	}
	for _, tool := range []string{"xmllint", "java"} {
		if _, err := exec.LookPath(tool); err != nil {
			return "", tool + " is not installed (apt-get install -y libxml2-utils libsaxonhe-java default-jre-headless)"
		}
	}
	if _, err := os.Stat("/usr/share/java/Saxon-HE.jar"); err != nil && os.Getenv("SAXON_JAR") == "" {
		return "", "Saxon-HE is not installed (apt-get install -y libsaxonhe-java)"
	}
	return v, ""
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	return s
}
