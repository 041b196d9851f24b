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

	"github.com/BurntSushi/toml"
	"github.com/shopspring/decimal"

	"digisos-invoice/internal/billing"
)

//go:embed tariffs.toml
var builtin []byte

// BuiltinName is the source name recorded for the built-in tariffs.
const BuiltinName = "built-in tariffs.toml"

// Builtin returns the tariff table built into the program.
func Builtin() billing.Tariffs {
	ts, err := ReadTariffs(bytes.NewReader(builtin), BuiltinName, nil)
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
	PopulationDate *time.Time        `toml:"population_date"`
	Shares         map[string]quoted `toml:"shares"`
	Waiver         []waiverEntry     `toml:"waiver"`
	Note           string            `toml:"note"`
}

type indexEntry struct {
	Name string `toml:"name"`
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

type waiverEntry struct {
	Solution string `toml:"solution"`
	Quarters []int  `toml:"quarters"`
	Reason   string `toml:"reason"`
}

// ReadTariffs reads a tariff file named name. Entries of base (the built-in
// table, or nil) are kept unless the file defines the same year, which then
// replaces them. An index regulation may refer to a year of base. The
// result is sorted by year and every tariff in it is valid.
func ReadTariffs(r io.Reader, name string, base billing.Tariffs) (billing.Tariffs, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &Error{File: name, Err: err}
	}
	sum := sha256.Sum256(data)
	src := billing.Source{Name: name, SHA256: hex.EncodeToString(sum[:])}
	lines := newLocator(data)

	var f struct {
		Year []fileEntry `toml:"year"`
	}
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &Error{File: name, Line: pe.Position.Line, Key: pe.LastKey, Err: errors.New(pe.Message)}
		}
		// Type mismatches come as plain errors: "toml: line 3 (last key …): …".
		msg := strings.TrimPrefix(err.Error(), "toml: ")
		return nil, &Error{File: name, Err: errors.New(msg)}
	}
	if k := unknownKey(md, tariffKeys); k != nil {
		line := lines.key(entryOf(md, k), k[len(k)-1])
		if line == 0 {
			line = keyLine(data, k[len(k)-1])
		}
		return nil, &Error{File: name, Line: line, Key: k.String(),
			Err: errors.New("unknown key (keys, in lower case: year, annual_cost, index, population_date, shares, waiver, note)")}
	}
	if len(f.Year) == 0 {
		return nil, &Error{File: name, Err: errors.New("no [[year]] entries")}
	}
	order := shareOrder(md)

	// Costs given directly first, then index regulations in year order, so
	// that a chain 2021 → 2022 resolves; a cycle or a gap is an error.
	byYear := map[int]billing.Tariff{}
	for _, t := range base {
		byYear[t.Year] = t
	}
	defined := map[int]int{}
	entries := make([]billing.Tariff, len(f.Year))
	for i, e := range f.Year {
		fail := func(key string, err error) error {
			return &Error{File: name, Line: lines.key(i, key), Key: key, Err: err}
		}
		if e.Year < 1900 || e.Year > 9999 {
			return nil, fail("year", fmt.Errorf("year %d is not a four-digit year", e.Year))
		}
		if j, dup := defined[e.Year]; dup {
			return nil, fail("year", fmt.Errorf("year %d is defined twice (also at line %d)", e.Year, lines.key(j, "year")))
		}
		defined[e.Year] = i
		t := billing.Tariff{Year: e.Year, Note: e.Note, Source: src}
		switch {
		case e.AnnualCost != nil && e.Index != nil:
			return nil, fail("annual_cost", errors.New("give annual_cost or index, not both"))
		case e.AnnualCost == nil && e.Index == nil:
			return nil, fail("year", fmt.Errorf("year %d has neither annual_cost nor index", e.Year))
		case e.AnnualCost != nil:
			cost, err := billing.ParseMoney(string(*e.AnnualCost))
			if err != nil {
				return nil, fail("annual_cost", err)
			}
			if cost < 0 {
				return nil, fail("annual_cost", fmt.Errorf("%s is negative", *e.AnnualCost))
			}
			t.AnnualCost = cost
		default:
			from, err1 := decimal.NewFromString(string(e.Index.From))
			to, err2 := decimal.NewFromString(string(e.Index.To))
			if err1 != nil || err2 != nil || !from.IsPositive() || !to.IsPositive() {
				return nil, fail("index", fmt.Errorf("from %q and to %q must be positive numbers written as strings", e.Index.From, e.Index.To))
			}
			if strings.TrimSpace(e.Index.Name) == "" {
				return nil, fail("index", errors.New("name the index (for example \"KPI\")"))
			}
			t.Index = &billing.Index{Name: e.Index.Name, From: from, To: to}
		}
		if e.PopulationDate == nil {
			return nil, fail("year", errors.New("population_date is missing (for example population_date = 2020-01-01)"))
		}
		pd := *e.PopulationDate
		t.PopulationDate = time.Date(pd.Year(), pd.Month(), pd.Day(), 0, 0, 0, 0, time.UTC)
		if len(e.Shares) == 0 {
			return nil, fail("shares", errors.New("missing (for example shares = { soknad = \"0.5\", innsyn = \"0.5\" })"))
		}
		for _, sol := range order[i] {
			ratio, err := decimal.NewFromString(string(e.Shares[sol]))
			if err != nil {
				return nil, fail("shares", fmt.Errorf("%s = %q is not a decimal number", sol, e.Shares[sol]))
			}
			t.Shares = append(t.Shares, billing.Share{Solution: sol, Ratio: ratio})
		}
		for _, w := range e.Waiver {
			wv := billing.Waiver{Solution: w.Solution, Reason: w.Reason}
			for _, q := range w.Quarters {
				wv.Quarters = append(wv.Quarters, billing.Quarter(q))
			}
			if strings.TrimSpace(w.Reason) == "" {
				return nil, fail("waiver", fmt.Errorf("waiver for %s has no reason", w.Solution))
			}
			t.Waivers = append(t.Waivers, wv)
		}
		if err := t.Validate(); err != nil {
			var te *billing.TariffError
			if errors.As(err, &te) {
				return nil, fail(te.Field, &billing.Problem{Msg: te.Msg, Kind: te.Err})
			}
			return nil, fail("year", err)
		}
		entries[i] = t
		if t.Index == nil {
			byYear[t.Year] = t
		}
	}
	// Resolve index regulations in year order; each needs the year before.
	idx := make([]int, 0, len(entries))
	for i, t := range entries {
		if t.Index != nil {
			idx = append(idx, i)
		}
	}
	slices.SortFunc(idx, func(a, b int) int { return entries[a].Year - entries[b].Year })
	for _, i := range idx {
		t := entries[i]
		prev, ok := byYear[t.Year-1]
		if !ok {
			return nil, &Error{File: name, Line: lines.key(i, "index"), Key: "index",
				Err: fmt.Errorf("year %d is index-regulated from %d, which has no cost", t.Year, t.Year-1)}
		}
		cost, err := billing.IndexCost(prev.AnnualCost, t.Index.From, t.Index.To)
		if err != nil {
			return nil, &Error{File: name, Line: lines.key(i, "index"), Key: "index", Err: err}
		}
		t.Index.PreviousCost = prev.AnnualCost
		t.AnnualCost = cost
		entries[i] = t
		byYear[t.Year] = t
	}
	// A base year that a file year regulates from keeps its base value; a
	// base year that the file replaces is dropped.
	out := make(billing.Tariffs, 0, len(byYear))
	for _, t := range byYear {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b billing.Tariff) int { return a.Year - b.Year })
	return out, nil
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
