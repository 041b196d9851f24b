// Command hello-excelize is the hello-world process with the workbook
// library linked in and nothing else: bench-cli.sh runs it to show what
// linking excelize costs every start of a program, whether it writes a
// workbook or not (Go initialises every linked package before main).
package main

import (
	"fmt"

	_ "github.com/xuri/excelize/v2"
)

func main() { fmt.Println("hello, world") }
