//go:build !linux

package csvio

import "testing"

// threadCPU measures nothing: a thread's CPU time is measured on Linux only.
func threadCPU(b *testing.B) (measure func(f func()), report func()) {
	return func(f func()) { f() }, func() {}
}
