package verify

import (
	"slices"

	"digisos-invoice/internal/correction"
)

// ChainOrder returns the files of links in the order their records name
// each other, from calculate's output; nil when they make no single chain.
func ChainOrder(links []correction.Link) []string {
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

// Names returns the file names of links, in order.
func Names(links []correction.Link) []string {
	out := make([]string, len(links))
	for i, l := range links {
		out[i] = l.Name
	}
	return out
}
