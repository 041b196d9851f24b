# Thin wrappers over the go command. See README.md.
GO ?= go
BIN := bin/digisos-invoice

.PHONY: run test test-full bench bench-cli fuzz lint update build clean

run: ## calculate 2020 for the sample in testdata/ and print the lines
	$(GO) run ./cmd/digisos-invoice calculate --year 2020 --input testdata/sample.csv

test: lint
	$(GO) run ./internal/testsummary -timeout 45m ./...

# The tamper tables of internal/cli on the full SSB 2020 table as well as
# on the sample (make test runs them on the sample, where one field at a
# time is varied just as well); .ci/run runs this too.
test-full: ## the full matrix: verify's tamper tables on the real 356-municipality table
	DIGISOS_FULL=1 $(GO) run ./internal/testsummary -timeout 45m -count=1 ./internal/cli

# Medians: run each benchmark COUNT times (benchstat or sort by hand).
COUNT ?= 5
bench: ## in-process benchmarks, COUNT runs each (ns/op, cpu-ns/op, B/op, allocs/op)
	$(GO) test -run '^$$' -bench . -benchmem -count $(COUNT) ./...

bench-cli: ## the whole process on the real job beside a hello-world process (hyperfine)
	testdata/bench/bench-cli.sh

# FUZZTIME is each target's budget: a count of executions (1000000x, the
# default, the same work on any machine) or a duration (FUZZTIME=2m, what a
# release gets). With a duration, Go 1.26's fuzz coordinator can end a target
# with a bare "context deadline exceeded" and no failing input
# (golang/go#75804, fixed in Go 1.27): that ending is reported and counted as
# a pass; any failure that writes a failing input fails the run.
# FUZZMINIMIZE caps the minimizing of each new input that widens coverage
# (Go's default, 60s each, can take a whole short budget and count no
# execution); a failing input is still minimized that far and written.
FUZZTIME ?= 1000000x
FUZZMINIMIZE ?= 1000x
# package:target for every reader's fuzz target
FUZZ := \
	internal/csvio:FuzzReadMunicipalities internal/csvio:FuzzReadParticipants \
	internal/csvio:FuzzReadPopulation internal/csvio:FuzzReadRegister \
	internal/csvio:FuzzReadRenumbering internal/csvio:FuzzReadBuyers internal/csvio:FuzzReadIssuedLines \
	internal/tomlio:FuzzReadTariffs internal/tomlio:FuzzReadSeller internal/jsonio:FuzzReadDocumentTree internal/ehfio:FuzzReadTree \
	internal/xlsxio:FuzzReadLines \
	internal/csvio:FuzzReadOriginal internal/jsonio:FuzzReadIssued
# Each target's last progress line gives its executions and time: printed
# as "TARGET: N execs in Ss, R execs/s", then a table of all at the end.
fuzz: ## every reader's fuzz target, FUZZTIME each; prints the executions of each
	@summary=""; for pt in $(FUZZ); do \
		target=$${pt#*:}; echo "fuzz $$target for $(FUZZTIME)"; \
		out=$$($(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) ./$${pt%%:*} 2>&1); rc=$$?; \
		execs=$$(echo "$$out" | grep '^fuzz: elapsed' | tail -n 1 | \
			sed -E 's/^fuzz: elapsed: ([0-9hms.]+), execs: ([0-9]+).*/\1 \2/' | \
			awk -v t="$$target" '{ d=$$1; s=0; if (d ~ /h/) { split(d, a, "h"); s+=a[1]*3600; d=a[2] } if (d ~ /m/) { split(d, a, "m"); s+=a[1]*60; d=a[2] } sub(/s$$/, "", d); s+=d; \
				printf "%s: %d execs in %ds, %d execs/s", t, $$2, s, (s > 0 ? $$2/s : $$2) } \
			END { if (NR == 0) printf "%s: no progress line (execs unknown)", t }'); \
		if [ $$rc -eq 0 ]; then echo "$$execs"; summary="$$summary$$execs\n"; continue; fi; \
		if echo "$$out" | grep -q 'context deadline exceeded' && ! echo "$$out" | grep -q 'Failing input written to'; then \
			echo "$$execs"; summary="$$summary$$execs\n"; \
			echo "$$target: ended by the fuzz coordinator's deadline race (golang/go#75804) with no failing input: passed"; \
			continue; \
		fi; \
		echo "$$out"; exit 1; \
	done; printf "executions per target:\n$$summary"

# The release targets: make build cross-compiles each, and lint vets each
# (vet type-checks every package and test file for that OS, so code that
# builds only on Linux fails make test; it is cached, a second run takes
# about a second a target).
TARGETS := linux/amd64 linux/arm64 darwin/arm64 windows/amd64

lint: ## go vet for this machine and every target in TARGETS, and gofmt
	$(GO) vet ./...
	@for t in $(TARGETS); do \
		echo "GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) vet ./..."; \
		GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) vet ./... || exit 1; \
	done
	@out=$$(gofmt -l cmd internal); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

update: ## rewrite golden outputs in testdata; review the diff like code
	$(GO) test ./cmd/digisos-invoice -update

# CGO_ENABLED=0: static binaries. pflag imports net, which otherwise links
# libc for its DNS resolver; the program never resolves a name. One binary
# per target in bin/OS-ARCH/ (digisos-invoice.exe on Windows), and
# bin/digisos-invoice for this machine, whose ELF file TestStaticBinary
# reads: it fails if the program needs a loader or a shared library.
build: ## static binaries for every target in TARGETS, and bin/digisos-invoice for this machine
	@for t in $(TARGETS); do \
		echo "GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) build -o bin/$${t%/*}-$${t#*/}/"; \
		CGO_ENABLED=0 GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) build -trimpath -o bin/$${t%/*}-$${t#*/}/ ./cmd/digisos-invoice || exit 1; \
	done
	CGO_ENABLED=0 $(GO) build -o $(BIN) ./cmd/digisos-invoice
	$(GO) test ./cmd/digisos-invoice -count=1 -run '^(TestStaticBinary|TestOneProgram)$$' -args -binary $(CURDIR)/$(BIN)

clean:
	rm -rf bin
