#!/bin/sh
# cli.sh GFA — the command line as users meet it: help, exit codes, output files.
set -u
gfa=$1
tmp=${GFA_TMPDIR:-/tmp}/cli.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
fails=0
check() { # check DESCRIPTION EXPECTED_STATUS COMMAND...
  desc=$1; want=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: $desc: exit $got, expected $want"; sed 's/^/  | /' "$tmp/err" | head -5
    fails=$((fails + 1))
  else
    echo "ok: $desc"
  fi
}
has() { # has DESCRIPTION FILE PATTERN
  if grep -q -- "$3" "$2"; then echo "ok: $1"; else echo "FAIL: $1: no '$3' in $2"; fails=$((fails + 1)); fi
}

check "gfa --help exits 0" 0 "$gfa" --help
has "--help lists convert" "$tmp/out" "convert"
check "gfa --version exits 0" 0 "$gfa" --version
has "--version prints the version" "$tmp/out" "^gfa [0-9]"
check "gfa without a command is a usage error" 2 "$gfa"
check "an unknown command is a usage error" 2 "$gfa" frobnicate
has "an unknown command names itself" "$tmp/err" "frobnicate"
check "gfa convert --help exits 0" 0 "$gfa" convert --help
has "convert --help documents exit status" "$tmp/out" "Exit status"
check "gfa help convert exits 0" 0 "$gfa" help convert
check "an unknown option is a usage error" 2 "$gfa" convert --frob x
check "convert without input is a usage error" 2 "$gfa" convert
check "a missing file is an I/O problem" 2 "$gfa" convert -q -o "$tmp/o" /nonexistent/report.txt
has "the missing file is named" "$tmp/err" "/nonexistent/report.txt"

sample=${GFA_SRCDIR:-.}/samples/yangcheng-2024-unit.txt
check "batch with a missing --config is a usage error" 2 "$gfa" batch -q --config "$tmp/none.cfg" -o "$tmp/bcfg" "$sample"
[ "$(grep -c 'GFA-IO-020' "$tmp/err")" = 1 ] && echo "ok: the missing configuration is reported once" || { echo "FAIL: GFA-IO-020 printed $(grep -c 'GFA-IO-020' "$tmp/err") times"; fails=$((fails+1)); }
head -c 5000 /dev/zero | tr '\0' 'x' > "$tmp/big.txt"
check "standard input over the input-bytes limit is refused" 1 sh -c "\"$gfa\" convert -q --limit input-bytes=1000 - < \"$tmp/big.txt\""
has "the limit is named" "$tmp/err" "GFA-LIMIT-001"
check "convert from standard input into a folder (the sample is rejected: 1)" 1 sh -c "\"$gfa\" convert -q -o \"$tmp/fromstdin/\" - < \"$sample\""
[ -s "$tmp/fromstdin/stdin.xml" ] && [ -s "$tmp/fromstdin/stdin.html" ] && echo "ok: standard input's outputs are all named stdin" || { echo "FAIL: stdin outputs named differently"; fails=$((fails+1)); }
check "convert the sample into a folder (rejected: exit 1)" 1 "$gfa" convert -o "$tmp/out1" "$sample"
[ -s "$tmp/out1/yangcheng-2024-unit.xml" ] && echo "ok: the instance is written" || { echo "FAIL: no instance"; fails=$((fails+1)); }
leftover=$(find "$tmp/out1" -name '.*gfa-tmp*' | wc -l)
[ "$leftover" = 0 ] && echo "ok: no temporary files left" || { echo "FAIL: temporary files left"; fails=$((fails+1)); }
check "convert to standard output" 0 "$gfa" convert --exit-zero "$sample"
has "standard output holds the instance" "$tmp/out" "urn:gfa:report:1"
# a device or a named pipe as -o is written through, never replaced by a file (as root,
# renaming the finished temporary over /dev/null made it a regular file)
mkfifo "$tmp/pipe"
timeout 60 cat "$tmp/pipe" > "$tmp/piped" &
reader=$!
check "convert into a named pipe" 0 timeout 60 "$gfa" convert -q --exit-zero -o "$tmp/pipe" "$sample"
wait "$reader"
has "the pipe carried the instance" "$tmp/piped" "urn:gfa:report:1"
[ -p "$tmp/pipe" ] && echo "ok: the pipe is still a pipe" || { echo "FAIL: the pipe was replaced"; fails=$((fails+1)); }
check "render into /dev/null" 0 "$gfa" render -o /dev/null "${GFA_SRCDIR:-.}/tests/golden/yangcheng-2024-unit.xml"
[ -c /dev/null ] && echo "ok: /dev/null is still the device" || { echo "FAIL: /dev/null was replaced"; fails=$((fails+1)); }

