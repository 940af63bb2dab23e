#!/bin/sh
# store.sh GFA — the store with real databases (issue 15): a throwaway PostgreSQL cluster
# started here (initdb into a temporary folder, a Unix socket there, pg_ctl start/stop; as
# the unprivileged account postgres through runuser when run as root, since initdb and
# postgres refuse root), removed on exit even on failure. Then:
#   - tests/test_store (the C tests) against SQLite and this PostgreSQL;
#   - gfa load, query, check on both, with their exit statuses;
#   - bad input on the command line: not a gfa store, read-only, server down, login refused
#     (the password never printed);
#   - a load killed mid-way (SIGKILL) leaves no partial report, on both databases;
#   - four shards at once into one PostgreSQL, run by GNU parallel, by the Slurm array
#     script and by the Kubernetes Indexed Job's command, each equal to the store of one
#     gfa batch --db; a shard run again changes nothing; the checks then run over it.
set -u
gfa=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=${GFA_SRCDIR:-.}
build=$(dirname "$gfa")
tmp=${GFA_TMPDIR:-/tmp}/store.$$
mkdir -p "$tmp"
tmp=$(cd "$tmp" && pwd)
fails=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }
. "$src/tests/pgcluster.sh"
trap 'pgc_clean; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP

# ---------------------------------------------------------------- the cluster ---
pgc_start || { echo "FAIL: the PostgreSQL cluster"; exit 1; }
pg=$pgc_dir
psql_su() { pgc_psql "$@"; }
for db in gfa_test gfa_cli gfa_kill gfa_one gfa_par gfa_slurm gfa_k8s; do
  psql_su -d postgres -c "CREATE DATABASE $db" || bad "CREATE DATABASE $db"
done
psql_su -d postgres -c "CREATE ROLE gfa_user LOGIN PASSWORD 'Gfa-Test-Pw-7'" &&
  psql_su -d postgres -c "CREATE DATABASE gfa_pw OWNER gfa_user" || bad "the password role"
pgdsn() { pgc_dsn "$1"; }
ok "a throwaway PostgreSQL cluster in $pg ($("$pgc_bin/postgres" --version))"

# ------------------------------------------------------------------ C tests ---
if GFA_TEST_PG=$(pgdsn gfa_test) GFA_TEST_PG_ROLE="postgresql:///gfa_pw?host=$pg&user=gfa_user" \
   "$build/tests/test_store" >"$tmp/test_store.log" 2>&1; then
  ok "test_store on SQLite and PostgreSQL"
else
  cat "$tmp/test_store.log"; bad "test_store"
fi

# --------------------------------------------------------------- the commands ---
base=$src/tests/rules/base-national.txt
sample=$src/samples/yangcheng-2024-unit.txt
check() { # check DESCRIPTION EXPECTED_STATUS COMMAND...
  desc=$1; want=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; got=$?
  if [ "$got" != "$want" ]; then
    bad "$desc: exit $got, expected $want"; sed 's/^/  | /' "$tmp/err" | head -5
  else
    ok "$desc"
  fi
}
has() { if grep -q -- "$3" "$2"; then ok "$1"; else bad "$1: no '$3' in $2"; fi; }
hasnt() { if grep -q -- "$3" "$2"; then bad "$1: '$3' in $2"; else ok "$1"; fi; }
q() { "$gfa" query -q --db "$1" --format csv --sql "$2" | tail -n +2 | tr -d '\r'; }

