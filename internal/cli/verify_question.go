package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"digisos-invoice/internal/correction"
)

// checkIssuedYear answers verify of a file made for another year in one
// line and a hint, exit 3, before any row is compared: when every line of
// calculate's CSV or JSON (and the JSON document's own year) is of one
// year, and it is not --year. A file of several years is left to the
// comparison, which names each line that differs, as are the formats
// whose year it does not read (xlsx, EHF) and files it cannot read.
func checkIssuedYear(format string, data []byte, path string, year int) error {
	var years []int
	claimed := 0
	switch format {
	case "csv":
		years = csvYears(data)
	case "json":
		claimed, years = jsonYears(data)
	}
	if len(years) != 1 || years[0] == year || (claimed != 0 && claimed != years[0]) {
		return nil
	}
	return &exitError{code: exitDiffers, err: fmt.Errorf("%s is the invoice lines of %d, not of %d", filepath.Base(path), years[0], year),
		hint: fmt.Sprintf("verify it with --year %d and the inputs of %d", years[0], years[0])}
}

// csvYears returns the distinct years of the year column of calculate's
// CSV lines, in order; nil when the file has no such column.
func csvYears(data []byte) []int {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	first, _, _ := bytes.Cut(data, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil || len(rows) < 2 {
		return nil
	}
	col := slices.IndexFunc(rows[0], func(h string) bool { return strings.EqualFold(strings.TrimSpace(h), "year") })
	if col < 0 {
		return nil
	}
	var years []int
	for _, row := range rows[1:] {
		if col >= len(row) {
			continue
		}
		if y, err := strconv.Atoi(strings.TrimSpace(row[col])); err == nil && !slices.Contains(years, y) {
			years = append(years, y)
		}
	}
	slices.Sort(years)
	return years
}

// jsonYears returns the year calculate's JSON document states in its meta,
// and the distinct years of its lines.
func jsonYears(data []byte) (claimed int, years []int) {
	var doc struct {
		Meta struct {
			Year int `json:"year"`
		} `json:"meta"`
		Lines []struct {
			Year int `json:"year"`
		} `json:"lines"`
	}
	if json.Unmarshal(data, &doc) != nil {
		return 0, nil
	}
	for _, l := range doc.Lines {
		if l.Year != 0 && !slices.Contains(years, l.Year) {
			years = append(years, l.Year)
		}
	}
	slices.Sort(years)
	return doc.Meta.Year, years
}

// checkChainOrder answers a chain given in the wrong order in one line
// (exit 3) before its links are compared: when the files, followed by the
// file each record says it corrects, make one chain in another order, it
// names that order.
func checkChainOrder(links []correction.Link) error {
	order := chainOrder(links)
	if order == nil || slices.Equal(order, linkNames(links)) {
		return nil
	}
	return &exitError{code: exitDiffers, err: fmt.Errorf("the chain is given out of order: its records say the order is %s", strings.Join(order, " → ")),
		hint: "give --issued calculate's output first, then each correction after the file it corrects"}
}

// chainOrder returns the files of links in the order their records name
// each other, from calculate's output; nil when they make no single chain.
func chainOrder(links []correction.Link) []string {
	start := slices.IndexFunc(links, func(l correction.Link) bool { return l.Previous == nil })
	if start < 0 {
		return nil
	}
	order := []string{links[start].Name}
	used := map[int]bool{start: true}
	for cur := start; len(order) < len(links); {
		next := slices.IndexFunc(links, func(l correction.Link) bool { return l.Previous != nil && l.Previous.SHA256 == links[cur].SHA256 })
		if next < 0 || used[next] {
			return nil
		}
		used[next] = true
		order = append(order, links[next].Name)
		cur = next
	}
	return order
}

func linkNames(links []correction.Link) []string {
	out := make([]string, len(links))
	for i, l := range links {
		out[i] = l.Name
	}
	return out
}
