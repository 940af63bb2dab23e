#!/bin/sh
# bench.sh — make bench: gfa batch -j1 against the libxml2/libxslt floor on the same
# instances (bench/floor.c: parse, XSD, a minimal HTML and text table stylesheet; issue 13),
# as a multiple of it, with process start-up; gfa batch throughput with -j1 and -j2 against
# one gfa convert process per report; peak memory at 1,000 and 10,000 reports; where the time goes, per
# stage (in process, loading into SQLite and PostgreSQL included) and per library
# (callgrind instructions); facts per second into the stores and the consolidation check
# of a department of 50 units; the diagnosis's share of injected typing slips it names.
# Timings are printed, never asserted: they belong here, not in make check.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
gfa=$root/$build/gfa
N=${BENCH_N:-1000}
BIG=${BENCH_BIG:-10000}
LOOP=${BENCH_LOOP:-$N}
work=$root/$build/bench
export GFA_DATADIR=$root
rm -rf "$work"; mkdir -p "$work"
cd "$root"

# PDF (issue 10): reading each corpus PDF into the instance (in process, median CPU time of 9
# reads) beside `pdftotext -layout` on the same file (median CPU time of 9 processes, each run
# alternating with a read: side by side under the same load); the target is a ratio <= 1 on
# the long reports (tests/corpus/shanghai-long, national-long: 30 pages and more).
# BENCH_ONLY=pdf make bench runs this part alone.
pdf_bench() {
  if [ ! -x "$build/pdfread" ] || ! command -v pdftotext >/dev/null; then
    echo "bench: no pdftotext (poppler-utils) or no PDF support: PDF reading not measured"
    return 0
  fi
  echo
  echo "PDF reading (CPU ms, median of 9) vs pdftotext -layout on the same file:"
  : > "$work/pdf.ratios"
  for f in tests/corpus/generated/*.pdf tests/corpus/shanghai-long/*.pdf tests/corpus/national-long/*.pdf; do
    "$build/pdfread" -p 9 "$f" > "$work/gfa.ms" || continue
    pages=$(pdfinfo "$f" 2>/dev/null | sed -n 's/^Pages: *//p')
    set="$(basename "$(dirname "$f")")"
    awk -v f="$set/$(basename "$f" .pdf)" -v pages="$pages" -v long="$set" -v out="$work/pdf.ratios" '{
      r = ($4 > 0 ? $2 / $4 : 0)
      printf "  %-46s %3s pages  gfa %6.1f ms  pdftotext -layout %6.1f ms  ratio %.2f  gfa peak RSS %d KiB\n",
             f, pages, $2, $4, r, $3
      if (long != "generated") printf "%s %.2f\n", f, r >> out }' "$work/gfa.ms"
  done
  sort -k2 -n "$work/pdf.ratios" | tail -1 | awk '{
    printf "long reports: the highest ratio %.2f (%s)   (target <= 1)\n", $2, $1 }'
}

if [ "${BENCH_ONLY:-}" = pdf ]; then
  pdf_bench
  exit 0
fi

ms() { date +%s%N | sed 's/......$//'; }   # milliseconds
cores=$(nproc)
echo "gfa bench: $N reports from samples/yangcheng-2024-unit.txt, $cores cores, $(uname -m)"
"$build/gencorpus" samples/yangcheng-2024-unit.txt "$work/corpus" "$N" 10 >/dev/null

run_batch() { # run_batch JOBS OUT INPUT [OPTION...] → prints ms; peak RSS in $work/rss, CPU ms in $work/cpu
  jobs=$1 out=$2 in=$3
  shift 3
  t0=$(ms)
  /usr/bin/time -f "%U %S" -o "$work/batch.time" \
    "$gfa" batch -v -o "$out" -j "$jobs" "$@" "$in" 2>"$work/batch.log" >/dev/null || true
  t1=$(ms)
  sed -n 's/.*peak memory \([0-9]*\) KiB.*/\1/p' "$work/batch.log" > "$work/rss"
  tail -1 "$work/batch.time" | awk '{ printf "%.0f\n", ($1 + $2) * 1000 }' > "$work/cpu"
  echo $((t1 - t0))
}

