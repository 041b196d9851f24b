#!/bin/sh
# bench-cli.sh: the whole process on the real job, side by side with a Go
# hello-world process, in one hyperfine run (make bench-cli).
#
# The job is the cron job's: calculate 2020 for SSB's table of 1 January
# 2020 (356 municipalities, testdata/ref), CSV lines written to a file.
# Both programs are built static (CGO_ENABLED=0), as make build builds.
# Two more show what start-up costs before the program's own work: a
# hello-world with every library digisos-invoice links, run as a cobra
# command (hello-libs), and one with the workbook library, excelize, which
# only digisos-invoice-xlsx links (hello-excelize).
# RUNS (100) and WARMUP (20) set the runs; extra arguments go to hyperfine.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
data="$root/testdata/ref/ssb-population-2020-01-01.csv"
if ! command -v hyperfine >/dev/null; then
	echo "bench-cli: hyperfine is missing: apt-get install -y hyperfine" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
CGO_ENABLED=0 go build -o "$tmp/" ./cmd/...
CGO_ENABLED=0 go build -o "$tmp/hello" ./testdata/bench/hello
CGO_ENABLED=0 go build -o "$tmp/hello-libs" ./testdata/bench/hello-libs
CGO_ENABLED=0 go build -o "$tmp/hello-excelize" ./testdata/bench/hello-excelize
hyperfine --shell=none --warmup "${WARMUP:-20}" --runs "${RUNS:-100}" --export-json "$tmp/runs.json" "$@" \
	--command-name "hello-world (Go)" "$tmp/hello" \
	--command-name "digisos-invoice calculate, 356 municipalities, CSV" \
	"$tmp/digisos-invoice calculate --quiet --year 2020 --input $data --output $tmp/lines-2020.csv --force" \
	--command-name "digisos-invoice --version" "$tmp/digisos-invoice --version" \
	--command-name "hello-world with digisos-invoice's libraries" "$tmp/hello-libs" \
	--command-name "hello-world with excelize linked in" "$tmp/hello-excelize"
# hyperfine's summary compares means; a busy machine makes a few runs very
# slow, so print the medians and their ratio too.
awk '
	/"command"/ { name = $0; sub(/^[^:]*: *"/, "", name); sub(/",?$/, "", name) }
	/"median"/ { v = $0; sub(/^[^:]*: */, "", v); sub(/,$/, "", v); median[++n] = v; names[n] = name }
	END {
		for (i = 1; i <= n; i++)
			printf "median %7.2f ms  %5.2f × hello-world  %s\n", median[i] * 1000, median[i] / median[1], names[i]
	}' "$tmp/runs.json"
