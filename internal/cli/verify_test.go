package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"digisos-invoice/internal/audit"
	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/jsonio"
)

// ssbRun is a 2020 run of a table, every municipality of it taking part
// as the table says, issued as CSV, JSON and EHF, each with its manifest:
// the real SSB table (newSSBRun) or the sample (tamperRun). Tests share
// each run; they write their files into folders of their own.
type ssbRun struct {
	dir, input string
	ehfFlags   []string
	lines      int // the number of invoice lines
	rows       int // the number of municipalities
}

// newSSBRun is the run of the real SSB 2020 table with buyers from
// Enhetsregisteret.
func newSSBRun(t *testing.T) *ssbRun {
	t.Helper()
	return sharedRun(t, filepath.Join(refDir, "ssb-population-2020-01-01.csv"), func(dir string) string {
		buyers := filepath.Join(dir, "buyers.csv")
		if err := os.WriteFile(buyers, buyersFromBrreg(t, mustRead(t, filepath.Join(refDir, "brreg-kommuner-organisasjonsnummer-2023-06.csv"))), 0o644); err != nil {
			t.Fatal(err)
		}
		return buyers
	})
}

// fullMatrix says whether the tamper tables run on the real SSB table too:
// DIGISOS_FULL=1 go test ./internal/cli. On the sample they check the same
// in a fraction of the time.
var fullMatrix = os.Getenv("DIGISOS_FULL") == "1"

// tamperRun is the run the tables that change one value at a time verify:
// the sample (7 municipalities), or with DIGISOS_FULL=1 the real SSB table.
func tamperRun(t *testing.T) *ssbRun {
	t.Helper()
	if fullMatrix {
		return newSSBRun(t)
	}
	return sharedRun(t, "../../testdata/sample.csv", func(string) string { return "../../testdata/buyers.csv" })
}

// runs holds the runs made so far, by input; TestMain removes their folders.
var runs = struct {
	sync.Mutex
	m map[string]*ssbRun
}{m: map[string]*ssbRun{}}

// sharedRun makes the run of input once per test binary; buyers writes
// or names its buyers file.
func sharedRun(t *testing.T, input string, buyers func(dir string) string) *ssbRun {
	t.Helper()
	runs.Lock()
	defer runs.Unlock()
	if r := runs.m[input]; r != nil {
		return r
	}
	dir, err := os.MkdirTemp("", "digisos-run-")
	if err != nil {
		t.Fatal(err)
	}
	cleanups = append(cleanups, func() { os.RemoveAll(dir) })
	r := &ssbRun{dir: dir, input: input}
	r.ehfFlags = []string{"--seller", "../../testdata/seller.toml", "--buyers", buyers(dir), "--issue-date", "2021-01-15"}
	calc := []string{"calculate", "--year", "2020", "--input", r.input, "--quiet"}
	mainOK(t, append(calc, "--output", r.path("lines.csv"), "--manifest", r.path("lines.manifest.json"))...)
	mainOK(t, append(calc, "--format", "json", "--output", r.path("lines.json"), "--manifest", r.path("json.manifest.json"))...)
	mainOK(t, append(append(calc, "--format", "ehf", "--output", r.path("ehf"), "--manifest", r.path("ehf.manifest.json")), r.ehfFlags...)...)
	r.lines = strings.Count(r.read(t, "lines.csv"), "\n") - 1
	r.rows = strings.Count(string(mustRead(t, input)), "\n") - 1
	runs.m[input] = r
	return r
}

func (r *ssbRun) path(name string) string { return filepath.Join(r.dir, name) }