for db in "$tmp/cli.sqlite" "$(pgdsn gfa_cli)"; do
  kind=$(case $db in postgresql*) echo PostgreSQL;; *) echo SQLite;; esac)
  check "$kind: gfa load --init creates the schema" 0 "$gfa" load --db "$db" --init
  has "$kind: --init names the schema version" "$tmp/err" "schema version 1"
  check "$kind: gfa load of a rejected report exits 1" 1 "$gfa" load -j 2 --db "$db" "$base" "$sample"
  has "$kind: the load is summed up" "$tmp/err" "2 report(s) with 311 amounts loaded"
  check "$kind: --exit-zero loads the same, exit 0" 0 "$gfa" load --exit-zero --db "$db" "$sample"
  [ "$(q "$db" "SELECT count(*) FROM reports")" = 2 ] && ok "$kind: a reload replaces" || bad "$kind: reports after a reload"
  [ "$(q "$db" "SELECT count(*) FROM gfa_facts")" = 311 ] && ok "$kind: gfa_facts holds every amount" || bad "$kind: gfa_facts count"
  check "$kind: gfa query three-public" 0 "$gfa" query --db "$db" three-public
  has "$kind: aligned text with a header" "$tmp/out" "^entity_code  entity"
  has "$kind: the sample's 三公经费" "$tmp/out" "阳城县人民政府办公室"
  check "$kind: gfa query --format csv" 0 "$gfa" query --db "$db" --format csv expense-by-class
  has "$kind: CSV lines" "$tmp/out" "^2024,201,一般公共服务支出,万元,1,1421.59"
  check "$kind: gfa query --list" 0 "$gfa" query --db "$db" --list
  has "$kind: --list shows parameters" "$tmp/out" "parameters: class=205 column=project year"
  check "$kind: an unknown query is a usage error" 2 "$gfa" query --db "$db" nope
  has "$kind: it names the queries there are" "$tmp/err" "queries: reports, three-public"
  check "$kind: --sql that writes is refused" 2 "$gfa" query --db "$db" --sql "DELETE FROM reports"
  has "$kind: refused with its id" "$tmp/err" "GFA-STORE-031"
  [ "$(q "$db" "SELECT count(*) FROM reports")" = 2 ] && ok "$kind: nothing was deleted" || bad "$kind: reports deleted"
  check "$kind: gfa check (no error-level finding)" 0 "$gfa" check --db "$db" --report "$tmp/check.json" --report-format json
  has "$kind: gfa check writes JSON" "$tmp/check.json" '"files":\['
  check "$kind: gfa check --year-over-year --record" 0 "$gfa" check -v --db "$db" --year-over-year --record
  has "$kind: a missing last year is info" "$tmp/err" "info: \[GFA-YOY-004\]"
  [ "$(q "$db" "SELECT count(*) FROM findings WHERE origin = 'year-over-year'")" = 2 ] && ok "$kind: --record stores the findings" || bad "$kind: recorded findings"
  check "$kind: gfa check with a bad --year" 2 "$gfa" check --db "$db" --year 24
done

