#!/bin/sh
# generate.sh - the spreadsheet corpus (issue 10): the sample report as the Excel workbook
# gfa export writes (a sheet per table, the forms and the report's text on their own
# sheets), printed to PDF by LibreOffice Calc the ways departments print their workbooks,
# then the text forms readers meet (../forms.sh: pdftotext -layout, -raw, the copy-paste
# flattening).
#
#   calc-asis            as exported: A4 portrait, cells ruled as gfa writes them, no page
#                        setup (wide tables go on over pages to the right, Calc's
#                        down-then-across order)
#   calc-landscape-fit   landscape, every sheet fitted to the page width, Excel's usual
#                        header and footer (the sheet name; 第 N 页，共 M 页)
#   calc-grid            no cell borders, the gridlines printed; landscape, fitted to width
#   calc-plain           no cell borders, no gridlines; landscape, fitted to width
#   calc-portrait-titles portrait, fitted to width, the tables' rows 40 pt high: sheets over pages with their header
#                        rows repeated (the defined name _xlnm.Print_Titles)
#
# The workbook itself is the folder's reference (yangcheng.ref.xlsx): make corpus measures
# what the PDF of a workbook gives back of the workbook.
#
# Usage: tests/corpus/calc/generate.sh [GFA]   (GFA: the gfa program, default build/gfa;
#   run from the repository root after make). The outputs are committed; the PDFs are not
#   byte-reproducible (creation dates, font subset tags): MANIFEST records what was committed.
# Debian 12 packages: libreoffice-calc-nogui zip unzip poppler-utils
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
gfa=${1:-$root/build/gfa}
. "$here/../forms.sh"
need soffice libreoffice-calc-nogui
need zip zip
need unzip unzip
need pdftotext poppler-utils
need pdfinfo poppler-utils
need sha256sum coreutils
check_packages
[ -x "$gfa" ] || { echo "generate.sh: no $gfa (run make first)" >&2; exit 1; }
LC_ALL=C.UTF-8; export LC_ALL

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gfa-calc.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/home" "$tmp/pdf"
export HOME="$tmp/home"

ref="$here/yangcheng.ref.xlsx"
GFA_DATADIR=$root "$gfa" export -q --xlsx "$ref" "$root/samples/yangcheng-2024-unit.txt"

