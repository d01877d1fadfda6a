#!/bin/sh
# scripts/test-repeat.sh BUILD N: runs the whole CTest suite of the build
# directory BUILD N times, two jobs at a time, while one busy process per
# core loads the machine, as a shared CI machine or a laptop doing other
# work would. Prints each run's result, then "P passed, F failed" counting
# runs; exits non-zero if any run failed. `make test-repeat N=10` runs it
# after building once.
#
# Each run's full output is kept in BUILD/test-repeat/run-K.log. The busy
# processes are started and stopped here, and each is bounded in time by
# itself too (BUSY_LIMIT seconds) should this script be killed.
set -eu

build=${1:?usage: scripts/test-repeat.sh BUILD N}
runs=${2:?usage: scripts/test-repeat.sh BUILD N}
case $runs in
'' | *[!0-9]*) echo "test-repeat: N must be a number of runs, not '$runs'" >&2 && exit 2 ;;
esac
[ -f "$build/CTestTestfile.cmake" ] || {
    echo "test-repeat: $build has no CTest suite; build it first" >&2
    exit 2
}
BUSY_LIMIT=${BUSY_LIMIT:-$((runs * 1800))}

logs=$build/test-repeat
rm -rf "$logs"
mkdir -p "$logs"

busy=""
stop_busy() {
    for pid in $busy; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in $busy; do
        wait "$pid" 2>/dev/null || true
    done
    busy=""
}
trap stop_busy EXIT
trap 'exit 130' INT TERM

cores=$(nproc 2>/dev/null || echo 2)
for _ in $(seq "$cores"); do
    timeout "$BUSY_LIMIT" sh -c 'while :; do :; done' &
    busy="$busy $!"
done
echo "test-repeat: $runs runs of the suite in $build with 2 jobs, $cores busy processes"

passed=0
failed=0
for k in $(seq "$runs"); do
    log=$logs/run-$k.log
    start=$(date +%s)
    status=0
    (cd "$build" && ctest --output-on-failure -j 2) >"$log" 2>&1 || status=$?
    took=$(($(date +%s) - start))
    summary=$(grep -E '^[0-9]+% tests passed' "$log" || echo "no CTest summary (status $status)")
    if [ "$status" -eq 0 ]; then
        passed=$((passed + 1))
        echo "run $k of $runs: passed in ${took} s: $summary"
    else
        failed=$((failed + 1))
        echo "run $k of $runs: FAILED in ${took} s: $summary; output in $log"
        sed -n '/^The following tests FAILED:/,$p' "$log" | sed -n 's/^[[:space:]]*[0-9]* - /    /p'
    fi
done
stop_busy
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