j1=$(run_batch 1 "$work/out-j1" "$work/corpus"); cpu1=$(cat "$work/cpu")
# the two pages the floor makes (review: findings marked), not also the pages to publish
# best of three runs, as the floor below is the best of three rounds (a shared machine's noise
# only ever adds time)
j1r= cpu1r=
for round in 1 2 3; do
  rm -rf "$work/out-j1r"
  t=$(run_batch 1 "$work/out-j1r" "$work/corpus" --mode review); c=$(cat "$work/cpu")
  if [ -z "$j1r" ] || [ "$t" -lt "$j1r" ]; then j1r=$t; fi
  if [ -z "$cpu1r" ] || [ "$c" -lt "$cpu1r" ]; then cpu1r=$c; fi
done
j2=$(run_batch 2 "$work/out-j2" "$work/corpus"); rss1=$(cat "$work/rss")
if diff -r "$work/out-j1" "$work/out-j2" >/dev/null; then same=identical; else same=DIFFERENT; fi

# the obvious alternative: one gfa convert process per report, the same three outputs
mkdir -p "$work/out-loop"
t0=$(ms)
k=0
for f in "$work"/corpus/*.txt; do
  [ "$k" -lt "$LOOP" ] || break
  "$gfa" convert -q -o "$work/out-loop" "$f" 2>/dev/null || true
  k=$((k + 1))
done
t1=$(ms); loop=$((t1 - t0))

awk -v n="$N" -v loopn="$k" -v j1="$j1" -v j2="$j2" -v loop="$loop" -v same="$same" 'BEGIN {
  printf "\n%-34s %10s %12s\n", "", "reports/s", "ms/report"
  printf "%-34s %10.1f %12.2f\n", "gfa batch -j1", n / (j1 / 1000), j1 / n
  printf "%-34s %10.1f %12.2f\n", "gfa batch -j2", n / (j2 / 1000), j2 / n
  printf "%-34s %10.1f %12.2f\n", "gfa convert, one process each", loopn / (loop / 1000), loop / loopn
  printf "\nbatch -j1 / per-process loop: %.2fx   (target >= 3)\n", (loop / loopn) / (j1 / n)
  printf "batch -j2 / batch -j1:        %.2fx   (target >= 1.8 on 2 cores)\n", j1 / j2
  printf "outputs of -j1 and -j2: %s\n", same
}'

# the floor (issue 13): libxml2 and libxslt alone on the instances gfa batch -j1 just wrote
# and gfa's schema: parse, XSD, and two stylesheets that only walk the tables, rows, cells
# and paragraphs (bench/floor-html.xsl, bench/floor-text.xsl), serialised to memory. gfa's
# time per report as a multiple of it: wall clock and processor time (gfa's wall clock
# includes writing three files with an fsync each; the floor writes none).
"$build/floor" schemas/gfa-report.xsd bench/floor-html.xsl bench/floor-text.xsl "$work/out-j1" 200 3 \
  > "$work/floor.txt"
echo
sed '$d' "$work/floor.txt" | sed '$d'
floor_ms=$(sed -n 's/^floor total \([0-9.]*\) .*/\1/p' "$work/floor.txt")
floor_cpu=$(sed -n 's/^floor cpu \([0-9.]*\) .*/\1/p' "$work/floor.txt")
awk -v n="$N" -v j1="$j1" -v cpu1="$cpu1" -v j1r="$j1r" -v cpu1r="$cpu1r" -v f="$floor_ms" \
    -v fc="$floor_cpu" 'BEGIN {
  printf "\n%-46s %10s %10s %9s\n", "per report", "gfa -j1", "the floor", "multiple"
  printf "gfa batch -j1 --mode review (an HTML and a text page, as the floor; best of 3 runs):\n"
  printf "%-46s %10.2f %10.2f %8.2fx\n", "  wall clock, ms", j1r / n, f, (j1r / n) / f
  printf "%-46s %10.2f %10.2f %8.2fx\n", "  processor time, ms", cpu1r / n, fc, (cpu1r / n) / fc
  printf "gfa batch -j1 (pages to publish, and to review for a report with findings):\n"
  printf "%-46s %10.2f %10.2f %8.2fx\n", "  wall clock, ms", j1 / n, f, (j1 / n) / f
  printf "%-46s %10.2f %10.2f %8.2fx\n", "  processor time, ms", cpu1 / n, fc, (cpu1 / n) / fc
  printf "(the goal of issue 13: gfa within 4x the floor; every copy of the sample has findings)\n"
}'

