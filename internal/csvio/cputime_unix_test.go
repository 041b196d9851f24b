//go:build unix

package csvio

import (
	"syscall"
	"testing"
	"time"
)

// reportCPU starts counting the CPU time the process spends; the function
// it returns, deferred before a benchmark's loop, reports it per op beside
// ns/op (wall time). On a machine shared with other work, waiting for a
// core inflates ns/op but not cpu-ns/op.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() { b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op") }
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
