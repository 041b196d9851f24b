package billing

import (
	"cmp"
	"math/bits"
	"slices"
)

// remainderKey is a part's place in the leftover order of the rounding
// rule: larger remainder first, then lower index (the caller's tie order).
// The index makes the order total: no two keys are equal.
type remainderKey struct {
	remainder int64
	index     int
}

func (a remainderKey) before(b remainderKey) bool {
	return a.remainder > b.remainder || a.remainder == b.remainder && a.index < b.index
}

func compareKeys(a, b remainderKey) int {
	return cmp.Or(cmp.Compare(b.remainder, a.remainder), cmp.Compare(a.index, b.index))
}

// selectFirst reorders keys so that keys[:k] are the k keys that come first
// in the leftover order, in no particular order among themselves. It is a
// quickselect with median-of-three pivots, linear in len(keys) on average;
// after 2·log₂ n rounds it sorts what is left, so no input can make it
// worse than n log n.
func selectFirst(keys []remainderKey, k int) {
	lo, hi := 0, len(keys)
	budget := 2 * bits.Len(uint(len(keys)))
	for hi-lo > 12 {
		if budget == 0 {
			slices.SortFunc(keys[lo:hi], compareKeys)
			return
		}
		budget--
		p := lo + partition(keys[lo:hi])
		switch {
		case p == k:
			return
		case p < k:
			lo = p + 1
		default:
			hi = p
		}
	}
	slices.SortFunc(keys[lo:hi], compareKeys)
}

// partition puts the median of keys' first, middle and last key at its
// place in the order, the keys before it to its left and the rest to its
// right, and returns its index.
func partition(keys []remainderKey) int {
	last := len(keys) - 1
	p := median3(keys, 0, last/2, last)
	keys[p], keys[last] = keys[last], keys[p]
	pivot, store := keys[last], 0
	for i := range keys[:last] {
		if keys[i].before(pivot) {
			keys[i], keys[store] = keys[store], keys[i]
			store++
		}
	}
	keys[store], keys[last] = keys[last], keys[store]
	return store
}

// median3 returns whichever of i, j and k holds the middle key of the three.
func median3(keys []remainderKey, i, j, k int) int {
	if keys[j].before(keys[i]) {
		i, j = j, i
	}
	if !keys[k].before(keys[j]) {
		return j
	}
	if keys[k].before(keys[i]) {
		return i
	}
	return k
}
