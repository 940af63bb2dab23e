# report.awk - the reference of tests/corpus/shanghai-long: a complete Shanghai-style
# department final-accounts report (2024 template, sh01-sh09) as gfa's tab text, with long
# 功能分类 tables (every 类/款/项 of the chosen classes in schemas/codes/function-codes.tsv),
# amounts chosen by a seeded pseudo-random generator so that every identity holds, and the
# template's narrative with its placeholders replaced by the tables' figures.
#
# usage: awk -v seed=N -v classes="201 208 210 221" -v skip="22198" \
#            -f ../report-common.awk -f report.awk function-codes.tsv filled.ref.txt > long.ref.txt
#   function-codes.tsv: codes and names (schemas/codes); filled.ref.txt (../shanghai): the
#   template's sh01 class rows and sh06 economic rows, in the template's order.
# Amounts are integers of cents throughout (no binary fractions); POSIX awk.

function blank(c) { return c == 0 ? "" : fmt(c) }
# 增加 X 万元，增长 Y% / 减少 …，下降 …
function change(now, before, what,    d) {
    d = now - before
    if (d >= 0) return what "增加 " fmt(d) " 万元，增长 " pct(d, before) "%"
    return what "减少 " fmt(-d) " 万元，下降 " pct(-d, before) "%"
}

BEGIN {
    FS = "\t"
    if (seed == "") seed = 20240601
    if (classes == "") classes = "201 208 210 221"
    dept = "上海市城市示范管理局"
    n = 0; ncls = split(classes, cls, " ")
    for (i = 1; i <= ncls; i++) wanted[cls[i]] = 1
    nskip = split(skip, sk, " ")
    for (i = 1; i <= nskip; i++) skipped[sk[i]] = 1
}

# ---- inputs ---------------------------------------------------------------------------
FNR == 1 { file++ }
file == 1 && $1 ~ /^[0-9]+$/ && (substr($1, 1, 3) in wanted) {
    if ((substr($1, 1, 5) in skipped) || ($1 in skipped)) next
    n++; code[n] = $1; name[n] = $2
    next
}
# the template's sh01 expense rows (一、一般公共服务支出 …) and sh06's economic rows
file == 2 && $0 == "收入支出决算总表" { in01 = 1; next }
file == 2 && in01 && $3 ~ /^[一二三四五六七八九十]+、/ { ncl++; clrow[ncl] = $3; next }
file == 2 && in01 && $1 == "本年收入合计" { in01 = 0; next }
file == 2 && $1 == "经济分类科目编码" { in06 = 1; next }
file == 2 && in06 && $1 ~ /^3[0-9]+$/ { nl++; lcode[nl] = $1; lname[nl] = $2 }
file == 2 && in06 && $4 ~ /^3[0-9]+$/ { nr++; rcode[nr] = $4; rname[nr] = $5 }
file == 2 && in06 && $1 == "人员经费合计" { in06 = 0 }

END {
    make_amounts()
    print_report()
}

