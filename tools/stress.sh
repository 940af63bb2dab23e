#!/bin/sh
# stress.sh — make stress: gfa convert and gfa batch killed with SIGKILL at random moments,
# STRESS_ROUNDS times each; after every kill each output file is absent or complete, and
# a rerun finishes the work with outputs identical to an uninterrupted run. Not part of
# make check (it takes minutes); its figures go into the closing notes.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
gfa=$root/$build/gfa
rounds=${STRESS_ROUNDS:-40}
work=$root/$build/stress
export GFA_DATADIR=$root
rm -rf "$work"; mkdir -p "$work/in"
for i in $(seq 1 24); do cp "$root/samples/yangcheng-2024-unit.txt" "$work/in/r$i.txt"; done
cp "$root/tests/rules/base-national.txt" "$work/in/base.txt"

"$gfa" batch -q -j2 -o "$work/ref" "$work/in" 2>/dev/null
fails=0; kills=0
complete() { # complete FILE: a finished output of its kind
  case $1 in
    *.xml) tail -c 40 "$1" | grep -q '</report>\|</svrl:schematron-output>' ;;
    *.html) tail -c 20 "$1" | grep -q '</html>' ;;
    *.txt) [ -s "$1" ] ;;
    *.csv) head -1 "$1" | grep -q '^input,output,status' ;;
    *) true ;;
  esac
}
check_outputs() { # check_outputs DIR
  for f in $(find "$1" -type f ! -name '.*'); do
    complete "$f" || { echo "PARTIAL: $f"; fails=$((fails + 1)); }
  done
}
rand_ms() { od -An -N2 -tu2 /dev/urandom | awk -v m="$1" '{ printf "%.3f", ($1 % m) / 1000 }'; }

i=0
while [ $i -lt "$rounds" ]; do
  out=$work/batch$i
  "$gfa" batch -q -j2 -o "$out" "$work/in" >/dev/null 2>&1 &
  pid=$!
  sleep "$(rand_ms 1500)"
  kill -9 $pid 2>/dev/null && kills=$((kills + 1)); wait $pid 2>/dev/null
  check_outputs "$out"
  "$gfa" batch -q -j2 --resume -o "$out" "$work/in" >/dev/null 2>&1
  for f in $(cd "$work/ref" && find . -type f); do
    cmp -s "$work/ref/$f" "$out/$f" || { echo "DIFFERS after resume: $out/$f"; fails=$((fails + 1)); }
  done
  [ -z "$(find "$out" -name '.*gfa-tmp*')" ] || { echo "temporaries left in $out"; fails=$((fails + 1)); }
  rm -rf "$out"

  cout=$work/convert$i
  "$gfa" convert -q -o "$cout" "$work/in/r1.txt" >/dev/null 2>&1 &
  pid=$!
  sleep "$(rand_ms 400)"
  kill -9 $pid 2>/dev/null && kills=$((kills + 1)); wait $pid 2>/dev/null
  check_outputs "$cout"
  "$gfa" convert -q -o "$cout" "$work/in/r1.txt" >/dev/null 2>&1
  for ext in xml html txt; do
    cmp -s "$work/ref/r1.$ext" "$cout/r1.$ext" || { echo "DIFFERS after rerun: $cout/r1.$ext"; fails=$((fails + 1)); }
  done
  rm -rf "$cout"
  i=$((i + 1))
done
echo "stress: $rounds rounds of gfa batch and gfa convert, $kills kills mid-run, $fails problem(s)"
[ "$fails" = 0 ]
