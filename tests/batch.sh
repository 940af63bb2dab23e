#!/bin/sh
# batch.sh GFA — gfa batch as a finance bureau runs it: a folder with good and bad files,
# the same outputs whatever -j, an interrupted run finished by --resume.
set -u
gfa=$1
src=${GFA_SRCDIR:-.}
tmp=${GFA_TMPDIR:-/tmp}/batch.$$
rm -rf "$tmp"; mkdir -p "$tmp/in/sub"
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }

cp "$src/samples/yangcheng-2024-unit.txt" "$tmp/in/good1.txt"
cp "$src/tests/rules/base-national.txt" "$tmp/in/sub/good2.txt"
printf 'Quarterly newsletter\n\nNothing here is a final-accounts report.\n' > "$tmp/in/malformed.txt"
: > "$tmp/in/empty.txt"
head -c 4096 /dev/urandom > "$tmp/in/binary.txt"
ln -s "$tmp/nowhere/gone.txt" "$tmp/in/unreadable.txt"

"$gfa" batch -q -o "$tmp/out1" -j1 "$tmp/in" 2>"$tmp/err1"; rc=$?
# the dangling link cannot be opened: an I/O error, exit 2 (one exit policy, issue 12)
[ "$rc" = 2 ] && ok "a batch with bad files and an unopenable one exits 2" || bad "exit status $rc, expected 2"
for f in good1 sub/good2; do
  for ext in xml html txt; do
    [ -s "$tmp/out1/$f.$ext" ] || bad "missing $f.$ext"
  done
done
ok "good reports have all their outputs (a folder's structure is kept)"
for f in malformed empty binary unreadable; do
  ls "$tmp/out1/$f".* >/dev/null 2>&1 && bad "outputs written for the bad file $f"
  grep -q "/$f\." "$tmp/err1" || bad "the bad file $f is not reported"
  grep -q "$f.*failed to read" "$tmp/out1/summary.csv" || bad "summary.csv does not list $f as failed"
done
ok "bad files are listed with their reasons and have no outputs"
grep -q "not a final-accounts report" "$tmp/out1/summary.csv" && ok "the reason of a malformed file is given" || bad "no reason for malformed.txt"
[ -z "$(find "$tmp/out1" -name '.*gfa-tmp*')" ] && ok "no temporary files remain" || bad "temporary files remain"
grep -q 'lang="zh-CN"' "$tmp/out1/index.html" && grep -q 'good1.html' "$tmp/out1/index.html" \
  && ok "index.html links every report" || bad "index.html incomplete"
grep -c '<gfa:digest' "$tmp/out1/summary.xml" | grep -q '^6$' && ok "summary.xml has a digest per file" || bad "summary.xml digests"

"$gfa" batch -q -o "$tmp/out2" -j2 "$tmp/in" 2>/dev/null
diff -r "$tmp/out1" "$tmp/out2" >/dev/null && ok "-j1 and -j2 outputs are byte-identical" || bad "-j1 and -j2 outputs differ"

# an interrupted batch: kill -9 in the middle, then --resume
mkdir -p "$tmp/many"
i=0
while [ $i -lt 120 ]; do cp "$src/samples/yangcheng-2024-unit.txt" "$tmp/many/r$i.txt"; i=$((i + 1)); done
"$gfa" batch -q -o "$tmp/out3" -j2 "$tmp/many" 2>/dev/null &
pid=$!
sleep 1
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
done_xml=$(ls "$tmp/out3"/r*.xml 2>/dev/null | wc -l)
[ "$done_xml" -lt 120 ] && ok "the batch was killed mid-run ($done_xml of 120 done)" || echo "note: the batch finished before the kill"
partial=0
for f in "$tmp/out3"/r*.xml; do
  [ -e "$f" ] || continue
  tail -c 10 "$f" | grep -q '</report>' || partial=$((partial + 1))
  stem=${f%.xml}
  tail -c 10 "$stem.html" | grep -q '</html>' || partial=$((partial + 1))
  [ -s "$stem.txt" ] || partial=$((partial + 1))