# ---- amounts --------------------------------------------------------------------------
function make_amounts(    i, j, p, c, r, w, k, left, big, fixed) {
    # leaves (项): GPB basic / project (sh05), other funds on top (sh03), income by fund (sh02)
    for (i = 1; i <= n; i++) {
        leaf[i] = (i == n || level(code[i + 1]) <= level(code[i]))
        if (!leaf[i]) continue
        r = rnd()
        if (name[i] ~ /行政运行|事业运行|离退休|缴费|医疗|公积金|购房补贴/) { fb[i] = amount(1, 3.6); fp[i] = r < 0.2 ? amount(-0.8, 1.5) : 0 }
        else if (r < 0.15) { fb[i] = 0; fp[i] = amount(-1.3, 0) }       # 0.xx rows
        else { fb[i] = r < 0.3 ? amount(0, 2) : 0; fp[i] = amount(0.5, 3.3) }
        # a few rows paid from other funds only (no GPB row in sh05)
        if (r > 0.93) { fb[i] = 0; fp[i] = 0 }
        nb[i] = rnd() < 0.25 ? amount(0, 2.5) : 0      # basic from other funds (事业收入 …)
        np[i] = rnd() < 0.2 ? amount(0, 2) : 0
        if (fb[i] + fp[i] == 0 && nb[i] + np[i] == 0) np[i] = amount(0, 1.5)
        ft[i] = fb[i] + fp[i]
        # income by function: the fiscal grant a little off the fiscal spending
        fin[i] = ft[i] == 0 ? 0 : ft[i] + int(ft[i] * (rnd() * 0.12 - 0.03))
        bus[i] = nb[i] + np[i] == 0 ? 0 : nb[i] + np[i] + int((nb[i] + np[i]) * rnd() * 0.1)
        oth[i] = rnd() < 0.1 ? amount(-1, 1) : 0
    }
    sum_tree()
    # carry-overs: fiscal (sh04) and all funds (sh01), year-end balances never negative
    F_in = amount(1.5, 2.8); if (T_ft > T_fin + F_in) F_in = T_ft - T_fin + amount(1, 2)
    F_grand = T_fin + F_in; F_out = F_grand - T_ft
    A_in = F_in + amount(1, 2.5); if (T_et > T_it + A_in) A_in = T_et - T_it + amount(1, 2)
    A_grand = T_it + A_in; A_out = A_grand - T_et
    # 三公 (sh07): budget and final; the basic-spending share of each in sh06 (≤ the final)
    b_abroad = amount(0.8, 1.6); f_abroad = b_abroad - int(b_abroad * rnd() * 0.3)
    b_veh_op = amount(1, 1.8); f_veh_op = b_veh_op - int(b_veh_op * rnd() * 0.2)
    b_veh_buy = 0; f_veh_buy = 0
    b_recept = amount(0.3, 1.2); f_recept = b_recept - int(b_recept * rnd() * 0.5)
    # sh06: the GPB basic total over the economic leaves, 三公 codes first
    fixed["30212"] = f_abroad - int(f_abroad * 0.2); fixed["30217"] = f_recept
    fixed["30231"] = f_veh_op - int(f_veh_op * 0.1)
    w = 0
    for (k = 1; k <= nl; k++) { lv[k] = 0; if (length(lcode[k]) == 5 && rnd() < 0.8) { lw[k] = rnd() * (lcode[k] ~ /^301/ ? 10 : 2); w += lw[k] } else lw[k] = 0 }
    for (k = 1; k <= nr; k++) {
        rv[k] = 0
        if (rcode[k] in fixed) { rw[k] = 0; continue }
        if (length(rcode[k]) == 5 && rnd() < 0.6) { rw[k] = rnd() * 1.2; w += rw[k] } else rw[k] = 0
    }
    left = T_fb
    for (k = 1; k <= nr; k++) if (rcode[k] in fixed) { rv[k] = fixed[rcode[k]]; left -= rv[k] }
    c = left; big = 0
    for (k = 1; k <= nl; k++) if (lw[k] > 0) { lv[k] = int(left * lw[k] / w); c -= lv[k]; if (!big || lv[k] > lv[big]) big = k }
    for (k = 1; k <= nr; k++) if (rw[k] > 0) { rv[k] = int(left * rw[k] / w); c -= rv[k] }
    lv[big] += c                                         # the cents left to the largest
    # 类 rows of sh06: their leaves' sums; personnel = 301 + 303, public = 302 + 310
    personnel = public = 0
    for (k = 1; k <= nl; k++) if (length(lcode[k]) == 3) for (j = k + 1; j <= nl && length(lcode[j]) == 5; j++) lv[k] += lv[j]
    for (k = 1; k <= nr; k++) if (length(rcode[k]) == 3) for (j = k + 1; j <= nr && length(rcode[j]) == 5; j++) rv[k] += rv[j]
    for (k = 1; k <= nl; k++) if (length(lcode[k]) == 3) personnel += lv[k]
    for (k = 1; k <= nr; k++) if (length(rcode[k]) == 3) public += rv[k]
    # last year's figures, for the narrative's comparisons
    P_grand = A_grand - int(A_grand * (rnd() * 0.3 - 0.1))
    P_fgrand = F_grand - int(F_grand * (rnd() * 0.3 - 0.12))
    P_ft = T_ft - int(T_ft * (rnd() * 0.2 - 0.05))
    P_three = f_abroad + f_veh_op + f_recept + amount(0, 1)
    P_abroad = f_abroad + amount(-0.5, 0.8); P_veh = f_veh_op - int(f_veh_op * 0.05); P_recept = f_recept + amount(-1, 0.3)
}

