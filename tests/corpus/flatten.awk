# flatten.awk - the "flattened" form of a gfa tab-separated report, as text
# extraction tools and copy-paste from a PDF viewer give it (issue 10):
#   - one table row per line, the non-empty cells separated by one space
#     (blank cells vanish, so a row may have fewer values than columns);
#   - in a table with a 栏次 row (or a 1 2 3 … row), the header rows above it
#     are split word by word, one cell per line;
#   - at the source lines listed in `join`, the row runs on into the next
#     table row, either after a space ("N:space") or glued to it ("N:glue",
#     giving e.g. "1.052089999 其他社会保障和就业支出", the copy-paste artefact);
#   - everything else (paragraphs, blank lines) unchanged.
# POSIX awk.  Usage: awk -v join="156:space 271:glue" -f flatten.awk report.txt

BEGIN {
    FS = "\t"
    nj = split(join, jl, " ")
    for (k = 1; k <= nj; k++) {
        split(jl[k], p, ":")
        how[p[1]] = p[2]
    }
    n = 0
}
{ sub(/\r$/, ""); line[++n] = $0 }

function flat(s,    f, c, m, t) {
    m = split(s, f, "\t"); t = ""
    for (c = 1; c <= m; c++) {
        if (f[c] ~ /^[ ]*$/) continue
        t = (t == "") ? f[c] : t " " f[c]
    }
    return t
}
function islanci(s) { return s ~ /^栏次\t/ || s ~ /^[0-9\t]+$/ }

END {
    pending = ""
    i = 1
    while (i <= n) {
        if (line[i] !~ /\t/) { print line[i]; i++; continue }
        # a run of tab lines: find its 栏次 row within the first 5 rows
        e = i; while (e <= n && line[e] ~ /\t/) e++
        lanci = 0
        for (k = i; k < e && k < i + 5; k++) if (islanci(line[k])) { lanci = k; break }
        for (k = i; k < e; k++) {
            if (k < lanci) {
                m = split(line[k], f, "\t")
                for (c = 1; c <= m; c++) if (f[c] !~ /^[ ]*$/) print f[c]
                continue
            }
            s = flat(line[k])
            if (k in how) {
                if (s !~ /^[0-9]/ || k + 1 >= e) {
                    print "flatten.awk: line " k " is not a coded row followed by a row: " s > "/dev/stderr"
                    exit 2
                }
                pending = pending s (how[k] == "glue" ? "" : " ")
                continue
            }
            if (s == "" && pending == "") continue
            print pending s
            pending = ""
        }
        i = e
    }
}
