# Thin wrappers over the go command. See README.md.
GO ?= go
BIN := bin/digisos-invoice

.PHONY: run test bench fuzz lint update build clean

run: ## calculate 2020 for the sample in testdata/ and print the lines
	$(GO) run ./cmd/digisos-invoice calculate --year 2020 --input testdata/sample.csv

test: lint
	$(GO) test ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

FUZZTIME ?= 30s
FUZZ_TARGETS := FuzzReadMunicipalities FuzzReadParticipants FuzzReadPopulation
fuzz: ## each reader's fuzz target for FUZZTIME
	for f in $(FUZZ_TARGETS); do $(GO) test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) ./internal/csvio || exit 1; done

lint:
	$(GO) vet ./...
	@out=$$(gofmt -l cmd internal); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

update: ## rewrite golden outputs in testdata; review the diff like code
	$(GO) test ./cmd/digisos-invoice -update

build:
	$(GO) build -o $(BIN) ./cmd/digisos-invoice

clean:
	rm -rf bin
