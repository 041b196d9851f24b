package benchcpu

import (
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// Thread locks the calling goroutine to its thread and returns measure,
// which adds the CPU time that thread spends in f, and report, which
// reports the sum per op as cpu-ns/op when the benchmark ends. Unlike
// Process it leaves out what other threads do meanwhile (a collection
// between passes).
func Thread(b *testing.B) (measure func(f func()), report func()) {
	runtime.LockOSThread()
	var total time.Duration
	measure = func(f func()) {
		start := threadTime()
		f()
		total += threadTime() - start
	}
	report = func() {
		runtime.UnlockOSThread()
		b.ReportMetric(float64(total)/float64(b.N), "cpu-ns/op")
	}
	return measure, report
}

// threadTime reads the calling thread's CPU clock, which counts in
// nanoseconds (getrusage's thread times advance by whole clock ticks).
func threadTime() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}
