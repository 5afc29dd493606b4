# One entry point: every target sets up what it needs on a fresh machine by itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INTEROP := .venv-interop
STAMP := $(VENV)/.installed
INTEROP_STAMP := $(INTEROP)/.installed
NODE_STAMP := tests/interop/node/node_modules/.installed
VERIFIER_STAMP := verifier/node_modules/.installed
# Set before `unit` names it: a rule's prerequisites are expanded as the line is read.
RISCV_STAMP := $(VENV)/.riscv-installed
RISCV_DEBS := gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-user

.PHONY: run test lint unit bench demo clean screenshots package package-check fuzz lock lock-check

QM := app/ui/i18n/obambu_fr.qm app/ui/i18n/obambu_en.qm

run: $(STAMP) $(QM)
	$(BIN)/obambu run

test: lint unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

unit: $(STAMP) $(INTEROP_STAMP) $(NODE_STAMP) $(VERIFIER_STAMP) $(RISCV_STAMP) $(QM)
	OBAMBU_REQUIRE_RISCV=1 QT_QPA_PLATFORM=offscreen OBAMBU_KDF=interactive $(BIN)/pytest -q

# The firmware core's C tests also run for the ESP32-C3's instruction set (RV32IMAC) under
# qemu-riscv32 (tests/test_core_riscv.py, firmware/tests/Makefile): Debian's cross gcc, picolibc
# and qemu-user, installed here when missing (root, or sudo). No apt, no root: this fails, it
# does not skip, since `unit` then requires those tests (OBAMBU_REQUIRE_RISCV=1).
$(RISCV_STAMP): $(STAMP)
	@if ! command -v riscv64-unknown-elf-gcc >/dev/null || ! command -v qemu-riscv32 >/dev/null \
	    || ! test -f /usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs; then \
	  if ! command -v apt-get >/dev/null; then \
	    echo "make: the RISC-V toolchain is missing and apt-get is not here:" \
	      "install $(RISCV_DEBS) (Debian's names)" >&2; exit 1; fi; \
	  sudo=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q \
	    --no-install-recommends $(RISCV_DEBS) \
	    || { echo "make: could not install $(RISCV_DEBS)" >&2; exit 1; }; \
	fi
	touch $@

screenshots: $(STAMP) $(QM)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m app.ui.screenshots docs/screenshots

bench: $(STAMP)
	$(BIN)/python -m bench.apply_rate
	$(BIN)/python -m bench.attestation_lookup
	$(BIN)/python -m bench.open_profile
	$(BIN)/python -m bench.stick_sync
	$(BIN)/python -m bench.serial_goodput
	$(BIN)/python -m bench.sync_simulation
	$(BIN)/python -m bench.cut_reading
	$(BIN)/python -m bench.ui_start
	$(BIN)/python -m bench.ui_responsive
	$(BIN)/python -m bench.lan_flood
	$(BIN)/python -m bench.people

# Coverage-guided fuzzing (docs/fuzzing.md): each parser of outside bytes for FUZZ_SECONDS
# under atheris, seeded from a real network's objects. The suite's short run is
# tests/test_fuzz_parsers.py; this is the long one. Corpus and crashes stay in FUZZ_DIR.
FUZZ_SECONDS ?= 600
FUZZ_DIR ?= .fuzz
FUZZ_TARGETS := cbor cose objects ledger segment stick beacon cuts frames session attestation kit \
	device_api discovery relay invite laptop scan
FUZZ_STAMP := $(VENV)/.fuzz-installed

fuzz: $(FUZZ_STAMP)
	OBAMBU_KDF=interactive $(BIN)/python -m fuzz.seeds $(FUZZ_DIR)
	mkdir -p $(FUZZ_DIR)/crashes
	crashed=""; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$t; \
	  OBAMBU_KDF=interactive $(BIN)/python -m fuzz.fuzz_$$t $(FUZZ_DIR)/world \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=30 -rss_limit_mb=4096 \
	    -artifact_prefix=$(FUZZ_DIR)/crashes/$$t- \
	    $(FUZZ_DIR)/corpus/$$t $(FUZZ_DIR)/seeds/$$t || crashed="$$crashed $$t"; \
	done; \
	test -z "$$crashed" || { echo "fuzz: crashes in$$crashed, see $(FUZZ_DIR)/crashes"; exit 1; }

$(FUZZ_STAMP): $(STAMP) requirements/fuzz.txt
	$(BIN)/pip install --quiet --require-hashes -r requirements/fuzz.txt
	touch $@

# A release: the one-folder PyInstaller build, its zip, checksum and signature (packaging/).
# PyInstaller comes from the hashed lock, like everything else (requirements/build.txt).
# PyInstaller bundles the X11 libraries Qt's xcb plugin loads from this machine, so they must
# be here (without libxcb-icccm4 and libxcb-keysyms1 the window cannot start anywhere); gcc and
# binutils rebuild the trimmed ICU library; xvfb lets package-check start the real window.
# Debian's names, installed when missing (root, or sudo); the release container has its own
# (.github/workflows/release.yml).
BUILD_STAMP := $(VENV)/.build-installed
LINUX_BUILD_DEBS := libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 \
	libxcb-render-util0 libxkbcommon-x11-0 libegl1 libfontconfig1 libdbus-1-3 binutils gcc \
	xvfb xauth
