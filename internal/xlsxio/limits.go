package xlsxio

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Limits on a workbook that verify reads, far above the workbook of all
// 356 municipalities (125 KB, unpacking to 1.2 MB, its largest part the
// lines sheet of 1 MB) and far below what would exhaust the memory: the
// file, each part as unpacked, all parts together, and the count of
// parts. The zip file states each part's unpacked size, and the zip reader
// refuses a part that unpacks to more than it states, so the sizes are
// checked before any part is unpacked.
const (
	MaxBytes    = 32 << 20
	MaxPart     = 8 << 20
	MaxUnzipped = 32 << 20
	MaxParts    = 1000
)

// open reads a workbook within the limits, as excelize reads it and as a
// zip file.
func open(r io.Reader, file string) (*excelize.File, *zip.Reader, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, nil, atf(file, 0, 0, "%v", err)
	}
	if len(data) > MaxBytes {
		return nil, nil, atf(file, 0, 0, "larger than %d MiB, the limit of a workbook", MaxBytes>>20)
	}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, atf(file, 0, 0, "not an Excel workbook (.xlsx): %v", err)
	}
	if err := checkParts(z); err != nil {
		return nil, nil, atf(file, 0, 0, "not a workbook that calculate --format xlsx wrote: %v", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: MaxUnzipped, UnzipXMLSizeLimit: MaxPart})
	if err != nil {
		return nil, nil, atf(file, 0, 0, "not an Excel workbook (.xlsx): %v", err)
	}
	return f, z, nil
}

// checkParts checks the parts the zip file states against the limits.
func checkParts(z *zip.Reader) error {
	if len(z.File) > MaxParts {
		return fmt.Errorf("%d parts, more than %d", len(z.File), MaxParts)
	}
	var total uint64
	for _, p := range z.File {
		if p.UncompressedSize64 > MaxPart {
			return fmt.Errorf("the part %s unpacks to %d bytes, more than %d MiB", p.Name, p.UncompressedSize64, MaxPart>>20)
		}
		if total += p.UncompressedSize64; total > MaxUnzipped {
			return fmt.Errorf("its parts unpack to more than %d MiB", MaxUnzipped>>20)
		}
	}
	return nil
}