# variant NAME ORIENTATION FIT HEADERS BORDERS GRIDLINES TITLES: a copy of the workbook with
# its sheets' page setup changed (each value 0/1 but ORIENTATION), printed to $tmp/pdf/NAME.pdf
variant() {
    name=$1 orient=$2 fit=$3 headers=$4 borders=$5 grid=$6 titles=$7
    d="$tmp/$name"
    rm -rf "$d"; mkdir -p "$d"
    (cd "$d" && unzip -q "$ref")
    # the worksheet's elements in the schema's order: sheetPr first; printOptions,
    # pageMargins, pageSetup, headerFooter at the end
    sheetpr= print= setup="<pageSetup paperSize=\"9\" orientation=\"$orient\"/>" hf=
    if [ "$fit" = 1 ]; then
        sheetpr='<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        setup="<pageSetup paperSize=\"9\" orientation=\"$orient\" fitToWidth=\"1\" fitToHeight=\"0\"/>"
    fi
    [ "$grid" = 1 ] && print='<printOptions gridLines="1"/>'
    [ "$headers" = 1 ] && hf='<headerFooter><oddHeader>\&amp;C\&amp;A</oddHeader><oddFooter>\&amp;C第 \&amp;P 页，共 \&amp;N 页</oddFooter></headerFooter>'  # \& : sed's literal &
    for s in "$d"/xl/worksheets/sheet*.xml; do
        sed -i -e "s|\(<worksheet [^>]*>\)|\1$sheetpr|" \
            -e "s|<pageMargins\([^>]*\)/>|$print<pageMargins\1/>$setup$hf|" "$s"
    done
    # no borders: every cell format takes border 0 (none)
    [ "$borders" = 1 ] || sed -i 's/borderId="[1-9][0-9]*"/borderId="0"/g' "$d/xl/styles.xml"
    if [ "$titles" = 1 ]; then
        # the header rows gfa writes (style 4: bold, centred) repeat on every page
        names=$(sed -n 's/.*<sheets>\(.*\)<\/sheets>.*/\1/p' "$d/xl/workbook.xml" \
            | sed 's|<sheet name="\([^"]*\)" sheetId="\([0-9]*\)"[^>]*/>|\2\t\1\n|g')
        defs=$(printf '%s\n' "$names" | while IFS='	' read -r id sname; do
            [ -n "$id" ] || continue
            rows=$(grep -o '<c r="[A-Z]*[0-9]*" s="4"' "$d/xl/worksheets/sheet$id.xml" \
                | sed 's/<c r="[A-Z]*\([0-9]*\)".*/\1/' | sort -n | uniq | sed -n '1p;$p' | tr '\n' ' ')
            [ -n "$rows" ] || continue
            # roomy rows (40 pt, tall rows as many printed reports have): the tables go on over pages
            sed -i "s|<row \(r=\"[0-9]*\"\)|<row \1 ht=\"40\" customHeight=\"1\"|g" "$d/xl/worksheets/sheet$id.xml"
            set -- $rows
            printf '<definedName name="_xlnm.Print_Titles" localSheetId="%d">%s!$%s:$%s</definedName>' \
                $((id - 1)) "'$(printf '%s' "$sname" | sed "s/'/''/g")'" "$1" "${2:-$1}"
        done)
        sed -i "s|</sheets>|</sheets><definedNames>$defs</definedNames>|" "$d/xl/workbook.xml"
    fi
    (cd "$d" && rm -f "../$name.xlsx" && zip -q -X -r "../$name.xlsx" '[Content_Types].xml' _rels docProps xl)
    soffice -env:UserInstallation="file://$tmp/lo-profile" --headless --norestore \
        --convert-to pdf --outdir "$tmp/pdf" "$tmp/$name.xlsx" >"$tmp/lo.log" 2>&1 \
        || { cat "$tmp/lo.log" >&2; exit 1; }
    [ -s "$tmp/pdf/$name.pdf" ] || { cat "$tmp/lo.log" >&2; echo "generate.sh: no $name.pdf" >&2; exit 1; }
    mv "$tmp/pdf/$name.pdf" "$here/$name.pdf"
    layout_form "$here/$name.pdf"
    other_forms "$here/$name.pdf"
}

#       name                 orientation fit headers borders grid titles
variant calc-asis            portrait    0   0       1       0    0
variant calc-landscape-fit   landscape   1   1       1       0    0
variant calc-grid            landscape   1   0       0       1    0
variant calc-plain           landscape   1   0       0       0    0
variant calc-portrait-titles portrait    1   0       1       0    1

{
    echo "# gfa spreadsheet corpus (issue 10), generated by tests/corpus/calc/generate.sh from samples/yangcheng-2024-unit.txt"
    echo "# sample sha256 $(sha256sum "$root/samples/yangcheng-2024-unit.txt" | cut -d' ' -f1)"
    echo "# tools: $(soffice --version 2>/dev/null | head -1); pdftotext $(pdftotext -v 2>&1 | head -1 | sed 's/.*version //')"
    echo "# file	producer	page size	pages	bytes	sha256"
    for f in "$here"/*; do
        b=$(basename "$f")
        case $b in MANIFEST|generate.sh) continue ;; esac
        size=- pages=-
        case $b in
        *.ref.xlsx) prod="gfa export --xlsx of the sample (the folder's reference)" ;;
        *.pdf)
            prod="$(pdfinfo "$f" | sed -n 's/^Producer: *//p') (Calc, xlsx -> PDF)"
            size=$(pdfinfo "$f" | sed -n 's/^Page size: *//p' | sed 's/ pts.*//')
            pages=$(pdfinfo "$f" | sed -n 's/^Pages: *//p') ;;
        *.layout.txt) prod="pdftotext -layout of ${b%.layout.txt}.pdf" ;;
        *.raw.txt) prod="pdftotext -raw of ${b%.raw.txt}.pdf" ;;
        *.flat.txt) prod="${b%.flat.txt}.layout.txt with blank runs collapsed (copy-paste form)" ;;
        *) prod=- ;;
        esac
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$b" "$prod" "$size" "$pages" \
            "$(wc -c < "$f" | tr -d ' ')" "$(sha256sum "$f" | cut -d' ' -f1)"
    done
} > "$here/MANIFEST"
echo "generate.sh: wrote $(ls "$here" | wc -l) files to $here ($(du -sk "$here" | cut -f1) KiB)"
