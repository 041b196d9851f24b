package tomlio

import (
	"bytes"
	"fmt"
	"io"
)

// Limits on a TOML file, far above any real one (the built-in tariff
// table is about 3 KB and nests arrays and tables 2 deep) and far below
// what would exhaust the memory or the stack: the TOML decoder descends
// recursively into nested arrays and inline tables.
const (
	MaxBytes = 1 << 20
	MaxDepth = 100
)

// readLimited reads a TOML file named name, refusing one larger than
// MaxBytes or nested deeper than MaxDepth before it is decoded.
func readLimited(r io.Reader, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, &Error{File: name, Err: err}
	}
	if len(data) > MaxBytes {
		return nil, &Error{File: name, Err: fmt.Errorf("larger than %d MiB, the limit of a TOML file", MaxBytes>>20)}
	}
	if line, ok := withinDepth(data); !ok {
		return nil, &Error{File: name, Line: line, Err: fmt.Errorf("arrays or tables nested more than %d deep", MaxDepth)}
	}
	return data, nil
}

// withinDepth reports whether the arrays and inline tables of data nest at
// most MaxDepth deep, and else the line where they go deeper. Brackets in
// strings and comments do not count; a table header ([a] or [[a]]) counts
// as the brackets it has, which is less than the limit.
func withinDepth(data []byte) (int, bool) {
	depth, line := 0, 1
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '\n':
			line++
		case '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
			i--
		case '"', '\'':
			end := skipString(data, i)
			line += bytes.Count(data[i:end], []byte{'\n'})
			i = end - 1
		case '[', '{':
			if depth++; depth > MaxDepth {
				return line, false
			}
		case ']', '}':
			depth = max(0, depth-1)
		}
	}
	return 0, true
}

// skipString returns the offset after the string that starts at i: basic
// ("…", with \ escapes) or literal ('…'), on one line or in three quotes.
func skipString(data []byte, i int) int {
	q := data[i]
	if bytes.HasPrefix(data[i:], []byte{q, q, q}) {
		if end := bytes.Index(data[i+3:], []byte{q, q, q}); end >= 0 && q == '\'' {
			return i + 3 + end + 3
		}
		for j := i + 3; j < len(data); j++ {
			if data[j] == '\\' {
				j++
			} else if bytes.HasPrefix(data[j:], []byte{q, q, q}) {
				return j + 3
			}
		}
		return len(data)
	}
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			if q == '"' {
				j++
			}
		case q, '\n':
			return j + 1
		}
	}
	return len(data)
}
