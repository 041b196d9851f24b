// Package tomlio reads tariff files, TOML with one [[year]] entry per year,
// and holds the built-in tariff table in the same format.
package tomlio

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/shopspring/decimal"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/pdfio"
)

//go:embed tariffs.toml
var builtin []byte

// BuiltinName is the source name recorded for the built-in tariffs.
const BuiltinName = "built-in tariffs.toml"

// Builtin returns the tariff table built into the program.
func Builtin() billing.Tariffs {
	ts, _, err := ReadTariffs(bytes.NewReader(builtin), BuiltinName, nil)
	if err != nil {
		panic("built-in tariff: " + err.Error()) // pinned by TestBuiltin
	}
	return ts
}

// Error is a tariff file error with the line of the key it is about.
type Error struct {
	File string
	Line int
	Key  string
	Err  error
}

// Error formats the error as file:line: key: message.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Key != "" {
		fmt.Fprintf(&b, ": %s", e.Key)
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	return b.String()
}

// Unwrap returns what is wrong.
func (e *Error) Unwrap() error { return e.Err }

type fileEntry struct {
	Year           int               `toml:"year"`
	AnnualCost     *quoted           `toml:"annual_cost"`
	Index          *indexEntry       `toml:"index"`
	PopulationDate *localDate        `toml:"population_date"`
	Shares         map[string]quoted `toml:"shares"`
	Waiver         []waiverEntry     `toml:"waiver"`
	Note           text              `toml:"note"`
}

type indexEntry struct {
	Name text   `toml:"name"`
	From quoted `toml:"from"`
	To   quoted `toml:"to"`
}

// quoted is a number written as a TOML string. Money and ratios must be
// quoted so that no float ever holds them: 0.1 as a TOML float is not 0.1.
type quoted string

// UnmarshalTOML accepts a TOML string only.
func (q *quoted) UnmarshalTOML(v any) error {
	s, ok := v.(string)
	if !ok {
		text := fmt.Sprint(v)
		if f, isFloat := v.(float64); isFloat {
			text = strconv.FormatFloat(f, 'f', -1, 64)
		}
		return fmt.Errorf("write %s in quotes, as \"%s\": money and ratios are strings, so no float ever holds them", text, text)
	}
	*q = quoted(s)
	return nil
}

// text is a TOML string of words (note, index name, waiver reason and
// solution): one line, without control or invisible formatting characters
// or noncharacters (billing.FindUnseen), which would travel unseen or
// changed into the record and the invoices, without a character the PDF
// basis cannot show (pdfio.FindUndrawable), and at most 1,000 characters. The decoder's error names the
// key's line.
type text string

// UnmarshalTOML accepts a TOML string of one line of visible text.
func (t *text) UnmarshalTOML(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("%s is not text: write it in quotes", billing.Quote(fmt.Sprint(v)))
	}
	if u, ok := billing.FindUnseen(s, false); ok {
		return fmt.Errorf("%s holds the %s %U at character %d: remove it (%s)", billing.Quote(s), u.Kind, u.Rune, u.Char, u.Why())
	}
	if r, n, ok := pdfio.FindUndrawable(s); ok {
		return fmt.Errorf("%s holds %U at character %d, which the invoices' PDF basis cannot show: %s", billing.Quote(s), r, n, pdfio.UndrawableHint)
	}
	if n := utf8.RuneCountInString(s); n > 1000 {
		return fmt.Errorf("%d characters, more than 1000: %s", n, billing.Quote(s))
	}
	*t = text(s)
	return nil
}

// localDate is a TOML local date, 2020-01-01: a date-time or a time of
// day is an error, as a count of inhabitants is made on a day.
type localDate time.Time

// UnmarshalTOML accepts a TOML local date only.
func (d *localDate) UnmarshalTOML(v any) error {
	t, ok := v.(time.Time)
	if !ok || t.Location().String() != "date-local" { // how the decoder marks a local date
		text := fmt.Sprint(v)
		if ok {
			text = t.Format(time.RFC3339)
		}
		return fmt.Errorf("%s is not a date: write the day only, as 2020-01-01", billing.Quote(text))
	}
	*d = localDate(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC))
	return nil
}

type waiverEntry struct {
	Solution text  `toml:"solution"`
	Quarters []int `toml:"quarters"`
	Reason   text  `toml:"reason"`
}