done
[ "$partial" = 0 ] && ok "every output left by the killed batch is complete" || bad "$partial partial outputs after kill -9"
"$gfa" batch -q -o "$tmp/out3" -j2 --resume "$tmp/many" 2>/dev/null; rc=$?
[ "$rc" = 1 ] && ok "--resume finishes (the sample is rejected: exit 1)" || bad "--resume exit $rc"
[ "$(ls "$tmp/out3"/r*.xml | wc -l)" = 120 ] && ok "after --resume every report has its outputs" || bad "missing outputs after --resume"
[ -z "$(find "$tmp/out3" -name '.*gfa-tmp*')" ] && ok "stray temporaries of the killed run are gone" || bad "temporaries remain after --resume"
[ "$(grep -c ',rejected,' "$tmp/out3/summary.csv")" = 120 ] && ok "the summary after --resume has every report" || bad "summary after --resume incomplete"

# shards and their merge
"$gfa" batch -q -o "$tmp/s1" --shard 1/2 --no-render "$tmp/in" 2>/dev/null
"$gfa" batch -q -o "$tmp/s2" --shard 2/2 --no-render "$tmp/in" 2>/dev/null
n1=$(($(wc -l < "$tmp/s1/summary.csv") - 1)); n2=$(($(wc -l < "$tmp/s2/summary.csv") - 1))
[ $((n1 + n2)) = 6 ] && ok "two shards cover the collection once ($n1 + $n2)" || bad "shards cover $n1 + $n2 of 6"
"$gfa" batch -q --merge-summaries -o "$tmp/merged" "$tmp/s1" "$tmp/s2"
[ "$(($(wc -l < "$tmp/merged/summary.csv") - 1))" = 6 ] && ok "the merged summary has every report" || bad "merged summary"
grep -q 'schemaVersion="gfa' "$tmp/merged/summary.xml" && ok "the merged summary names the rule set" || bad "the merged summary lost the rule set"
"$gfa" batch -q --merge-summaries -o /proc/gfa-cannot "$tmp/s1" 2>"$tmp/merr"; rc=$?
[ "$rc" = 2 ] && grep -q "cannot create" "$tmp/merr" && ok "a merge into an impossible folder says why (exit 2)" || bad "merge into /proc: exit $rc, $(cat "$tmp/merr")"

# --resume over an instance written without validation (no digest to trust): done again
mkdir -p "$tmp/rs"
cp "$src/tests/rules/base-national.txt" "$tmp/rs/base.txt"
"$gfa" convert -q --no-validate -o "$tmp/rsout" "$tmp/rs/base.txt" 2>/dev/null
touch "$tmp/rsout/base.xml"
"$gfa" batch -q --resume -o "$tmp/rsout" "$tmp/rs" 2>"$tmp/rserr"; rc=$?
[ "$rc" = 0 ] && grep -q '<validation' "$tmp/rsout/base.xml" && ok "--resume redoes an instance that has no validation digest" || bad "--resume over an unvalidated instance: exit $rc"

# awkward file names: URL characters, and a name in GBK bytes (not UTF-8)
mkdir -p "$tmp/odd"
cp "$src/tests/rules/base-national.txt" "$tmp/odd/a #1 %.txt"
cp "$src/tests/rules/base-national.txt" "$tmp/odd/$(printf 'gbk-\262\273.txt')"
"$gfa" batch -q -o "$tmp/oddout" --no-render "$tmp/odd" 2>/dev/null
grep -q 'href="a%20%231%20%25.xml"' "$tmp/oddout/index.html" && ok "index.html links percent-encode file names" || bad "index.html link to 'a #1 %.xml'"
raw=$(cat "$tmp/oddout/summary.xml" "$tmp/oddout/index.html" | LC_ALL=C grep -c "$(printf '\262\273')")
[ "$raw" = 0 ] && ok "a non-UTF-8 file name is not copied raw into XML or HTML" || bad "raw GBK bytes in summary.xml/index.html"
[ "$(grep -c '<gfa:digest ' "$tmp/oddout/summary.xml")" = 2 ] && ok "summary.xml has a digest per report" || bad "summary.xml digests"

"$gfa" batch -q "$tmp/in" 2>/dev/null; [ $? = 2 ] && ok "no -o is a usage error" || bad "no -o"
"$gfa" batch -q -o "$tmp/x" --shard 3/2 "$tmp/in" 2>/dev/null; [ $? = 2 ] && ok "a bad --shard is a usage error" || bad "--shard 3/2"

