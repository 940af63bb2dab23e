# pgcluster.sh — sourced by tests/store.sh and bench/bench.sh: a throwaway PostgreSQL
# cluster in a temporary folder, reached through a Unix socket in that folder only (no TCP),
# run as the unprivileged account postgres through runuser when we are root (initdb and
# postgres refuse to run as root), with fsync off (it is thrown away).
#
#   pgc_start            initdb + pg_ctl start; sets pgc_dir; non-zero (log shown) on failure
#   pgc_stop             pg_ctl stop -m immediate (safe to call twice)
#   pgc_clean            pgc_stop, then remove the folder
#   pgc_psql ARGS...     psql as the superuser postgres (ON_ERROR_STOP)
#   pgc_dsn DBNAME       the connection string gfa takes
pgc_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
pgc_dir=
pgc_as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pgc_start() {
  if [ -z "$pgc_bin" ] || ! command -v psql >/dev/null 2>&1; then
    echo "pgcluster: PostgreSQL is not installed (tools/ensure-deps test installs it)" >&2
    return 1
  fi
  pgc_dir=$(mktemp -d /tmp/gfa-pg.XXXXXX) || return 1
  [ "$(id -u)" = 0 ] && chown postgres "$pgc_dir"
  if ! pgc_as "$pgc_bin/initdb" -D "$pgc_dir/data" -U postgres -A trust -E UTF8 \
        --locale=C.UTF-8 --no-sync >"$pgc_dir/initdb.log" 2>&1; then
    cat "$pgc_dir/initdb.log" >&2; return 1
  fi
  # the superuser by trust on the socket; every other role by password
  printf 'local all postgres trust\nlocal all all scram-sha-256\n' >"$pgc_dir/data/pg_hba.conf"
  [ "$(id -u)" = 0 ] && chown postgres "$pgc_dir/data/pg_hba.conf"
  if ! pgc_as "$pgc_bin/pg_ctl" -D "$pgc_dir/data" -l "$pgc_dir/server.log" -w -t 60 \
        -o "-k $pgc_dir -c listen_addresses= -c fsync=off -c max_connections=60" start >/dev/null; then
    cat "$pgc_dir/server.log" >&2; return 1
  fi
}
pgc_stop() {
  [ -n "$pgc_dir" ] && [ -f "$pgc_dir/data/postmaster.pid" ] &&
    pgc_as "$pgc_bin/pg_ctl" -D "$pgc_dir/data" -m immediate -w stop >/dev/null 2>&1
  return 0
}
pgc_clean() { pgc_stop; [ -n "$pgc_dir" ] && rm -rf "$pgc_dir"; pgc_dir=; }
pgc_psql() { psql -X -q -h "$pgc_dir" -U postgres -v ON_ERROR_STOP=1 "$@"; }
pgc_dsn() { echo "postgresql:///$1?host=$pgc_dir&user=postgres"; }
