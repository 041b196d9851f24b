#!/bin/sh
# bench-cli.sh: the whole process, timed by hyperfine (make bench-cli).
#
# First the program's start-up and the cron job's run, beside a Go
# hello-world process: --version, and calculate 2020 for SSB's table of
# 1 January 2020 (356 municipalities, testdata/ref) to a CSV file. Then
# the batches a user waits on, on the same table: the EHF invoices with
# and without their PDF basis, the workbook, verify of the issued JSON as
# calculate indents it and compacted to one line (as jq -c writes it), and
# verify of the EHF folder and of one invoice of it.
# The binaries are built static (CGO_ENABLED=0), as make build builds.
# RUNS (100) and WARMUP (20) set the start-up runs, BATCH_RUNS (10) the
# batches'; extra arguments go to hyperfine.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
data="$root/testdata/ref"
ssb="$data/ssb-population-2020-01-01.csv"
for tool in hyperfine jq; do
	if ! command -v $tool >/dev/null; then
		echo "bench-cli: $tool is missing: apt-get install -y $tool" >&2
		exit 1
	fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
CGO_ENABLED=0 go build -o "$tmp/" ./cmd/...
CGO_ENABLED=0 go build -o "$tmp/hello" ./testdata/bench/hello
bin="$tmp/digisos-invoice"
calc="$bin calculate --quiet --year 2020 --input $ssb --force"

# medians prints each command's median, and its ratio to the first one's:
# a busy machine makes a few runs very slow, which moves the mean.
medians() {
	awk '
		/"command"/ { name = $0; sub(/^[^:]*: *"/, "", name); sub(/",?$/, "", name) }
		/"median"/ { v = $0; sub(/^[^:]*: */, "", v); sub(/,$/, "", v); median[++n] = v; names[n] = name }
		END {
			for (i = 1; i <= n; i++)
				printf "median %8.2f ms  %6.2f × the first  %s\n", median[i] * 1000, median[i] / median[1], names[i]
		}' "$1"
}

hyperfine --shell=none --warmup "${WARMUP:-20}" --runs "${RUNS:-100}" --export-json "$tmp/start.json" "$@" \
	--command-name "hello-world (Go)" "$tmp/hello" \
	--command-name "digisos-invoice --version" "$bin --version" \
	--command-name "calculate, 356 municipalities, CSV" "$calc --output $tmp/lines.csv"
medians "$tmp/start.json"

# The buyers of every municipality, from Brønnøysund's register, as the
# tests build them (internal/cli/ehf_test.go).
awk -F, 'NR > 1 && $3 !~ /^NYE / && !seen[$1]++ {
	printf "%s,%s,\"%s\",TEST-%s,ansvar=1%s; art=11950,45%s000,Digisos-tillegg %s/2019\n", $1, $2, $3, $1, $1, $1, $1
}' "$data/brreg-kommuner-organisasjonsnummer-2023-06.csv" |
	{ echo "municipality_number,organisation_number,name,buyer_reference,accounting_cost,order_reference,contract_reference"; cat; } >"$tmp/buyers.csv"
ehf="--format ehf --seller testdata/seller.toml --buyers $tmp/buyers.csv --issue-date 2021-01-15"
$calc --format json --output "$tmp/lines.json"
jq -c . "$tmp/lines.json" >"$tmp/lines-one-line.json"
verify="$bin verify --year 2020 --input $ssb --issued"
hyperfine --shell=none --warmup 1 --runs "${BATCH_RUNS:-10}" --export-json "$tmp/batch.json" "$@" \
	--command-name "calculate --format ehf --no-pdf, 356 invoices" "$calc $ehf --no-pdf --output $tmp/ehf-no-pdf" \
	--command-name "calculate --format ehf, 356 invoices with PDF" "$calc $ehf --output $tmp/ehf" \
	--command-name "calculate --format xlsx, 356 municipalities" "$calc --format xlsx --output $tmp/lines.xlsx" \
	--command-name "verify of the JSON, indented" "$verify $tmp/lines.json" \
	--command-name "verify of the JSON, on one line" "$verify $tmp/lines-one-line.json"
medians "$tmp/batch.json"

# verify of the EHF folder the batch above wrote, and of one invoice of it:
# one invoice rebuilds only that invoice and its basis.
everify="$verify $tmp/ehf --seller testdata/seller.toml --buyers $tmp/buyers.csv --issue-date 2021-01-15"
hyperfine --shell=none --warmup 1 --runs "${BATCH_RUNS:-10}" --export-json "$tmp/verify.json" "$@" \
	--command-name "verify of the EHF folder, 356 invoices" "$everify" \
	--command-name "verify of one EHF invoice (Oslo's)" "$verify $tmp/ehf/DIGISOS-2020-0301.xml --seller testdata/seller.toml --buyers $tmp/buyers.csv --issue-date 2021-01-15"
medians "$tmp/verify.json"
