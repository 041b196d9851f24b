//go:build unix

package benchcpu

import (
	"syscall"
	"testing"
	"time"
)

// Process starts counting the CPU time the process spends; the function it
// returns, deferred before a benchmark's loop, reports it per op as
// cpu-ns/op. It counts every thread, the garbage collector's included.
func Process(b *testing.B) func() {
	start := processTime()
	return func() { b.ReportMetric(float64(processTime()-start)/float64(b.N), "cpu-ns/op") }
}

func processTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