: > "$tmp/empty.txt"
check "an empty file is rejected" 1 "$gfa" convert -o "$tmp/out2" "$tmp/empty.txt"
has "the empty file is named with the reason" "$tmp/err" "empty.txt.*empty"
[ ! -e "$tmp/out2/empty.xml" ] && echo "ok: nothing written for a bad input" || { echo "FAIL: output for a bad input"; fails=$((fails+1)); }
printf 'hello\nthis is not a report\n' > "$tmp/not.txt"
check "a text that is not a report is rejected" 1 "$gfa" convert -o "$tmp/out2" "$tmp/not.txt"
has "the reason says why" "$tmp/err" "not a final-accounts report"
check "a batch goes on past a bad file, exit 1" 1 "$gfa" convert -q -o "$tmp/out3" "$tmp/empty.txt" "$sample"
[ -s "$tmp/out3/yangcheng-2024-unit.xml" ] && echo "ok: the good report after the bad one is converted" || { echo "FAIL: good report not converted"; fails=$((fails+1)); }

# validate: the verdict is the exit status; reports for machines
base=${GFA_SRCDIR:-.}/tests/rules/base-national.txt
check "validate accepts a consistent report" 0 "$gfa" validate -q "$base"
check "validate rejects the sample (it has real errors)" 1 "$gfa" validate "$sample"
has "findings are GCC-style lines with a rule id" "$tmp/err" "yangcheng-2024-unit.txt:[0-9]*:[0-9]*: error: \[GFA-NAR-002\]"
has "the summary counts the checks" "$tmp/err" "REJECTED — [0-9]* checks: [0-9]* passed, [0-9]* failed, [0-9]* not checkable"
has "the sample: not checkable only where a value is absent, no other province's table rules (issue 11)" "$tmp/err" "REJECTED — [0-9]* checks: [0-9]* passed, [0-9]* failed, 2 not checkable"
check "validate writes an SVRL report" 1 "$gfa" validate -q --report "$tmp/r.xml" "$sample"
has "the SVRL report has a digest" "$tmp/r.xml" "digest"
check "validate writes a JSON report" 1 "$gfa" validate -q --report "$tmp/r.json" --report-format json "$sample"
has "the JSON report says rejected" "$tmp/r.json" '"accepted":false'
check "severity overrides can accept the sample" 0 "$gfa" validate -q --severity GFA-NAR-002=warning \
  --severity GFA-NAR-003=off --severity GFA-TXT-005=info --severity GFA-NAR-007=warning "$sample"
