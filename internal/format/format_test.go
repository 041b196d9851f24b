package format

import "testing"

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		want       Kind
	}{
		{"lines.csv", "year,quarter\n", Text},
		{"lines.csv", "\ufeffyear,quarter\n", Text},
		{"lines.xlsx", "PK\x03\x04rest", Zip},
		{"lines.csv", "PK\x03\x04rest", Zip},
		{"DIGISOS-2020-0301.xml", "<?xml version=\"1.0\"?>\n<Invoice/>", XML},
		{"invoice.XML", "not xml at all", XML},
		{"invoice", "\ufeff  \n<Invoice/>", XML},
		{"lines.json", "{\"lines\": []}", JSON},
		{"lines", "\ufeff\r\n {\"lines\": []}", JSON},
		{"lines.JSON", "year,quarter\n", JSON},
		{"empty", "", Text},
		// Each form change verify accepts keeps the file's kind: a
		// byte-order mark, CR or CRLF line ends.
		{"lines", "\ufeff\r{\"lines\": []}", JSON},
		{"invoice", "\ufeff\r<Invoice/>", XML},
		{"lines", "\ufeffyear,quarter\r2020,1\r", Text},
		{"lines", "year,quarter\r\n2020,1\r\n", Text},
	} {
		if got := Sniff(tc.name, []byte(tc.data)); got != tc.want {
			t.Errorf("Sniff(%q, %q) = %v, want %v", tc.name, tc.data, got, tc.want)
		}
	}
}

// fake is a format that serves the ops it is given.
type fake struct {
	name string
	ops  map[Op]string // op: note
}

func (f fake) Name() string { return f.name }
func (f fake) Use(op Op) (Use, bool) {
	note, ok := f.ops[op]
	return Use{Note: note}, ok
}
func (fake) Sniff(string, []byte) bool                    { return false }
func (fake) Render(*Run) (Output, error)                  { return Output{}, ErrUnsupported }
func (fake) RenderCorrection(*Correction) (Output, error) { return Output{}, ErrUnsupported }
func (fake) Read(data []byte, name string) (*Tree, error) { return nil, ErrUnsupported }

func TestLookUp(t *testing.T) {
	fs := []Format{
		fake{"csv", map[Op]string{Calculate: ""}},
		fake{"text", map[Op]string{Explain: ""}},
		fake{"ehf", map[Op]string{Calculate: "one per municipality"}},
		fake{"pdf", map[Op]string{Explain: "the basis"}},
	}
	if got, want := List(fs, Calculate, true), "csv or ehf (one per municipality)"; got != want {
		t.Errorf("List(Calculate, true) = %q, want %q", got, want)
	}
	if got, want := List(fs, Explain, false), "text or pdf"; got != want {
		t.Errorf("List(Explain, false) = %q, want %q", got, want)
	}
	if got, want := List(fs[:1], Calculate, false), "csv"; got != want {
		t.Errorf("List of one = %q, want %q", got, want)
	}
	if f, ok := Named(fs, Explain, "pdf"); !ok || f.Name() != "pdf" {
		t.Errorf("Named(Explain, pdf) = %v, %v", f, ok)
	}
	if _, ok := Named(fs, Explain, "csv"); ok {
		t.Errorf("Named(Explain, csv) found csv, which serves only calculate")
	}
}

func TestWants(t *testing.T) {
	all, one := &Run{}, &Run{Only: []string{"0301"}}
	if !all.Wants("4601") || !one.Wants("0301") || one.Wants("4601") {
		t.Errorf("Wants: all %v, one 0301 %v, one 4601 %v", all.Wants("4601"), one.Wants("0301"), one.Wants("4601"))
	}
}

// The head line counts the chain's entries in words.
func TestHeadLine(t *testing.T) {
	for n, want := range map[int64]string{0: "head h (0 entries)", 1: "head h (1 entry)", 2: "head h (2 entries)"} {
		if got := (&Listing{Head: "h", Entries: n}).HeadLine(); got != want {
			t.Errorf("HeadLine with %d entries = %q, want %q", n, got, want)
		}
	}
}
