#!/bin/sh
# check-cjk.sh — tools/check-cjk can fail: on a CJK literal (also one written as an escape)
# outside the allow-list and on a stale allow-list entry; never on comments, character
# literals or allowed messages.
set -u
src=${GFA_SRCDIR:-.}
tool=$(cd "$src" && pwd)/tools/check-cjk
tmp=${GFA_TMPDIR:-/tmp}/check-cjk.$$
fails=0
trap 'rm -rf "$tmp"' EXIT
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }
mkdir -p "$tmp/src/x"
cat >"$tmp/src/x/a.c" <<'C'
/* 注：a comment "说明：" does not count */
// nor "这个"
static const char c = '"';
static const char *msg = "报告不能被接受";
static const char *path = "a/b"; /* "/" inside strings: 决算 */
C
printf 'src/x/a.c: "报告不能被接受"\n' >"$tmp/allow"
(cd "$tmp" && "$tool" allow >"$tmp/out"); rc=$?
[ "$rc" = 0 ] && echo "ok: comments, character literals and allowed messages pass" || { bad "clean tree: exit $rc"; cat "$tmp/out"; }

printf 'static const char *w = "注：";\nstatic const char *e = "\\u3000";\nstatic const char *b = "\\xe5\\xb9\\xb4";\n' >"$tmp/src/x/b.c"
(cd "$tmp" && "$tool" allow >"$tmp/out"); rc=$?
[ "$rc" = 1 ] && echo "ok: a word in C fails" || bad "a word in C: exit $rc"
grep -q 'src/x/b.c:1: .*"注："' "$tmp/out" && echo "ok: it is named with its file and line" || { bad "not named"; cat "$tmp/out"; }
grep -q 'src/x/b.c:2: .*"\\u3000"' "$tmp/out" && echo "ok: a \\u escape counts" || bad "\\u escape not found"
grep -q 'src/x/b.c:3: .*"\\xe5\\xb9\\xb4"' "$tmp/out" && echo "ok: UTF-8 byte escapes count" || bad "\\x escapes not found"

rm "$tmp/src/x/b.c"
printf 'src/x/a.c: "报告不能被接受"\nsrc/x/a.c: "旧的消息"\n' >"$tmp/allow"
(cd "$tmp" && "$tool" allow >"$tmp/out"); rc=$?
[ "$rc" = 1 ] && grep -q 'allow:2: no literal "旧的消息"' "$tmp/out" && echo "ok: a stale entry fails" ||
  { bad "stale entry: exit $rc"; cat "$tmp/out"; }

[ "$fails" = 0 ] && echo "check-cjk.sh: all passed" || echo "check-cjk.sh: $fails failed"
[ "$fails" = 0 ]
