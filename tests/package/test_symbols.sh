#!/bin/sh
# Both libraries export exactly the public API: every defined global
# symbol of liblatch.a and liblatch.so is a latch_* function named
# LATCH_API in include/latch.h, and every such function is exported;
# debian/liblatch0.symbols lists the same functions.
set -eu
: "${LATCH_BUILD:?}" "${LATCH_SOURCE:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The functions the header declares: the name before the first "(" of
# each LATCH_API declaration.
sed -n 's/^LATCH_API[^(]*[ *]\(latch_[a-z0-9_]*\)(.*/\1/p' "$LATCH_SOURCE/include/latch.h" |
    sort -u >"$tmp/api"
[ "$(wc -l <"$tmp/api")" -gt 50 ] || { echo "FAIL: found only $(wc -l <"$tmp/api") API names in latch.h"; exit 1; }

fail=0
check() { # label, file of exported names
    if ! cmp -s "$tmp/api" "$2"; then
        echo "FAIL: $1 differs from latch.h's LATCH_API functions (< header only, > library only):"
        diff "$tmp/api" "$2" | grep '^[<>]' | head -40
        fail=1
    else
        echo "ok: $1 has the $(wc -l <"$2") API functions and nothing else"
    fi
}
nm -g --defined-only "$LATCH_BUILD/liblatch.a" | awk 'NF == 3 { print $3 }' | sort -u >"$tmp/static"
check liblatch.a "$tmp/static"
nm -D --defined-only "$LATCH_BUILD/liblatch.so" | awk 'NF == 3 { print $3 }' | sort -u >"$tmp/shared"
check liblatch.so "$tmp/shared"
sed -n 's/^ \(latch_[a-z0-9_]*\)@Base .*/\1/p' "$LATCH_SOURCE/debian/liblatch0.symbols" | sort -u >"$tmp/deb"
check debian/liblatch0.symbols "$tmp/deb"
[ "$(readelf -d "$LATCH_BUILD/liblatch.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')" = liblatch.so.0 ] ||
    { echo "FAIL: liblatch.so's soname is not liblatch.so.0"; fail=1; }
exit $fail