check "an unknown rule in --severity is a usage error" 2 "$gfa" validate --severity GFA-NOPE-001=off "$sample"
check "a bad --report-format is a usage error" 2 "$gfa" validate --report-format yaml "$sample"
check "--ledger lists every check" 1 "$gfa" validate -q --ledger "$sample"
has "the ledger has passed checks" "$tmp/out" "GFA-XT-009	passed"
has "the ledger ends with the counts" "$tmp/out" "checks: [0-9]* passed"
check "--ledger of two inputs" 1 "$gfa" validate -q --ledger "$sample" "${GFA_SRCDIR:-.}/tests/rules/base-national.txt"
has "a ledger line names its file" "$tmp/out" "base-national.txt	GFA-XSD-001	passed"
has "the other file's lines too" "$tmp/out" "yangcheng-2024-unit.txt	GFA-XSD-001"
check "validate of an unreadable input exits 1" 1 "$gfa" validate -q "$tmp/not.txt"
check "validate of a missing file exits 2" 2 "$gfa" validate -q /nonexistent.txt
check "convert writes the findings into the instance" 1 "$gfa" convert -q -o "$tmp/out4" "$sample"
has "the instance holds a validation block" "$tmp/out4/yangcheng-2024-unit.xml" "<validation ruleset"
check "an instance validates as input" 1 "$gfa" validate -q "$tmp/out4/yangcheng-2024-unit.xml"

# an instance's findings say which file each location is in (issue 12): the instance's
# own line, and the published text's line and column in (source …); an XSD error in an
# edited instance points to the text's line too
check "validate an instance" 1 "$gfa" validate "$tmp/out4/yangcheng-2024-unit.xml"
has "a finding names the instance and its line" "$tmp/err" "^$tmp/out4/yangcheng-2024-unit.xml:[0-9]*: error: \[GFA-NAR-002\]"
has "and the text's line and column" "$tmp/err" "GFA-NAR-002.*(source .*samples/yangcheng-2024-unit.txt:480:56)"
grep -q "^$tmp/out4/yangcheng-2024-unit.xml:480:56:" "$tmp/err" && { echo "FAIL: the text's line is printed as the instance's"; fails=$((fails+1)); } || echo "ok: no text line under the instance's name"
has "findings carry their fingerprint" "$tmp/err" "GFA-NAR-002.* #[0-9a-f]\{16\}$"
sed '0,/>1614.45</s//>16x14.45</' "$tmp/out4/yangcheng-2024-unit.xml" >"$tmp/edited.xml"
check "an edited instance fails the XSD" 1 "$gfa" validate "$tmp/edited.xml"
has "the XSD error names the instance's line and the text's" "$tmp/err" "^$tmp/edited.xml:[0-9]*: fatal: \[GFA-XSD-001\].*(source .*yangcheng-2024-unit.txt:90)"

# every input is in every report (issue 12): unreadable filings with status and reason
head -c 4096 /dev/urandom >"$tmp/binary.txt"
check "validate an empty and a binary file with a JSON report" 1 "$gfa" validate -q --report "$tmp/bad.json" --report-format json "$tmp/empty.txt" "$tmp/binary.txt"
[ "$(grep -o '"status":"unreadable"' "$tmp/bad.json" | wc -l)" = 2 ] && echo "ok: both unreadable files are in the JSON report" || { echo "FAIL: $(cat "$tmp/bad.json")"; fails=$((fails+1)); }
has "with their SHA-256" "$tmp/bad.json" '"sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"'
has "and every rule set with its version" "$tmp/bad.json" '"rulesets":\[{"name":"gfa-diagnosis","version":"1.0".*{"name":"gfa-narrative","version":"1.0"'
check "the same in SVRL" 1 "$gfa" validate -q --report "$tmp/bad.xml" "$tmp/empty.txt" "$tmp/binary.txt"
[ "$(grep -o '<gfa:digest [^>]*status="unreadable"' "$tmp/bad.xml" | wc -l)" = 2 ] && echo "ok: both unreadable files are in the SVRL report" || { echo "FAIL: SVRL digests"; fails=$((fails+1)); }
has "SVRL names the national rule set" "$tmp/bad.xml" '<gfa:ruleset name="gfa-national" version="1.0"'

