# Thin wrapper over CMake.  `make run` and `make test` set everything up on a
# fresh Debian machine (installing missing packages when run as root or with
# sudo), build in build/, and run.
BUILD      ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
INPUT      ?= data/samples/osce-malta.fa.txt
PREFIX     ?= /usr/local
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
PGO        ?= auto
PACKAGES    = cmake make gcc pkg-config libicu-dev libpcre2-dev libcjson-dev parallel time \
              valgrind clang libclang-rt-14-dev chromium python3-pytest python3-distributed

.PHONY: all deps build run test test-fast test-asan test-tsan fuzz bench install clean

all: build

deps:
	@command -v dpkg >/dev/null || exit 0; \
	missing=$$(for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	command -v python3 >/dev/null || missing="$$missing python3"; \
	[ -z "$$missing" ] && exit 0; \
	echo "make: installing missing packages:" $$missing; \
	if [ "$$(id -u)" = 0 ]; then SUDO=; \
	elif command -v sudo >/dev/null; then SUDO=sudo; \
	else echo "make: please install as root:" $$missing; exit 1; fi; \
	$$SUDO apt-get update -qq && \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing

# tools/build.sh: profile-guided when ../shared's news is there to train on
# (PGO=0: a plain build); the instrumented build is $(BUILD)-pgo.
build: deps
	@PGO=$(PGO) tools/build.sh $(BUILD) $(JOBS)

# `make run` prints the JSON alone: the configure and build output goes to
# $(BUILD)/build.log, and only when the build fails is it shown (less the
# progress lines), errors and warnings included.
run: deps
	@mkdir -p $(BUILD); log=$(BUILD)/build.log; \
	if ! PGO=$(PGO) tools/build.sh $(BUILD) $(JOBS) >"$$log" 2>&1 </dev/null; then \
	  grep -v -e '^-- ' -e '^\[ *[0-9]*%\]' -e 'Entering directory' -e 'Leaving directory' "$$log" >&2; \
	  echo "make: the build failed (full log: $$log)" >&2; exit 1; \
	fi
	@$(BUILD)/tagger --pretty $(INPUT)

# The whole suite, then again under AddressSanitizer + UBSan, built with the
# plain code paths only (the normal build takes the AVX2 ones where it can).
test: test-fast test-asan

test-fast: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DTAGGER_SANITIZE=ON -DTAGGER_PORTABLE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && TAGGER_SKIP_LARGE=1 ctest --output-on-failure -j $(JOBS)

# The tests that run threads, under ThreadSanitizer (-fsanitize=thread,
# shared ICU) in $(TSAN_BUILD): bulk tagging's workers (-j) and load
# threads (the rules load beside the models with -j 2 or more;
# defaults_library with 1 and 2), stamps written and pruned at once by
# threads and by processes, the rules' shared JIT and the per-thread
# working blocks.  Not part of `make test`
# (CI runs it after).  Every report goes to $(TSAN_BUILD)/tsan-logs, where
# any file fails the run, whatever the test's exit; tests/tsan.supp holds
# the suppressions (none while there is no false positive).
TSAN_TESTS = ^(bulk_cli|bulk_fault|bulk_parallel|defaults_library|unit_stamps|stamps_cli|unit_scratch|unit_rules|datafile_cli)$$
TSAN_TARGETS = tagger_cli tagger default_gazetteer default_rules default_rules_compiled \
               test_defaults test_stamps test_scratch test_rules
test-tsan: deps
	@cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTAGGER_SANITIZE_THREAD=ON \
	  -DTAGGER_PORTABLE=ON >/dev/null
	@cmake --build $(TSAN_BUILD) -j $(JOBS) --target $(TSAN_TARGETS)
	@rm -rf $(TSAN_BUILD)/tsan-logs && mkdir -p $(TSAN_BUILD)/tsan-logs
	cd $(TSAN_BUILD) && TAGGER_SKIP_LARGE=1 \
	  TSAN_OPTIONS="log_path=$(abspath $(TSAN_BUILD))/tsan-logs/tsan second_deadlock_stack=1 suppressions=$(abspath tests/tsan.supp)" \
	  ctest --output-on-failure -j $(JOBS) -R '$(TSAN_TESTS)'
	@if [ -n "$$(ls $(TSAN_BUILD)/tsan-logs)" ]; then \
	  cat $(TSAN_BUILD)/tsan-logs/*; echo "make: ThreadSanitizer reports above" >&2; exit 1; fi

# Every fuzz target (fuzz/) for FUZZ_SECONDS each, two at a time, built with
# clang + libFuzzer + ASan/UBSan in $(FUZZ_BUILD); `make fuzz FUZZ_SECONDS=600`
# for the long local run.  Crashing inputs are left in $(FUZZ_BUILD)/fuzz-artifacts.
fuzz: deps
	@CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DTAGGER_FUZZ=ON -DTAGGER_BUILD_TESTS=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS)
	fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(JOBS)

bench: build
	bench/run.sh $(BUILD)

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) $(BUILD)-pgo $(ASAN_BUILD) $(TSAN_BUILD) $(FUZZ_BUILD)