# ---- the report -----------------------------------------------------------------------
function print_report(    i, k, c, o, yr) {
    print dept
    print "2024年度部门决算"
    print ""
    print "目 录"
    print ""
    toc("第一部分 " dept "概况", 3)
    toc("一、主要职能", 3); toc("二、部门决算单位构成", 3)
    toc("第二部分 " dept "2024年度部门决算表", 4)
    split("收入支出决算总表 收入决算表 支出决算表 财政拨款收入支出决算总表 一般公共预算财政拨款支出决算表 一般公共预算财政拨款基本支出决算表 财政拨款“三公”经费支出决算表 政府性基金预算财政拨款收入支出决算表 国有资本经营预算财政拨款收入支出决算表", tt, " ")
    split("4 6 8 10 12 14 15 16 17", tp, " ")
    split("一 二 三 四 五 六 七 八 九 十 十一", on, " ")
    for (k = 1; k <= 9; k++) toc(on[k] "、" tt[k], tp[k])
    toc("第三部分 " dept "2024年度部门决算情况说明", 18)
    split("收入支出决算总体情况说明|收入决算情况说明|支出决算情况说明|财政拨款收入支出决算总体情况说明|一般公共预算财政拨款支出决算情况说明|一般公共预算财政拨款基本支出决算情况说明|财政拨款“三公”经费支出决算情况说明|政府性基金预算财政拨款收入支出决算情况说明|国有资本经营预算财政拨款收入支出决算情况说明|预算绩效管理情况|其他重要事项的情况说明", nt, "|")
    split("18 18 18 18 19 23 23 24 24 24 25", np_, " ")
    for (k = 1; k <= 11; k++) toc(on[k] "、" nt[k], np_[k])
    toc("第四部分 名词解释", 26)
    print ""
    print "第一部分 " dept "概况"
    print ""
    print "一、主要职能"
    print ""
    print dept "是负责本市城市运行示范管理工作的市政府工作部门。主要职能是：贯彻执行国家和本市有关城市运行管理的法律、法规和方针政策，拟订本市城市运行管理的地方性法规草案、政府规章草案和政策措施，并组织实施；统筹协调本市城市运行管理的重大事项；负责城市运行数据的归集、分析和共享；承办市政府交办的其他事项。"
    print ""
    print "二、部门决算单位构成"
    print ""
    print "从预算单位构成看，" dept "部门决算包括：" dept "本级决算、下属行政事业单位决算。"
    print ""
    print "纳入" dept "2024年度部门决算编制范围的单位包括：" dept "（本级）、" dept "事务中心、" dept "信息中心、" dept "监测中心。"
    print ""
    print "第二部分 " dept "2024年度部门决算表"
    print ""
    sh01(); sh02(); sh03(); sh04(); sh05(); sh06(); sh07(); sh_empty(8); sh_empty(9)
    narrative()
    glossary()
}

function unit() { print ""; print "单位：万元"; print "" }
function note(t) { print ""; print "注：本表反映部门本年度" t "。"; print "" }
# the amount of a 类 row of sh01 / sh04 by its label (一、一般公共服务支出)
function class_of(label,    i) {
    for (i = 1; i <= n; i++) if (level(code[i]) == 1 && index(label, name[i]) && label ~ ("、" name[i] "$")) return i
    return 0
}

function sh01(    k, i, inc) {
    print "收入支出决算总表"; unit()
    print "收入\t\t支出\t"
    print "项目\t决算数\t项目\t决算数"
    split("一、一般公共预算财政拨款收入|二、政府性基金预算财政拨款收入|三、国有资本经营预算财政拨款收入|四、上级补助收入|五、事业收入|六、经营收入|七、附属单位上缴收入|八、其他收入", inc, "|")
    iv[1] = T_fin; iv[5] = T_bus; iv[8] = T_oth
    for (k = 1; k <= ncl; k++) {
        i = class_of(clrow[k])
        printf "%s\t%s\t%s\t%s\n", (k <= 8 ? inc[k] : ""), (k <= 8 ? blank(iv[k]) : ""), clrow[k], (i ? blank(et[i]) : "")
    }
    print "本年收入合计\t" fmt(T_it) "\t本年支出合计\t" fmt(T_et)
    print "使用非财政拨款结余\t\t结余分配\t"
    print "年初结转和结余\t" fmt(A_in) "\t年末结转和结余\t" fmt(A_out)
    print "总计\t" fmt(A_grand) "\t总计\t" fmt(A_grand)
    note("的总收支和年末结转结余情况")
}

