package billing

import (
	"regexp"
	"strings"
	"time"
)

// Entity is a municipality's record in Enhetsregisteret (organisasjonsform
// KOMM): the legal entity that receives its invoices.
type Entity struct {
	Number    string // municipality number of its business address
	OrgNumber string
	Name      string  // registered name, "OSLO KOMMUNE"
	Address   Address // postal address, else business address; empty when the file has none
}

// preRegistered matches the name Enhetsregisteret gives a municipality
// that a merger or split makes, registered before the day it starts:
// "NYE ÅLESUND KOMMUNE FRA 01012024 UNDER FORHÅNDSREGISTRERING".
var (
	preRegistered = regexp.MustCompile(`(?i)\bUNDER FORHÅNDSREGISTRERING\b`)
	startsOn      = regexp.MustCompile(`\bFRA (\d{8})\b`)
)

// Starts returns the day a pre-registered entity comes into force, as its
// name states it, and whether it is pre-registered at all. A
// pre-registered entity whose name gives no day returns the zero time: it
// is in force on no day the register tells.
func (e Entity) Starts() (day time.Time, pre bool) {
	if !preRegistered.MatchString(e.Name) {
		return time.Time{}, false
	}
	m := startsOn.FindStringSubmatch(strings.ToUpper(e.Name))
	if m == nil {
		return time.Time{}, true
	}
	d, err := time.Parse("02012006", m[1])
	if err != nil {
		return time.Time{}, true
	}
	return d, true
}

// InForce reports whether the entity exists on day: every entity does but
// one pre-registered for a later day.
func (e Entity) InForce(day time.Time) bool {
	start, pre := e.Starts()
	if !pre {
		return true
	}
	return !start.IsZero() && !day.Before(start)
}