# the rule catalogue (issue 12)
check "gfa rules lists the rules" 0 "$gfa" rules
has "a rule line: id, severity, family, check, rule set, title" "$tmp/out" "^GFA-NAR-002 *error *on *NAR *narrative *gfa-narrative 1.0 *占比"
has "the layers of gfa itself are rules too" "$tmp/out" "^GFA-XSD-001 *fatal"
[ "$(grep -c '^GFA-' "$tmp/out")" = "$(grep -ho '<rule id=' "${GFA_SRCDIR:-.}"/schemas/rules/*.xml | wc -l | awk '{print $1 + 2}')" ] \
  && echo "ok: every rule of schemas/rules is listed" || { echo "FAIL: gfa rules lists $(grep -c '^GFA-' "$tmp/out") rules"; fails=$((fails+1)); }
check "gfa rules --format csv" 0 "$gfa" rules --format csv
head -c 3 "$tmp/out" | od -An -tx1 | grep -q 'ef bb bf' && echo "ok: the CSV starts with a BOM" || { echo "FAIL: no BOM"; fails=$((fails+1)); }
has "the CSV has a header" "$tmp/out" "id,severity,enabled,family,check,ruleset,version,title,message"
check "gfa rules --format json with an override" 0 "$gfa" rules --format json --severity GFA-NAR-002=off
has "the JSON shows the override" "$tmp/out" '"id":"GFA-NAR-002","severity":"error".*"enabled":false'
check "gfa rules --format yaml is a usage error" 2 "$gfa" rules --format yaml

# render and fmt (issue 4)
check "gfa render --help exits 0" 0 "$gfa" render --help
has "render --help documents --format" "$tmp/out" "--format"
check "gfa fmt --help exits 0" 0 "$gfa" fmt --help
check "fmt --upper formats 人民币大写" 0 "$gfa" fmt --upper 1614.45
has "fmt --upper prints the PBOC form" "$tmp/out" "^人民币壹仟陆佰壹拾肆元肆角伍分$"
check "fmt --amount groups" 0 "$gfa" fmt --amount 1614.455
has "fmt --amount rounds half up" "$tmp/out" "^1,614.46$"
check "fmt --percent" 0 "$gfa" fmt --percent 47.3145 --decimals 1
has "fmt --percent prints a percentage" "$tmp/out" "^47.3%$"
check "fmt --width pads by display width" 0 "$gfa" fmt --width 8 --align r 中文
has "fmt --width right-aligns" "$tmp/out" "^    中文$"
check "fmt --date" 0 "$gfa" fmt --date 2024-12-31
has "fmt --date prints a Chinese date" "$tmp/out" "^2024年12月31日$"
check "fmt of a value it cannot represent exits 1" 1 "$gfa" fmt --upper 99999999999999999
has "fmt says why" "$tmp/err" "too large"
check "fmt without a value is a usage error" 2 "$gfa" fmt
check "render of the sample writes HTML and text" 0 "$gfa" render -q -o "$tmp/r1" "$sample"
[ -s "$tmp/r1/yangcheng-2024-unit.html" ] && [ -s "$tmp/r1/yangcheng-2024-unit.txt" ] \
  && echo "ok: render wrote .html and .txt" || { echo "FAIL: render outputs missing"; fails=$((fails+1)); }
