package csvio

import (
	"regexp"
	"sync"
)

// lazyRegexp compiles expr on first use, not when the program starts: a
// run needs few of the package's patterns, and compiling them all at init
// would delay every run, --version included.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