function fn_header(cols) {
    print "项目\t\t" cols
    print "功能分类科目编码\t科目名称" gensub_tabs(cols)
}
# as many empty cells as cols has
function gensub_tabs(cols,    k, m, s) { m = split(cols, k, "\t"); s = ""; while (m-- > 0) s = s "\t"; return s }

function sh02(    i) {
    print "收入决算表"; unit()
    fn_header("本年收入合计\t财政拨款收入\t上级补助收入\t事业收入\t经营收入\t附属单位上缴收入\t其他收入")
    print "合计\t\t" fmt(T_it) "\t" fmt(T_fin) "\t\t" blank(T_bus) "\t\t\t" blank(T_oth)
    for (i = 1; i <= n; i++) if (it[i])
        print code[i] "\t" name[i] "\t" fmt(it[i]) "\t" blank(fin[i]) "\t\t" blank(bus[i]) "\t\t\t" blank(oth[i])
    note("取得的各项收入情况")
}

function sh03(    i) {
    print "支出决算表"; unit()
    fn_header("本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出")
    print "合计\t\t" fmt(T_et) "\t" fmt(T_eb) "\t" fmt(T_ep) "\t\t\t"
    for (i = 1; i <= n; i++) if (et[i])
        print code[i] "\t" name[i] "\t" fmt(et[i]) "\t" blank(eb[i]) "\t" blank(ep[i]) "\t\t\t"
    note("各项支出情况")
}

function sh04(    k, i, inc) {
    print "财政拨款收入支出决算总表"; unit()
    print "收入\t\t支出\t\t\t\t"
    print "项目\t决算数\t项目\t合计\t一般公共预算财政拨款\t政府性基金预算财政拨款\t国有资本经营预算财政拨款"
    split("一、一般公共预算财政拨款|二、政府性基金预算财政拨款|三、国有资本经营预算财政拨款", inc, "|")
    for (k = 1; k <= ncl; k++) {
        i = class_of(clrow[k])
        printf "%s\t%s\t%s\t%s\t%s\t\t\n", (k <= 3 ? inc[k] : ""), (k == 1 ? fmt(T_fin) : ""), clrow[k], (i ? blank(ft[i]) : ""), (i ? blank(ft[i]) : "")
    }
    print "本年收入合计\t" fmt(T_fin) "\t本年支出合计\t" fmt(T_ft) "\t" fmt(T_ft) "\t\t"
    print "年初财政拨款结转和结余\t" fmt(F_in) "\t年末财政拨款结转和结余\t" fmt(F_out) "\t" fmt(F_out) "\t\t"
    print "一、一般公共预算财政拨款\t" fmt(F_in) "\t\t\t\t\t"
    print "二、政府性基金预算财政拨款\t\t\t\t\t\t"
    print "三、国有资本经营预算财政拨款\t\t\t\t\t\t"
    print "总计\t" fmt(F_grand) "\t总计\t" fmt(F_grand) "\t" fmt(F_grand) "\t\t"
    note("财政拨款总收支和结转结余情况")
}

function sh05(    i) {
    print "一般公共预算财政拨款支出决算表"; unit()
    fn_header("合计\t基本支出\t项目支出")
    for (i = 1; i <= n; i++) if (ft[i])
        print code[i] "\t" name[i] "\t" fmt(ft[i]) "\t" blank(fb[i]) "\t" blank(fp[i])
    print "合计\t\t" fmt(T_ft) "\t" fmt(T_fb) "\t" fmt(T_fp)
    note("一般公共预算财政拨款支出情况")
}

function sh06(    k, m) {
    print "一般公共预算财政拨款基本支出决算表"; unit()
    print "经济分类科目编码\t科目名称\t决算数\t经济分类科目编码\t科目名称\t决算数"
    m = nl > nr ? nl : nr
    for (k = 1; k <= m; k++)
        printf "%s\t%s\t%s\t%s\t%s\t%s\n", (k <= nl ? lcode[k] : ""), (k <= nl ? lname[k] : ""), (k <= nl ? blank(lv[k]) : ""), \
            (k <= nr ? rcode[k] : ""), (k <= nr ? rname[k] : ""), (k <= nr ? blank(rv[k]) : "")
    print "人员经费合计\t\t" fmt(personnel) "\t公用经费合计\t\t" fmt(public)
    note("一般公共预算财政拨款基本支出明细情况")
}

