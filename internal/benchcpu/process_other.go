//go:build !unix

package benchcpu

import "testing"

// Process reports nothing: CPU time is measured on Unix only.
func Process(b *testing.B) func() { return func() {} }
