package csvio

import (
	"cmp"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"digisos-invoice/internal/billing"
)

// klassExtra are the other columns of a KLASS 131 CSV download; a register
// file may have them, and they are not used.
var klassExtra = []string{"parentcode", "level", "shortname", "presentationname", "validfrom", "validto", "validfrominrequestedrange", "validtoinrequestedrange", "notes"}

type registerRecord struct {
	Number string `csv:"code"`
	Name   string `csv:"name"`
}

// ReadRegister reads SSB's municipality classification: a CSV with the
// number (code or kommunenummer) and name (name or kommunenavn) of each
// municipality, comma- or semicolon-separated, as SSB's KLASS exports it.
// The register's validity comes from KLASS's validFrom and validTo
// columns; without them, from a year in the file's name
// ("kommuner-2024.csv": valid from 1 January 2024), as SSB names a
// version of the register by the year it starts.
func ReadRegister(r io.Reader, file string, opts Options) (billing.Register, error) {
	data, _, err := readText(r, file, opts.Encoding)
	if err != nil {
		return billing.Register{}, err
	}
	cols := []column{
		{name: "code", aliases: []string{"kommunenummer", "municipality_number"}, required: true},
		{name: "name", aliases: []string{"kommunenavn", "municipality_name"}, required: true},
	}
	for _, x := range klassExtra {
		cols = append(cols, column{name: x})
	}
	t, err := readTable(data, file, cols)
	if err != nil {
		return billing.Register{}, err
	}
	recs, err := decode[registerRecord](t)
	if err != nil {
		return billing.Register{}, err
	}
	names, errs := registerNames(t, recs)
	from, to, basis, dateErrs := registerValidity(t)
	if errs = append(errs, dateErrs...); len(errs) > 0 {
		return billing.Register{}, errs
	}
	if len(names) == 0 {
		return billing.Register{}, Errors{errorf(file, 1, 0, "the register holds no municipality")}
	}
	return billing.NewRegister(names).Valid(from, to, basis), nil
}

// registerNames returns number → name of the register's rows.
func registerNames(t *table, recs []registerRecord) (map[string]string, Errors) {
	names := make(map[string]string, len(recs))
	var errs Errors
	for i, rec := range recs {
		if rec.Number == "9999" { // KLASS's "Uoppgitt" (unknown), not a municipality
			continue
		}
		n, err := billing.ParseMunicipalityNumber(rec.Number)
		switch {
		case err != nil:
			errs = append(errs, errorf(t.file, t.lines[i], t.col("code"), "code %v", err))
		case names[n] != "":
			errs = append(errs, errorf(t.file, t.lines[i], t.col("code"), "code %q appears twice", n))
		default:
			names[n] = rec.Name
		}
	}
	return names, errs
}

// yearInName finds a year in a file's name: "ssb-klass-131-kommuner-2024.csv".
var yearInName = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)[0-9]{2})(?:[^0-9]|$)`)

// registerValidity returns from when until when the register is valid:
// the latest validFrom and the earliest validTo of its rows, or the year
// in the file's name.
func registerValidity(t *table) (from, to time.Time, basis string, errs Errors) {
	for _, c := range []string{"validfrom", "validto"} {
		col := t.col(c)
		for i, row := range t.rows {
			if col == 0 || row[col-1] == "" {
				continue
			}
			d, err := time.Parse(time.DateOnly, row[col-1])
			switch {
			case err != nil:
				errs = append(errs, errorf(t.file, t.lines[i], col, "%s %s: not a date YYYY-MM-DD", c, quote(row[col-1])))
			case c == "validfrom" && d.After(from):
				from = d
			case c == "validto" && (to.IsZero() || d.Before(to)):
				to = d
			}
		}
	}
	if !from.IsZero() || !to.IsZero() {
		return from, to, "its validFrom and validTo columns", errs
	}
	if m := yearInName.FindAllStringSubmatch(t.file, -1); len(m) == 1 {
		y, _ := strconv.Atoi(m[0][1])
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Time{}, "as its file name says", errs
	}
	return from, to, "", errs
}

var numberColumn = regexp.MustCompile(`^kommunenummer_(\d{4})$`)

// ReadRenumbering reads SSB's correspondence table between two years'
// municipality numbers, with columns kommunenummer_YYYY, kommunenavn_YYYY
// for the old and the new year, and optionally delt (1 for a split). A
// municipality split in several has one row per successor.
func ReadRenumbering(r io.Reader, file string, opts Options) (billing.Renumbering, error) {
	data, _, err := readText(r, file, opts.Encoding)
	if err != nil {
		return billing.Renumbering{}, err
	}
	years, err := renumberingYears(data, file)
	if err != nil {
		return billing.Renumbering{}, err
	}
	oldN, oldName := "kommunenummer_"+years[0], "kommunenavn_"+years[0]
	newN, newName := "kommunenummer_"+years[1], "kommunenavn_"+years[1]
	t, err := readTable(data, file, []column{
		{name: oldN, required: true}, {name: oldName, required: true},
		{name: newN, required: true}, {name: newName, required: true},
		{name: "delt"},
	})
	if err != nil {
		return billing.Renumbering{}, err
	}
	succ := map[string][]billing.Successor{}
	var errs Errors
	for i, row := range t.rows {
		from, err1 := billing.ParseMunicipalityNumber(row[t.col(oldN)-1])
		to, err2 := billing.ParseMunicipalityNumber(row[t.col(newN)-1])
		if err := cmp.Or(err1, err2); err != nil {
			errs = append(errs, errorf(file, t.lines[i], 0, "%v", err))
			continue
		}
		succ[from] = append(succ[from], billing.Successor{Number: to, Name: row[t.col(newName)-1]})
	}
	if len(errs) > 0 {
		return billing.Renumbering{}, errs
	}
	for _, s := range succ {
		slices.SortFunc(s, func(a, b billing.Successor) int { return cmp.Compare(a.Number, b.Number) })
	}
	y, _ := strconv.Atoi(years[1])
	return billing.NewRenumbering(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), succ), nil
}

// renumberingYears finds the old and new year in the header's
// kommunenummer_YYYY columns.
func renumberingYears(data []byte, file string) ([]string, error) {
	first := strings.SplitN(string(data), "\n", 2)[0]
	var years []string
	for _, h := range strings.FieldsFunc(first, func(r rune) bool { return r == ',' || r == ';' }) {
		h = strings.Trim(strings.TrimSpace(strings.ToLower(h)), `"`)
		if m := numberColumn.FindStringSubmatch(h); m != nil {
			years = append(years, m[1])
		}
	}
	if len(years) != 2 || years[0] >= years[1] {
		return nil, Errors{errorf(file, 1, 0, "expected columns kommunenummer_YYYY for an old and a new year (as kommunenummer_2019,kommunenavn_2019,kommunenummer_2020,kommunenavn_2020,delt), found %s", fmt.Sprint(years))}
	}
	return years, nil
}