# what a folder walk takes (issue 12): report extensions only, never the output folder,
# and a name clash fails one file, not the batch
mkdir -p "$tmp/walk/out"
cp "$src/tests/rules/base-national.txt" "$tmp/walk/a.txt"
cp "$src/tests/rules/base-national.txt" "$tmp/walk/b.txt"
printf '# notes\n' > "$tmp/walk/README.md"
head -c 100 /dev/urandom > "$tmp/walk/logo.png"
"$gfa" convert -q -o "$tmp/walk/a.xml" "$tmp/walk/b.txt"
"$gfa" batch -q -o "$tmp/walk/out" "$tmp/walk" 2>"$tmp/werr"; rc=$?
[ "$rc" = 1 ] && ok "a name clash fails one report (exit 1), not the batch" || bad "clash: exit $rc"
grep -q "a.xml.*failed to read.*rename one" "$tmp/walk/out/summary.csv" && ok "the clash is named in the summary" || bad "clash reason: $(cat "$tmp/walk/out/summary.csv")"
[ -s "$tmp/walk/out/a.xml" ] && [ -s "$tmp/walk/out/b.xml" ] && ok "the other reports were converted" || bad "walk outputs missing"
grep -q "README\|logo" "$tmp/walk/out/summary.csv" && bad "README.md or logo.png taken as a report" || ok "README.md and logo.png are skipped"
"$gfa" batch -q -o "$tmp/walk/out" "$tmp/walk" 2>"$tmp/werr2"; rc=$?
[ "$rc" = 1 ] && ! cut -d, -f1 "$tmp/walk/out/summary.csv" | grep -q "/walk/out/" && ok "a second run does not read its own output folder" || bad "second run over the output folder: exit $rc"
"$gfa" batch -q --exit-zero --include '*.md' --exclude 'logo*' -o "$tmp/walk2" "$tmp/walk" 2>/dev/null; rc=$?
grep -q "README.md" "$tmp/walk2/summary.csv" && ! grep -q "a.txt" "$tmp/walk2/summary.csv" && ok "--include replaces the default patterns" || bad "--include: $(cat "$tmp/walk2/summary.csv")"

# a folder of CSV files (gfa export --csv) is one report, in a walk and given by name
mkdir -p "$tmp/books/units"
"$gfa" export -q --csv "$tmp/books/units/national.csv" "$src/tests/rules/base-national.txt"
cp "$src/tests/rules/base-national.txt" "$tmp/books/units/plain.txt"
"$gfa" batch -q --exit-zero --to xml -o "$tmp/books-out" "$tmp/books" 2>"$tmp/berr"; rc=$?
[ "$rc" = 0 ] && [ -s "$tmp/books-out/units/national.xml" ] && [ -s "$tmp/books-out/units/plain.xml" ] &&
  [ "$(($(wc -l < "$tmp/books-out/summary.csv") - 1))" = 2 ] &&
  ok "a walk takes a CSV folder as one report beside a text" || bad "CSV folder in a walk: exit $rc, $(cat "$tmp/berr" "$tmp/books-out/summary.csv" 2>/dev/null)"
grep -q 'format="csv"' "$tmp/books-out/units/national.xml" && ok "it was read by the CSV reader" || bad "CSV folder not read as CSV"
"$gfa" batch -q --exit-zero --to xml -o "$tmp/books-out2" "$tmp/books/units/national.csv/" 2>/dev/null
[ -s "$tmp/books-out2/national.xml" ] && ok "a CSV folder given by name is one report" || bad "CSV folder by name: $(ls "$tmp/books-out2" 2>&1)"

# publishers (issue 12): NAME.html and NAME.txt are the pages to publish (no findings, no
# marks), the review pages beside them for reports with findings; --mode chooses
[ -s "$tmp/out1/good1.review.html" ] && [ -s "$tmp/out1/good1.review.txt" ] && ok "a report with findings has its review pages" || bad "no good1.review.*"
grep -q '校验结果\|应为\|class="[^"]*finding' "$tmp/out1/good1.html" "$tmp/out1/good1.txt" && bad "the publication page shows findings" || ok "the publication pages show no findings"
grep -q '校验结果' "$tmp/out1/good1.review.html" && grep -q '应为' "$tmp/out1/good1.review.txt" && ok "the review pages show them" || bad "review pages without findings"
[ ! -e "$tmp/out1/sub/good2.review.html" ] && ok "a report without findings has no review page" || bad "good2 has a review page"
grep -q 'href="good1.review.html"' "$tmp/out1/index.html" && ok "index.html links the review page" || bad "index.html: no review link"
"$gfa" batch -q --exit-zero --mode publish -o "$tmp/pub" "$tmp/in/good1.txt" 2>/dev/null
[ -s "$tmp/pub/good1.html" ] && [ ! -e "$tmp/pub/good1.review.html" ] && ok "--mode publish writes the publication pages only" || bad "--mode publish"
"$gfa" batch -q --exit-zero --mode review -o "$tmp/rev" "$tmp/in/good1.txt" 2>/dev/null
grep -q '校验结果' "$tmp/rev/good1.html" && ok "--mode review makes NAME.html the review page" || bad "--mode review"
"$gfa" batch -q --mode nonsense -o "$tmp/x" "$tmp/in/good1.txt" 2>/dev/null; [ $? = 2 ] && ok "a bad --mode is a usage error" || bad "--mode nonsense"
before=$(stat -c %y "$tmp/out1/sub/good2.xml")
"$gfa" batch -q --exit-zero --resume -o "$tmp/out1" "$tmp/in" 2>/dev/null
[ "$(stat -c %y "$tmp/out1/sub/good2.xml")" = "$before" ] && ok "--resume trusts outputs that have no review page" || bad "--resume redid a report without findings"

