#!/bin/sh
# gfa-shards.sh — load a collection into one shared store with N shards run by GNU parallel,
# on this machine or over several (docs/store.md, "Collections larger than one machine").
#
#   GFA_DB=postgresql://gfa@db.example/gfa deploy/parallel/gfa-shards.sh N INPUT...
#
# Shard I of N runs  gfa batch --db "$GFA_DB" --shard I/N INPUT...  : the inputs are split by
# a hash of their paths, the same on every machine, so shards never overlap, and a report
# loaded twice replaces itself, so re-running the script (or one shard) after a failure
# gives the same store.
#
# Environment:
#   GFA_DB         the store; a password belongs in ~/.pgpass or PGPASSWORD on every host,
#                  never here (command lines are visible to ps and to parallel's --tag)
#   GFA_SSHLOGINS  parallel's --sshlogin list: "8/host1,8/host2" (8 shards at a time on
#                  each), ":" this machine; default: this machine, N at a time. Remote hosts
#                  need gfa on the PATH and the inputs at the same paths (a shared file
#                  system).
#   GFA_JOBS       worker threads of each shard (default 1)
#   GFA_OPTIONS    more gfa batch options, e.g. "--no-render -o /shared/out/shard-{}"
#                  ({} is the shard number)
#   GFA            the gfa command (default gfa)
set -eu
if [ $# -lt 2 ] || ! [ "$1" -ge 1 ] 2>/dev/null; then
  echo "usage: GFA_DB=DB $0 N INPUT...   (N shards of gfa batch --db, run by GNU parallel)" >&2
  exit 2
fi
: "${GFA_DB:?set GFA_DB to the store, e.g. postgresql://gfa@db.example/gfa}"
n=$1
shift
if [ -n "${GFA_SSHLOGINS:-}" ]; then where=--sshlogin; hosts=$GFA_SSHLOGINS; else where=-j; hosts=$n; fi
# -q: parallel quotes the command's words (paths with spaces survive ssh); a shard that
# fails with an I/O or usage error (exit 2) stops the others from starting.
# shellcheck disable=SC2086
exec parallel --will-cite --halt soon,fail=1 --line-buffer --tag "$where" "$hosts" -q \
  "${GFA:-gfa}" batch --exit-zero -q -j "${GFA_JOBS:-1}" --db "$GFA_DB" --shard "{}/$n" \
  ${GFA_OPTIONS:-} "$@" ::: $(seq 1 "$n")