# bad input
sed '/^第五部分/,$d; s/某某县民政局/某某县救助站/g' "$base" >"$tmp/nocode.txt"   # no codes printed
before=$(q "$tmp/cli.sqlite" "SELECT count(*) FROM gfa_facts")
check "a report without an entity code is refused" 1 "$gfa" load --db "$tmp/cli.sqlite" "$tmp/nocode.txt"
has "saying how to give it one" "$tmp/err" "GFA-STORE-020.*--entities"
[ "$(q "$tmp/cli.sqlite" "SELECT count(*) FROM gfa_facts")" = "$before" ] && ok "and nothing stored is lost" || bad "the store changed"
"$gfa" load --db "$tmp/fresh.sqlite" --init -q || bad "a fresh SQLite store"
check "a file that is not a database" 2 "$gfa" load --db "$sample" "$base"
has "it says so" "$tmp/err" "GFA-STORE-008"
cmp -s "$sample" "$src/samples/yangcheng-2024-unit.txt" && ok "and leaves it alone" || bad "the sample was changed"
check "a store gfa did not make, on PostgreSQL" 0 psql_su -d gfa_one -c "CREATE TABLE accounts (id INTEGER)"
check "is refused" 2 "$gfa" load --db "$(pgdsn gfa_one)" --init
has "as not a gfa store" "$tmp/err" "GFA-STORE-003"
psql_su -d gfa_one -c "DROP TABLE accounts" || bad "DROP TABLE accounts"
check "a PostgreSQL server that is not there" 2 "$gfa" load --db "postgresql:///gfa?host=$tmp/nosuchdir" "$base"
has "cannot be reached" "$tmp/err" "GFA-STORE-001"
check "a login refused" 2 "$gfa" load --db "postgresql://gfa_user:Not-The-Pw-9@/gfa_pw?host=$pg" "$base"
has "says the server refused the login" "$tmp/err" "GFA-STORE-002"
hasnt "never shows the password" "$tmp/err" "Not-The-Pw-9"
check "a password in the query string" 2 "$gfa" query --db "postgresql:///gfa_pw?host=$pg&user=gfa_user&password=Not-The-Pw-8" reports
hasnt "is not shown either" "$tmp/err" "Not-The-Pw-8"
check "the right password loads" 0 "$gfa" load -q --db "postgresql://gfa_user:Gfa-Test-Pw-7@/gfa_pw?host=$pg" "$base"
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
  # root writes anything: the read-only store is tried as nobody
  mkdir -p "$tmp/ro" && cp "$tmp/fresh.sqlite" "$tmp/ro/ro.sqlite" && chmod 755 "$tmp/ro" && chmod 644 "$tmp/ro/ro.sqlite"
  chmod o+rx "$tmp" "$(dirname "$tmp")" 2>/dev/null
  check "a read-only store" 2 runuser -u nobody -- "$gfa" load --datadir "${GFA_DATADIR:-$src}" --db "$tmp/ro/ro.sqlite" "$base"
  has "says it cannot be written" "$tmp/err" "GFA-STORE-00[17]"
  check "a read-only store can still be queried" 0 runuser -u nobody -- "$gfa" query --datadir "${GFA_DATADIR:-$src}" --db "$tmp/ro/ro.sqlite" reports
fi

# ------------------------------------------------------- a load killed mid-way ---
# A report with a few thousand rows, as an instance (read fast, loaded slowly): copies with
# other department codes are loaded and the loader is killed while it writes.
awk '{print} /^2080506\t机关事业单位职业年金缴费支出\t8.00\t8.00\t\t\t\t\t$/ && !d {
  for (i = 0; i < 3000; i++) printf "%d\t项目%d\t1.00\t1.00\t\t\t\t\t\n", 2130000 + i, i; d = 1 }' \
  "$base" >"$tmp/big.txt"
"$gfa" convert -q --no-validate -o "$tmp/big.xml" "$tmp/big.txt" || bad "the big report"
mkdir -p "$tmp/kill"
for k in 1 2 3 4 5 6 7 8 9 10 11 12; do
  sed "s/deptCode=\"002\"/deptCode=\"7$(printf %02d $k)\"/" "$tmp/big.xml" >"$tmp/kill/big-$k.xml"
done
"$gfa" load -q --no-validate --db "$tmp/ref.sqlite" "$tmp/kill/big-1.xml" || bad "the reference load"
per=$(q "$tmp/ref.sqlite" "SELECT count(*) FROM cells")
consistent() { # consistent DB: every report complete, no cell without its report
  r=$(q "$1" "SELECT count(*) FROM reports r WHERE (SELECT count(*) FROM cells c WHERE c.report_id = r.report_id) <> $per")
  o=$(q "$1" "SELECT count(*) FROM cells WHERE report_id NOT IN (SELECT report_id FROM reports)")
  [ "$r" = 0 ] && [ "$o" = 0 ]
}
for db in "$tmp/killed.sqlite" "$(pgdsn gfa_kill)"; do
  kind=$(case $db in postgresql*) echo PostgreSQL;; *) echo SQLite;; esac)
  "$gfa" load -q --db "$db" --init || bad "$kind: --init"
  partial=0
  for round in 1 2 3 4 5 6; do
    "$gfa" load -q --no-validate -j 1 --db "$db" "$tmp/kill" >/dev/null 2>&1 &
    pid=$!
    case $db in
      postgresql*) # the moment a gfa connection has written in its open transaction
        n=0
        while [ $n -lt 3000 ] && kill -0 $pid 2>/dev/null; do
          w=$(psql -X -At -h "$pg" -U postgres -d gfa_kill -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'gfa' AND backend_xid IS NOT NULL")
          [ "$w" -gt 0 ] 2>/dev/null && break
          n=$((n + 1))
        done ;;
      *) sleep "0.$((round * 13 % 10))" ;;
    esac
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    if consistent "$db"; then :; else bad "$kind: round $round left a partial report"; fi
    [ "$(q "$db" "SELECT count(*) FROM reports")" -lt 12 ] && partial=$((partial + 1))
  done
  [ "$kind" = SQLite ] && [ "$(q "$db" "PRAGMA integrity_check")" != ok ] && bad "SQLite: integrity after the kills"
  [ $partial -gt 0 ] && ok "$kind: killed mid-load $partial time(s): no partial report, the store intact" || bad "$kind: the loads were never interrupted"
  "$gfa" load -q --no-validate --db "$db" "$tmp/kill" || bad "$kind: the load after the kills"
  [ "$(q "$db" "SELECT count(*) FROM reports")" = 12 ] && consistent "$db" && ok "$kind: a load after the kills completes the store" || bad "$kind: the store after the kills"
