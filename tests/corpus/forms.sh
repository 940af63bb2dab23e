# forms.sh - sourced by the corpus generators (generate.sh, shanghai/generate.sh): the package
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