package: $(BUILD_STAMP) $(QM)
	@if command -v dpkg-query >/dev/null; then \
	  missing=$$(for d in $(LINUX_BUILD_DEBS); do \
	    dpkg-query -W -f='$${Status}\n' $$d 2>/dev/null | grep -q '^install ok installed' \
	      || echo $$d; done); \
	  if [ -n "$$missing" ]; then sudo=$$(test "$$(id -u)" = 0 || echo sudo); \
	    $$sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q \
	      --no-install-recommends $$missing; fi; \
	fi
	$(BIN)/python packaging/build.py

$(BUILD_STAMP): $(STAMP) requirements/build.txt
	$(BIN)/pip install --quiet --require-hashes -r requirements/build.txt
	touch $@

# What a town hall does with the zip: verify, self-test, update in portable mode, start.
package-check: package
	$(BIN)/python packaging/check.py

# The Windows installer (packaging/windows/): makensis builds it from the Windows folder layout
# and Wine installs, starts and uninstalls it as a standard user (packaging/check_windows.py).
# A stand-in program unless WINDOWS_BUILD=path/to/dist/obambu (a Windows runner's build).
# Its tools come from Debian: installed here when missing (root, or sudo).
.PHONY: package-check-windows
package-check-windows: $(STAMP)
	@if ! command -v makensis >/dev/null || ! command -v x86_64-w64-mingw32-gcc >/dev/null \
	    || ! { command -v wine64 >/dev/null || test -x /usr/lib/wine/wine64; } \
	    || ! command -v Xvfb >/dev/null; then \
	  sudo=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q \
	    --no-install-recommends nsis wine64 gcc-mingw-w64-x86-64 xvfb libxtst6; \
	fi
	$(BIN)/python packaging/check_windows.py $(if $(WINDOWS_BUILD),--folder $(WINDOWS_BUILD))

# Qt Linguist: the .ts sources are in the repository, the .qm the app loads are built here.
app/ui/i18n/%.qm: app/ui/i18n/%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

# Every package from the hashed lock (requirements/, written by `make lock`), then the project
# itself without its dependencies: the same versions, byte for byte, on every machine.
$(STAMP): requirements/dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# The lock: pyproject.toml's pins and everything they pull in, with the hashes of every file,
# resolved once for Linux and Windows (markers say which is whose). Run after changing a
# dependency in pyproject.toml; tests/test_lock.py fails until then. The dev lock is constrained
# by the runtime one, build and fuzz by dev, so that one venv holds them all without a conflict.
UV_VERSION := 0.13.8
UV := $(VENV)/.lock/bin/uv
LOCK := $(UV) pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock"
lock:
	$(PYTHON) -m venv $(VENV)/.lock
	$(VENV)/.lock/bin/pip install --quiet uv==$(UV_VERSION)
	$(LOCK) pyproject.toml -o requirements/runtime.txt
	$(LOCK) pyproject.toml requirements/build-system.in --extra dev -c requirements/runtime.txt \
	  -o requirements/dev.txt
	$(LOCK) pyproject.toml requirements/build-system.in --extra build -c requirements/dev.txt \
	  -o requirements/build.txt
	$(LOCK) pyproject.toml --extra fuzz -c requirements/dev.txt -o requirements/fuzz.txt
	$(LOCK) tests/interop/requirements.in -o tests/interop/requirements.txt

# Every locked package has a wheel for Windows and for Linux, hashes matching (tools/lock_check.py):
# the Windows runner and the old-glibc container then need no compiler.
lock-check: $(STAMP)
	$(BIN)/python -m tools.lock_check requirements/build.txt

# pycose is the independent COSE verifier of the interop test. It needs cbor2 < 6, which
# the application cannot share, so it lives in a venv of its own; hashed too (`make lock`
# writes requirements.txt from requirements.in).
$(INTEROP_STAMP): tests/interop/requirements.txt
	$(PYTHON) -m venv $(INTEROP)
	$(INTEROP)/bin/pip install --quiet --require-hashes -r tests/interop/requirements.txt
	touch $@

# A second, fully independent CBOR and Ed25519 stack (npm cbor + node:crypto), when the
# machine has Node.js; its tests skip without it.
$(NODE_STAMP): tests/interop/node/package-lock.json
	if command -v npm >/dev/null; then \
	  cd tests/interop/node && npm ci --no-audit --no-fund --silent && touch node_modules/.installed; \
	else mkdir -p tests/interop/node/node_modules && touch $@; fi

# The reference verifier written from docs/spec/ alone (verifier/: cborg + node:crypto), checked
# against ours by tests/test_reference_verifier.py when the machine has Node.js.
$(VERIFIER_STAMP): verifier/package-lock.json
	if command -v npm >/dev/null; then \
	  cd verifier && npm ci --no-audit --no-fund --silent && touch node_modules/.installed; \
	else mkdir -p verifier/node_modules && touch $@; fi

clean:
	rm -rf $(VENV) $(INTEROP) .mypy_cache .ruff_cache .pytest_cache build dist .fuzz
