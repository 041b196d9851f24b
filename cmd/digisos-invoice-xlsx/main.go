// Command digisos-invoice-xlsx is digisos-invoice with the Excel workbook
// format linked in. digisos-invoice runs it, from its own folder, for
// --format xlsx and for verify of a workbook, so that every other run
// starts without the workbook library. It takes the same arguments. (Its
// tests run a copy of this main, xlsxMain in cmd/digisos-invoice: keep the
// two the same.)
package main

import (
	"os"

	"digisos-invoice/internal/cli"
	"digisos-invoice/internal/xlsxio"
)

func main() {
	os.Exit(cli.MainWith(xlsxio.Workbook{}, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