# process start: gfa convert of one report, one process each (median of 9), against the
# time per report inside a batch; stages (below) says what start-up spends it on
for i in 1 2 3 4 5 6 7 8 9; do
  rm -rf "$work/one"
  t0=$(ms); "$gfa" convert -q --exit-zero -o "$work/one" samples/yangcheng-2024-unit.txt >/dev/null 2>&1 || true
  t1=$(ms); echo $((t1 - t0))
done | sort -n | sed -n 5p > "$work/one.ms"
awk -v one="$(cat "$work/one.ms")" -v n="$N" -v j1="$j1" 'BEGIN {
  printf "process start: gfa convert of the sample, one process: %d ms, of which about %.0f ms start-up (%.2f ms per report in a batch)\n",
         one, one - j1 / n, j1 / n
}'

# memory: 1,000 against 10,000 reports (links to the corpus under other names)
mkdir -p "$work/big"
i=0
while [ $i -lt "$BIG" ]; do
  src=$(printf '%s/corpus/report-%06d.txt' "$work" $((i % N)))
  ln -s "$src" "$work/big/r$i.txt"
  i=$((i + 1))
done
run_batch 2 "$work/out-big" "$work/big" >/dev/null; rssbig=$(cat "$work/rss")
echo "peak RSS (-j2): $rss1 KiB at $N reports, $rssbig KiB at $BIG reports"
awk -v a="$rss1" -v b="$rssbig" 'BEGIN { if (a > 0) printf "growth from %d to %d reports: %+.1f%% (target within 10%%)\n", '"$N"', '"$BIG"', 100 * (b - a) / a }'
rm -rf "$work/out-big" "$work/big"

# the store (issue 15): a throwaway PostgreSQL cluster beside SQLite files
. tests/pgcluster.sh
if pgc_start; then
  trap 'pgc_clean' EXIT
  for db in gfa_stages gfa_batch gfa_load gfa_cons; do pgc_psql -d postgres -c "CREATE DATABASE $db"; done
  pgstages=$(pgc_dsn gfa_stages)
else
  echo "bench: no PostgreSQL cluster: the store is measured on SQLite only"
  pgstages=
fi

echo
"$build/stages" "$work/corpus" "$work" 200 "$work/stages.sqlite" $pgstages | tee "$work/stages.txt"
# each rendering beside the floor's (transform and serialise; stages' also formats numbers,
# marks findings and lays out the text tables)
for k in html text; do
  awk -v k="$k" '$1 == k { print $2 }' "$work/stages.txt" > "$work/stage.ms"
  awk -v k="$k" '$1 == k { print $2 }' "$work/floor.txt" > "$work/floorstage.ms"
  awk -v k="$k" -v g="$(cat "$work/stage.ms")" -v f="$(cat "$work/floorstage.ms")" 'BEGIN {
    if (g != "" && f > 0) printf "%s rendering: gfa %.2f ms/report, the floor %.2f ms/report: %.1fx\n", k, g, f, g / f }'
done

