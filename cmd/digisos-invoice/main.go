// Command digisos-invoice splits NAV's yearly Digisos cost into invoice
// lines per municipality. See the README for usage.
package main

import (
	"os"

	"digisos-invoice/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
