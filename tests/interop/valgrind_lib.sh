# Sourced by the interop scripts: with LATCH_VALGRIND set to a valgrind
# command line (`make test-valgrind` sets it), the latch programs a script
# runs go through memcheck, and the script fails if any run reported an
# error, whatever that run's exit status (some runs are meant to fail).

# valgrind_wrap PROGRAM DIR: prints what to run for PROGRAM. That is
# PROGRAM itself, or under LATCH_VALGRIND a script in DIR that execs
# valgrind on it, so that the pid a script holds for a background server
# is the server's own and a SIGTERM reaches it. Logs go to DIR/valgrind.
valgrind_wrap() {
    if [ -z "${LATCH_VALGRIND:-}" ] || [ ! -x "$1" ]; then
        echo "$1"
        return
    fi
    mkdir -p "$2/valgrind"
    wrapper="$2/valgrind/$(basename "$1")"
    printf '#!/bin/sh\nexec %s --log-file="%s/valgrind/%%p.log" "%s" "$@"\n' \
        "$LATCH_VALGRIND" "$2" "$1" >"$wrapper"
    chmod +x "$wrapper"
    echo "$wrapper"
}

# valgrind_check DIR: shows every log in DIR/valgrind whose run had an
# error (an invalid access, an uninitialised value, a leak counted as an
# error) or ended before valgrind could summarise; false if there is one.
valgrind_check() {
    found=0
    for log in "$1"/valgrind/*.log; do
        [ -f "$log" ] || continue
        grep -q 'ERROR SUMMARY: 0 errors' "$log" && continue
        echo "FAIL: valgrind reported errors ($log):" >&2
        cat "$log" >&2
        found=1
    done
    return "$found"
}
