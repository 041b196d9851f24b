package ehfio

import (
	"testing"

	"digisos-invoice/internal/billing"
)

func TestIsFileName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{Invoice{ID: billing.InvoiceID(2020, "0301")}.FileName(), true},
		{Invoice{ID: billing.InvoiceID(2021, "5001")}.FileName(), true},
		{billing.InvoiceID(2020, "0301") + "-K1.xml", true},
		{billing.InvoiceID(2020, "0301") + "-K12.xml", true},
		{"DIGISOS-2020-0301.XML", false},
		{"DIGISOS-2020-0301.xml~", false},
		{".DIGISOS-2020-0301.xml", false},
		{"DIGISOS-2020-301.xml", false},
		{"DIGISOS-2020-0301-K.xml", false},
		{"notes.txt", false},
		{"manifest.json", false},
		{"buyers.csv", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := IsFileName(tc.name); got != tc.want {
				t.Errorf("IsFileName(%q) = %v, want %v", tc.name, got, tc.want)
			}
		})
	}
}
