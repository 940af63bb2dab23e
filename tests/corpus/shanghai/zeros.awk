# zeros.awk - a tab reference as finance software prints it: every value cell of a row that
# has an amount, beside a label (or in a row without labels), 0.00 when blank. A column is a
# label column when a header line of its table names it 项目, …名称, …编码 or …代码 (as
# fill.js reads it); a table is a title line with 单位：… within the three lines after it.
# usage: awk -f zeros.awk filled.ref.txt > filled-zeros.ref.txt
BEGIN { FS = OFS = "\t" }
{ line[NR] = $0 }
END {
    for (i = 1; i <= NR; i++) {
        l = line[i]
        if (l !~ /\t/ && l ~ /[^ ]/ && (line[i+1] ~ /^(金额)?单位：/ || line[i+2] ~ /^(金额)?单位：/ || line[i+3] ~ /^(金额)?单位：/)) {
            intable = 1; split("", islabel)
        } else if (l ~ /^(注|说明)：/) {
            intable = 0
        }
        if (intable && l ~ /\t/) {
            n = split(l, c, "\t")
            amounts = 0
            for (k = 1; k <= n; k++) if (c[k] ~ /^-?[0-9][0-9,]*\.[0-9]+$/) amounts++
            if (!amounts) {
                for (k = 1; k <= n; k++) if (c[k] ~ /^项目$|名称$|编码$|代码$/) islabel[k] = 1
            } else {
                labelled = 0; nolabels = 1
                for (k = 1; k <= n; k++) if (islabel[k]) nolabels = 0
                for (k = 1; k <= n; k++) {
                    if (islabel[k]) {
                        if (k == 1 || !islabel[k-1]) labelled = 0  # a group begins
                        if (c[k] != "") labelled = 1
                    } else if (c[k] == "" && (labelled || nolabels)) {
                        c[k] = "0.00"
                    }
                }
                l = c[1]
                for (k = 2; k <= n; k++) l = l "\t" c[k]
            }
        }
        print l
    }
}