done

# --------------------------------------------------------- shards, one store ---
# A collection of 16 reports (8 units, 2 years) made from the base report.
mkdir -p "$tmp/coll"
for u in 1 2 3 4 5 6 7 8; do
  for y in 2023 2024; do
    sed -e "s/部门决算公开/单位决算公开/" -e "s/002001/0031$(printf %02d $u)/g" \
        -e "s/某某县民政局/某某县第${u}单位/g" -e "s/2024/$y/g" "$base" >"$tmp/coll/u$u-$y.txt"
  done
done
dump() { # the store as text, without what depends on when and in what order it was loaded
  q "$1" "SELECT r.entity_code, r.fiscal_year, r.report_kind, r.source_sha256, r.amounts, r.accepted,
                 c.table_id, c.row_key, c.column_id, c.kind, c.value, c.line, c.pos
          FROM cells c JOIN reports r ON r.report_id = c.report_id
          ORDER BY r.entity_code, r.fiscal_year, r.report_kind, c.table_seq, c.line, c.pos, c.row_key, c.column_id"
  q "$1" "SELECT r.entity_code, r.fiscal_year, f.origin, f.seq, f.rule_id, f.line, f.message
          FROM findings f JOIN reports r ON r.report_id = f.report_id
          ORDER BY r.entity_code, r.fiscal_year, f.origin, f.seq"
  q "$1" "SELECT r.entity_code, r.fiscal_year, count(*) FROM paragraphs p JOIN reports r
          ON r.report_id = p.report_id GROUP BY r.entity_code, r.fiscal_year ORDER BY 1, 2"
}
one=$(pgdsn gfa_one)
check "one gfa batch --db into PostgreSQL" 0 "$gfa" batch --no-render -q -j 2 -o "$tmp/one-out" --db "$one" "$tmp/coll"
dump "$one" >"$tmp/one.dump"
[ "$(q "$one" "SELECT count(*) FROM reports")" = 16 ] && ok "the single batch stored 16 reports" || bad "the single batch"
same() { # same DESCRIPTION DB
  dump "$2" >"$tmp/other.dump"
  if cmp -s "$tmp/one.dump" "$tmp/other.dump"; then ok "$1: the store equals the single batch's"
  else bad "$1: the store differs from the single batch's"; diff "$tmp/one.dump" "$tmp/other.dump" | head -5; fi
}
bin=$tmp/bin
mkdir -p "$bin" && ln -sf "$gfa" "$bin/gfa"
if command -v parallel >/dev/null 2>&1; then
  check "GNU parallel: four shards at once (--sshlogin :)" 0 env PATH="$bin:$PATH" GFA_DB="$(pgdsn gfa_par)" \
    GFA_SSHLOGINS=4/: GFA_OPTIONS=--no-render sh "$src/deploy/parallel/gfa-shards.sh" 4 "$tmp/coll"
  same "GNU parallel" "$(pgdsn gfa_par)"
  check "GNU parallel: shard 3 again" 0 env PATH="$bin:$PATH" GFA_DB="$(pgdsn gfa_par)" \
    gfa batch --exit-zero -q --no-render --db "$(pgdsn gfa_par)" --shard 3/4 "$tmp/coll"
  same "a shard run again" "$(pgdsn gfa_par)"
