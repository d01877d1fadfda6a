#!/bin/sh
# The builds that users and packagers make, each in its own directory
# under MATRIX_DIR: the library, the `latch` tool and the unit and
# end-to-end test programs (not the interop suite), then those tests. A
# row fails on any compiler or linker warning (-Werror, and the build's
# output is searched for "warning:", which also catches warnings at LTO
# link time), on a failed build, or on a failed test. Every row runs; the
# summary names the ones that failed.
#
#   scripts/build-matrix.sh [ROW...]   (all rows by default)
#
# JOBS sets the parallelism (2 by default). Run from the source tree.
set -eu

matrix_dir=${MATRIX_DIR:-build-matrix}
jobs=${JOBS:-2}
# Debian 12's dpkg-buildflags with hardening=+all, FORTIFY at level 3.
debian_cflags="-g -O2 -fstack-protector-strong -fstack-clash-protection -fcf-protection -Wformat -Werror=format-security"
debian_cppflags="-D_FORTIFY_SOURCE=3"
debian_ldflags="-Wl,-z,relro,-z,now"

all_rows="gcc-debug gcc-release gcc-relwithdebinfo gcc-minsizerel clang-release gcc-o3-lto gcc-debian-hardening"
rows=${*:-$all_rows}

# The cmake options of one row, one per line.
row_options() {
    case "$1" in
    gcc-debug) echo "-DCMAKE_BUILD_TYPE=Debug" ;;
    gcc-release) echo "-DCMAKE_BUILD_TYPE=Release" ;;
    gcc-relwithdebinfo) echo "-DCMAKE_BUILD_TYPE=RelWithDebInfo" ;;
    gcc-minsizerel) echo "-DCMAKE_BUILD_TYPE=MinSizeRel" ;;
    clang-release) printf '%s\n' "-DCMAKE_C_COMPILER=clang" "-DCMAKE_BUILD_TYPE=Release" ;;
    gcc-o3-lto) printf '%s\n' "-DCMAKE_BUILD_TYPE=Release" "-DCMAKE_C_FLAGS=-O3 -flto=auto" ;;
    # A packager's build: type None, the distribution's flags from outside.
    gcc-debian-hardening)
        printf '%s\n' "-DCMAKE_BUILD_TYPE=None" "-DCMAKE_C_FLAGS=$debian_cflags $debian_cppflags" \
            "-DCMAKE_EXE_LINKER_FLAGS=$debian_ldflags" "-DCMAKE_SHARED_LINKER_FLAGS=$debian_ldflags"
        ;;
    *) return 1 ;;
    esac
}

run_row() {
    row=$1
    dir="$matrix_dir/$row"
    log="$dir.log"
    options=$(row_options "$row") || {
        echo "matrix: no row named $row (rows: $all_rows)" >&2
        return 1
    }
    mkdir -p "$matrix_dir"
    start=$(date +%s)
    # One option per line, so flags with spaces stay one argument each.
    if ! printf '%s\n' "$options" | tr '\n' '\0' |
        TARGETS="latch latch_shared unit_e2e" JOBS=$jobs \
            xargs -0 scripts/build.sh "$dir" -DLATCH_WERROR=ON >"$log" 2>&1; then
        cat "$log"
        echo "matrix $row: build failed"
        return 1
    fi
    if grep -q "warning:" "$log"; then
        cat "$log"
        echo "matrix $row: the build warned"
        return 1
    fi
    built=$(($(date +%s) - start))
    # ctest passes when no test matches; a row must have run some.
    if ! (cd "$dir" && ctest -L '^(unit|e2e)$' -j "$jobs" --output-on-failure >test.log 2>&1) ||
        ! grep -q "tests passed, 0 tests failed out of [1-9]" "$dir/test.log"; then
        cat "$dir/test.log"
        echo "matrix $row: tests failed"
        return 1
    fi
    echo "matrix $row: built in $built s; $(grep 'tests passed' "$dir/test.log") in $(($(date +%s) - start - built)) s"
}

failed=""
for row in $rows; do
    run_row "$row" || failed="$failed $row"
done
if [ -n "$failed" ]; then
    echo "matrix: FAILED:$failed"
    exit 1
fi
echo "matrix: all $(echo "$rows" | wc -w) rows built without a warning and passed"
