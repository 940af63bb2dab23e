#!/bin/sh
# compare-builds.sh OLD_GFA NEW_GFA — every output two builds of gfa write, compared byte
# for byte (issue 13: a faster writer must not be a different one). Compared: whatever
# tests/renderings.sh keeps (the instances gfa convert writes of the sample, of every
# corpus input and of the rule fixtures, and every HTML and text page); the instance of
# each tests/cases fixture's input; the SVRL and JSON reports of gfa validate on the sample;
# a batch's outputs (instances, pages, summary.xml, index.html). Prints the files that
# differ; exits 1 when any does.
set -u
old=$1 new=$2
src=$(cd "${GFA_SRCDIR:-.}" && pwd)
export GFA_DATADIR=${GFA_DATADIR:-$src}
case $old in /*) ;; *) old=$(pwd)/$old ;; esac
case $new in /*) ;; *) new=$(pwd)/$new ;; esac
tmp=$(mktemp -d /tmp/compare-builds.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cd "$src" || exit 2
# the fixtures' inputs, decoded as test_cases.c decodes "=== input escaped"
mkdir -p "$tmp/cases"
for c in tests/cases/*.case; do
  perl -0777 -ne '
    my ($head, $esc, $body) = /\A(.*?)=== input( escaped)?\n(.*?)^=== expect\n/ms or exit;
    if ($esc) { $body =~ s/\n\z//; $body =~ s/\\(x([0-9A-Fa-f]{2})|.)/defined $2 ? chr(hex $2) : $1 eq "t" ? "\t" : $1 eq "n" ? "\n" : $1 eq "r" ? "\r" : $1/ge; }
    print $body;' "$c" > "$tmp/cases/$(basename "$c" .case).txt"
done
for side in old new; do
  eval gfa=\$$side
  o=$tmp/$side
  sh tests/renderings.sh "$gfa" "$o/renderings" >/dev/null 2>&1
  mkdir -p "$o/cases"
  for f in "$tmp"/cases/*.txt; do
    "$gfa" convert -q --exit-zero -o "$o/cases/$(basename "$f" .txt).xml" "$f" >/dev/null 2>&1
  done
  "$gfa" validate -q --exit-zero --report "$o/validate.svrl" samples/yangcheng-2024-unit.txt >/dev/null 2>&1
  "$gfa" validate -q --exit-zero --report-format json --report "$o/validate.json" \
    samples/yangcheng-2024-unit.txt >/dev/null 2>&1
  "$gfa" batch -q -j1 --mode review -o "$o/batch" samples/yangcheng-2024-unit.txt \
    tests/corpus/generated/*.txt >/dev/null 2>&1
done
n=$(find "$tmp/old" -type f -size +0 | wc -l)
m=$(find "$tmp/new" -type f -size +0 | wc -l)
if [ "$n" -lt 100 ] || [ "$m" -lt 100 ]; then
  echo "compare-builds: too few outputs ($n old, $m new): does each gfa run?" >&2
  exit 2
fi
if diff -r "$tmp/old" "$tmp/new" >"$tmp/diff" 2>&1; then
  echo "compare-builds: $n files, all identical"
else
  grep -E '^(diff|Only|Binary)' "$tmp/diff" | sed "s|$tmp/||g"
  echo "compare-builds: $n files, some differ"
  exit 1
fi