has "the HTML is a page in Chinese" "$tmp/r1/yangcheng-2024-unit.html" '<html lang="zh-CN">'
has "the text holds the tables" "$tmp/r1/yangcheng-2024-unit.txt" "收入支出决算总表"
check "render of an instance to standard output" 0 "$gfa" render --format text --width 80 "$tmp/out4/yangcheng-2024-unit.xml"
grep -q '校验结果\|应为' "$tmp/out" && { echo "FAIL: render's default page shows findings"; fails=$((fails+1)); } || echo "ok: render makes a publication page by default (issue 12)"
check "render --mode review" 0 "$gfa" render --mode review --format text --width 400 "$tmp/out4/yangcheng-2024-unit.xml"
has "the review page shows the findings" "$tmp/out" "校验结果"
has "a code in a finding is printed as a code" "$tmp/out" "报告值 003001，应为 002001"
has "a rate in a finding has its %" "$tmp/out" "计算值 1,772%"
has "only a root cause says what a value should be (issue 11)" "$tmp/out" "执行率 印 00，.*应为 100%"
grep -q '3,001\|full_year\|total score\|department code\|「data」\|:：' "$tmp/out" && { echo "FAIL: ids or numbered codes in the findings"; fails=$((fails+1)); } || echo "ok: no internal ids in the findings"
check "convert to one HTML file: review page when there are findings" 0 "$gfa" convert -q --exit-zero -o "$tmp/rev.html" "$sample"
has "the single page shows the findings" "$tmp/rev.html" "校验结果"
check "convert --mode publish to one file" 0 "$gfa" convert -q --exit-zero --mode publish -o "$tmp/pub.html" "$sample"
grep -q '校验结果\|应为' "$tmp/pub.html" && { echo "FAIL: --mode publish shows findings"; fails=$((fails+1)); } || echo "ok: --mode publish shows none"
check "convert into a folder: the publication page and the review page beside it" 0 "$gfa" convert -q --exit-zero -o "$tmp/both" "$sample"
[ -s "$tmp/both/yangcheng-2024-unit.review.html" ] && ! grep -q '校验结果' "$tmp/both/yangcheng-2024-unit.html" \
  && echo "ok: NAME.html to publish, NAME.review.html to review" || { echo "FAIL: convert -o DIR pages"; fails=$((fails+1)); }
check "a bad --mode is a usage error" 2 "$gfa" render --mode draft "$sample"
check "a bad --format is a usage error" 2 "$gfa" render --format pdf "$sample"
check "a bad --width is a usage error" 2 "$gfa" render --format text --width 5 "$sample"
check "--format both needs -o" 2 "$gfa" render --format both "$sample"
[ -s "$tmp/out4/yangcheng-2024-unit.html" ] && [ -s "$tmp/out4/yangcheng-2024-unit.txt" ] \
  && echo "ok: convert -o DIR also renders" || { echo "FAIL: convert did not render"; fails=$((fails+1)); }
check "convert --no-render writes the instance only" 0 "$gfa" convert -q --exit-zero --no-render -o "$tmp/out5" "$sample"
[ ! -e "$tmp/out5/yangcheng-2024-unit.html" ] && echo "ok: --no-render" || { echo "FAIL: --no-render rendered"; fails=$((fails+1)); }

# the reader and writer tables on the command line (issue 9)
printf '%%PDF-1.7\n%%\342\343\317\323\n1 0 obj\n' >"$tmp/report.pdf"
check "a PDF is named, not decoded as text" 1 "$gfa" convert -o "$tmp/pdf" "$tmp/report.pdf"
if [ "${GFA_PDF:-yes}" = no ]; then
  has "a gfa built without PDF support says so" "$tmp/err" "built without PDF support"
else
  has "a broken PDF is refused with the reason" "$tmp/err" "broken PDF"
