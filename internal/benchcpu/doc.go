// Package benchcpu reports the CPU time a benchmark spends, beside the wall
// time that testing reports as ns/op. On a machine shared with other work,
// waiting for a core inflates ns/op but not CPU time. Only benchmarks
// import it.
package benchcpu
