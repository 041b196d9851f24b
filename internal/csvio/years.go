package csvio

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
)

// Years returns the distinct years of the year column of calculate's CSV
// lines, in order (nil when the file has no such column); a CSV file
// states no year of its own (see format.Yearly).
func (Format) Years(data []byte) (stated int, years []int) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	first, _, _ := bytes.Cut(data, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil || len(rows) < 2 {
		return 0, nil
	}
	col := slices.IndexFunc(rows[0], func(h string) bool { return strings.EqualFold(strings.TrimSpace(h), "year") })
	if col < 0 {
		return 0, nil
	}
	for _, row := range rows[1:] {
		if col >= len(row) {
			continue
		}
		if y, err := strconv.Atoi(strings.TrimSpace(row[col])); err == nil && !slices.Contains(years, y) {
			years = append(years, y)
		}
	}
	slices.Sort(years)
	return 0, years
}
