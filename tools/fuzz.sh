#!/bin/sh
# fuzz.sh TARGET... — runs each libFuzzer target for $FUZZ_TIME seconds on a working copy of
# its corpus (fuzz/corpus/TARGET plus the seeds below), keeps any crash as a reproducer in
# fuzz/crashes/TARGET/, and prints executions per second, coverage and findings.
# A crash found here becomes a regression fixture in tests/fuzz-regressions/TARGET/ (git add it)
# before it is fixed; make check replays those.
set -u
: "${FUZZ_TIME:=180}" "${FUZZ_BUILD:=build/fuzzer}"
for t in "$@"; do
  work=$FUZZ_BUILD/work/$t
  mkdir -p "$work" "fuzz/crashes/$t"
  cp -n fuzz/corpus/$t/* "$work/" 2>/dev/null || true
  case $t in
    text_reader) cp -n samples/*.txt tests/rules/base-national.txt "$work/" 2>/dev/null ;;
    instance) cp -n tests/attacks/*.xml "$work/" 2>/dev/null ;;
    defs) cp -n schemas/tables/*.xml schemas/rules/*.xml schemas/vocab/*.xml "$work/" 2>/dev/null ;;
  esac
  log=$FUZZ_BUILD/$t.log
  "$FUZZ_BUILD/fuzz_$t" "$work" -dict=fuzz/gfa.dict -max_total_time="$FUZZ_TIME" \
    -max_len=200000 -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="fuzz/crashes/$t/" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1)
  crashes=$(ls "fuzz/crashes/$t" 2>/dev/null | wc -l)
  printf '%-12s %4ss  %10s execs  %6s exec/s  %s  %s  corpus %s  crashes %s  (exit %s)\n' \
    "$t" "$FUZZ_TIME" "${execs:-?}" "${speed:-?}" "${cov:-cov: ?}" "${ft:-}" \
    "$(ls "$work" | wc -l)" "$crashes" "$rc"
done
