package cli

import (
	"bytes"
	"errors"
	"fmt"

	"digisos-invoice/internal/billing"
	"digisos-invoice/internal/correction"
	"digisos-invoice/internal/textio"
	"digisos-invoice/internal/verify"
)

// readChain reads the --issued files of verify and explain as a chain of
// records of year: calculate's CSV or JSON, then each correction's record.
// first, when not nil, is the first file's bytes, read already.
func readChain(paths []string, year int, first []byte) ([]correction.Link, error) {
	links := make([]correction.Link, 0, len(paths))
	for i, p := range paths {
		var s standing
		var err error
		if i == 0 && first != nil {
			s, err = parseStanding(p, first, year)
		} else {
			s, err = readStanding(p, year)
		}
		if err != nil {
			return nil, err
		}
		links = append(links, s.link)
	}
	return links, nil
}

// verifyChain checks the chain of records links and its end against a
// fresh computation a: exit 3 when a link is broken or a difference is not
// recorded.
func verifyChain(opts verifyOptions, links []correction.Link, a billing.Allocation) error {
	v := verify.Chain(opts.year, links, a)
	var b bytes.Buffer
	if err := textio.WriteChain(&b, v); err != nil {
		return failure(err)
	}
	if err := toStdout(opts.stdout, b.Bytes()); err != nil {
		return err
	}
	if !v.OK() {
		return &exitError{code: exitDiffers, err: errChain(v)}
	}
	return nil
}

// runVerifyChain is verify with more than one --issued: a chain. A chain
// of another year, or given in the wrong order, is answered in one line
// (exit 3) before the inputs are read.
func runVerifyChain(opts verifyOptions) error {
	if opts.manifest != "" {
		return usageError("--manifest goes with one --issued file; a chain's records hold their own meta")
	}
	links, err := readChain(opts.chain, opts.year, opts.first)
	var other *otherYearError
	if errors.As(err, &other) {
		return &exitError{code: exitDiffers, err: fmt.Errorf("%s was made for %d, not for %d", other.name, other.got, other.want),
			hint: fmt.Sprintf("verify the chain with --year %d and the inputs of %d", other.got, other.got)}
	}
	if err != nil {
		return err
	}
	if err := checkChainOrder(links); err != nil {
		return err
	}
	r, err := load(opts.inputOptions)
	if err != nil {
		return err
	}
	return verifyChain(opts, links, r.alloc)
}

func errChain(v textio.ChainCheck) error {
	return fmt.Errorf("the chain ending in %s differs from a fresh computation of %d: %d broken links, %d lines not accounted for",
		v.Files[len(v.Files)-1], v.Year, len(v.Problems), len(v.Unrecorded))
}
