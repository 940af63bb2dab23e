#!/bin/sh
# generate.sh - build the PDF / layout-text / flattened-text corpus of issue 10
# from the bundled sample report (tab-separated text), the way publishers make
# their PDFs: the report as HTML with bordered tables, converted by LibreOffice
# (HTML import, and HTML -> DOCX -> PDF) and printed by headless Chromium; then
# the text forms readers meet: pdftotext -layout, pdftotext -raw, a copy-paste
# style flattening, a GB18030 copy and a Traditional-Chinese copy.
#
# Usage: tests/corpus/generate.sh [-o OUTDIR] [-u UNRULEDDIR] [SAMPLE]
#   OUTDIR defaults to tests/corpus/generated, UNRULEDDIR (the PDFs whose tables are not
#   ruled in every cell, and their text forms) to tests/corpus/unruled, SAMPLE to
#   samples/yangcheng-2024-unit.txt.
#   The outputs are committed (LibreOffice and Chromium are heavy); rerun this
#   only to change the corpus, then review and commit the diff.  The PDFs are not
#   byte-reproducible (creation dates, font subset tags); the MANIFEST records the
#   sha256 of what was committed.
#
# Debian 12 packages needed (POSIX sh + awk; no Python):
#   apt-get install -y --no-install-recommends libreoffice-writer-nogui chromium \
#       poppler-utils fonts-noto-cjk fonts-wqy-zenhei opencc
#   (opencc is optional: without it uconv from icu-devtools makes the 繁體 copy)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$here/generated"
unr="$here/unruled"
while getopts o:u: opt; do
    case $opt in
    o) out=$OPTARG ;;
    u) unr=$OPTARG ;;
    *) echo "usage: $0 [-o OUTDIR] [-u UNRULEDDIR] [SAMPLE]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
sample=${1:-$root/samples/yangcheng-2024-unit.txt}

. "$here/forms.sh"
need soffice libreoffice-writer-nogui
need chromium chromium
need pdftotext poppler-utils
need pdfinfo poppler-utils
need iconv libc-bin
need sha256sum coreutils
fc-list 2>/dev/null | grep -q 'Noto Sans CJK SC' || missing="$missing fonts-noto-cjk"
fc-list 2>/dev/null | grep -q 'WenQuanYi Zen Hei' || missing="$missing fonts-wqy-zenhei"
need_s2t
check_packages

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gfa-corpus.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$out" "$unr" "$tmp/lo" "$tmp/cr" "$tmp/home"
export HOME="$tmp/home"           # LibreOffice and Chromium write their profiles here
LC_ALL=C.UTF-8; export LC_ALL

# ---- 1. HTML variants -------------------------------------------------------
# name | @page size | font | thead | merged header cells | page numbers | running header | rulings
variants='portrait-sans|A4|Noto Sans CJK SC|1|1|1||all
landscape-serif|A4 landscape|Noto Serif CJK SC|1|1|1||all
portrait-zenhei-plain|A4|WenQuanYi Zen Hei|0|0|1||all
landscape-zenhei|A4 landscape|WenQuanYi Zen Hei|1|1|1|阳城县人民政府办公室2024年度单位决算|all
portrait-sans-rows|A4|Noto Sans CJK SC|1|1|1||rows
portrait-sans-none|A4|Noto Sans CJK SC|1|1|1||none
portrait-zenhei-three|A4|WenQuanYi Zen Hei|1|1|1||three'
echo "$variants" | while IFS='|' read -r name page font thead merge pagenum runhead rules; do
    awk -v page="$page" -v font="$font" -v thead="$thead" -v merge="$merge" -v rules="$rules" \
        -v pagenum="$pagenum" -v runhead="$runhead" -v title="阳城县人民政府办公室2024年度单位决算" \
        -f "$here/tab2html.awk" "$sample" > "$tmp/$name.html"
done

