package billing

import (
	"errors"
	"testing"
	"time"
)

func TestEntityInForce(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, tt := range []struct {
		name string
		on   string
		want bool
	}{
		{"ÅLESUND KOMMUNE", "2021-01-15", true},
		// The two entities Enhetsregisteret pre-registered for 2024 (the 2023-06 file).
		{"NYE ÅLESUND KOMMUNE FRA 01012024 UNDER FORHÅNDSREGISTRERING", "2021-01-15", false},
		{"NYE ÅLESUND KOMMUNE FRA 01012024 UNDER FORHÅNDSREGISTRERING", "2023-12-31", false},
		{"NYE ÅLESUND KOMMUNE FRA 01012024 UNDER FORHÅNDSREGISTRERING", "2024-01-01", true},
		{"NYE HARAM KOMMUNE FRA 01012024 UNDER FORHÅNDSREGISTRERING", "2025-01-15", true},
		// Pre-registered without a day: in force on no day the register tells.
		{"NYE KOMMUNE UNDER FORHÅNDSREGISTRERING", "2030-01-01", false},
		{"NYE KOMMUNE FRA 31022024 UNDER FORHÅNDSREGISTRERING", "2030-01-01", false},
	} {
		t.Run(tt.name+"@"+tt.on, func(t *testing.T) {
			if got := (Entity{Name: tt.name}).InForce(day(tt.on)); got != tt.want {
				t.Errorf("Entity{%q}.InForce(%s) = %v, want %v", tt.name, tt.on, got, tt.want)
			}
		})
	}
}

func TestParseEndpoint(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"958935420", "958935420", true},
		{"0192:958935420", "958935420", true},
		{"0192:958935421", "", false}, // check digit
		{"9908:958935420", "", false}, // not scheme 0192
		{"0192:", "", false},
		{"NO958935420", "", false},
	} {
		got, err := ParseEndpoint(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseEndpoint(%q) = %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrParty) && !errors.Is(err, ErrOrgNumber) {
			t.Errorf("ParseEndpoint(%q) = %v: neither ErrParty nor ErrOrgNumber", tt.in, err)
		}
	}
}

func TestBuyerEndpoint(t *testing.T) {
	b := Buyer{Number: "0301", OrgNumber: "958935420", Name: "OSLO KOMMUNE", Reference: "R"}
	if got := b.EndpointID(); got != "958935420" {
		t.Errorf("EndpointID() without Endpoint = %q, want the organisation number", got)
	}
	b.Endpoint = "974760673"
	if got := b.EndpointID(); got != "974760673" {
		t.Errorf("EndpointID() = %q, want 974760673", got)
	}
	if err := b.Validate(); err != nil {
		t.Errorf("Validate() = %v", err)
	}
	b.Endpoint = "974760674"
	var fes FieldErrors
	if err := b.Validate(); !errors.As(err, &fes) || fes[0].Field != "endpoint_id" {
		t.Errorf("Validate() with a bad endpoint = %v, want an endpoint_id error", err)
	}
}
