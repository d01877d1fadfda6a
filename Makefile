# The two commands of the README, and the other entry points. CMake does
# the building (scripts/build.sh, a few lines per build); this file only
# names the jobs.
BUILD ?= build
ASAN_BUILD ?= build-asan
BENCH_BUILD ?= build-bench
FUZZ_BUILD ?= build-fuzz
MATRIX_DIR ?= build-matrix
FUZZ_TIME ?= 10
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
# Development and CI builds treat warnings as errors; a plain `cmake`
# build (a user's, a packager's) does not (LATCH_WERROR).
DEV_FLAGS = -DLATCH_WERROR=ON
BUILD_SH = JOBS=$(JOBS) scripts/build.sh
MAKEFLAGS += --no-print-directory
PREFIX ?= /usr/local

.PHONY: all deps deps-test demo install uninstall test test-deb test-asan test-matrix test-repeat test-valgrind load bench bench-server fuzz fuzz-smoke fuzz-seeds fuzz-engine-seeds clean

# Building needs only the build group (compiler, cmake, libssl-dev); the
# test targets check the test group as well.
all: deps
	@$(BUILD_SH) $(BUILD) $(DEV_FLAGS) $(CMAKE_FLAGS)

deps:
	@scripts/install-deps.sh build

deps-test:
	@scripts/install-deps.sh test

# Builds everything, then shows a traced handshake on loopback.
demo: all
	@$(BUILD)/latch demo

# Installs under $(DESTDIR)$(PREFIX): libraries, latch.h, the latch
# command, latch.pc, the CMake package and the man pages. The list of
# files written is $(BUILD)/install_manifest.txt, which uninstall reads.
install: deps
	@$(BUILD_SH) $(BUILD) $(DEV_FLAGS) $(CMAKE_FLAGS) -DCMAKE_INSTALL_PREFIX=$(PREFIX)
	DESTDIR=$(DESTDIR) cmake --install $(BUILD)

uninstall:
	DESTDIR=$(DESTDIR) cmake --build $(BUILD) --target uninstall

test: deps-test all
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Builds the Debian packages (debian/) from a copy of the source, checks
# them with lintian, unpacks them into a scratch root and builds and runs
# an example against them (tests/package/deb_build.sh). About a minute
# and a half.
test-deb: deps-test all
	LATCH_BUILD=$(CURDIR)/$(BUILD) LATCH_TESTDATA=$(CURDIR)/tests/data LATCH_SOURCE=$(CURDIR) \
		tests/package/deb_build.sh

