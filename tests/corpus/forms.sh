# forms.sh - sourced by the corpus generators (generate.sh and */generate.sh): the package
# check, the converters that print the HTML (LibreOffice, Chromium; they work in $tmp, and
# LibreOffice writes into $tmp/lo) and the text forms readers meet of a PDF. POSIX sh.

missing=
# need COMMAND PACKAGE: note PACKAGE when COMMAND is not on the PATH
need() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }

# the Simplified -> Traditional converter: opencc, else uconv (icu-devtools)
need_s2t() {
    if command -v opencc >/dev/null 2>&1; then s2t="opencc -c s2t.json"
    elif command -v uconv >/dev/null 2>&1; then s2t="uconv -f utf-8 -t utf-8 -x Simplified-Traditional"
    else missing="$missing opencc"; fi
}

# stop with the apt-get line when a package is missing
check_packages() {
    if [ -n "$missing" ]; then
        echo "generate.sh: missing packages; run as root:  apt-get install -y --no-install-recommends$missing" >&2
        exit 1
    fi
}

# layout_form PDF: NAME.layout.txt beside NAME.pdf (pdftotext -layout)
layout_form() { pdftotext -layout -enc UTF-8 "$1" "${1%.pdf}.layout.txt"; }

# other_forms PDF: NAME.raw.txt (pdftotext -raw) and NAME.flat.txt, the layout text as
# copy-paste from a viewer gives it: a line per text line, runs of blanks -> one space, no
# form feeds, no empty lines
other_forms() {
    b=${1%.pdf}
    pdftotext -raw -enc UTF-8 "$1" "$b.raw.txt"
    tr '\f' '\n' < "$b.layout.txt" | sed -e 's/[[:space:]][[:space:]]*/ /g' -e 's/^ //' -e 's/ $//' \
        | grep -v '^$' > "$b.flat.txt" || true
}

lo() {  # lo FORMAT INFILE [INFILTER]: convert into $tmp/lo
    if [ -n "${3:-}" ]; then
        soffice -env:UserInstallation="file://$tmp/lo-profile" --headless --norestore \
            --infilter="$3" --convert-to "$1" --outdir "$tmp/lo" "$2" >"$tmp/lo.log" 2>&1
    else
        soffice -env:UserInstallation="file://$tmp/lo-profile" --headless --norestore \
            --convert-to "$1" --outdir "$tmp/lo" "$2" >"$tmp/lo.log" 2>&1
    fi || { cat "$tmp/lo.log" >&2; exit 1; }
}
chrome() {  # chrome HTML PDF
    chromium --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$tmp/chromium-profile" --no-pdf-header-footer \
        --disable-pdf-tagging --print-to-pdf="$2" "file://$1" >"$tmp/cr.log" 2>&1 \
        || { cat "$tmp/cr.log" >&2; exit 1; }
    [ -s "$2" ] || { cat "$tmp/cr.log" >&2; echo "generate.sh: chromium wrote no $2" >&2; exit 1; }
}
lo_docx_pdf() {  # lo_docx_pdf HTML PDF: HTML -> DOCX -> PDF (a Word file), LibreOffice
    lo "docx:MS Word 2007 XML" "$1" "HTML (StarWriter)"
    lo pdf:writer_pdf_Export "$tmp/lo/$(basename "$1" .html).docx"
    mv "$tmp/lo/$(basename "$1" .html).pdf" "$2"
}

# ---- MANIFEST rows ----
# page_shapes PDF PAGES: how many pages of each shape, e.g. "12 portrait, 3 landscape"
page_shapes() {
    pdfinfo -f 1 -l "$2" "$1" | sed -n 's/^Page *[0-9]* size: *\([0-9.]*\) x \([0-9.]*\).*/\1x\2/p' | sort | uniq -c \
        | awk '{ split($2, d, "x"); printf "%s%d %s", (NR > 1 ? ", " : ""), $1, (d[1] + 0 > d[2] + 0) ? "landscape" : "portrait" }'
}
# form_producer NAME: what made a text form NAME (layout, raw, flat) of a PDF; - for others
form_producer() {
    case $1 in
    *.layout.txt) echo "pdftotext -layout of ${1%.layout.txt}.pdf" ;;
    *.raw.txt) echo "pdftotext -raw of ${1%.raw.txt}.pdf" ;;
    *.flat.txt) echo "${1%.flat.txt}.layout.txt with blank runs collapsed (copy-paste form)" ;;
    *) echo - ;;
    esac
}
# manifest_row FILE PRODUCER SIZES PAGES: the MANIFEST line of FILE (its bytes and sha256)
manifest_row() {
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(basename "$1")" "$2" "$3" "$4" \
        "$(wc -c < "$1" | tr -d ' ')" "$(sha256sum "$1" | cut -d' ' -f1)"
}
