#!/bin/bash
# Runs every fuzz target: first once over its regressions
# (tests/fuzz/regressions/<target>/, inputs of crashes that were fixed)
# and its seeds (tests/fuzz/corpus/<target>/), then fuzzing for SECONDS.
# Fails if any target crashes, leaks or times out; its input is left in
# BUILD/fuzz/artifacts/. Prints executions and coverage per target.
#
#   tests/fuzz/smoke.sh [BUILD [SECONDS [TARGET...]]]
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build-fuzz}
seconds=${2:-10}
shift $(($# < 2 ? $# : 2))
if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    targets=()
    for src in tests/fuzz/fuzz_*.c; do
        name=$(basename "$src" .c)
        targets+=("${name#fuzz_}")
    done
fi

mkdir -p "$build/fuzz/artifacts"
summary=""
failed=()
for t in "${targets[@]}"; do
    bin=$build/fuzz/fuzz_$t
    dirs=()
    for d in tests/fuzz/regressions/$t tests/fuzz/corpus/$t; do
        [ -d "$d" ] && dirs+=("$d")
    done
    log=$build/fuzz/artifacts/$t.log
    work=$(mktemp -d)
    opts=(-timeout=25 -rss_limit_mb=2048 -print_final_stats=1
          "-artifact_prefix=$build/fuzz/artifacts/$t-")
    echo "== $t: replaying ${dirs[*]:-nothing}, then fuzzing ${seconds}s"
    # The engine targets check first that their replay seeds still
    # complete their handshakes (tests/fuzz/engine.h).
    if LATCH_FUZZ_CHECK_SEEDS=tests/fuzz/corpus/$t "$bin" "${opts[@]}" -runs=0 "${dirs[@]}" \
        >"$log" 2>&1 &&
        "$bin" "${opts[@]}" -max_total_time="$seconds" "$work" "${dirs[@]}" >>"$log" 2>&1; then
        stats=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 |
            sed -E 's/^#([0-9]+)[[:space:]]+DONE[[:space:]]+cov: ([0-9]+) ft: ([0-9]+).*/\1 \2 \3/')
        summary+=$(printf '%-22s %10s %6s %7s' "$t" $stats)$'\n'
    else
        failed+=("$t")
        tail -40 "$log"
    fi
    rm -rf "$work"
done

printf '\n%-22s %10s %6s %7s\n%s' target execs cov ft "$summary"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz-smoke: FAILED: ${failed[*]} (inputs and logs in $build/fuzz/artifacts/)"
    exit 1
fi
echo "fuzz-smoke: all ${#targets[@]} targets passed"
