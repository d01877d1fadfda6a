# Sourced by the interop scripts (interop_lib.sh, and the bash ones that
# keep their own helpers): how long a step may take.
#
# STEP_TIMEOUT bounds each step (a peer getting ready, one connection);
# only a failing step waits that long, so it is generous for a loaded
# machine. Under the sanitizers latch runs a few times slower, under
# valgrind tens of times: a step may take longer, and `latch server` gets
# more than its default 10 s for a handshake (SERVER_OPTS, before the
# script's own options, which win).
# shellcheck disable=SC2034 # used by the scripts that source this file
if [ -n "${LATCH_VALGRIND:-}" ]; then
    STEP_TIMEOUT=${STEP_TIMEOUT:-120}
    SERVER_OPTS="--timeout 120"
elif grep -q '^LATCH_SANITIZE:BOOL=ON' "${LATCH_BUILD:-}/CMakeCache.txt" 2>/dev/null; then
    STEP_TIMEOUT=${STEP_TIMEOUT:-60}
    SERVER_OPTS="--timeout 60"
else
    STEP_TIMEOUT=${STEP_TIMEOUT:-30}
    SERVER_OPTS=""
fi