function sh07() {
    print "财政拨款“三公”经费支出决算表"; unit()
    print "财政拨款“三公”经费\t\t\t\t\t\t\t\t\t\t\t"
    print "合计\t\t因公出国（境）费\t\t公务用车购置及运行维护费\t\t\t\t\t\t公务接待费\t"
    print "\t\t\t\t小计\t\t公务用车购置费\t\t公务用车运行维护费\t\t\t"
    print "预算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数"
    B3 = b_abroad + b_veh_buy + b_veh_op + b_recept; F3 = f_abroad + f_veh_buy + f_veh_op + f_recept
    print fmt(B3) "\t" fmt(F3) "\t" fmt(b_abroad) "\t" fmt(f_abroad) "\t" fmt(b_veh_buy + b_veh_op) "\t" fmt(f_veh_buy + f_veh_op) "\t" \
        fmt(b_veh_buy) "\t\t" fmt(b_veh_op) "\t" fmt(f_veh_op) "\t" fmt(b_recept) "\t" fmt(f_recept)
    note("“三公”经费支出预决算情况")
}

function sh_empty(t,    what) {
    what = t == 8 ? "政府性基金预算" : "国有资本经营预算"
    print what "财政拨款收入支出决算表"; unit()
    print "项目\t\t年初结转和结余\t本年收入\t本年支出\t\t\t年末结转和结余"
    print "功能分类科目编码\t科目名称\t\t\t合计\t基本支出\t项目支出\t"
    print "合计\t\t\t\t\t\t\t"
    print ""
    print "注：本表反映部门本年度" what "财政拨款收入支出及结转和结余情况。"
    print "说明：" dept "本年度没有" what "财政拨款收入和支出，故本表无数据。"
    print ""
}

