#!/bin/sh
# The man pages (man/, hand-written mdoc): mandoc's lint finds nothing at
# warning level or above; every LATCH_API function of latch.h is named
# (.Nm) and declared (.Fn or .Fo) in a section 3 page; every option that
# `latch help COMMAND` lists is in latch(1); every page a page refers to
# (.Xr) among latch's exists.
set -eu
: "${LATCH_BUILD:?}" "${LATCH_SOURCE:?}"
command -v mandoc >/dev/null || { echo "FAIL: mandoc is missing; install the Debian package 'mandoc'"; exit 1; }
MAN=$LATCH_SOURCE/man
fail=0
bad() { echo "FAIL: $*"; fail=1; }

for page in "$MAN"/*.[13]; do
    out=$(mandoc -T lint -W warning "$page" 2>&1) || bad "mandoc -T lint: $out"
done

api=$(sed -n 's/^LATCH_API[^(]*[ *]\(latch_[a-z0-9_]*\)(.*/\1/p' "$LATCH_SOURCE/include/latch.h")
[ "$(echo "$api" | wc -l)" -gt 50 ] || bad "found only $(echo "$api" | wc -l) API names in latch.h"
for fn in $api; do
    page=$(grep -l "^\.Nm $fn\( ,\)\{0,1\}$" "$MAN"/*.3 | head -n 1)
    if [ -z "$page" ]; then
        bad "$fn is named in no section 3 page"
    elif ! grep -q "^\.F[no] $fn\( \|$\)" "$page"; then
        bad "$fn is named in $(basename "$page") but not in its synopsis"
    fi
done

for cmd in client demo get mkcert server trace verify; do
    grep -q "^\.Ss latch $cmd" "$MAN/latch.1" || bad "latch(1) has no section for latch $cmd"
    for opt in $("$LATCH_BUILD/latch" help "$cmd" 2>&1 | sed -n 's/^  *\(-[a-z], \)\{0,1\}--\([a-z0-9_-]*\).*/\2/p'); do
        [ "$opt" = help ] && continue
        grep -q "^\.It .*Fl \\\\-$opt\( \|$\)" "$MAN/latch.1" || bad "latch(1) lacks $cmd's --$opt"
    done
done

for ref in $(sed -n 's/^\.Xr \(latch[a-z0-9_]*\) \([13]\).*/\1.\2/p' "$MAN"/*.[13] | sort -u); do
    [ -f "$MAN/$ref" ] || grep -q "^\.Nm ${ref%.*}\( ,\)\{0,1\}$" "$MAN"/*."${ref##*.}" ||
        bad "a page refers to ${ref%.*}(${ref##*.}), which no page names"
done
[ "$fail" -eq 0 ] && echo "ok: $(ls "$MAN"/*.[13] | wc -l) pages lint clean, $(echo "$api" | wc -w) API functions documented"
exit "$fail"
