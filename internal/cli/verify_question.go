package cli

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"digisos-invoice/internal/correction"
	"digisos-invoice/internal/format"
	"digisos-invoice/internal/verify"
)

// checkIssuedYear answers verify of a file made for another year in one
// line and a hint, exit 3, before any row is compared: when every line of
// the file (and the year the file states of itself, if any) is of one
// year, and it is not --year. A file of several years is left to the
// comparison, which names each line that differs, as are the formats
// that do not say the years of their lines (see format.Yearly).
func checkIssuedYear(f format.Format, is issued, path string, year int) error {
	y, ok := f.(format.Yearly)
	if !ok {
		return nil
	}
	stated, years := 0, []int(nil)
	if is.Files == nil {
		stated, years = y.Years(is.Data)
	}
	for _, file := range is.Files { // a folder: the years of its documents
		_, ys := y.Years(file.Data)
		for _, v := range ys {
			if !slices.Contains(years, v) {
				years = append(years, v)
			}
		}
	}
	if len(years) != 1 || years[0] == year || (stated != 0 && stated != years[0]) {
		return nil
	}
	return &exitError{code: exitDiffers, err: fmt.Errorf("%s was made for %d, not for %d", filepath.Base(path), years[0], year),
		hint: fmt.Sprintf("verify it with --year %d and the inputs of %d", years[0], years[0])}
}

// checkChainOrder answers a chain given in the wrong order in one line
// (exit 3) before its links are compared: when the files, followed by the
// file each record says it corrects, make one chain in another order, it
// names that order.
func checkChainOrder(links []correction.Link) error {
	order := verify.ChainOrder(links)
	if order == nil || slices.Equal(order, verify.Names(links)) {
		return nil
	}
	return &exitError{code: exitDiffers, err: fmt.Errorf("the chain is given out of order: its records say the order is %s", strings.Join(order, " → ")),
		hint: "give --issued calculate's output first, then each correction after the file it corrects"}
}