# ---- 第三部分 -------------------------------------------------------------------------
function narrative(    i, j, k, kuan, lei, budget, s, x, d, m) {
    print "第三部分 " dept "2024年度部门决算情况说明"
    print ""
    para("一、收入支出决算总体情况说明")
    para(dept "2024年度收入支出总计" fmt(A_grand) "万元。与2023年度相比，收入支出总计" change(A_grand, P_grand, "") "。主要原因：一是城市运行保障任务增加，二是信息化建设项目集中实施。")
    para("二、收入决算情况说明")
    para("本年收入合计" fmt(T_it) "万元，其中：财政拨款收入" fmt(T_fin) "万元，占" pct(T_fin, T_it) "%；事业收入" fmt(T_bus) "万元，占" pct(T_bus, T_it) "%；其他收入" fmt(T_oth) "万元，占" pct(T_oth, T_it) "%。")
    para("三、支出决算情况说明")
    para("本年支出合计" fmt(T_et) "万元，其中：基本支出" fmt(T_eb) "万元，占" pct(T_eb, T_et) "%；项目支出" fmt(T_ep) "万元，占" pct(T_ep, T_et) "%。")
    para("四、财政拨款收入支出决算总体情况说明")
    para(dept "2024年度财政拨款收入支出总计" fmt(F_grand) "万元。与2023年度相比，财政拨款收入支出总计" change(F_grand, P_fgrand, "") "。主要原因：城市运行保障和信息化建设项目支出变化。")
    para("五、一般公共预算财政拨款支出决算情况说明")
    para("（一）一般公共预算财政拨款支出决算总体情况")
    para("一般公共预算财政拨款支出" fmt(T_ft) "万元，占本年支出合计的" pct(T_ft, T_et) "%。与2023年度相比，一般公共预算财政拨款支出" change(T_ft, P_ft, "") "。主要原因：项目支出随工作任务调整。")
    para("（二）一般公共预算财政拨款支出决算结构情况")
    s = "一般公共预算财政拨款支出" fmt(T_ft) "万元，主要用于以下方面："
    m = 0
    for (i = 1; i <= n; i++) if (level(code[i]) == 1 && ft[i]) s = s (m++ ? "；" : "") name[i] "（类）" fmt(ft[i]) "万元，占" pct(ft[i], T_ft) "%"
    para(s "。")
    para("（三）一般公共预算财政拨款支出决算具体情况")
    budget = T_ft + int(T_ft * 0.04)
    para("一般公共预算财政拨款支出年初预算为" fmt(budget) "万元，支出决算为" fmt(T_ft) "万元，完成年初预算的" pct(T_ft, budget) "%。决算数小于预算数的主要原因：部分项目按进度结转下年。其中：")
    k = 0
    for (i = 1; i <= n; i++) {
        if (level(code[i]) == 1) lei = name[i]
        if (level(code[i]) == 2) kuan = name[i]
        if (!leaf[i] || !ft[i]) continue
        x = rnd(); d = int(ft[i] * (x - 0.5) * 0.2)
        b = ft[i] + d
        s = ++k "、" lei "（类）" kuan "（款）" name[i] "（项）。主要用于：" purpose(name[i]) "。年初预算为" fmt(b) "万元，支出决算为" fmt(ft[i]) "万元，完成年初预算的" pct(ft[i], b) "%。"
        if (d > 0) s = s "决算数小于预算数的主要原因：部分支出按实际发生数列支。"
        else if (d < 0) s = s "决算数大于预算数的主要原因：年中追加相关经费。"
        else s = s "决算数与预算数持平。"
        para(s)
    }
    para("六、一般公共预算财政拨款基本支出决算情况说明")
    para("一般公共预算财政拨款基本支出" fmt(T_fb) "万元。其中：人员经费" fmt(personnel) "万元，主要包括：基本工资、津贴补贴、奖金、伙食补助费、绩效工资、机关事业单位基本养老保险缴费、职业年金缴费、职工基本医疗保险缴费、住房公积金、退休费；公用经费" fmt(public) "万元，主要包括：办公费、印刷费、水费、电费、邮电费、物业管理费、差旅费、维修（护）费、会议费、培训费、公务接待费、公务用车运行维护费、其他商品和服务支出、办公设备购置。")
    para("七、财政拨款“三公”经费支出决算情况说明")
    para("（一）“三公”经费财政拨款支出决算总体情况说明。")
    para("“三公”经费财政拨款支出年初预算为" fmt(B3) "万元，支出决算为" fmt(F3) "万元，完成预算的" pct(F3, B3) "%，其中：因公出国（境）费决算为" fmt(f_abroad) "万元，完成预算的" pct(f_abroad, b_abroad) "%；公务用车购置及运行维护费支出决算为" fmt(f_veh_op) "万元，完成预算的" pct(f_veh_op, b_veh_op) "%；公务接待费支出决算为" fmt(f_recept) "万元，完成预算的" pct(f_recept, b_recept) "%。2024年度“三公”经费支出决算数小于预算数的主要原因：厉行节约，严格控制“三公”经费支出。")
    para("2024年度“三公”经费财政拨款支出决算数比2023年度" change3(F3, P_three) "，其中：因公出国（境）费支出决算" change3(f_abroad, P_abroad) "；公务用车购置及运行维护费支出决算" change3(f_veh_op, P_veh) "；公务接待费支出决算" change3(f_recept, P_recept) "。主要原因是落实过紧日子要求，压减一般性支出。")
    para("（二）“三公”经费财政拨款支出决算具体情况说明。")
    para("“三公”经费财政拨款支出决算中，因公出国（境）费支出决算" fmt(f_abroad) "万元，占" pct(f_abroad, F3) "%；公务用车购置及运行维护费支出决算" fmt(f_veh_op) "万元，占" pct(f_veh_op, F3) "%；公务接待费支出决算" fmt(f_recept) "万元，占" pct(f_recept, F3) "%。具体情况如下：")
    para("1、因公出国（境）费支出" fmt(f_abroad) "万元。全年安排因公出国（境）团组3个、累计9人次。开支内容包括：赴境外开展城市运行管理交流考察。")
    para("2、公务用车购置及运行维护费支出" fmt(f_veh_op) "万元。其中：")
    para("公务用车购置支出为0.00万元。")
    para("公务用车运行维护支出" fmt(f_veh_op) "万元。主要用于开展城市运行巡查等工作所需公务用车的燃料费、维修费、过桥过路费、保险费等支出。2024年，" dept "所属各预算单位开支财政拨款的公务用车保有量为12辆。")
    para("3、公务接待费支出" fmt(f_recept) "万元。其中：")
    para("国内公务接待支出" fmt(f_recept) "万元（含外宾接待支出0.00万元）。主要用于接待外省市来沪考察城市运行管理工作，共接待42批次、315人次。")
    para("八、政府性基金预算财政拨款收入支出决算情况说明")
    para(dept "2024年度无政府性基金预算财政拨款收入和支出。")
    para("九、国有资本经营预算财政拨款收入支出决算情况说明")
    para(dept "2024年度无国有资本经营预算财政拨款收入和支出。")
    para("十、预算绩效管理情况")
    para(dept "2024年度预算绩效管理工作开展情况如下：本部门建立了如下预算绩效管理制度：《预算绩效管理暂行办法》、《项目支出绩效评价实施细则》，建立了“预算编制有目标、预算执行有监控、预算完成有评价、评价结果有反馈”的预算绩效管理工作机制；全过程绩效管理实施情况：编报绩效目标的2024年度项目28个，涉及预算金额" fmt(T_fp) "万元；绩效跟踪评价的2024年度项目28个，涉及预算金额" fmt(T_fp) "万元；绩效自评的2024年度项目28个，涉及预算金额" fmt(T_fp) "万元，平均得分93.5分（其中，绩效评级为“优”的项目21个；绩效评级为“良”的项目7个；绩效评级为“合格”的项目0个；绩效评级为“不合格”的项目0个。绩效自评中共发现问题5个，已经完成整改的4个，正在整改的1个）。")
    para("十一、其他重要事项的情况说明")
    para("（一）机关运行经费支出情况")
    para(dept "2024年度机关运行经费支出" fmt(public - int(public * 0.1)) "万元，比2023年度减少" fmt(int(public * 0.03)) "万元，下降" pct(int(public * 0.03), public - int(public * 0.1) + int(public * 0.03)) "%。主要原因是压减一般性支出。")
    para("（二）政府采购支出情况")
    para(dept "2024年度政府采购金额（以合同签订为准）为1,256.80万元，其中：货物采购金额312.40万元、工程采购金额0.00万元、服务采购金额944.40万元。")
    para("2024年度本部门面向中小企业预留政府采购项目预算金额860.00万元，面向小微企业预留政府采购项目预算金额520.00万元。在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额846.35万元；在面向小微企业预留政府采购项目中，由小微企业供应商中标或成交的，采购金额508.12万元；在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额212.60万元。")
    para("（三）国有资产占有使用情况说明")
    para("截至2024年12月31日，" dept "共有车辆12辆，其中：主要领导干部用车1辆、机要通信用车2辆、应急保障用车3辆、执法执勤用车5辆、其他用车1辆。单价100万元（含）以上设备（不含车辆）4台（套）。")
}
function change3(now, before,    d) {
    d = now - before
    if (d <= 0) return "减少" fmt(-d) "万元，下降" pct(-d, before) "%"
    return "增加" fmt(d) "万元，增长" pct(d, before) "%"
}
function purpose(nm) {
    if (nm ~ /行政运行|事业运行/) return "保障机构正常运转的人员经费和日常公用经费"
    if (nm ~ /离退休/) return "离退休人员的离退休费、补贴等"
    if (nm ~ /缴费/) return "按规定缴纳的社会保险费"
    if (nm ~ /医疗/) return "按规定缴纳的医疗保险费和医疗补助"
    if (nm ~ /公积金|购房补贴/) return "按规定为职工缴纳的住房公积金和发放的购房补贴"
    return "开展相关业务工作的项目支出"
}

