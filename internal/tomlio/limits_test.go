package tomlio

import (
	"bytes"
	"strings"
	"testing"
)

// TestReadLimits: a TOML file nested deeper than MaxDepth (in arrays or
// inline tables, 2,000,000 deep overflows the decoder's stack) or larger
// than MaxBytes is refused with its place, by both readers; brackets in
// strings and comments do not count.
func TestReadLimits(t *testing.T) {
	bad := map[string]string{
		"arrays":        "a = " + strings.Repeat("[", 2_000_000),
		"inline tables": "a = " + strings.Repeat("{b=", 2_000_000),
		"in an entry":   "[[year]]\nshares = " + strings.Repeat("[", MaxDepth+1),
		"large":         "# " + strings.Repeat("x", MaxBytes),
	}
	for name, data := range bad {
		_, _, err := ReadTariffs(strings.NewReader(data), "t.toml", nil)
		_, err2 := ReadSeller(strings.NewReader(data), "t.toml")
		for _, err := range []error{err, err2} {
			if err == nil || !strings.HasPrefix(err.Error(), "t.toml") || !strings.Contains(err.Error(), "limit") && !strings.Contains(err.Error(), "nested more than 100 deep") {
				t.Errorf("%s: %v, want the limit", name, err)
			}
		}
	}
	quoted := "# [[[[\n" + `note = "` + strings.Repeat("[", MaxDepth+1) + `"` + "\n" + `other = '''` + strings.Repeat("{", MaxDepth+1) + `'''`
	if line, ok := withinDepth([]byte(quoted)); !ok {
		t.Errorf("withinDepth counted brackets in strings and comments (line %d)", line)
	}
	if _, _, err := ReadTariffs(bytes.NewReader(builtin), "tariffs.toml", nil); err != nil {
		t.Errorf("the built-in table: %v", err)
	}
}
