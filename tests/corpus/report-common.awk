# report-common.awk - what the long-report references share (national-long/report.awk,
# shanghai-long/report.awk; given first: awk -f ../report-common.awk -f report.awk): the
# seeded generator, the formatting of cents, and the sums up the 功能分类 tree.
# Amounts are integers of cents throughout (no binary fractions); POSIX awk.

function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
# an amount in cents of about 10^lo .. 10^hi yuan-ten-thousands (log-uniform)
function amount(lo, hi,    e) { e = lo + rnd() * (hi - lo); return int(exp(e * log(10)) * 100) + 1 }
function fmt(c,    s, i, r, neg) {
    neg = c < 0; if (neg) c = -c
    s = sprintf("%d", int(c / 100)); r = ""
    for (i = length(s); i > 3; i -= 3) r = "," substr(s, i - 2, 3) r
    r = substr(s, 1, i) r
    return (neg ? "-" : "") r "." sprintf("%02d", c % 100)
}
# a percentage of a / b with two decimals, from cents (exact rounding, half up)
function pct(a, b,    q) {
    if (b == 0) return "0.00"
    q = int((a * 100000 / b + (a >= 0 ? 5 : -5)) / 10)
    return sprintf("%s%d.%02d", q < 0 ? "-" : "", (q < 0 ? -q : q) / 100, (q < 0 ? -q : q) % 100)
}
function level(code) { return length(code) == 3 ? 1 : length(code) == 5 ? 2 : 3 }
function toc(t, p) { print t "\t" p }
function para(t) { print t; print "" }

# The 功能分类 rows code[1..n] (leaf[i] for 项 rows) with their leaves' amounts set: each
# parent the sum of its children (项 → 款 → 类), every row's totals (ft, eb, ep, et, it),
# and the report's totals over the 类 rows (T_fb, T_fp, T_eb, T_ep, T_fin, T_bus, T_oth,
# T_ft, T_et, T_it).
function sum_tree(    i, j) {
    for (i = n; i >= 1; i--) {
        if (leaf[i]) continue
        fb[i] = fp[i] = nb[i] = np[i] = fin[i] = bus[i] = oth[i] = 0
        for (j = i + 1; j <= n && substr(code[j], 1, length(code[i])) == code[i]; j++)
            if (level(code[j]) == level(code[i]) + 1) {
                fb[i] += fb[j]; fp[i] += fp[j]; nb[i] += nb[j]; np[i] += np[j]
                fin[i] += fin[j]; bus[i] += bus[j]; oth[i] += oth[j]
            }
    }
    for (i = 1; i <= n; i++) {
        ft[i] = fb[i] + fp[i]
        eb[i] = fb[i] + nb[i]; ep[i] = fp[i] + np[i]; et[i] = eb[i] + ep[i]
        it[i] = fin[i] + bus[i] + oth[i]
        if (level(code[i]) == 1) {
            T_fb += fb[i]; T_fp += fp[i]; T_eb += eb[i]; T_ep += ep[i]
            T_fin += fin[i]; T_bus += bus[i]; T_oth += oth[i]
        }
    }
    T_ft = T_fb + T_fp; T_et = T_eb + T_ep; T_it = T_fin + T_bus + T_oth
}
