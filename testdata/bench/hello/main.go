// Command hello prints a line and exits: the smallest Go process, which
// bench-cli.sh runs beside digisos-invoice to put its time in proportion.
// It lives under testdata so that go build ./... and go test ./... leave it out.
package main

import "fmt"

func main() { fmt.Println("hello, world") }
