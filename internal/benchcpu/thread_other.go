//go:build !linux

package benchcpu

import "testing"

// Thread measures nothing: a thread's CPU time is measured on Linux only.
func Thread(b *testing.B) (measure func(f func()), report func()) {
	return func(f func()) { f() }, func() {}
}
