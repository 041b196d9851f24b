package audit

import "strings"

// match pairs the issued items with the recomputed ones. pairs[j] is the
// issued item paired with recomputed item j, -1 when it is missing; extra
// lists the issued items paired with none, in file order.
//
// Items are paired in three passes, so that a changed field is reported as
// that field and not as one item missing and another extra: first the items
// in the same place with the same key, then items by key wherever they are
// (another order is form), then what is left in the same place (an item
// whose key fields were changed), unless strict. Without key fields items
// pair by place.
func match(issued, recomputed []*Node, keys []string, strict bool) (pairs []int, extra []int) {
	pairs = make([]int, len(recomputed))
	used := make([]bool, len(issued))
	for j := range pairs {
		pairs[j] = -1
	}
	key := func(n *Node) string {
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = n.Text(k)
		}
		return strings.Join(parts, "\x00")
	}
	pair := func(i, j int) { pairs[j], used[i] = i, true }
	for j := range min(len(issued), len(recomputed)) {
		if key(issued[j]) == key(recomputed[j]) {
			pair(j, j)
		}
	}
	if len(keys) > 0 {
		free := map[string][]int{}
		for j, r := range recomputed {
			if pairs[j] < 0 {
				k := key(r)
				free[k] = append(free[k], j)
			}
		}
		for i, n := range issued {
			k := key(n)
			if js := free[k]; !used[i] && len(js) > 0 {
				pair(i, js[0])
				free[k] = js[1:]
			}
		}
	}
	for j := range min(len(issued), len(recomputed)) {
		if pairs[j] < 0 && !used[j] && !strict {
			pair(j, j)
		}
	}
	for i := range issued {
		if !used[i] {
			extra = append(extra, i)
		}
	}
	return pairs, extra
}

// reordered reports whether paired items are in another order in the
// issued file than in the recomputed one.
func reordered(pairs []int) bool {
	last := -1
	for _, i := range pairs {
		if i < 0 {
			continue
		}
		if i < last {
			return true
		}
		last = i
	}
	return false
}