fi
check "convert --help lists the readers" 0 "$gfa" convert --help
has "the reader table is in --help" "$tmp/out" "Input formats"
has "the writer table is in --help" "$tmp/out" "Output formats"
check "an unknown --from is a usage error" 2 "$gfa" convert --from nosuch "$sample"
has "the unknown reader is named" "$tmp/err" "nosuch"
check "an unknown --to is a usage error" 2 "$gfa" convert --to xml,nosuch -o "$tmp/to" "$sample"
check "several --to need a folder" 2 "$gfa" convert --to xml,html "$sample"
check "--from text reads the sample" 0 "$gfa" convert -q --from text --no-validate "$sample"
has "the instance names its reader" "$tmp/out" 'format="text"'
# a name printed wrong in a flattened side-by-side table is still reported once its wrapped
# pieces are shared out again among the cells (issue 10): the case's text, validated
sed -n '/^=== input$/,/^=== expect$/p' "${GFA_SRCDIR:-.}/tests/cases/flat-names-misprint.case" | sed '1d;$d' >"$tmp/misprint.txt"
check "validate a flattened 公开06 with misprinted names" 1 "$gfa" validate --from flat "$tmp/misprint.txt"
has "the misprinted 30304 is reported" "$tmp/err" "GFA-CODE-002.*抚恤金补贴"
has "the misprinted 31302 is reported" "$tmp/err" "GFA-CODE-002.*对社会保险基金补贴"
[ "$(grep -c 'GFA-CODE-002' "$tmp/err")" = 2 ] && echo "ok: only the misprinted names are reported" || { echo "FAIL: GFA-CODE-002 reported $(grep -c 'GFA-CODE-002' "$tmp/err") times, expected 2"; fails=$((fails+1)); }
check "-o FILE.html writes one HTML file" 0 "$gfa" convert -q --exit-zero -o "$tmp/one.html" "$sample"
[ -f "$tmp/one.html" ] && grep -q '<html lang="zh-CN">' "$tmp/one.html" \
  && echo "ok: -o one.html is a file holding the page" || { echo "FAIL: -o one.html"; fails=$((fails+1)); }
check "--to text to standard output" 0 "$gfa" convert -q --exit-zero --to text "$sample"
has "the text rendering went to standard output" "$tmp/out" "收入支出决算总表"

# findings in a PDF point to the page and position (FILE:pN:X,Y:), in every output
pdf=${GFA_SRCDIR:-.}/tests/corpus/generated/lo-html-portrait-sans.pdf
if [ -f "$pdf" ]; then
  check "validate a PDF" 1 "$gfa" validate --report "$tmp/pdf.json" --report-format json "$pdf"
  has "a PDF finding names its page and position" "$tmp/err" "lo-html-portrait-sans.pdf:p[0-9]*:[0-9.]*,[0-9.]*: error: \[GFA-NAR-002\]"
  has "the JSON report gives the page location" "$tmp/pdf.json" '"at":"p[0-9]*:[0-9.]*,[0-9.]*"'
  check "convert a PDF" 1 "$gfa" convert -q -o "$tmp/pdfout" "$pdf"
  has "the instance's findings carry @at" "$tmp/pdfout/lo-html-portrait-sans.xml" '<finding [^>]*at="p[0-9]'
fi

# the README's gateway.conf is a real file that validate takes
check "the README's gateway.conf example loads" 1 "$gfa" validate -q --config "${GFA_SRCDIR:-.}/samples/gateway.conf" "$sample"
grep -q 'samples/gateway.conf' "${GFA_SRCDIR:-.}/README.md" && echo "ok: the README names samples/gateway.conf" || { echo "FAIL: README"; fails=$((fails+1)); }

# one exit policy for every command (issue 12): 0 accepted, 1 rejected or unreadable,
# 2 usage or I/O; --exit-zero turns 1 into 0 and leaves 2 alone
base=${GFA_SRCDIR:-.}/tests/rules/base-national.txt
check "an accepted report exits 0 (convert)" 0 "$gfa" convert -q "$base"
check "a rejected report exits 1 (convert)" 1 "$gfa" convert -q "$sample"
check "a rejected report exits 1 (validate)" 1 "$gfa" validate -q "$sample"
check "--exit-zero: a rejected report exits 0 (validate)" 0 "$gfa" validate -q --exit-zero "$sample"
check "--exit-zero: a rejected report exits 0 (batch)" 0 "$gfa" batch -q --exit-zero -o "$tmp/ez" "$sample"
check "a missing input exits 2 (validate)" 2 "$gfa" validate -q /nonexistent/x.txt
check "a missing input exits 2 (batch)" 2 "$gfa" batch -q -o "$tmp/miss" /nonexistent/x.txt
check "a missing input exits 2 even with --exit-zero (convert)" 2 "$gfa" convert -q --exit-zero /nonexistent/x.txt
printf 'not a report\n' >"$tmp/junk.txt"
check "an unreadable report exits 1 (render)" 1 "$gfa" render "$tmp/junk.txt"

