package cli

import "digisos-invoice/internal/xlsxio"

// testWorkbook is the workbook format the tests run commands with, as
// digisos-invoice-xlsx does; the script tests in cmd/digisos-invoice run
// digisos-invoice without it.
var testWorkbook Workbook = xlsxio.Workbook{}
