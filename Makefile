# Baton: two commands do everything.
#   make run    installs what the desktop app needs, builds it and starts it
#               (a demo vault opens where there is no real vault yet)
#   make test   installs the test tools and runs every check and test
SHELL := bash
GO ?= go
BIN := bin
export PATH := $(shell $(GO) env GOPATH)/bin:$(PATH)

CORE := ./chain/... ./ceremony/... ./cmd/baton/...
# The transparency log server (Tessera; not part of the no-cgo core).
LOG := ./cmd/baton-log/...

# Every tool at a pinned version.
STATICCHECK := v0.8.2
export GOVULNCHECK := v1.9.0

.PHONY: run build package test gates race app-test smoke screenshots fuzz fuzz-short bench vectors deps-build deps-test clean

run: deps-build build
	$(BIN)/baton-gui

build: deps-build
	$(GO) build -o $(BIN)/baton ./cmd/baton
	$(GO) build -o $(BIN)/baton-gui ./cmd/baton-gui

deps-build:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh all

# test is what CI runs (.ci/run calls it). It never skips interop tests:
# BATON_REQUIRE_TOOLS=1 turns a missing tool into a failure.
test: deps-test gates race app-test fuzz-short smoke

gates:
	@echo "== gofmt"; out=$$(gofmt -l $$(git ls-files -co --exclude-standard '*.go')); \
	  if [ -n "$$out" ]; then echo "not gofmt-ed:"; echo "$$out"; exit 1; fi
	@echo "== go vet"; $(GO) vet ./...
	@echo "== CGO_ENABLED=0 build of the core"; CGO_ENABLED=0 $(GO) build $(CORE)
	@echo "== staticcheck $(STATICCHECK)"; staticcheck -version 2>/dev/null | grep -q "($(STATICCHECK:v%=%))" || $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK); staticcheck ./...
	@echo "== govulncheck"; scripts/govulncheck.sh

# The core packages and the log server with the race detector (needs cgo: gcc).
race:
	BATON_REQUIRE_TOOLS=1 $(GO) test -race -count=1 -timeout 30m $(CORE) $(LOG)

# The Fyne UI with the headless software driver: no cgo, no X. Then again
# with the race detector (cgo, still no X): the wizards' ceremonies run on
# goroutines that report through State.Do.
app-test:
	BATON_REQUIRE_TOOLS=1 CGO_ENABLED=0 $(GO) test -tags ci -count=1 ./app/...
	BATON_REQUIRE_TOOLS=1 CGO_ENABLED=1 $(GO) test -race -tags ci -count=1 -timeout 20m ./app/...

# The real binary in a real window under Xvfb: the screenshot must not be blank.
smoke: deps-build deps-test
	scripts/smoke.sh

# Baton's version, as FyneApp.toml gives it (a test keeps it equal to
# ceremony.Version, which baton --version and the About screen show).
VERSION = $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)

# A Linux bundle (bin, .desktop file, icon) with Fyne's packager:
# bin/Baton.tar.xz. The first run compiles GLFW again (a few minutes).
package: deps-build
	@test -n "$(VERSION)" || { echo "FyneApp.toml has no Version"; exit 1; }
	$(GO) install fyne.io/tools/cmd/fyne@v1.7.4
	cd cmd/baton-gui && fyne package -os linux --release --name Baton --app-id org.baton.app \
	  --app-version $(VERSION) --icon ../../assets/icon.png
	mkdir -p $(BIN) && mv cmd/baton-gui/Baton.tar.xz $(BIN)/

# Refreshes the screenshots in docs/ (the README shows them): the main
# screens from the real app under Xvfb, the wizard pages from the
# screenshots tool, which works each wizard to its page with fyne's
# headless test driver and fails on any page it cannot draw.
screenshots: deps-build deps-test
	SHOTS_DIR=docs/screenshots scripts/smoke.sh
	CGO_ENABLED=0 $(GO) run ./app/internal/shots -out docs/screenshots

# Each fuzz target for FUZZTIME (60s by default).
FUZZTIME ?= 60s
fuzz:
	scripts/fuzz.sh $(FUZZTIME)

# A short pass of every fuzz target, for CI.
fuzz-short:
	scripts/fuzz.sh 20000x

bench:
	bench/run.sh

# Regenerates testdata/ from fixed seeds; the vector test fails if they drift.
vectors:
	$(GO) run ./chain/internal/vectorgen -out testdata -doc docs/ATTACKS.md

clean:
	rm -rf $(BIN)