# ---- 2. PDFs ------------------------------------------------------------------
# LibreOffice: the HTML opened as a Writer document ("HTML (StarWriter)": the
# Writer/Web default ignores table styling), thead -> repeated heading rows.
lo pdf:writer_pdf_Export "$tmp/portrait-sans.html" "HTML (StarWriter)"
mv "$tmp/lo/portrait-sans.pdf" "$out/lo-html-portrait-sans.pdf"
lo pdf:writer_pdf_Export "$tmp/landscape-serif.html" "HTML (StarWriter)"
mv "$tmp/lo/landscape-serif.pdf" "$out/lo-html-landscape-serif.pdf"
# LibreOffice: HTML -> DOCX -> PDF (what a publisher's Word file goes through)
lo "docx:MS Word 2007 XML" "$tmp/portrait-zenhei-plain.html" "HTML (StarWriter)"
lo pdf:writer_pdf_Export "$tmp/lo/portrait-zenhei-plain.docx"
mv "$tmp/lo/portrait-zenhei-plain.pdf" "$out/lo-docx-portrait-zenhei-plain.pdf"
# Chromium (Noto CJK is an OpenType/CFF collection: Skia embeds it as Type 3
# fonts; WenQuanYi Zen Hei is TrueType: CID TrueType subsets)
chrome "$tmp/portrait-sans.html" "$out/chromium-portrait-sans.pdf"
chrome "$tmp/landscape-zenhei.html" "$out/chromium-landscape-zenhei.pdf"
# tables not ruled in every cell: rules under the rows only, no rules at all,
# the three-line style (the clustering path of the PDF reader)
lo pdf:writer_pdf_Export "$tmp/portrait-sans-rows.html" "HTML (StarWriter)"
mv "$tmp/lo/portrait-sans-rows.pdf" "$unr/lo-html-portrait-sans-rows.pdf"
chrome "$tmp/portrait-sans-none.html" "$unr/chromium-portrait-sans-none.pdf"
lo "docx:MS Word 2007 XML" "$tmp/portrait-zenhei-three.html" "HTML (StarWriter)"
lo pdf:writer_pdf_Export "$tmp/lo/portrait-zenhei-three.docx"
mv "$tmp/lo/portrait-zenhei-three.pdf" "$unr/lo-docx-portrait-zenhei-three.pdf"

# ---- 3. text forms --------------------------------------------------------------
for pdf in "$out"/*.pdf "$unr"/*.pdf; do
    layout_form "$pdf"
    other_forms "$pdf"
done
# the flattening of the tab text itself: blank cells vanish, headers word by
# word, two rows run together (公开02 line 156 after a space, 公开05 line 271 glued)
awk -v join="156:space 271:glue" -f "$here/flatten.awk" "$sample" > "$out/sample.flat.txt"
# encodings and script
iconv -f UTF-8 -t GB18030 "$out/lo-html-portrait-sans.layout.txt" > "$out/lo-html-portrait-sans.layout.gb18030.txt"
$s2t < "$out/chromium-portrait-sans.layout.txt" > "$out/chromium-portrait-sans.layout.zh-Hant.txt"

# ---- 4. MANIFEST --------------------------------------------------------------------
manifest() {  # manifest DIR
{
    echo "# gfa PDF/text corpus (issue 10), generated by tests/corpus/generate.sh from $(basename "$sample")"
    echo "# sample sha256 $(sha256sum "$sample" | cut -d' ' -f1)"
    echo "# tools: $(soffice --version 2>/dev/null | head -1); $(chromium --version 2>/dev/null | head -1); pdftotext $(pdftotext -v 2>&1 | head -1 | sed 's/.*version //'); $(opencc --version 2>/dev/null | sed -n 's/^Version: /opencc /p')"
    echo "# file	producer	page size	pages	bytes	sha256"
    for f in "$1"/*; do
        b=$(basename "$f")
        case $b in MANIFEST) continue ;; esac
        case $b in
        *.pdf)
            prod=$(pdfinfo "$f" | sed -n 's/^Producer: *//p')
            case $b in
            lo-docx-*) prod="$prod (HTML -> DOCX -> PDF)" ;;
            lo-html-*) prod="$prod (HTML (StarWriter) import)" ;;
            chromium-*) prod="$prod (headless Chromium --print-to-pdf)" ;;
            esac
            size=$(pdfinfo "$f" | sed -n 's/^Page size: *//p' | sed 's/ pts.*//')
            w=${size%% x*}; h=${size##*x }
            if [ "${w%%.*}" -gt "${h%%.*}" ]; then size="A4 landscape ($size pt)"; else size="A4 portrait ($size pt)"; fi
            pages=$(pdfinfo "$f" | sed -n 's/^Pages: *//p') ;;
        *.layout.gb18030.txt) prod="iconv -t GB18030 of ${b%.gb18030.txt}.txt"; size=-; pages=- ;;
        *.layout.zh-Hant.txt) prod="${s2t%% *} (Simplified -> Traditional) of ${b%.zh-Hant.txt}.txt"; size=-; pages=- ;;
        *.layout.txt) prod="pdftotext -layout of ${b%.layout.txt}.pdf"; size=-; pages=- ;;
        *.raw.txt) prod="pdftotext -raw of ${b%.raw.txt}.pdf"; size=-; pages=- ;;
        sample.flat.txt) prod="tests/corpus/flatten.awk of the sample (join 156:space 271:glue)"; size=-; pages=- ;;
        *.flat.txt) prod="${b%.flat.txt}.layout.txt with blank runs collapsed (copy-paste form)"; size=-; pages=- ;;
        *) prod=-; size=-; pages=- ;;
        esac
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$b" "$prod" "$size" "$pages" \
            "$(wc -c < "$f" | tr -d ' ')" "$(sha256sum "$f" | cut -d' ' -f1)"
    done
} > "$1/MANIFEST"
}
manifest "$out"
manifest "$unr"
echo "generate.sh: wrote $(ls "$out" | wc -l) files to $out ($(du -sk "$out" | cut -f1) KiB)"
