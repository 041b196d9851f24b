package csvio

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Encodings lists the values --encoding takes.
var Encodings = []string{"utf-8", "windows-1252", "iso-8859-1"}

// decodeText returns data as UTF-8 without a byte-order mark. encoding is
// "" or "utf-8" (the bytes must be valid UTF-8), "windows-1252" or
// "iso-8859-1". A conversion is returned as a note for the summary.
func decodeText(data []byte, file, encoding string) ([]byte, string, error) {
	data = bytes.TrimPrefix(data, bom)
	switch strings.ToLower(encoding) {
	case "", "utf-8", "utf8":
		if !utf8.Valid(data) {
			line := 1 + bytes.Count(data[:firstInvalid(data)], []byte("\n"))
			return nil, "", Errors{errorf(file, line, 0, "not valid UTF-8: save the file as UTF-8 (\"CSV UTF-8\" in Excel), or name its encoding with --encoding windows-1252")}
		}
		return data, "", nil
	case "windows-1252", "cp1252":
		out, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, "", Errors{errorf(file, 0, 0, "not Windows-1252: %v", err)}
		}
		return out, "read as Windows-1252", nil
	case "iso-8859-1", "latin1", "latin-1":
		out, err := charmap.ISO8859_1.NewDecoder().Bytes(data)
		if err != nil {
			return nil, "", Errors{errorf(file, 0, 0, "not ISO-8859-1: %v", err)}
		}
		return out, "read as ISO-8859-1", nil
	}
	return nil, "", fmt.Errorf("encoding %q: use %s", encoding, strings.Join(Encodings, ", "))
}

// readText reads all of r and decodes it as decodeText does.
func readText(r io.Reader, file, encoding string) ([]byte, string, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, "", Errors{errorf(file, 1, 0, "%v", err)}
	}
	return decodeText(raw, file, encoding)
}

// CheckEncoding returns an error unless encoding is one decodeText knows.
func CheckEncoding(encoding string) error {
	_, _, err := decodeText(nil, "", encoding)
	return err
}

func firstInvalid(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
}