// verify runs verify on issued (and the manifest, if not ""), in process.
func (r *ssbRun) verify(issued, manifest string, extra ...string) (int, string, string) {
	args := []string{"verify", "--year", "2020", "--input", r.input, "--issued", issued}
	if manifest != "" {
		args = append(args, "--manifest", manifest)
	}
	if filepath.Ext(issued) != ".csv" && filepath.Ext(issued) != ".json" {
		args = append(args, r.ehfFlags...)
	}
	var stdout, stderr bytes.Buffer
	code := Main(append(args, extra...), nil, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// write writes data to a new file of t's own and returns its path.
func (r *ssbRun) write(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func (r *ssbRun) read(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(r.path(name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// expect checks a verify's exit code and that stdout matches every pattern.
func expect(t *testing.T, code int, stdout, stderr string, want int, patterns ...string) {
	t.Helper()
	if code != want {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, want, cut(stdout), stderr)
	}
	for _, p := range patterns {
		if !regexp.MustCompile(p).MatchString(stdout) {
			t.Errorf("stdout does not match %q:\n%s", p, cut(stdout))
		}
	}
}

func cut(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// editCSV changes column col of the CSV line at index line (0 = header).
func editCSV(text string, line, col int, f func(string) string) string {
	lines := strings.Split(text, "\n")
	cells := strings.Split(lines[line], ",")
	cells[col] = f(cells[col])
	lines[line] = strings.Join(cells, ",")
	return strings.Join(lines, "\n")
}

// bump changes the last digit of s, or appends an x.
func bump(s string) string {
	if s == "" {
		return "x"
	}
	if c := s[len(s)-1]; c >= '0' && c <= '9' {
		return s[:len(s)-1] + string('0'+(c-'0'+1)%10)
	}
	return s + "x"
}

func TestVerifyUntouched(t *testing.T) {
	r := newSSBRun(t)
	for _, tc := range []struct{ issued, manifest, want string }{
		{"lines.csv", "", `identical: the 2848 lines of lines.csv match a fresh computation of 2020 to the øre\n$`},
		{"lines.csv", "lines.manifest.json", `, and so does the manifest lines.manifest.json\n$`},
		{"lines.json", "", `identical: the 2848 lines and every other value of lines.json match`},
		{"lines.json", "json.manifest.json", `and so does the manifest json.manifest.json\n$`},
		{"ehf", "", `^identical: the 356 invoices in ehf match a fresh computation of 2020 to the øre\n$`},
		{"ehf", "ehf.manifest.json", `^identical: the 356 invoices in ehf match .*, and so does the manifest ehf.manifest.json\n$`},
		{"ehf/DIGISOS-2020-0301.xml", "ehf.manifest.json", `^identical: the invoice DIGISOS-2020-0301.xml matches`},
	} {
		t.Run(tc.issued+" "+tc.manifest, func(t *testing.T) {
			t.Parallel()
			manifest := ""
			if tc.manifest != "" {
				manifest = r.path(tc.manifest)
			}
			code, out, errOut := r.verify(r.path(tc.issued), manifest)
			expect(t, code, out, errOut, 0, tc.want)
		})
	}
}

// TestVerifyCSVTampered changes every column of a line of the issued CSV,
// one at a time: each is a difference that names the line and the column.
func TestVerifyCSVTampered(t *testing.T) {
	r := tamperRun(t)
	lines := r.read(t, "lines.csv")
	header := strings.Split(strings.SplitN(lines, "\n", 2)[0], ",")
	swap := map[string]string{"soknad": "innsyn", "innsyn": "soknad"}
	for col, name := range header {
		t.Run(name, func(t *testing.T) {
			// Line 21 is 1 in the file's count of lines from the header's 1.
			edited := editCSV(lines, 20, col, func(s string) string {
				if w, ok := swap[s]; ok {
					return w
				}
				return bump(s)
			})
			code, out, errOut := r.verify(r.write(t, "t.csv", []byte(edited)), "")
			expect(t, code, out, errOut, 3, fmt.Sprintf(`(?m)^t\.csv:21:%d +.* %s +`, col+1, name), `: 1 cell differs\n$`)
			if !strings.Contains(errOut, "t.csv differs from a fresh computation of 2020") {
				t.Errorf("stderr: %s", errOut)
			}
		})
	}
	t.Run("names swapped", func(t *testing.T) {
		// Oslo and Molde trade names on their first lines.
		edited := strings.Replace(strings.Replace(lines, ",0301,Oslo,", ",0301,Molde,", 1), ",1506,Molde,", ",1506,Oslo,", 1)
		code, out, errOut := r.verify(r.write(t, "t.csv", []byte(edited)), "")
		expect(t, code, out, errOut, 3, `(?m)^t\.csv:2:4 +0301 Oslo Q1 soknad +municipality_name +Molde +Oslo`, `: 2 cells differ\n$`)
	})
	t.Run("compensating", func(t *testing.T) {
		edited := editCSV(editCSV(lines, 1, 6, func(s string) string { return addKroner(t, s, 1000) }), 2, 6, func(s string) string { return addKroner(t, s, -1000) })
		code, out, errOut := r.verify(r.write(t, "t.csv", []byte(edited)), "")
		expect(t, code, out, errOut, 3, `(?m)^t\.csv:2:7 .* amount .* \+1000\.00$`, `(?m)^t\.csv:3:7 .* amount .* -1000\.00$`, `: 2 cells differ\n$`)
	})
	t.Run("line missing", func(t *testing.T) {
		edited := strings.Replace(lines, strings.Split(lines, "\n")[5]+"\n", "", 1)
		code, out, errOut := r.verify(r.write(t, "t.csv", []byte(edited)), "")
		expect(t, code, out, errOut, 3, `: 1 line missing\n$`)
	})
	t.Run("line extra", func(t *testing.T) {
		code, out, errOut := r.verify(r.write(t, "t.csv", []byte(lines+"2020,1,9999,Nowhere,soknad,1,0.01,0.00,DIGISOS-2020-9999\n")), "")
		expect(t, code, out, errOut, 3, fmt.Sprintf(`(?m)^t\.csv:%d +9999 Nowhere Q1 soknad +line +2020,1,9999`, r.lines+2), `: 1 line extra\n$`)
	})
}

// cell returns column col of the CSV line at index line.
func cell(text string, line, col int) string {
	return strings.Split(strings.Split(text, "\n")[line], ",")[col]
}

func addKroner(t *testing.T, s string, kr int) string {
	m := money(t, s)
	return (m + billing.Money(kr*100)).String()
}

// TestVerifyCSVForm changes how the lines are written, not what they
// state: exit 0 with a note; with the manifest, the hash differs: exit 3.
func TestVerifyCSVForm(t *testing.T) {
	r := tamperRun(t)
	lines := r.read(t, "lines.csv")
	all := strings.Split(strings.TrimSuffix(lines, "\n"), "\n")
	for _, tc := range []struct {
		name string
		text string
		note string
	}{
		{"order", all[0] + "\n" + strings.Join(append([]string{all[2], all[1]}, all[3:]...), "\n") + "\n", "lines are in another order than calculate writes"},
		{"bom", "\ufeff" + lines, "t.csv starts with a byte-order mark"},
		{"crlf", strings.ReplaceAll(lines, "\n", "\r\n"), "lines end in CRLF"},
		{"quotes", strings.ReplaceAll(lines, ",Oslo,", `,"Oslo",`), "cells are in quotes"},
		{"semicolons", strings.ReplaceAll(lines, ",", ";"), "cells are separated by ';'"},
		{"trailing empty line", lines + "\n", "1 empty line, which calculate does not write"},
		{"decimals", editCSV(lines, 1, 6, func(s string) string { return s + "0" }), `t\.csv:2:7: amount is written ` + regexp.QuoteMeta(cell(lines, 1, 6)+"0") + `; calculate writes ` + regexp.QuoteMeta(cell(lines, 1, 6)) + `, the same amount`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := r.write(t, "t.csv", []byte(tc.text))
			code, out, errOut := r.verify(p, "")
			expect(t, code, out, errOut, 0, "(?m)^note: .*"+tc.note, fmt.Sprintf(`identical: the %d lines of t.csv match`, r.lines))
			code, out, errOut = r.verify(p, r.path("lines.manifest.json"))
			expect(t, code, out, errOut, 3, "(?m)^note: .*"+tc.note, `(?m)^lines\.manifest\.json:\d+:\d+ +recorded hash, and the file's hash now +/output/sha256 `, `: 1 hash differs\n$`)
		})
	}
}

// TestVerifyManifest changes the manifest: every field it records is
// compared, a hash recomputed to match a tampered file does not hide the
// change, and the program is reported, not counted.
func TestVerifyManifest(t *testing.T) {
	r := tamperRun(t)
	lines, manifest := r.read(t, "lines.csv"), r.read(t, "lines.manifest.json")
	tampered := editCSV(lines, 1, 6, bump)
	for _, tc := range []struct {
		name, old, new string
		issued         string
		code           int
		want           []string
	}{
		{"recomputed to match a tampered file", sha(lines), sha(tampered), tampered, 3,
			[]string{`(?m)^t\.csv:2:7 .* amount +` + regexp.QuoteMeta(bump(cell(lines, 1, 6))+" "), `(?m)^m\.json:\d+:\d+ +output hash +/output/sha256 +` + sha(tampered), `: 1 cell differs, 1 field differs\n$`}},
		{"file changed after issue", "", "", tampered, 3, []string{`: 1 cell differs, 1 hash differs\n$`}},
		{"another year", `"year": 2020,
  "tariff"`, `"year": 2021,
  "tariff"`, lines, 3, []string{`(?m)^m\.json:7:11 +- +/year +2021 +2020`}},
		{"rules", `version 1"`, `version 2"`, lines, 3, []string{`(?m)^m\.json:\d+:\d+ +rules version +/rules `, `: 1 field differs\n$`}},
		{"share", `"ratio": "0.5"`, `"ratio": "0.6"`, lines, 3, []string{`/tariff/shares/0/ratio +0\.6 +0\.5`}},
		{"waiver", `"reason": "Innsyn`, `"reason": "innsyn`, lines, 3, []string{`/tariff/waivers/0/reason`}},
		{"input hash", `"sha256": "` + sha(string(mustRead(t, r.input))), `"sha256": "` + sha("x"), lines, 3, []string{`(?m)^provenance: the issued run read municipalities file ` + regexp.QuoteMeta(filepath.Base(r.input)) + ` with sha256 ` + sha("x"), `: 1 provenance difference\n$`}},
		{"input rows", fmt.Sprintf(`"rows": %d`, r.rows), fmt.Sprintf(`"rows": %d`, r.rows-1), lines, 3, []string{fmt.Sprintf(`/inputs/0/rows +%d +%d`, r.rows-1, r.rows)}},
		{"no output", `,
  "output": {
    "name": "lines.csv",
    "format": "csv",
    "sha256": "` + sha(lines) + `"
  }`, "", lines, 3, []string{`(?m)^m\.json:1:1 +the output this manifest describes +/output +missing`, `: 1 field missing\n$`}},
		{"program", `"version": "(devel)"`, `"version": "v0.9.0"`, lines, 0, []string{`(?m)^reported: the issued run was made by digisos-invoice v0\.9\.0; this is digisos-invoice \(devel\)$`}},
		{"another output's manifest", `"format": "csv",
    "sha256": "` + sha(lines), `"format": "json",
    "sha256": "` + sha("x"), lines, 3, []string{`(?m)^m\.json:\d+:\d+ +- +/output/format +json +csv`, `: 2 fields differ\n$`}},
		{"renamed", `"name": "lines.csv"`, `"name": "lines-2020.csv"`, lines, 0, []string{`(?m)^reported: the manifest names the output lines-2020\.csv; the issued output is called t\.csv$`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := strings.Replace(manifest, tc.old, tc.new, 1)
			if tc.old != "" && m == manifest {
				t.Fatalf("%q is not in the manifest", tc.old)
			}
			code, out, errOut := r.verify(r.write(t, "t.csv", []byte(tc.issued)), r.write(t, "m.json", []byte(m)))
			expect(t, code, out, errOut, tc.code, tc.want...)
		})
	}
}

// TestVerifyJSONTampered changes every field of the JSON document, one at
// a time (the first value at each path): each is a difference that names
// its JSON path. The program is reported, not counted.
func TestVerifyJSONTampered(t *testing.T) {
	r := tamperRun(t)
	doc := r.read(t, "lines.json")
	root, err := jsonio.ReadDocumentTree([]byte(doc), "lines.json")
	if err != nil {
		t.Fatal(err)
	}
	// Which input of each role and which tariff: the provenance, in words.
	provenance := map[string]bool{"/meta/inputs/0/role": true, "/meta/inputs/0/sha256": true,
		"/meta/tariff/source_sha256": true, "/meta/tariff/annual_cost": true}
	t.Run("field", func(t *testing.T) {
		for i, leaf := range firstLeaves(root, "", "") {
			t.Run(leaf.path, func(t *testing.T) {
				t.Parallel()
				edited := replaceToken(t, doc, leaf.node)
				code, out, errOut := r.verify(r.write(t, fmt.Sprintf("t%d.json", i), []byte(edited)), "")
				switch {
				case strings.HasPrefix(leaf.path, "/meta/program/"):
					expect(t, code, out, errOut, 0, `(?m)^reported: the issued run was made by`)
					return
				case leaf.path == "/meta/inputs/0/name":
					expect(t, code, out, errOut, 0, `(?m)^reported: /meta/inputs/0/name: issued `)
					return
				case provenance[leaf.path]:
					expect(t, code, out, errOut, 3, `(?m)^provenance: `, ` provenance differences?\n$`)
					return
				}
				expect(t, code, out, errOut, 3, fmt.Sprintf(`(?m)^t%d\.json:\d+:\d+ .* `, i)+regexp.QuoteMeta(leaf.path)+` `, `: 1 field differs\n$`)
			})
		}
	})
	t.Run("compensating", func(t *testing.T) {
		items := root.Get("lines").Items
		edited := editToken(t, doc, items[2].Get("amount"), func(s string) string { return addKroner(t, s, -1000) })
		edited = editToken(t, edited, items[0].Get("amount"), func(s string) string { return addKroner(t, s, 1000) })
		code, out, errOut := r.verify(r.write(t, "t.json", []byte(edited)), "")
		expect(t, code, out, errOut, 3, `/lines/0/amount .* \+1000\.00`, `/lines/2/amount .* -1000\.00`, `: 2 fields differ\n$`)
	})
	t.Run("line missing", func(t *testing.T) {
		var d map[string]any
		if err := json.Unmarshal([]byte(doc), &d); err != nil {
			t.Fatal(err)
		}
		d["lines"] = d["lines"].([]any)[1:]
		data, _ := json.MarshalIndent(d, "", "  ")
		code, out, errOut := r.verify(r.write(t, "t.json", data), "")
		expect(t, code, out, errOut, 3, `(?m)^t\.json:\d+:\d+ +0301 Oslo Q1 soknad +/lines/0 +missing`, `: 1 line missing\n$`, `(?m)^note: .*keys are in another order`)
	})
}

type leaf struct {
	path string
	node *audit.Node
}

// firstLeaves lists the first leaf at each path pattern of n (array
// indices as *), with its real path.
func firstLeaves(n *audit.Node, path, pattern string) []leaf {
	seen := map[string]bool{}
	var out []leaf
	var walk func(n *audit.Node, path, pattern string)
	walk = func(n *audit.Node, path, pattern string) {
		switch n.Kind {
		case audit.Leaf:
			if !seen[pattern] {
				seen[pattern] = true
				out = append(out, leaf{path, n})
			}
		case audit.Object:
			for _, f := range n.Fields {
				walk(f.Node, path+"/"+f.Name, pattern+"/"+f.Name)
			}
		case audit.Array:
			for i, it := range n.Items {
				walk(it, fmt.Sprintf("%s/%d", path, i), pattern+"/*")
			}
		}
	}
	walk(n, path, pattern)
	return out
}

// editToken replaces the JSON string at n's position with f of it.
func editToken(t *testing.T, doc string, n *audit.Node, f func(string) string) string {
	t.Helper()
	lines := strings.SplitAfter(doc, "\n")
	off := len(strings.Join(lines[:n.Line-1], "")) + n.Col - 1
	dec := json.NewDecoder(strings.NewReader(doc[off:]))
	tok, err := dec.Token()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(f(tok.(string)))
	return doc[:off] + string(b) + doc[off+int(dec.InputOffset()):]
}

// replaceToken changes the JSON value at n's position: a string gets its
// last digit changed (or an x), a number +1, a bool the other value.
func replaceToken(t *testing.T, doc string, n *audit.Node) string {
	t.Helper()
	lines := strings.SplitAfter(doc, "\n")
	off := len(strings.Join(lines[:n.Line-1], "")) + n.Col - 1
	dec := json.NewDecoder(strings.NewReader(doc[off:]))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		t.Fatal(err)
	}
	var repl string
	switch v := tok.(type) {
	case string:
		b, _ := json.Marshal(bump(v))
		repl = string(b)
	case json.Number:
		i, _ := v.Int64()
		repl = fmt.Sprint(i + 1)
	case bool:
		repl = fmt.Sprint(!v)
	default:
		t.Fatalf("token %v at %d:%d", tok, n.Line, n.Col)
	}
	return doc[:off] + repl + doc[off+int(dec.InputOffset()):]
}

func TestVerifyJSONForm(t *testing.T) {
	r := tamperRun(t)
	doc := r.read(t, "lines.json")
	for _, tc := range []struct{ name, text, note string }{
		{"compact", compactJSON(t, doc), "t.json is laid out otherwise than calculate writes it"},
		{"decimals", strings.Replace(doc, `"invoiced": "2550000.00"`, `"invoiced": "2550000.000"`, 1), `/totals/invoiced is written 2550000\.000`},
		{"line order", swapFirstLines(t, doc), "lines are in another order than calculate writes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := r.write(t, "t.json", []byte(tc.text))
			code, out, errOut := r.verify(p, "")
			expect(t, code, out, errOut, 0, "(?m)^note: .*"+tc.note)
			code, out, errOut = r.verify(p, r.path("json.manifest.json"))
			expect(t, code, out, errOut, 3, `: 1 hash differs\n$`)
		})
	}
}

func compactJSON(t *testing.T, doc string) string {
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(doc)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// swapFirstLines swaps the first two objects of "lines" in the document,
// keeping everything else as it is.
func swapFirstLines(t *testing.T, doc string) string {
	start := strings.Index(doc, `"lines": [`) + len(`"lines": [`)
	objs := regexp.MustCompile(`(?s)\n    \{.*?\n    \}`).FindAllStringIndex(doc[start:], 2)
	a, b := doc[start+objs[0][0]:start+objs[0][1]], doc[start+objs[1][0]:start+objs[1][1]]
	return doc[:start+objs[0][0]] + b + doc[start+objs[0][1]:start+objs[1][0]] + a + doc[start+objs[1][1]:]
}

func TestVerifyBadInput(t *testing.T) {
	r := tamperRun(t)
	doc := r.read(t, "lines.json")
	for _, tc := range []struct{ name, file, text, want string }{
		{"empty object", "t.json", "{}", `t.json:1:1: not a JSON document written by calculate: the document: the key "meta" is missing`},
		{"no lines", "t.json", strings.Replace(doc, `"lines":`, `"line":`, 1), `unknown key "line"`},
		{"wrong type", "t.json", strings.Replace(doc, `"year": 2020,`, `"year": "2020",`, 1), `/meta/year: a string "2020", where calculate writes a whole number`},
		{"not lines", "t.csv", "municipality_number,population\n0301,1\n", `t.csv:1: missing column "year"`},
		{"not ubl", "t.xml", `<?xml version="1.0"?><Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>`, `t.xml:1:22: not a UBL invoice`},
		{"not xml", "t.xml", "<Invoice", `t.xml:1: not XML`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := r.verify(r.write(t, tc.file, []byte(tc.text)), "")
			if code != 1 || out != "" || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want 1 and %q", code, out, errOut, tc.want)
			}
		})
	}
}

// TestVerifyEHFTampered changes every element value and attribute of one
// invoice (the first of each path), one at a time: each is a difference
// that names the element. The invoice is verified as one file; the folder
// as a whole is TestVerifyEHFFolder's.
func TestVerifyEHFTampered(t *testing.T) {
	r := tamperRun(t)
	const name = "DIGISOS-2020-0301.xml"
	inv := r.read(t, filepath.Join("ehf", name))
	for _, s := range xmlValues(t, inv) {
		t.Run(s.path, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			edited := inv[:s.start] + bump(inv[s.start:s.end]) + inv[s.end:]
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(edited), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errOut := r.verify(p, "")
			last := s.path[strings.LastIndex(s.path, "/")+1:]
			expect(t, code, out, errOut, 3, `(?m)^`+regexp.QuoteMeta(name)+`:\d+:\d+ .*/`+regexp.QuoteMeta(last)+` `, `: 1 element differs\n$`)
		})
	}
}

// span is where a value of an XML file is: an element's text or an
// attribute's value, with its path (prefixes as written).
type span struct {
	path       string
	start, end int
}

// xmlValues lists the first text and attribute value at each path.
func xmlValues(t *testing.T, doc string) []span {
	dec := xml.NewDecoder(strings.NewReader(doc))
	var stack []string
	seen := map[string]bool{}
	var out []span
	add := func(p string, start, end int) {
		if !seen[p] {
			seen[p] = true
			out = append(out, span{p, start, end})
		}
	}
	for {
		start := int(dec.InputOffset())
		tok, err := dec.RawToken()
		if err != nil {
			break
		}
		end := int(dec.InputOffset())
		switch v := tok.(type) {
		case xml.StartElement:
			stack = append(stack, v.Name.Space+":"+v.Name.Local)
			for _, a := range v.Attr {
				if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
					continue
				}
				i := strings.Index(doc[start:end], a.Name.Local+`="`) + len(a.Name.Local) + 2
				add(strings.Join(stack, "/")+"/@"+a.Name.Local, start+i, start+i+len(a.Value))
			}
		case xml.CharData:
			if strings.TrimSpace(string(v)) != "" {
				add(strings.Join(stack, "/"), start, end)
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
	if len(out) < 40 {
		t.Fatalf("only %d values in the invoice", len(out))
	}
	return out
}

func copyFolder(t *testing.T, from, to string) string {
	t.Helper()
	os.RemoveAll(to)
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return to
}

func TestVerifyEHFFolder(t *testing.T) {
	r := tamperRun(t)
	const oslo, bergen = "DIGISOS-2020-0301.xml", "DIGISOS-2020-4601.xml"
	edit := func(name string, f func(string) string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			p := filepath.Join(dir, name)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(f(string(data))), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, dir string)
		code   int
		want   []string
	}{
		{"account", edit(bergen, func(s string) string {
			return strings.Replace(s, "<cbc:ID>12345678903</cbc:ID>", "<cbc:ID>12345678911</cbc:ID>", 1)
		}), 3,
			[]string{`(?m)^DIGISOS-2020-4601\.xml:\d+:\d+ +account +/Invoice/cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID +12345678911 +12345678903`, `: 1 element differs\n$`}},
		{"compensating", edit(oslo, func(s string) string {
			// The first amount is the invoice's total; then line 1, 2, 3.
			at := regexp.MustCompile(`<cbc:LineExtensionAmount currencyID="NOK">([0-9.]+)<`).FindAllStringSubmatchIndex(s, 4)
			l1, l3 := at[1], at[3]
			s = s[:l3[2]] + addKroner(t, s[l3[2]:l3[3]], -1000) + s[l3[3]:]
			return s[:l1[2]] + addKroner(t, s[l1[2]:l1[3]], 1000) + s[l1[3]:]
		}), 3, []string{`line 1 amount .* \+1000\.00`, `line 3 amount .* -1000\.00`, `: 2 elements differ\n$`}},
		{"missing", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, oslo)) }, 3,
			[]string{`(?m)^t +DIGISOS-2020-0301 +DIGISOS-2020-0301\.xml +missing +invoice DIGISOS-2020-0301 to OSLO KOMMUNE`, `: 1 invoice missing\n$`}},
		{"extra", func(t *testing.T, dir string) {
			data, _ := os.ReadFile(filepath.Join(dir, oslo))
			os.WriteFile(filepath.Join(dir, "DIGISOS-2020-0000.xml"), data, 0o644)
		}, 3, []string{`: 1 invoice extra\n$`}},
		{"not an invoice", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("hello\n"), 0o644)
		}, 3,
			[]string{`(?m)^t +- +notes\.txt +not an invoice: notes\.txt:1:1: not XML`, `: 1 file extra\n$`}},
		{"layout", edit(oslo, func(s string) string { return strings.ReplaceAll(s, "\n  ", "\n") }), 0,
			[]string{`(?m)^note: DIGISOS-2020-0301\.xml is laid out otherwise than calculate writes it`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyFolder(t, r.path("ehf"), filepath.Join(t.TempDir(), "t"))
			tc.change(t, dir)
			code, out, errOut := r.verify(dir, "")
			expect(t, code, out, errOut, tc.code, tc.want...)
			// With the manifest, any change of the bytes is a difference.
			code, out, errOut = r.verify(dir, r.path("ehf.manifest.json"))
			expect(t, code, out, errOut, 3, `(?m)^ehf\.manifest\.json:\d+:\d+ .*/output/sha256 `)
		})
	}
}
