# tab2html.awk - render a gfa tab-separated report as HTML the way a publisher's
# Word/WPS document looks: every table (consecutive lines with tabs) is a
# <table border=1> with real cell borders, every other line a paragraph, each
# table title starts a new page.  POSIX awk (mawk/gawk/busybox); byte-based,
# which is fine: it only splits on tabs and escapes &, <, >.
#
# Variables (-v):
#   page    "A4" (portrait) or "A4 landscape"            default A4
#   font    CSS font family of the whole document         default Noto Sans CJK SC
#   thead   1: header rows in <thead> (repeated by browsers and LibreOffice on
#           every page a table continues on), 0: all rows in <tbody>
#   merge   1: header cells spanning the columns/rows below them get colspan/
#           rowspan (as printed), 0: one cell per tab field
#   title   document <title>
#   pagenum 1: page numbers "- N -" at the foot of every page (Chromium only)
#   runhead running header text at the top right of every page (Chromium only)
#   leaders 1: a table of contents with dot leaders (…… before each page number)
#   shtitle 1: a line followed by 单位：万元 is a table title (centred, on a new page), the
#           document title before 目录 a cover page (Shanghai reports print no 公开NN)
#   wide    N > 0: tables of N or more columns on landscape pages (CSS named pages:
#           Chromium; LibreOffice's HTML import keeps them portrait, scaled to the width)
#   rules   table rulings as published: all (every cell, the default), rows (a
#           rule under every row, no column rules), frame (outer border only),
#           three (three-line style: above and below the header, at the foot),
#           none (a table with its borders removed)
#   splitcodes 1: a table with one 科目代码 column before 科目名称 prints its codes in three
#           narrow columns 类 / 款 / 项 (2010301 as 201 | 03 | 01), the header's 科目代码
#           spanning them over a row 类 款 项, as many Word reports print them
#
# Tables: a blank line between two tab lines with the same number of fields
# does not end the table (the sample has such breaks inside 公开01/04/06).
# Header rows: the leading rows up to the 栏次 row (first cell 栏次, or cells
# 1 2 3 …); without one, the leading rows holding no amount and no code (at
# most 3).  Tables of contents (two cells, the second a page number) are drawn
# without borders; 绩效自评表 (first cell 项目名称) get no header.

function esc(s) {
    gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s)
    return s
}
function isamount(s) { return s ~ /^-?[0-9][0-9,]*(\.[0-9]+)?%?$/ }
function iscode(s) { return s ~ /^[0-9][0-9][0-9]([0-9][0-9]([0-9][0-9])?)?$/ }
function isnumrow(r,    c) {          # 1 2 3 … in every non-empty cell
    for (c = 1; c <= nf[r]; c++)
        if (cell[r, c] != "" && cell[r, c] !~ /^[0-9]+$/) return 0
    return 1
}

BEGIN {
    FS = "\t"
    if (page == "") page = "A4"
    if (font == "") font = "Noto Sans CJK SC"
    if (thead == "") thead = 1
    if (merge == "") merge = 1
    if (title == "") title = "report"
    if (rules == "") rules = "all"
    if (wide == "") wide = 0
    if (rules !~ /^(all|rows|frame|three|none)$/) { print "tab2html.awk: rules must be all, rows, frame, three or none" > "/dev/stderr"; badrules = 1; exit 2 }
    n = 0
}
{ sub(/\r$/, ""); line[++n] = $0 }

