package jsonio

import (
	"encoding/json"
	"slices"
)

// Years returns the year calculate's JSON document states in its meta,
// and the distinct years of its lines, in order (see format.Yearly).
func (Format) Years(data []byte) (stated int, years []int) {
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