// ReadTariffs reads a tariff file named name and merges its years into
// base (the built-in table, or nil) with billing.Tariffs.Merge: a year the
// file defines replaces that year of base, and an index regulation may
// refer to a year of base. It returns the merged table, in year order and
// every tariff valid, and the number of years the file defines (its rows
// of data, for the record). Errors name the file, the line and the key.
func ReadTariffs(r io.Reader, name string, base billing.Tariffs) (billing.Tariffs, int, error) {
	data, err := readLimited(r, name)
	if err != nil {
		return nil, 0, err
	}
	f, err := decodeTariffFile(data, name)
	if err != nil {
		return nil, 0, err
	}
	sum := sha256.Sum256(data)
	file, err := f.tariffs(billing.Source{Name: name, SHA256: hex.EncodeToString(sum[:])})
	if err != nil {
		return nil, 0, err
	}
	ts, err := base.Merge(file)
	if err != nil {
		return nil, 0, f.locate(err)
	}
	return ts, len(file), nil
}

// tariffFile is a decoded tariff file, with what is needed to place an
// error on a line: the TOML metadata and the text.
type tariffFile struct {
	name    string
	entries []fileEntry
	order   [][]string // per entry, the solutions of its shares as written
	lines   locator
}

// decodeTariffFile decodes data, allowing only the keys of tariffKeys,
// spelled exactly.
func decodeTariffFile(data []byte, name string) (*tariffFile, error) {
	var doc struct {
		Year []fileEntry `toml:"year"`
	}
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&doc)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &Error{File: name, Line: pe.Position.Line, Key: pe.LastKey, Err: errors.New(pe.Message)}
		}
		// Type mismatches come as plain errors: "toml: line 3 (last key …): …".
		msg := strings.TrimPrefix(err.Error(), "toml: ")
		return nil, &Error{File: name, Err: errors.New(msg)}
	}
	f := &tariffFile{name: name, entries: doc.Year, order: shareOrder(md), lines: newLocator(data)}
	if k := unknownKey(md, tariffKeys); k != nil {
		line := f.lines.key(entryOf(md, k), k[len(k)-1])
		if line == 0 {
			line = keyLine(data, k[len(k)-1])
		}
		return nil, &Error{File: name, Line: line, Key: k.String(),
			Err: errors.New("unknown key (keys, in lower case: year, annual_cost, index, population_date, shares, waiver, note)")}
	}
	if len(f.entries) == 0 {
		return nil, &Error{File: name, Err: errors.New("no [[year]] entries")}
	}
	return f, nil
}

// tariffs converts each [[year]] entry to a tariff from src. The rules of
// a tariff are billing's (Tariff.Validate, checked by Merge); here only
// what the file format asks: each value of its type, one of annual_cost
// and index, and the keys that must be there.
func (f *tariffFile) tariffs(src billing.Source) (billing.Tariffs, error) {
	out := make(billing.Tariffs, len(f.entries))
	for i, e := range f.entries {
		fail := func(key string, err error) error {
			return &Error{File: f.name, Line: f.lines.key(i, key), Key: key, Err: err}
		}
		t := billing.Tariff{Year: e.Year, Note: string(e.Note), Source: src}
		key, err := e.cost(&t)
		if err == nil {
			key, err = e.populationDate(&t)
		}
		if err == nil {
			key, err = e.sharesAndWaivers(&t, f.order[i])
		}
		if err != nil {
			return nil, fail(key, err)
		}
		out[i] = t
	}
	return out, nil
}

// cost sets t's annual cost, or its index regulation.
func (e fileEntry) cost(t *billing.Tariff) (string, error) {
	switch {
	case e.AnnualCost != nil && e.Index != nil:
		return "annual_cost", errors.New("give annual_cost or index, not both")
	case e.AnnualCost == nil && e.Index == nil:
		return "year", fmt.Errorf("year %d has neither annual_cost nor index", e.Year)
	case e.AnnualCost != nil:
		cost, err := billing.ParseMoney(string(*e.AnnualCost))
		t.AnnualCost = cost
		return "annual_cost", err
	}
	from, err1 := decimal.NewFromString(string(e.Index.From))
	to, err2 := decimal.NewFromString(string(e.Index.To))
	if err1 != nil || err2 != nil {
		return "index", fmt.Errorf("from %s and to %s must be positive numbers written as strings", billing.Quote(string(e.Index.From)), billing.Quote(string(e.Index.To)))
	}
	t.Index = &billing.Index{Name: string(e.Index.Name), From: from, To: to}
	return "index", nil
}

// populationDate sets t's population date (a localDate).
func (e fileEntry) populationDate(t *billing.Tariff) (string, error) {
	if e.PopulationDate == nil {
		return "year", errors.New("population_date is missing (for example population_date = 2020-01-01)")
	}
	t.PopulationDate = time.Time(*e.PopulationDate)
	return "population_date", nil
}

