package tomlio

import (
	"errors"
	"strings"
	"testing"

	"digisos-invoice/internal/billing"
)

func TestBuiltin(t *testing.T) {
	ts := Builtin()
	tf, err := ts.For(2020)
	if err != nil {
		t.Fatal(err)
	}
	if tf.AnnualCost != 340_000_000 {
		t.Errorf("2020 annual cost = %s, want 3400000.00", tf.AnnualCost)
	}
	if got := strings.Join(tf.Solutions(), ","); got != "soknad,innsyn" {
		t.Errorf("2020 solutions = %s, want soknad,innsyn (in that order)", got)
	}
	for _, s := range tf.Shares {
		if s.Ratio.String() != "0.5" {
			t.Errorf("2020 share of %s = %s, want 0.5", s.Solution, s.Ratio)
		}
	}
	for q := billing.Quarter(1); q <= 4; q++ {
		_, waived := tf.Waived("innsyn", q)
		if waived != (q <= 2) {
			t.Errorf("innsyn Q%d waived = %v, want %v", q, waived, q <= 2)
		}
		if _, w := tf.Waived("soknad", q); w {
			t.Errorf("soknad Q%d is waived", q)
		}
	}
	if got := tf.PopulationDate.Format("2006-01-02"); got != "2020-01-01" {
		t.Errorf("population date = %s, want 2020-01-01", got)
	}
	if tf.Source.Name != BuiltinName || len(tf.Source.SHA256) != 64 {
		t.Errorf("source = %+v, want the built-in file with its SHA-256", tf.Source)
	}
	if _, err := ts.For(2019); !errors.Is(err, billing.ErrNoTariff) || !strings.Contains(err.Error(), "tariffs exist for 2020") {
		t.Errorf("For(2019) = %v, want ErrNoTariff naming 2020", err)
	}
}