# "-" is standard output everywhere; a file name with an output extension is a file
check "validate --report - writes the report to standard output" 1 "$gfa" validate -q --report - --report-format json "$sample"
has "the JSON report went to standard output" "$tmp/out" '"files"'
[ ! -e ./- ] && echo "ok: no file named -" || { echo "FAIL: a file named - was created"; fails=$((fails+1)); }
check "convert -o - writes to standard output" 0 "$gfa" convert -q --exit-zero -o - "$base"
has "the instance went to standard output" "$tmp/out" "<report"
check "batch -o - is a usage error" 2 "$gfa" batch -o - "$base"
check "render -o FILE.html writes one file" 0 "$gfa" render -o "$tmp/single.html" "$tmp/out4/yangcheng-2024-unit.xml"
[ -f "$tmp/single.html" ] && echo "ok: render -o single.html is a file" || { echo "FAIL: render -o single.html is not a file"; fails=$((fails+1)); }
check "render -o FILE.txt with two inputs is a usage error" 2 "$gfa" render -o "$tmp/two.txt" "$tmp/out4/yangcheng-2024-unit.xml" "$tmp/out4/yangcheng-2024-unit.xml"
has "the clash is explained" "$tmp/err" "one file"
check "-V prints the version" 0 "$gfa" -V
has "-V says gfa" "$tmp/out" "^gfa "
check "common options before the command" 0 "$gfa" -q --datadir "${GFA_DATADIR:-.}" validate "$base"
check "--limit with a unit" 0 "$gfa" validate -q --limit input-bytes=200M "$base"
check "--limit seconds=0.01 is refused" 2 "$gfa" validate -q --limit seconds=0.01 "$base"
has "the refused limit names its value" "$tmp/err" "'0.01' is not a whole number"

# workbooks (issue 14): export, and convert reads them back
check "export --help exits 0" 0 "$gfa" export --help
check "export without an output is a usage error" 2 "$gfa" export "$sample"
check "export of two inputs is a usage error" 2 "$gfa" export --xlsx "$tmp/x.xlsx" "$sample" "$sample"
check "export writes a workbook and a CSV folder" 0 "$gfa" export -q --xlsx "$tmp/wb/r.xlsx" --csv "$tmp/wb/r.csv" "$sample"
[ -s "$tmp/wb/r.xlsx" ] && [ -s "$tmp/wb/r.csv/报表信息.csv" ] && echo "ok: r.xlsx and r.csv/ are written" \
  || { echo "FAIL: export outputs missing"; fails=$((fails+1)); }
check "export --csv-encoding gb18030" 0 "$gfa" export -q --csv "$tmp/wb/gb.csv" --csv-encoding gb18030 "$sample"
check "an unknown --csv-encoding is a usage error" 2 "$gfa" export --csv "$tmp/wb/x.csv" --csv-encoding latin1 "$sample"
check "export of an unreadable input exits 1" 1 "$gfa" export -q --xlsx "$tmp/wb/n.xlsx" "$tmp/not.txt"
check "convert reads the workbook back" 0 "$gfa" convert -q --no-validate "$tmp/wb/r.xlsx"
has "the instance names the xlsx reader" "$tmp/out" 'format="xlsx"'
has "elements point at their cells" "$tmp/out" 'at="公开01!C9"'
check "convert reads the CSV folder back" 0 "$gfa" convert -q --no-validate "$tmp/wb/gb.csv"
has "the instance names the csv reader" "$tmp/out" 'format="csv"'
check "convert --to xlsx -o FILE.xlsx" 0 "$gfa" convert -q --no-validate -o "$tmp/wb/c.xlsx" "$sample"
check "convert -o DIR.csv writes the CSV folder again" 0 "$gfa" convert -q --no-validate -o "$tmp/wb/r.csv" "$sample"
[ ! -e "$tmp/wb/r.csv/yangcheng-2024-unit.xml" ] && echo "ok: an existing CSV folder is the csv writer's output" \
  || { echo "FAIL: -o r.csv wrote into the folder"; fails=$((fails+1)); }
