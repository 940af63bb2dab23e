#!/bin/sh
# disk.sh GFA — a full disk and a read-only output folder: a clear error, exit status 2,
# and no partial or temporary file left. Needs root to mount a small tmpfs; where mounting
# is not allowed it says so and falls back to a folder that cannot be written (a path
# under a regular file), which every user can test.
set -u
gfa=$1
src=${GFA_SRCDIR:-.}
tmp=${GFA_TMPDIR:-/tmp}/disk.$$
mkdir -p "$tmp/full" "$tmp/ro"
fails=0
cleanup() { umount "$tmp/full" 2>/dev/null; umount "$tmp/ro" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }
leftovers() { find "$1" -type f 2>/dev/null | wc -l; }

if mount -t tmpfs -o size=96k tmpfs "$tmp/full" 2>/dev/null; then
  "$gfa" convert -q --no-validate -o "$tmp/full/out" "$src/samples/yangcheng-2024-unit.txt" 2>"$tmp/err"; rc=$?
  [ "$rc" = 2 ] && echo "ok: a full disk exits 2" || bad "full disk: exit $rc, expected 2"
  grep -q "No space left on device" "$tmp/err" && echo "ok: the error names the cause" || bad "full disk: no clear message"
  [ "$(leftovers "$tmp/full/out")" = 0 ] && echo "ok: nothing partial on the full disk" || bad "files left on the full disk"
  mkdir -p "$tmp/in"; cp "$src/samples/yangcheng-2024-unit.txt" "$tmp/in/a.txt"; cp "$src/tests/rules/base-national.txt" "$tmp/in/b.txt"
  "$gfa" batch -q -o "$tmp/full/batch" "$tmp/in" 2>"$tmp/err"; rc=$?
  [ "$rc" = 2 ] && echo "ok: a batch on a full disk exits 2" || bad "batch on a full disk: exit $rc"
  n=$(find "$tmp/full/batch" -name '.*gfa-tmp*' | wc -l)
  [ "$n" = 0 ] && echo "ok: no temporary files on the full disk" || bad "$n temporary files on the full disk"
  for f in $(find "$tmp/full/batch" -name '*.xml' -o -name '*.html'); do
    case $f in
      *.xml) tail -c 20 "$f" | grep -q '</report>\|schematron-output>' || bad "partial $f" ;;
      *.html) tail -c 20 "$f" | grep -q '</html>' || bad "partial $f" ;;
    esac
  done
  mount -t tmpfs -o ro,size=64k tmpfs "$tmp/ro"
  "$gfa" convert -q --no-validate -o "$tmp/ro/out" "$src/samples/yangcheng-2024-unit.txt" 2>"$tmp/err"; rc=$?
  [ "$rc" = 2 ] && echo "ok: a read-only folder exits 2" || bad "read-only: exit $rc"
  grep -q "Read-only file system" "$tmp/err" && echo "ok: the error names the read-only file system" || bad "read-only: no clear message"
else
  echo "note: cannot mount a tmpfs here (not root, or no mount permission): testing an unwritable path instead"
fi
: > "$tmp/file"
"$gfa" convert -q --no-validate -o "$tmp/file/out" "$src/samples/yangcheng-2024-unit.txt" 2>"$tmp/err"; rc=$?
[ "$rc" = 2 ] && echo "ok: an output folder that cannot be created exits 2" || bad "unwritable: exit $rc"
grep -q "cannot create the output folder" "$tmp/err" && echo "ok: and says why" || bad "unwritable: no clear message"

if [ "$fails" != 0 ]; then echo "disk.sh: $fails failure(s)"; exit 1; fi
echo "disk.sh: all passed"
