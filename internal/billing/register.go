package billing

import (
	"fmt"
	"strings"
	"time"
)

// Register is SSB's classification of municipalities (KLASS 131) for a
// year: which numbers exist, and their names. The user supplies it; the
// program embeds none.
type Register struct {
	names map[string]string
}

// NewRegister makes a register from number → name.
func NewRegister(names map[string]string) Register { return Register{names: names} }

// Name returns the registered name of number, and whether it is registered.
func (r Register) Name(number string) (string, bool) {
	n, ok := r.names[number]
	return n, ok
}

// Len returns the number of municipalities in the register.
func (r Register) Len() int { return len(r.names) }

// Successor is a municipality that an old number became.
type Successor struct {
	Number, Name string
}

// Renumbering is SSB's correspondence between the municipality numbers of
// two years, such as 2019 → 2020.
type Renumbering struct {
	// On is the day the new numbers took effect: 1 January of the new year.
	On         time.Time
	successors map[string][]Successor
}

// NewRenumbering makes a correspondence from old number → successors.
func NewRenumbering(on time.Time, successors map[string][]Successor) Renumbering {
	return Renumbering{On: on, successors: successors}
}

// Len is the number of (old number, successor) pairs: the table's rows.
func (rn Renumbering) Len() int {
	n := 0
	for _, s := range rn.successors {
		n += len(s)
	}
	return n
}

// Hint says what an old number became, "1201 became 4601 (Bergen) on
// 2020-01-01", or "" when the table does not map it elsewhere. A split
// municipality names every successor.
func (rn Renumbering) Hint(number string) string {
	succ := rn.successors[number]
	if len(succ) == 0 || (len(succ) == 1 && succ[0].Number == number) {
		return ""
	}
	parts := make([]string, len(succ))
	for i, s := range succ {
		parts[i] = fmt.Sprintf("%s (%s)", s.Number, s.Name)
	}
	verb := "became"
	if len(succ) > 1 {
		verb = "was split into"
	}
	return fmt.Sprintf("%s %s %s on %s", number, verb, strings.Join(parts, ", "), rn.On.Format(time.DateOnly))
}