// sharesAndWaivers sets t's shares, in the order written, and its waivers.
func (e fileEntry) sharesAndWaivers(t *billing.Tariff, order []string) (string, error) {
	if len(e.Shares) == 0 {
		return "shares", errors.New("missing (for example shares = { soknad = \"0.5\", innsyn = \"0.5\" })")
	}
	for _, sol := range order {
		ratio, err := decimal.NewFromString(string(e.Shares[sol]))
		if err != nil {
			return "shares", fmt.Errorf("%s = %s is not a decimal number", sol, billing.Quote(string(e.Shares[sol])))
		}
		t.Shares = append(t.Shares, billing.Share{Solution: sol, Ratio: ratio})
	}
	for _, w := range e.Waiver {
		wv := billing.Waiver{Solution: string(w.Solution), Reason: string(w.Reason)}
		for _, q := range w.Quarters {
			wv.Quarters = append(wv.Quarters, billing.Quarter(q))
		}
		t.Waivers = append(t.Waivers, wv)
	}
	return "", nil
}

// locate attaches the file and line to an error of billing: a
// *billing.TariffError names the year and the field, which is found in
// the last entry of that year (the second, when a year is defined twice).
func (f *tariffFile) locate(err error) error {
	var te *billing.TariffError
	if !errors.As(err, &te) {
		return &Error{File: f.name, Err: err}
	}
	first, last := -1, -1
	for i, e := range f.entries {
		if e.Year == te.Year {
			last = i
			if first < 0 {
				first = i
			}
		}
	}
	msg := te.Msg
	if errors.Is(te, billing.ErrTariffYearTwice) && first != last {
		msg += fmt.Sprintf(" (also at line %d)", f.lines.key(first, "year"))
	}
	return &Error{File: f.name, Line: f.lines.key(last, te.Field), Key: te.Field, Err: &billing.Problem{Msg: msg, Kind: te.Err}}
}

// tariffKeys are the keys a tariff file may hold, by their parent key; "*"
// stands for any name (the solutions of shares).
var tariffKeys = map[string][]string{
	"":            {"year"},
	"year":        {"year", "annual_cost", "index", "population_date", "shares", "waiver", "note"},
	"year.index":  {"name", "from", "to"},
	"year.shares": {"*"},
	"year.waiver": {"solution", "quarters", "reason"},
}

// unknownKey returns the first key of md that keys does not list, spelled
// exactly: the TOML decoder would match struct fields regardless of case,
// and a key that only looks right must not be taken as another.
func unknownKey(md toml.MetaData, keys map[string][]string) toml.Key {
	if und := md.Undecoded(); len(und) > 0 {
		return und[0]
	}
	for _, k := range md.Keys() {
		parent := strings.Join(k[:len(k)-1], ".")
		allowed := keys[parent]
		if !slices.Contains(allowed, k[len(k)-1]) && !slices.Contains(allowed, "*") {
			return k
		}
	}
	return nil
}

// shareOrder returns, per [[year]] entry, the solutions of its shares in
// the order they are written: the order of lines and of ties.
func shareOrder(md toml.MetaData) [][]string {
	var out [][]string
	for _, k := range md.Keys() {
		switch {
		case len(k) == 1 && k[0] == "year":
			out = append(out, nil)
		case len(k) == 3 && k[0] == "year" && k[1] == "shares" && len(out) > 0:
			out[len(out)-1] = append(out[len(out)-1], k[2])
		}
	}
	return out
}

// entryOf returns the index of the [[year]] entry in which key k is
// defined, counting entries in the order of md.Keys.
func entryOf(md toml.MetaData, k toml.Key) int {
	entry := -1
	for _, x := range md.Keys() {
		if len(x) == 1 && x[0] == "year" {
			entry++
		}
		if x.String() == k.String() {
			return max(entry, 0)
		}
	}
	return 0
}

// locator finds the line of a key within a [[year]] entry, for messages.
// The TOML decoder does not expose key positions, so it scans the text:
// entry i starts at the i-th "[[year]]" line.
type locator struct {
	lines  []string
	starts []int // 0-based line of each [[year]]
}

func newLocator(data []byte) locator {
	l := locator{lines: strings.Split(string(data), "\n")}
	for i, s := range l.lines {
		if strings.TrimSpace(s) == "[[year]]" {
			l.starts = append(l.starts, i)
		}
	}
	return l
}

func (l locator) key(entry int, key string) int {
	if entry < 0 || entry >= len(l.starts) {
		return 0
	}
	end := len(l.lines)
	if entry+1 < len(l.starts) {
		end = l.starts[entry+1]
	}
	for i := l.starts[entry]; i < end; i++ {
		s := strings.TrimSpace(l.lines[i])
		if strings.HasPrefix(s, key+" ") || strings.HasPrefix(s, key+"=") || s == "[[year."+key+"]]" {
			return i + 1
		}
	}
	return l.starts[entry] + 1
}
