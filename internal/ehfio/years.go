package ehfio

import (
	"encoding/xml"
	"strconv"
)

// Years returns the year of the invoice period a document states, as its
// one year (see format.Yearly); nil when it states none or cannot be read,
// which Read then reports.
func (Format) Years(data []byte) (stated int, years []int) {
	var doc struct {
		Start string `xml:"InvoicePeriod>StartDate"`
	}
	if xml.Unmarshal(data, &doc) != nil || len(doc.Start) < 4 {
		return 0, nil
	}
	y, err := strconv.Atoi(doc.Start[:4])
	if err != nil {
		return 0, nil
	}
	return 0, []int{y}
}
