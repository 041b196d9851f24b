#!/bin/sh
# bench-cli.sh: the whole process on the real job, side by side with a Go
# hello-world process, in one hyperfine run (make bench-cli).
#
# The job is the cron job's: calculate 2020 for SSB's table of 1 January
# 2020 (356 municipalities, ../shared/data), CSV lines written to a file.
# Both programs are built static (CGO_ENABLED=0), as make build builds.
# Extra arguments go to hyperfine, e.g. --runs 200 or --export-json FILE.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
data="$root/../shared/data/ssb-population-2020-01-01.csv"
if [ ! -f "$data" ]; then
	echo "bench-cli: skipped: the real SSB table $data is not here (../shared is absent)" >&2
	exit 0
fi
if ! command -v hyperfine >/dev/null; then
	echo "bench-cli: hyperfine is missing: apt-get install -y hyperfine" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
CGO_ENABLED=0 go build -o "$tmp/digisos-invoice" ./cmd/digisos-invoice
CGO_ENABLED=0 go build -o "$tmp/hello" ./testdata/bench/hello
hyperfine --shell=none --warmup 20 --runs 100 "$@" \
	--command-name "hello-world (Go)" "$tmp/hello" \
	--command-name "digisos-invoice calculate, 356 municipalities, CSV" \
	"$tmp/digisos-invoice calculate --quiet --year 2020 --input $data --output $tmp/lines-2020.csv --force" \
	--command-name "digisos-invoice --version" "$tmp/digisos-invoice --version"