else
  bad "GNU parallel is not installed (tools/ensure-deps test installs it)"
fi
export GFA_INPUTS="$tmp/coll" GFA_OPTIONS=--no-render
# four_at_once NAME DESCRIPTION INDEX... -- COMMAND: COMMAND four times at once, $I the index
four_at_once() {
  name=$1 desc=$2; shift 2
  idx=""
  while [ "$1" != -- ]; do idx="$idx $1"; shift; done
  shift
  pids=""
  for I in $idx; do
    I=$I "$@" >"$tmp/$name-$I.log" 2>&1 &
    pids="$pids $!"
  done
  failed=0
  for p in $pids; do wait "$p" || failed=1; done
  [ $failed = 0 ] && ok "$desc" || { bad "$desc: one failed"; cat "$tmp/$name"-*.log; }
}
# Slurm: the array script, its four tasks at once, as sbatch would start them
four_at_once slurm "Slurm: four array tasks at once" 1 2 3 4 -- sh -c 'exec env PATH="$0:$PATH" \
  GFA_DB="$2" SLURM_ARRAY_TASK_ID=$I SLURM_ARRAY_TASK_COUNT=4 SLURM_CPUS_PER_TASK=1 bash "$1"' \
  "$bin" "$src/deploy/slurm/gfa-shards.sbatch" "$(pgdsn gfa_slurm)"
same "Slurm" "$(pgdsn gfa_slurm)"
# Kubernetes: the Indexed Job's command with JOB_COMPLETION_INDEX 0…3 and its environment
manifest=$src/deploy/k8s/gfa-indexed-job.yaml
script=$(awk '/^ *args:/ {a = 1; next} a && /- \|/ {s = 1; match($0, /^ */); ind = RLENGTH + 2; next}
              s { match($0, /^ */); if (RLENGTH < ind && $0 !~ /^ *$/) exit; print substr($0, ind + 1) }' "$manifest")
completions=$(sed -n 's/^  completions: *\([0-9]*\)/\1/p' "$manifest")
shards=$(awk '/name: GFA_SHARDS/ {getline; gsub(/[^0-9]/, ""); print}' "$manifest")
[ -n "$script" ] && [ "$completions" = 4 ] && [ "$shards" = 4 ] && ok "Kubernetes: the manifest's command, 4 completions, GFA_SHARDS 4" \
  || bad "Kubernetes: the manifest (command '$script', completions $completions, shards $shards)"
four_at_once k8s "Kubernetes: four indexed pods at once" 0 1 2 3 -- sh -c 'JOB_COMPLETION_INDEX=$I \
  GFA_DB=$1 GFA_SHARDS=$2 GFA_JOBS=1 PATH="$0:$PATH" exec sh -c "$3"' \
  "$bin" "$(pgdsn gfa_k8s)" "$shards" "$script"
same "Kubernetes" "$(pgdsn gfa_k8s)"

# the checks across reports run over the whole sharded store
check "gfa check over the sharded store" 0 "$gfa" check --db "$(pgdsn gfa_k8s)" --ledger
has "year over year ran for 2024 against 2023" "$tmp/out" "GFA-YOY-003	passed"
has "a missing year before 2023 is noted" "$tmp/out" "GFA-YOY-004	FAILED"

# the server goes away: a clear message, exit 2
pgc_stop
check "a store whose server stopped" 2 "$gfa" load --db "$one" "$base"
has "says the server cannot be reached" "$tmp/err" "GFA-STORE-001"

if [ $fails = 0 ]; then echo "store.sh: all store tests passed"; else echo "store.sh: $fails failure(s)"; fi
[ $fails = 0 ]
