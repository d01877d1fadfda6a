#!/bin/sh
# The layering of DESIGN.md, checked on the build and the sources:
#
# 1. No two files of src/ call each other in a circle. From the object
#    files' symbol tables (nm), file A depends on file B when A refers to
#    a symbol B defines; any circle among them (a strongly connected group
#    of more than one file) fails, unless it is listed in KEPT below with
#    the reason it stays.
# 2. Folders: base includes nothing of ours; crypto and x509 only base
#    (x509 may use crypto); tls may use all three; net and tools only the
#    public API (include/latch.h). Checked on the #include lines and on
#    the symbols each folder's objects refer to.
# 3. The trace (src/tls/trace*.c) works from a small handle (lt_trace) and
#    the message values the handshake parsed: it includes neither the
#    connection (conn.h) nor the handshake's or config's internals, and
#    its objects refer to no symbol of those files.
#
# Usage: scripts/check-layering.sh BUILD_DIR [SOURCE_DIR]
set -eu

build=${1:?usage: check-layering.sh BUILD_DIR [SOURCE_DIR]}
source=${2:-$(cd "$(dirname "$0")/.." && pwd)}
objects="$build/CMakeFiles/latch_objects.dir/src"
[ -d "$objects" ] || { echo "check-layering: no objects under $objects (build first)" >&2; exit 2; }

# The circles kept, one per line: the files (in any order), separated by
# spaces, then " -- " and the reason.
KEPT='
crypto/ffdhe.c crypto/kex.c -- one key-exchange module split by group family: kex.c hands DH groups to ffdhe.c, which uses its group names and derive step
crypto/keys.c crypto/sig.c -- a key owns its signer cache (sig.c), and sig.c names key types in its errors
tls/config.c tls/config_certs.c -- one config module split for length: config_certs.c uses its file reader and result helpers, config.c frees certificate keys
tls/handshake.c tls/tls12.c -- the version seam (issue 17): handshake.c picks the table of the version (lt_tls12_ops), whose key schedule reads the transcript hash back from handshake.c; the transcript in a file of its own would untie it
tls/record.c tls/record_cbc.c -- CBC protection is part of the record layer, and names content types in its errors
'

status=0
table=$(mktemp)
trap 'rm -f "$table"' EXIT

# "file kind symbol" for every object: D for a symbol it defines, U for
# one it refers to.
find "$objects" -name '*.c.o' | sort | while read -r obj; do
    file=${obj#"$objects"/}
    file=${file%.o}
    nm "$obj" | awk -v f="$file" '
        $1 == "U" { print f, "U", $2; next }
        NF == 3 && $2 ~ /^[TDBRC]$/ { print f, "D", $3 }'
done >"$table"

python3 - "$table" "$KEPT" <<'EOF' || status=1
import sys
from collections import defaultdict

table, kept_text = sys.argv[1], sys.argv[2]
defined, uses = {}, defaultdict(set)
for line in open(table):
    f, kind, sym = line.split()
    if kind == "D":
        defined[sym] = f
    else:
        uses[f].add(sym)
edges = defaultdict(set)
files = set(uses) | set(defined.values())
for f in files:
    for sym in uses[f]:
        g = defined.get(sym)
        if g is not None and g != f:
            edges[f].add(g)

# Folder rules, on symbols: what each folder may refer to.
allowed = {
    "base": {"base"},
    "crypto": {"base", "crypto"},
    "x509": {"base", "crypto", "x509"},
    "tls": {"base", "crypto", "x509", "tls"},
    "net": {"net"},  # and the public API, checked below
}
bad = 0
for f in sorted(files):
    folder = f.split("/")[0]
    for g in sorted(edges[f]):
        gf = g.split("/")[0]
        public = folder == "net" and any(
            s.startswith("latch_") and defined.get(s) == g for s in uses[f])
        if gf not in allowed.get(folder, {gf}) and not public:
            print(f"check-layering: {f} uses {g}: {folder} may not depend on {gf}")
            bad = 1

# The trace's handle: no symbol of the connection, handshake or config.
inner = ("tls/conn", "tls/handshake", "tls/hs_", "tls/client", "tls/server", "tls/config",
         "tls/pump", "tls/tls12", "tls/session_cache")
for f in sorted(files):
    if not f.startswith("tls/trace"):
        continue
    for g in sorted(edges[f]):
        if g.startswith(inner):
            print(f"check-layering: {f} uses {g}: the trace works from its handle (trace.h), "
                  "not the connection's internals")
            bad = 1

# Strongly connected groups (Tarjan), each a circle when larger than one.
index, low, on, stack, groups = {}, {}, set(), [], []
sys.setrecursionlimit(10000)
def visit(v):
    index[v] = low[v] = len(index)
    stack.append(v)
    on.add(v)
    for w in edges[v]:
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        group = []
        while True:
            w = stack.pop()
            on.discard(w)
            group.append(w)
            if w == v:
                break
        if len(group) > 1:
            groups.append(sorted(group))
for v in sorted(files):
    if v not in index:
        visit(v)

kept = {}
for line in kept_text.strip().splitlines():
    names, reason = line.split(" -- ", 1)
    kept[tuple(sorted(names.split()))] = reason
for group in groups:
    key = tuple(group)
    if key in kept:
        print(f"check-layering: kept circle ({kept[key]}): {' '.join(group)}")
        continue
    print(f"check-layering: files that call each other in a circle: {' '.join(group)}")
    for f in group:
        inside = sorted(g for g in edges[f] if g in group)
        print(f"    {f} -> {' '.join(inside)}")
    bad = 1
for key in kept:
    if list(key) not in groups:
        print(f"check-layering: the kept circle {' '.join(key)} is gone: update KEPT")
        bad = 1
sys.exit(bad)
EOF

# Folder rules, on the sources' #include lines.
check_includes() {
    folder=$1
    pattern=$2
    why=$3
    hits=$(grep -Hn '#include "' "$source/$folder"/*.c "$source/$folder"/*.h 2>/dev/null |
        grep -E "#include \"($pattern)/" || true)
    if [ -n "$hits" ]; then
        echo "check-layering: $why:"
        echo "$hits"
        status=1
    fi
}
check_includes src/base 'crypto|x509|tls|net' "src/base includes nothing of ours"
check_includes src/crypto 'x509|tls|net' "src/crypto includes only base"
check_includes src/x509 'tls|net' "src/x509 includes only base and crypto"
check_includes src/net 'base|crypto|x509|tls' "src/net uses only the public API"
check_includes tools 'base|crypto|x509|tls|net' "tools use only the public API"

# The trace's handle, on the #include lines.
hits=$(grep -Hn '#include "tls/' "$source"/src/tls/trace*.c "$source"/src/tls/trace*.h |
    grep -E '#include "tls/(conn|handshake|hs_[a-z_]*|client_auth|resume|pump|config|version|session_cache)\.h"' || true)
if [ -n "$hits" ]; then
    echo "check-layering: the trace includes the connection's or the handshake's internals:"
    echo "$hits"
    status=1
fi

[ "$status" -eq 0 ] && echo "check-layering: ok"
exit "$status"