END {
    if (badrules) exit 2
    landscape = (page ~ /landscape/)
    fs = landscape ? "10pt" : "9pt"
    print "<!DOCTYPE html>"
    print "<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
    print "<title>" esc(title) "</title>"
    print "<style>"
    printf "@page { size: %s; margin: 2cm 1.8cm 2cm 1.8cm;", page
    # page numbers and a running header: CSS page-margin boxes (Chromium >= 131;
    # LibreOffice's HTML import ignores them)
    if (pagenum) printf " @bottom-center { content: \"- \" counter(page) \" -\"; font-size: 9pt; }"
    if (runhead != "") printf " @top-right { content: \"%s\"; font-size: 9pt; }", runhead
    print " }"
    print "body { font-family: \"" font "\"; font-size: 12pt; }"
    print "h1 { font-size: 16pt; text-align: center; page-break-before: always; }"
    print "h2 { font-size: 14pt; text-align: center; page-break-before: always; }"
    print "p { margin: 0.2em 0; text-indent: 2em; }"
    print "p.meta { text-indent: 0; }"
    print "table.grid { border-collapse: collapse; width: 100%; font-size: " (landscape ? "10pt" : "9pt") "; }"
    print "table.grid td, table.grid th { " cellborder() " padding: 1px 3px; font-weight: normal; }"
    if (rules == "frame") print "table.grid { border: 1px solid #000; }"
    if (rules == "three") print "table.grid { border-top: 1px solid #000; border-bottom: 1px solid #000; } table.grid thead tr:last-child th { border-bottom: 1px solid #000; }"
    print "table.grid td.num { text-align: right; }"
    print "table.grid th { text-align: center; }"
    print "table.grid tr { page-break-inside: avoid; }"
    print "table.grid thead { display: table-header-group; }"
    print "table.toc td { border: none; padding: 0 4px; }"
    if (wide > 0) print "@page wide { size: A4 landscape; } div.wide { page: wide; }"
    if (shtitle) print "h1.cover { font-size: 22pt; page-break-before: auto; margin-top: 8cm; } h1.sub { font-size: 18pt; page-break-before: auto; } h1.toc { page-break-before: always; }"
    print "</style></head><body>"
    i = 1
    while (i <= n) {
        if (line[i] ~ /\t/) { i = table(i); continue }
        if (line[i] ~ /^[ \t]*$/) { i++; continue }
        t = line[i]
        # is the next non-blank line 公开NN表 (or the 2nd part of a 公开NN/表 wrap)?
        j = i + 1; while (j <= n && line[j] ~ /^[ \t]*$/) j++
        if (shtitle && t ~ /^目 *录$/)
            print "<h1 class=\"toc\">" esc(t) "</h1>"
        else if (shtitle && i <= 3)
            print "<h1 class=\"" (i == 1 ? "cover" : "sub") "\">" esc(t) "</h1>"
        else if (shtitle && j <= n && line[j] ~ /^单位：/) {
            # a wide table goes on a landscape page with its title
            for (k = j; k <= n && line[k] !~ /\t/; k++) ;
            if (wide > 0 && k <= n && split(line[k], f, "\t") >= wide) { print "<div class=\"wide\">"; inwide = 1 }
            print "<h2>" esc(t) "</h2>"
        }
        else if (t ~ /^第[一二三四五六七八九十]+部分/)
            print "<h1>" esc(t) "</h1>"
        else if (j <= n && line[j] ~ /^公开[0-9]+/ && t !~ /^公开/)
            print "<h2>" esc(t) "</h2>"
        else if (t ~ /^(公开[0-9]+|表$|部门名称|单位名称|[0-9]+年度$|金额单位|单位：|元$|\(20)/)
            print "<p class=\"meta\">" esc(t) "</p>"
        else
            print "<p>" esc(t) "</p>"
        i++
    }
    print "</body></html>"
}

# Collect the table starting at line s; print it; return the next line index.
function table(s,    i, j, r, c, k, nr, maxc, nh, toc, perf) {
    nr = 0; maxc = 0
    i = s
    while (i <= n) {
        if (line[i] ~ /\t/) {
            nr++
            nf[nr] = split(line[i], f, "\t")
            for (c = 1; c <= nf[nr]; c++) cell[nr, c] = f[c]
            if (nf[nr] > maxc) maxc = nf[nr]
            i++
            continue
        }
        if (line[i] ~ /^[ \t]*$/) {
            j = i; while (j <= n && line[j] ~ /^[ \t]*$/) j++
            if (j <= n && line[j] ~ /\t/ && split(line[j], f, "\t") == nf[nr]) { i = j; continue }
        }
        break
    }
    for (r = 1; r <= nr; r++) for (c = nf[r] + 1; c <= maxc; c++) cell[r, c] = ""
    if (splitcodes) { nr = split_codes(nr, maxc); maxc = nf[1] }
    # kind of table
    toc = 1
    for (r = 1; r <= nr; r++) if (nf[r] != 2 || cell[r, 2] !~ /^[0-9]+$/) toc = 0
    perf = (cell[1, 1] == "项目名称")
    if (toc) {
        print "<table class=\"toc\">"
        for (r = 1; r <= nr; r++)
            print "<tr><td>" esc(cell[r, 1]) (leaders ? dots(cell[r, 1]) : "") "</td><td class=\"num\">" esc(cell[r, 2]) "</td></tr>"
        print "</table>"
        return i
    }
    # header rows
    nh = 0
    if (!perf) {
        for (r = 1; r <= nr && r <= 5; r++)
            if (cell[r, 1] == "栏次" || isnumrow(r)) { nh = r; break }
        if (nh == 0) {
            for (r = 1; r <= nr && r <= 3; r++) {
                for (c = 1; c <= maxc; c++)
                    if (iscode(cell[r, c]) || (isamount(cell[r, c]) && cell[r, c] !~ /^[0-9]+$/)) break
                if (c <= maxc) break
                nh = r
            }
            if (nh == nr) nh = 0
        }
    }
    # spans (header rows before the 栏次 row only)
    for (r = 1; r <= nr; r++) for (c = 1; c <= maxc; c++) { cs[r, c] = 1; rs[r, c] = 1; hid[r, c] = 0 }
    last = nh
    if (nh > 0 && (cell[nh, 1] == "栏次" || isnumrow(nh))) last = nh - 1
    if (merge && last >= 1) {
        for (r = last - 1; r >= 1; r--)          # bottom-up: spans below are known
            for (c = 1; c <= maxc; c++) {
                if (cell[r, c] == "" || hid[r, c]) continue
                k = c + 1
                while (k <= maxc && cell[r, k] == "" && (cell[r + 1, k] != "" || hid[r + 1, k])) k++
                if (k > c + 1) {
                    cs[r, c] = k - c
                    for (j = c + 1; j < k; j++) hid[r, j] = 1
                }
            }
        for (r = 2; r <= last; r++)
            for (c = 1; c <= maxc; c++) {
                if (cell[r, c] != "" || hid[r, c]) continue
                # owner above: the nearest visible cell in column c
                for (j = r - 1; j >= 1 && hid[j, c]; j--) ;
                if (j < 1 || cs[j, c] != 1 || cell[j, c] == "") continue
                rs[j, c] += 1; hid[r, c] = 1
            }
    }
    # inline attributes too: LibreOffice's HTML import ignores most of the CSS
    print "<table class=\"grid\" " tableattr() " cellspacing=\"0\" cellpadding=\"2\" width=\"100%\">"
    if (nh > 0 && thead) print "<thead>"
    else print "<tbody>"
    for (r = 1; r <= nr; r++) {
        printf "<tr>"
        for (c = 1; c <= maxc; c++) {
            if (hid[r, c]) continue
            tag = (r <= nh) ? "th" : "td"
            attr = ""
            if (cs[r, c] > 1) attr = attr " colspan=\"" cs[r, c] "\""
            if (rs[r, c] > 1) attr = attr " rowspan=\"" rs[r, c] "\""
            if (tag == "td" && isamount(cell[r, c])) attr = attr " class=\"num\" align=\"right\""
            attr = attr " style=\"font-size:" fs "\""
            printf "<%s%s>%s</%s>", tag, attr, esc(cell[r, c]), tag
        }
        print "</tr>"
        if (r == nh && thead) print "</thead><tbody>"
    }
    print "</tbody></table>"
    if (inwide) { print "</div>"; inwide = 0 }
    for (r = 1; r <= nr; r++) { delete nf[r]; for (c = 1; c <= maxc; c++) delete cell[r, c] }
    return i
}

# The code column of a table (its header cell 科目代码 followed by 科目名称, once) as three
# columns 类 / 款 / 项 and a header row 类 款 项 under the 科目代码 row; returns the rows.
function split_codes(nr, maxc,    r, c, k, at, hr, cnt, m) {
    cnt = 0
    for (r = 1; r <= nr && r <= 3; r++)
        for (c = 1; c < maxc; c++)
            if (cell[r, c] ~ /^(科目代码|科目编码|功能分类科目编码)$/ && cell[r, c + 1] == "科目名称") { cnt++; at = c; hr = r }
    if (cnt != 1) return nr
    for (r = nr; r >= 1; r--) {                 # widen every row: c -> c, c+1, c+2
        for (k = maxc; k > at; k--) cell[r, k + 2] = cell[r, k]
        if (iscode(cell[r, at])) {
            m = cell[r, at]
            cell[r, at] = substr(m, 1, 3); cell[r, at + 1] = substr(m, 4, 2); cell[r, at + 2] = substr(m, 6, 2)
        } else cell[r, at + 1] = cell[r, at + 2] = ""
    }
    for (r = nr; r > hr; r--) for (k = 1; k <= maxc + 2; k++) cell[r + 1, k] = cell[r, k]
    for (k = 1; k <= maxc + 2; k++) cell[hr + 1, k] = ""
    cell[hr + 1, at] = "类"; cell[hr + 1, at + 1] = "款"; cell[hr + 1, at + 2] = "项"
    nr++
    for (r = 1; r <= nr; r++) nf[r] = maxc + 2
    return nr
}

# Rulings: CSS for the cells and the HTML 4 frame/rules attributes (LibreOffice's
# HTML import reads the attributes, Chromium both).
function cellborder() {
    if (rules == "all") return "border: 1px solid #000;"
    if (rules == "rows") return "border: none; border-top: 1px solid #000; border-bottom: 1px solid #000;"
    return "border: none;"
}
function tableattr() {
    if (rules == "all") return "border=\"1\""
    if (rules == "rows") return "border=\"1\" frame=\"hsides\" rules=\"rows\""
    if (rules == "frame") return "border=\"1\" frame=\"box\" rules=\"none\""
    if (rules == "three") return "border=\"1\" frame=\"hsides\" rules=\"groups\""
    return "border=\"0\""
}

# Dot leaders after a contents entry, so that entry and leaders fill about the same width
# (a CJK character counts two columns, a leader dot one).
function dots(s,    w, k, d) {
    w = 0
    for (k = 1; k <= length(s); k++) w += (substr(s, k, 1) ~ /[ -~]/) ? 1 : 2 / 3  # bytes: 3 per CJK
    d = ""
    for (k = int(w); k < 70; k++) d = d "."
    return " " d
}
