#!/bin/sh
# corpus.sh — the floors of make corpus (issue 10): every input of tests/corpus/generated,
# of tests/corpus/unruled (tables not ruled in every cell) and of tests/corpus/hant (printed in
# Traditional characters), all against the sample, and
# of tests/corpus/shanghai (the filled Shanghai template, against its filled.ref.txt), of the
# long reports of tests/corpus/shanghai-long and tests/corpus/national-long, of
# tests/corpus/provinces (the provincial table sets in print, each against its SET.ref.txt), and of
# tests/corpus/rotated (pages turned, rotated, of mixed sizes, against the pages upright) must
# place at least its floor's share of the reference's table amounts and form values and
# differ from its findings in at most so many (tests/corpus/floors).
# usage: tests/corpus.sh BUILD/corpus   (GFA_PDF=no: the PDFs are not read, not checked)
set -u
corpus=${1:?usage: corpus.sh CORPUS-PROGRAM}
src=${GFA_SRCDIR:-.}
out=$("$corpus" --ref "$src/samples/yangcheng-2024-unit.txt" "$src/tests/corpus/generated" \
    "$src/tests/corpus/unruled" "$src/tests/corpus/hant" --ref '' "$src/tests/corpus/shanghai" "$src/tests/corpus/shanghai-long" \
    "$src/tests/corpus/national-long" "$src/tests/corpus/rotated" "$src/tests/corpus/calc" "$src/tests/corpus/provinces" 2>&1) || {
    printf '%s\n' "$out"
    echo "corpus.sh: make corpus could not run"
    exit 1
}
printf '%s\n' "$out" | awk -v floors="$src/tests/corpus/floors" -v nopdf="${GFA_PDF:-}" '
BEGIN {
    while ((getline l < floors) > 0) {
        if (l ~ /^#/ || l ~ /^[ \t]*$/) continue
        split(l, f, /[ \t]+/)
        want_t[f[1]] = f[2]; want_f[f[1]] = f[3]; want_d[f[1]] = f[4]; n++
    }
}
$1 in want_t {
    seen[$1] = 1
    if (nopdf == "no" && $1 ~ /\.pdf$/) next
    if ($3 !~ /%$/) { print "FAIL " $1 ": not read: " $0; bad++; next }
    t = $3 + 0; fo = $6 + 0; d = $9 + $10 + $11
    if (t < want_t[$1] || fo < want_f[$1] || d > want_d[$1]) {
        printf "FAIL %s: tables %.1f%% (floor %s), forms %.1f%% (floor %s), findings differing %d (at most %s)\n", \
            $1, t, want_t[$1], fo, want_f[$1], d, want_d[$1]
        bad++
    } else if (t > want_t[$1] || fo > want_f[$1] || d < want_d[$1]) {
        printf "note %s: better than its floor (tables %.1f%%, forms %.1f%%, findings %d): raise it\n", $1, t, fo, d
    }
}
END {
    for (k in want_t)
        if (!(k in seen) && !(nopdf == "no" && k ~ /\.pdf$/)) { print "FAIL " k ": not measured"; bad++ }
    if (bad) { print "corpus.sh: " bad " input(s) below their floors"; exit 1 }
    print "corpus.sh: " n " inputs at or above their floors"
}'
