package ehfio

import (
	"strings"
	"testing"
)

// TestReadTreeDepth: elements nested deeper than MaxDepth are refused
// with their place, however deep (2,000,000 would overflow the stack of
// the recursive comparison), and an invoice calculate writes is well
// within the limit.
func TestReadTreeDepth(t *testing.T) {
	open := `<Invoice xmlns="` + ublInvoiceNamespace + `">`
	for _, n := range []int{MaxDepth, 2_000_000} {
		data := open + strings.Repeat("<a>", n) + strings.Repeat("</a>", n) + "</Invoice>"
		_, err := ReadTree([]byte(data), "deep.xml")
		if err == nil || !strings.HasPrefix(err.Error(), "deep.xml:1:") || !strings.Contains(err.Error(), "nested more than 100 deep") {
			t.Errorf("ReadTree of elements %d deep = %v, want the depth limit at its place", n+1, err)
		}
	}
	data := open + strings.Repeat("<a>", MaxDepth-1) + strings.Repeat("</a>", MaxDepth-1) + "</Invoice>"
	if _, err := ReadTree([]byte(data), "deep.xml"); err != nil {
		t.Errorf("ReadTree of elements %d deep: %v, want a tree", MaxDepth, err)
	}
}