# finance bureaus (issue 12): summary.csv opens in Excel and WPS (UTF-8 with BOM); the index
# names each source file and flags inputs with the same bytes
head -c 3 "$tmp/out1/summary.csv" | od -An -tx1 | grep -q 'ef bb bf' && ok "summary.csv starts with a BOM" || bad "summary.csv has no BOM"
mkdir -p "$tmp/dup"
cp "$src/tests/rules/base-national.txt" "$tmp/dup/one.txt"
cp "$src/tests/rules/base-national.txt" "$tmp/dup/two.txt"
"$gfa" batch -q --exit-zero -o "$tmp/dupout" "$tmp/dup" 2>/dev/null
grep -q "two.txt,.*,$(sha256sum "$tmp/dup/two.txt" | cut -c1-64),.*one.txt" "$tmp/dupout/summary.csv" && ok "summary.csv flags the duplicate with its SHA-256" || bad "duplicate: $(cat "$tmp/dupout/summary.csv")"
grep -q "重复：与 [^<]*one.txt" "$tmp/dupout/index.html" && ok "index.html flags the duplicate" || bad "index.html: no duplicate flag"
grep -q "<td class=\"file\">[^<]*two.txt" "$tmp/dupout/index.html" && ok "index.html names the source file" || bad "index.html: no source file"

# a merged index.html links into the shards' folders from where it is (issue 12)
"$gfa" batch -q --exit-zero -o "$tmp/m1" --shard 1/2 "$tmp/in" >/dev/null 2>&1
"$gfa" batch -q --exit-zero -o "$tmp/m2" --shard 2/2 "$tmp/in" >/dev/null 2>&1
mkdir -p "$tmp/merged"
"$gfa" batch -q --exit-zero --merge-summaries -o "$tmp/merged/all" "$tmp/m1" "$tmp/m2" 2>/dev/null
links=0; broken=0
for h in $(grep -o 'href="[^"#]*"' "$tmp/merged/all/index.html" | sed 's/href="//; s/"$//'); do
  links=$((links + 1)); [ -e "$tmp/merged/all/$h" ] || { broken=$((broken + 1)); echo "  broken: $h"; }
done
[ "$links" -gt 0 ] && [ "$broken" = 0 ] && ok "every link of the merged index.html reaches its file ($links)" || bad "$broken of $links merged links broken"

# a batch's output folder is a folder of instances: its summary.csv does not make it a
# folder of CSV tables (one report read by the CSV reader, nothing loaded)
"$gfa" load -q --exit-zero --db "$tmp/out1.sqlite" "$tmp/out1" 2>"$tmp/loaderr"; rc=$?
loaded=$("$gfa" query -q --db "$tmp/out1.sqlite" --format csv --sql "SELECT count(DISTINCT report_id) FROM gfa_facts" 2>/dev/null | tail -1 | tr -d '\r')
[ "$loaded" = 2 ] && ok "gfa load of a batch's output folder loads its two instances" || bad "gfa load of the output folder loaded $loaded reports: $(head -2 "$tmp/loaderr")"
# … and only them: its pages, index and summaries are not reports to read (no failure)
[ "$rc" = 0 ] && ! grep -q 'GFA-READ-004\|GFA-XML-004\|GFA-VAL-001' "$tmp/loaderr" &&
  ok "its pages and summaries are skipped, not read" || bad "load of the output folder: exit $rc, $(head -2 "$tmp/loaderr")"

if [ "$fails" != 0 ]; then echo "batch.sh: $fails failure(s)"; exit 1; fi
echo "batch.sh: all passed"