# workbooks (issue 14): a batch that also writes each report as XLSX and as a CSV folder,
# and one that reads those workbooks back, against the batch of the texts
mkdir -p "$work/wb-in"
for f in $(ls "$work"/corpus/*.txt | head -100); do ln -s "$f" "$work/wb-in/"; done
nwb=$(ls "$work/wb-in" | wc -l)
t0=$(ms); "$gfa" batch -q -j2 -o "$work/wb-xml" --to xml "$work/wb-in" >/dev/null 2>&1 || true
t1=$(ms); "$gfa" batch -q -j2 -o "$work/wb-out" --to xml,xlsx,csv "$work/wb-in" >/dev/null 2>&1 || true
t2=$(ms)
mkdir -p "$work/wb-xlsx"
for f in "$work"/wb-out/*.xlsx; do ln -s "$f" "$work/wb-xlsx/"; done
"$gfa" batch -q -j2 -o "$work/wb-back" --to xml "$work/wb-xlsx" >/dev/null 2>&1 || true
t3=$(ms)
echo
awk -v n="$nwb" -v a=$((t1 - t0)) -v b=$((t2 - t1)) -v c=$((t3 - t2)) 'BEGIN {
  printf "batch -j2 of %d reports           ms/report\n", n
  printf "%-34s %9.2f\n", "text → xml", a / n
  printf "%-34s %9.2f\n", "text → xml, xlsx, csv", b / n
  printf "%-34s %9.2f\n", "xlsx → xml", c / n
}'

# instructions by library: callgrind over gfa batch -j1 on 20 reports
mkdir -p "$work/cg-in" "$work/cg-in1"
for f in $(ls "$work"/corpus/*.txt | head -20); do ln -s "$f" "$work/cg-in/"; done
ln -s "$(ls "$work"/corpus/*.txt | head -1)" "$work/cg-in1/"
valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" \
  "$gfa" batch -q -j1 -o "$work/cg-out" "$work/cg-in" >/dev/null 2>&1 || true
# instructions per report against the floor's, free of the machine's load: 20 reports less
# one (what start-up costs cancels), on the same instances
cgtotal() { awk '/^(summary|totals):/ { print $2; exit }' "$1"; }
valgrind --tool=callgrind --callgrind-out-file="$work/callgrind20r.out" \
  "$gfa" batch -q -j1 --mode review -o "$work/cg-out20r" "$work/cg-in" >/dev/null 2>&1 || true
valgrind --tool=callgrind --callgrind-out-file="$work/callgrind1.out" \
  "$gfa" batch -q -j1 --mode review -o "$work/cg-out1" "$work/cg-in1" >/dev/null 2>&1 || true
mkdir -p "$work/cg-xml" "$work/cg-xml1"
for f in "$work"/cg-out/*.xml; do [ "$(basename "$f")" = summary.xml ] || ln -s "$f" "$work/cg-xml/"; done
ln -s "$(ls "$work"/cg-xml/*.xml | head -1)" "$work/cg-xml1/"
for k in "" 1; do
  valgrind --tool=callgrind --callgrind-out-file="$work/callgrind-floor$k.out" "$build/floor" \
    schemas/gfa-report.xsd bench/floor-html.xsl bench/floor-text.xsl "$work/cg-xml$k" 20 1 >/dev/null 2>&1 || true
done
echo
awk -v g20="$(cgtotal "$work/callgrind20r.out")" -v g1="$(cgtotal "$work/callgrind1.out")" \
    -v f20="$(cgtotal "$work/callgrind-floor.out")" -v f1="$(cgtotal "$work/callgrind-floor1.out")" 'BEGIN {
  g = (g20 - g1) / 19; f = (f20 - f1) / 19
  if (f > 0) printf "instructions per report (callgrind, 20 reports less 1; gfa batch --mode review): gfa %.0fM, the floor %.0fM: %.2fx\n", g / 1e6, f / 1e6, g / f
  printf "instructions of start-up (one report less a report): gfa %.0fM\n", (g1 - g) / 1e6
}'
echo
echo "instructions by object (callgrind, gfa batch -j1, 20 reports):"
awk -f bench/objshare.awk "$work/callgrind.out" | sort -rn | head -12
awk -f bench/objshare.awk "$work/callgrind.out" | awk '
  { share = $2; sub(/%/, "", share) }
  $3 ~ /\/gfa$/ { own += share }
  END { printf "gfa'"'"'s own code: %.1f%% of the instructions (target <= 25%%)\n", own }'

pdf_bench

# gfa validate on the sample: per process, and the rules stage in process (above)
t0=$(ms)
for i in 1 2 3 4 5 6 7 8 9 10; do "$gfa" validate -q samples/yangcheng-2024-unit.txt >/dev/null 2>&1 || true; done
t1=$(ms)
echo
echo "gfa validate on the sample, one process each: $(( (t1 - t0) / 10 )) ms"

# the diagnosis (issue 11): random single and double typing slips injected into the sample
# and a PDF's layout text of it; the share of slips named as root causes (GFA-DIAG-001) and
# of original values proposed (targets: >= 95% single, >= 80% double), and the ledger's
# "not checkable" entries with their reasons
echo
echo "injected slips (bench/slips.c; seeded, the same slips on every machine):"
"$build/slips" -n "${BENCH_SLIPS:-300}" samples/yangcheng-2024-unit.txt \
  tests/corpus/generated/lo-html-landscape-serif.layout.txt | sed 's/^/  /'

# scaling within one report: a table of R rows, every row failing a check, up to the rows
# limit; time per row should stay flat (a quadratic step would show here first)
echo
echo "one table of R rows, each failing a check (convert + validate + HTML + text):"
for R in 1000 3000 9000; do
  mkdir -p "$work/rows$R"
  awk -v R="$R" 'BEGIN {
    print "支出决算表"; print "公开03表"; print "单位：万元"
    print "科目编码\t科目名称\t本年支出合计\t基本支出\t项目支出"
    print "合计\t\t1.00\t1.00\t0.00"
    for (i = 0; i < R; i++) printf "2010%03d\t行%d\t1.00\t1.00\t0.00\n", i % 1000, i
  }' > "$work/rows$R/rows.txt"
  t=$(run_batch 1 "$work/rows$R.out" "$work/rows$R")
  echo "  R=$R: $t ms, $(( t * 1000 / R )) µs/row, peak RSS $(cat "$work/rss") KiB"
done

# ---- the store: loads through gfa batch --db and gfa load, and the consolidation check
echo
echo "the store (gfa batch -j2 --no-render, $N reports; facts = amounts printed in tables):"
timed() { t0=$(ms); "$@" >/dev/null 2>&1 || true; t1=$(ms); echo $((t1 - t0)); }
plain=$(timed "$gfa" batch -q --exit-zero --no-render -j 2 -o "$work/st-plain" "$work/corpus")
printf '  %-34s %8d ms\n' "gfa batch, no store" "$plain"
dbs="$work/st-batch.sqlite"
[ -n "$pgstages" ] && dbs="$dbs $(pgc_dsn gfa_batch)"
for db in $dbs; do
  t=$(timed "$gfa" batch -q --exit-zero --no-render -j 2 -o "$work/st-b" --db "$db" "$work/corpus")
  facts=$("$gfa" query -q --db "$db" --format csv --sql "SELECT count(*) FROM gfa_facts" | tail -1 | tr -d '\r')
  printf '  %-34s %8d ms  (+%d ms for %s facts)\n' "gfa batch --db $(case $db in postgresql*) echo PostgreSQL;; *) echo SQLite;; esac)" \
    "$t" $((t - plain)) "$facts"
done
dbs="$work/st-load.sqlite"
[ -n "$pgstages" ] && dbs="$dbs $(pgc_dsn gfa_load)"
for db in $dbs; do
  t=$(timed "$gfa" load -q --exit-zero --no-validate -j 2 --exclude 'summary.xml' --include '*.xml' --db "$db" "$work/st-plain")
  facts=$("$gfa" query -q --db "$db" --format csv --sql "SELECT count(*) FROM gfa_facts" | tail -1 | tr -d '\r')
  awk -v t="$t" -v f="$facts" -v k="$(case $db in postgresql*) echo PostgreSQL;; *) echo SQLite;; esac)" \
    'BEGIN { printf "  gfa load of the instances into %-10s %8d ms: %.0f facts/s (read + XSD + load)\n", k, t, f * 1000 / (t ? t : 1) }'
done

# a department of the sample's office and 50 units of it, each with its own code
cons=$work/cons
mkdir -p "$cons"
sed 's/单位决算公开/部门决算公开/' samples/yangcheng-2024-unit.txt >"$cons/dept.txt"
u=1
while [ $u -le 50 ]; do
  sed -e "s/002001/002$(printf %03d $u)/g" -e "s/阳城县人民政府办公室/阳城县第${u}单位/g" \
    samples/yangcheng-2024-unit.txt >"$cons/unit-$u.txt"
  u=$((u + 1))
done
dbs="$work/cons.sqlite"
[ -n "$pgstages" ] && dbs="$dbs $(pgc_dsn gfa_cons)"
for db in $dbs; do
  "$gfa" load -q --exit-zero -j 2 --db "$db" "$cons" 2>/dev/null || true
  t=$(timed "$gfa" check -q --exit-zero --consolidation --db "$db")
  n=$("$gfa" check -q --exit-zero --consolidation --db "$db" --ledger 2>/dev/null | grep -c "GFA-CONS-001" || true)
  printf '  gfa check --consolidation, 1 department of 50 units, %-10s %6d ms (%s cells checked)\n' \
    "$(case $db in postgresql*) echo PostgreSQL:;; *) echo SQLite:;; esac)" "$t" "$n"
done