test-asan: deps-test
	@$(BUILD_SH) $(ASAN_BUILD) -DLATCH_SANITIZE=ON $(DEV_FLAGS) $(CMAKE_FLAGS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j $(JOBS)

# The whole suite N times (N=10 by default), two jobs at a time, with one
# busy process per core loading the machine (scripts/test-repeat.sh): a
# test that races shows here. Ends with "P passed, F failed" over the runs.
N ?= 10
test-repeat: deps-test all
	scripts/test-repeat.sh $(BUILD) $(N)

# The builds users and packagers make (Debug, Release, RelWithDebInfo,
# MinSizeRel, Release with clang, -O3 -flto, Debian's hardening flags),
# each with the unit and end-to-end tests; any warning fails
# (scripts/build-matrix.sh, ROWS= picks rows).
test-matrix:
	@scripts/install-deps.sh build clang
	@MATRIX_DIR=$(MATRIX_DIR) JOBS=$(JOBS) scripts/build-matrix.sh $(ROWS)

# The unit and end-to-end tests under valgrind memcheck, then the interop
# scripts with every latch run under it (tests/interop/valgrind_lib.sh):
# any invalid access, uninitialised use or definite leak fails the test.
# The plain build, since the sanitizers and valgrind do not mix. Not CTest
# for the scripts: its 600 s limit is too short for some under valgrind.
VALGRIND ?= valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect -q
VALGRIND_INTEROP ?= valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect
test-valgrind: deps-test all
	@cd $(BUILD)/tests && ls unit_test_* e2e_test_* | \
		LATCH_TESTDATA=$(CURDIR)/tests/data LATCH_BUILD=$(CURDIR)/$(BUILD) \
		xargs -P $(JOBS) -I{} sh -c '$(VALGRIND) --log-file={}.valgrind ./{} >{}.out 2>&1 && \
			echo "ok   {}" || { echo "FAIL {}"; cat {}.valgrind; exit 1; }'
	@cd tests/interop && ls test_*.sh | LATCH_VALGRIND="$(VALGRIND_INTEROP)" \
		LATCH_TESTDATA=$(CURDIR)/tests/data LATCH_BUILD=$(CURDIR)/$(BUILD) LATCH_SOURCE=$(CURDIR) \
		xargs -P $(JOBS) -I{} sh -c 'out=$(CURDIR)/$(BUILD)/tests/{}.valgrind; ./{} >$$out 2>&1 && \
			echo "ok   interop/{}" || { echo "FAIL interop/{}"; cat $$out; exit 1; }'

# `latch server --echo` under hostile load, full size: 10000 connections
# held at once (by one process, then across 2 workers; both sides need a
# hard file-descriptor limit above 10100: `ulimit -Hn`), a slowloris client against the default 10 s handshake
# timeout, two floods of 10000 malformed connections, 2000 half-open
# handshakes against the default --max-handshakes 512 (with 100 normal
# clients served meanwhile), 2000 of the largest legal ClientHellos, 200
# clients for a server with 64 descriptors (tests/interop/test_server_load.sh,
# which CTest runs smaller). Loopback only; a few minutes at most.
load: deps-test all
	LATCH_BUILD=$(CURDIR)/$(BUILD) LATCH_TESTDATA=$(CURDIR)/tests/data LATCH_SOURCE=$(CURDIR) \
		LOAD_CONNS=10000 LOAD_FLOOD=10000 LOAD_TIMEOUT=10 STEP_TIMEOUT=300 LOAD_STEP_TIMEOUT=300 \
		LOAD_HALFOPEN=2000 LOAD_MAX_HANDSHAKES=512 LOAD_BIGHELLO=2000 \
		tests/interop/test_server_load.sh

# The comparison with OpenSSL, GnuTLS and mbedTLS (bench/): an optimised
# build of its own, then one run; ARGS=--json also writes bench.json there.
# A library whose package could not be installed is reported as skipped.
bench:
	@scripts/install-deps.sh bench || \
		echo "bench: going on without them; missing libraries are reported as skipped" >&2
	@TARGETS="latch_bench bench_verify" $(BUILD_SH) $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" $(DEV_FLAGS) $(CMAKE_FLAGS)
	cd $(BENCH_BUILD) && ./bench/latch_bench $(ARGS)
	$(BENCH_BUILD)/bench/bench_verify tests/data

# The race of issue 21 (bench/server_race.py): latch server --forward,
# hitch, stunnel and nginx in front of one plaintext backend, driven by
# h2load; prints one table. Optimised build in $(BENCH_BUILD); about six
# minutes. ARGS passes options on (e.g. ARGS="--only latch,nginx").
bench-server:
	@scripts/install-deps.sh bench
	@TARGETS="latch latch_load" $(BUILD_SH) $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" $(DEV_FLAGS) $(CMAKE_FLAGS)
	bench/server_race.py --build $(BENCH_BUILD) --certs tests/data/interop $(ARGS)

# libFuzzer targets (tests/fuzz), built with clang into $(FUZZ_BUILD)/fuzz/.
fuzz:
	@scripts/install-deps.sh fuzz
	@TARGETS=fuzz $(BUILD_SH) $(FUZZ_BUILD) -DLATCH_FUZZ=ON -DCMAKE_C_COMPILER=clang $(DEV_FLAGS) $(CMAKE_FLAGS)

# Every target over its regressions and seeds, then FUZZ_TIME seconds each.
fuzz-smoke: fuzz
	tests/fuzz/smoke.sh $(FUZZ_BUILD) $(FUZZ_TIME)

# Rewrites the seed corpora in tests/fuzz/corpus from tests/data and
# from in-process handshakes.
fuzz-seeds: all
	$(BUILD)/tests/fuzz/fuzz_seedgen tests/fuzz/corpus

# Rewrites the engine targets' seeds that replay a recorded handshake,
# which only the fuzz build can record (tests/fuzz/engine_seeds.h);
# fuzz-smoke fails once the engines' own messages change under them.
fuzz-engine-seeds: fuzz
	for t in engine_client engine_server; do \
		LATCH_FUZZ_WRITE_SEEDS=tests/fuzz/corpus/$$t $(FUZZ_BUILD)/fuzz/fuzz_$$t -runs=0 || exit 1; \
	done

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(BENCH_BUILD) $(FUZZ_BUILD) $(MATRIX_DIR)
