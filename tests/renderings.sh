#!/bin/sh
# renderings.sh GFA [OUTDIR] — every HTML and text rendering gfa makes of the inputs it is
# tested on, compared byte for byte with tests/renderings.sha256 (issue 13: the renderer may
# be made faster, never different).
#
# Rendered: the sample (the goldens' input) with the default options (pages to publish, and
# review pages with the findings) and text at other widths, for review too, and the CJK
# ambiguous width; every input of the corpus (tests/corpus/generated and
# the layout template, PDFs when gfa is built with PDF support); the base report of the rule
# fixtures and each fixture of tests/rules/*.case applied to it (cells, lines and forms
# marked by findings of every family); the instances of tests/renderings/ (findings no rule
# makes yet, such as one naming a table cell printed as text), rendered as they are. Each
# output's SHA-256 goes into a list sorted by name.
#
#   tests/renderings.sh GFA             compare with tests/renderings.sha256 (make unit)
#   GFA_UPDATE_GOLDEN=1 ... (make check UPDATE=1)   rewrite the list: review the outputs first
#   tests/renderings.sh GFA OUTDIR      keep the renderings in OUTDIR (to diff two builds)
#
# The list is produced by the code, never written by hand: regenerate it from the commit
# before a change (UPDATE=1 there), then run the comparison after the change.
set -u
gfa=$1
src=$(cd "${GFA_SRCDIR:-.}" && pwd)
keep=${2:-}
tmp=${GFA_TMPDIR:-/tmp}/renderings.$$
case $tmp in /*) ;; *) tmp=$(pwd)/$tmp ;; esac
sums=$src/tests/renderings.sha256
rm -rf "$tmp"; mkdir -p "$tmp/in/rules" "$tmp/out"
trap 'rm -rf "$tmp"' EXIT
export GFA_DATADIR=${GFA_DATADIR:-$src}
out=$tmp/out
[ -n "$keep" ] && { rm -rf "$keep"; mkdir -p "$keep"; out=$keep; }
mkdir -p "$out/sample" "$out/corpus" "$out/pdf" "$out/rules" "$out/instances"

# the sample: the default outputs, then text at other widths and ambiguous width 2
# (inputs are named relative to the checkout or the fixtures' folder: the pages print their
# names, which must not depend on where the checkout is)
case $gfa in /*) ;; *) gfa=$(pwd)/$gfa ;; esac
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
cd "$src" || exit 2
"$gfa" convert -q --exit-zero -o "$out/sample" samples/yangcheng-2024-unit.txt 2>/dev/null || exit 2
xml=$out/sample/yangcheng-2024-unit.xml
for w in 20 60 80 150 1000; do
  "$gfa" render -q --format text --width $w -o "$out/sample/w$w.txt" "$xml" || exit 2
done
"$gfa" render -q --format text --ambiguous 2 -o "$out/sample/amb2.txt" "$xml" || exit 2
"$gfa" render -q --format text --width 80 --ambiguous 2 -o "$out/sample/w80-amb2.txt" "$xml" || exit 2
for w in 20 80 150; do
  "$gfa" render -q --mode review --format text --width $w -o "$out/sample/w$w.review.txt" "$xml" || exit 2
done

# the corpus: every text form (one process for all of them), the PDFs apart
"$gfa" convert -q --exit-zero -o "$out/corpus" tests/corpus/generated/*.txt \
  tests/corpus/*.layout.txt 2>/dev/null || exit 2
if [ "${GFA_PDF:-yes}" != no ]; then
  "$gfa" convert -q --exit-zero -o "$out/pdf" tests/corpus/generated/*.pdf 2>/dev/null || exit 2
fi

# the rule fixtures: the base report edited as tests/rules/*.case says (test_rules.c:
# "OLD => NEW" replaces the first line equal to OLD; \t and \n are escapes; an empty NEW
# drops the line)
cp "$src/tests/rules/base-national.txt" "$tmp/in/rules/base-national.txt"
for c in "$src"/tests/rules/*.case; do
  name=$(basename "$c" .case)
  awk -v base="$src/tests/rules/base-national.txt" '
    function unesc(s) { gsub(/\\t/, "\t", s); gsub(/\\n/, "\n", s); return s }
    /^=== edit$/ { inedit = 1; next }
    /^=== / { inedit = 0; next }
    inedit && index($0, " => ") {
      i = index($0, " => "); n++
      old[n] = unesc(substr($0, 1, i - 1)); new[n] = unesc(substr($0, i + 4))
    }
    END {
      while ((getline l < base) > 0) {
        for (k = 1; k <= n; k++)
          if (!(k in done) && l == old[k]) { done[k] = 1; l = new[k]; if (l == "") { l = "\001" } break }
        if (l != "\001") print l
      }
    }' "$c" > "$tmp/in/rules/$name.txt"
done
(cd "$tmp/in" && "$gfa" convert -q --exit-zero -o "$out/rules" rules/*.txt 2>/dev/null) || exit 2

# instances with findings made by hand (render does not validate): review pages, and text at
# the width where 公开06's column groups stand side by side
for x in tests/renderings/*.xml; do
  name=$(basename "$x" .xml)
  "$gfa" render -q --mode review --format html -o "$out/instances/$name.review.html" "$x" || exit 2
  "$gfa" render -q --mode review --format text -o "$out/instances/$name.review.txt" "$x" || exit 2
  "$gfa" render -q --mode review --format text --width 150 -o "$out/instances/$name.w150.review.txt" "$x" || exit 2
  "$gfa" render -q --format html -o "$out/instances/$name.html" "$x" || exit 2
done

# the list: every .html and .txt output, by name
(cd "$out" && find . -type f \( -name '*.html' -o -name '*.txt' \) | sed 's|^\./||' | LC_ALL=C sort |
  while read -r f; do sha256sum "$f"; done) > "$tmp/now.sha256"
n=$(wc -l < "$tmp/now.sha256")
if [ -n "${GFA_UPDATE_GOLDEN:-}" ]; then
  cp "$tmp/now.sha256" "$sums"
  echo "renderings: wrote $sums ($n renderings)"
  exit 0
fi
[ -f "$sums" ] || { echo "FAIL: renderings: $sums is missing (make check UPDATE=1)"; exit 1; }
# without PDF support the PDFs' renderings are not made: compare the rest
if [ "${GFA_PDF:-yes}" = no ]; then grep -v '  pdf/' "$sums" > "$tmp/want.sha256"; else cp "$sums" "$tmp/want.sha256"; fi
if cmp -s "$tmp/want.sha256" "$tmp/now.sha256"; then
  echo "ok: renderings: $n HTML and text renderings identical to tests/renderings.sha256"
  exit 0
fi
echo "FAIL: renderings differ from tests/renderings.sha256 (< expected, > now):"
diff "$tmp/want.sha256" "$tmp/now.sha256" | grep '^[<>]' | head -40
echo "(tests/renderings.sh GFA DIR keeps them to compare with another build's)"
exit 1