# ---- 第四部分 -------------------------------------------------------------------------
function glossary() {
    print "第四部分 名词解释"
    print ""
    para("一、财政拨款收入：指单位本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款。")
    para("二、事业收入：指事业单位开展专业业务活动及其辅助活动取得的收入。主要是：检验检测服务收入等。")
    para("三、经营收入：指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。")
    para("四、其他收入：指单位取得的除“财政拨款收入”、“事业收入”、“经营收入”等以外的收入。主要是：银行存款利息收入等。")
    para("五、年初结转和结余：指以前年度尚未完成、结转到本年按有关规定继续使用的资金。")
    para("六、年末结转和结余：指本年度或以前年度预算安排、因客观条件发生变化无法按原计划实施，需延迟到以后年度按有关规定继续使用的资金。")
    para("七、基本支出：指单位为保障机构正常运转、完成日常工作任务而发生的各项支出。")
    para("八、项目支出：指单位为完成特定的行政工作任务或事业发展目标所发生的支出。")
    para("九、“三公”经费：指用一般公共预算财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。其中，因公出国（境）费反映单位公务出国（境）的住宿费、旅费、伙食补助费、杂费、培训费等支出；公务用车购置及运行维护费反映单位公务用车购置支出及燃料费、维修费、过桥过路费、保险费、安全奖励费用等支出；公务接待费反映单位按规定开支的各类公务接待支出。")
    para("十、机关运行经费：指为保障行政单位（包括参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金，包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一般设备购置费、办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用。")
}