printf 'PK\003\004 not a zip xl/workbook.xml' > "$tmp/wb/bad.xlsx"
check "a damaged workbook is unreadable" 1 "$gfa" convert -q "$tmp/wb/bad.xlsx"
has "the damage is named" "$tmp/err" "GFA-BOOK-001"

# --help and the man page agree: every option of every command's --help is in the man
# page, and every limit with the default --help gives (issue 12)
man=${GFA_SRCDIR:-.}/docs/gfa.1
for cmd in convert validate render batch rules export load query check fmt; do
  "$gfa" "$cmd" --help >"$tmp/help" 2>&1
  for opt in $(grep -o -- '--[a-z][a-z-]*' "$tmp/help" | sort -u); do
    esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
    grep -q -- "$esc" "$man" || { echo "FAIL: $cmd --help names $opt, the man page does not"; fails=$((fails + 1)); }
  done
done
"$gfa" convert --help | sed -n '/^Limits/{n;p;}' | tr ']' '\n' | sed -n 's/^ *\([a-z-]*\) \[\(.*\)$/\1 \2/p' >"$tmp/limits"
[ "$(wc -l <"$tmp/limits")" -ge 6 ] || { echo "FAIL: --help lists $(wc -l <"$tmp/limits") limits"; fails=$((fails + 1)); }
while read -r name def; do
  esc=$(printf '%s' "$name" | sed 's/-/\\\\-/g')
  sed -n "/^\.B $esc\$/,/^\.TP/p" "$man" | tr '\n' ' ' | grep -q "default $def[^0-9]" \
    || { echo "FAIL: the man page does not give limit $name the default $def of --help"; fails=$((fails + 1)); }
done <"$tmp/limits"
# no other figure for the input limit anywhere in the man page (it once said 64 MiB in one
# place and 16 MiB in another), and convert's exit status is the one policy
ibdef=$(grep '^input-bytes ' "$tmp/limits" | sed 's/^input-bytes \([0-9]*\)M$/\1/')
for mib in $(grep -o '[0-9][0-9]*\\\? MiB' "$man" | sed 's/[^0-9].*//'); do
  [ "$mib" = "$ibdef" ] || [ "$mib" = 1 ] || { echo "FAIL: the man page names $mib MiB, --help's input limit is ${ibdef}M"; fails=$((fails + 1)); }
done
grep -q 'does not depend on the findings' "$man" && { echo "FAIL: the man page says convert's exit status ignores findings"; fails=$((fails + 1)); }
echo "ok: --help and the man page agree on options and limits"

# every option of every command is documented in the man page (written \-\-name there)
src=${GFA_SRCDIR:-.}
nopts=0
for opt in $(grep -ho '^ *{"[a-z][a-z-]*", ' "$src"/src/cli/*.c | sed 's/^ *{"\([a-z-]*\)", /\1/' | sort -u); do
  nopts=$((nopts + 1))
  esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
  if grep -q -- "\\\\-\\\\-$esc" "$src/docs/gfa.1"; then :; else
    echo "FAIL: option --$opt is not in docs/gfa.1"; fails=$((fails + 1)); fi
done
[ "$nopts" -ge 20 ] || { echo "FAIL: found only $nopts options in src/cli/*.c"; fails=$((fails + 1)); }
echo "ok: every option ($nopts) is in the man page"

if [ "$fails" != 0 ]; then echo "cli.sh: $fails failure(s)"; exit 1; fi
echo "cli.sh: all passed"
