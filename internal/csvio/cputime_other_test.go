//go:build !unix

package csvio

import "testing"

// reportCPU reports nothing: CPU time is measured on Unix only.
func reportCPU(b *testing.B) func() { return func() {} }
