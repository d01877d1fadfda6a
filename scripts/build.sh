#!/bin/sh
# Configures and builds one build directory in a few lines: CMake's
# progress and "Built target" lines are off, its configure log is kept in
# DIR/configure.log (shown in full if configuring fails or warns), and
# every compiler message and error still shows in full.
#
#   scripts/build.sh DIR [cmake option...]
#
# JOBS sets the parallelism (2 by default); TARGETS, if set, the targets
# to build instead of all of them. Run from the source tree.
set -eu

dir=$1
shift
mkdir -p "$dir"
log="$dir/configure.log"
if ! cmake -S . -B "$dir" -DCMAKE_RULE_MESSAGES=OFF -DCMAKE_TARGET_MESSAGES=OFF "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "configure $dir/: failed (the log above is $log)" >&2
    exit 1
fi
if grep -q "^CMake Warning" "$log"; then
    cat "$log" >&2
fi
echo "configure $dir/: $(sed -n 's/^-- latch: //p' "$log")"

start=$(date +%s)
echo "build $dir/: ${TARGETS:-everything} with ${JOBS:-2} jobs"
# shellcheck disable=SC2086 # TARGETS is a list of words
if ! cmake --build "$dir" -j "${JOBS:-2}" ${TARGETS:+--target $TARGETS}; then
    echo "build $dir/: failed (the compiler's messages are above)" >&2
    exit 1
fi
echo "build $dir/: done in $(($(date +%s) - start)) s"
