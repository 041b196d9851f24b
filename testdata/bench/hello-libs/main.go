// Command hello-libs is the hello-world process with every library that
// digisos-invoice links (the command line, decimals, CSV, TOML, PDF with its
// fonts, text encodings, file locks), printing its line from a cobra
// command: bench-cli.sh runs it to show what a process that starts with
// those libraries costs before it does any of the program's work.
package main

import (
	"fmt"
	"os"

	_ "codeberg.org/go-pdf/fpdf"
	_ "github.com/BurntSushi/toml"
	_ "github.com/gocarina/gocsv"
	_ "github.com/shopspring/decimal"
	"github.com/spf13/cobra"
	_ "golang.org/x/image/font/gofont/gobold"
	_ "golang.org/x/image/font/gofont/goregular"
	_ "golang.org/x/sys/unix"
	_ "golang.org/x/text/encoding/charmap"
	_ "golang.org/x/text/encoding/unicode"
)

func main() {
	root := &cobra.Command{Use: "hello-libs", Run: func(*cobra.Command, []string) { fmt.Println("hello, world") }}
	if root.Execute() != nil {
		os.Exit(1)
	}
}
