# report.awk - the reference of tests/corpus/national-long: a complete department
# final-accounts report of the national 2024 set (公开01-公开10, schemas/tables/national-2024.xml)
# of a county-level department of several units, as gfa's tab text in the form of
# samples/yangcheng-2024-unit.txt: cover, 目录, 第一部分 概况, 第二部分 the ten tables with long
# 功能分类 tables (every 类/款/项 of the chosen classes in schemas/codes/function-codes.tsv) and
# the sample's 公开06 economic rows, 第三部分 in the sample's wording with the tables' figures,
# 第四部分 名词解释, 第五部分 three 项目支出绩效自评表 in the sample's form layout. Amounts are
# chosen by a seeded pseudo-random generator so that every identity holds; names are invented.
#
# usage: awk -v seed=N -v classes="201 208 210 212 221" -v skip="21208 22198" \
#            -f ../report-common.awk -f report.awk function-codes.tsv yangcheng-2024-unit.txt > long-national.ref.txt
#   function-codes.tsv: codes and names (schemas/codes); the sample: its 公开01 class rows and
#   公开06 economic rows (codes, names, the cells printed "——"), in the sample's order.
# Amounts are integers of cents throughout (no binary fractions); POSIX awk.

# tables print plain decimals (1614.45), the narrative thousands separators (1,614.45)
function num(c) { return sprintf("%s%d.%02d", c < 0 ? "-" : "", (c < 0 ? -c : c) / 100, (c < 0 ? -c : c) % 100) }
function blank(c) { return c == 0 ? "" : num(c) }
# 增加 X 万元，增长 Y% / 减少 …，下降 …
function change(now, before,    d) {
    d = now - before
    if (d >= 0) return "增加" fmt(d) "万元，增长" pct(d, before) "%"
    return "减少" fmt(-d) "万元，下降" pct(-d, before) "%"
}

BEGIN {
    FS = "\t"
    if (seed == "") seed = 20240715
    if (classes == "") classes = "201 208 210 212 221"
    dept = "示范县城乡综合管理局"
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
# the sample's 公开01 expense rows (一、一般公共服务支出 … with their 行次) and 公开06's rows
file == 2 && $0 == "收入支出决算总表" { in01 = 1; next }
file == 2 && in01 && $4 ~ /^[一二三四五六七八九十]+、/ { ncl++; clrow[ncl] = $4; next }
file == 2 && in01 && $1 == "本年收入合计" { in01 = 0; next }
file == 2 && $0 == "一般公共预算财政拨款基本支出决算明细表" { in06 = 1; next }
file == 2 && in06 && $1 == "人员经费合计" { in06 = 0; next }
file == 2 && in06 && NF >= 12 && $1 != "科目代码" && $1 != "人员经费" {
    ner++
    for (g = 0; g < 4; g++) {
        ecode[ner, g] = $(3 * g + 1); ename[ner, g] = $(3 * g + 2); edash[ner, g] = ($(3 * g + 3) == "——")
    }
}

END {
    make_amounts()
    print_report()
}

# ---- amounts --------------------------------------------------------------------------
function make_amounts(    i, j, r, g, k, w, left, c, big, cls3, fixed) {
    # leaves (项): GPB basic / project (公开05), other funds on top (公开03), income by fund (公开02)
    for (i = 1; i <= n; i++) {
        leaf[i] = (i == n || level(code[i + 1]) <= level(code[i]))
        if (!leaf[i]) continue
        r = rnd()
        if (name[i] ~ /行政运行|事业运行|离退休|缴费|医疗|公积金|购房补贴/) { fb[i] = amount(0.5, 3); fp[i] = r < 0.2 ? amount(-0.8, 1.5) : 0 }
        else if (r < 0.15) { fb[i] = 0; fp[i] = amount(-1.3, 0) }       # 0.xx rows
        else { fb[i] = r < 0.3 ? amount(0, 2) : 0; fp[i] = amount(0.3, 3) }
        if (r > 0.93) { fb[i] = 0; fp[i] = 0 }          # paid from other funds only
        nb[i] = rnd() < 0.25 ? amount(0, 2) : 0         # basic from other funds (事业收入 …)
        np[i] = rnd() < 0.2 ? amount(0, 1.8) : 0
        if (fb[i] + fp[i] == 0 && nb[i] + np[i] == 0) np[i] = amount(0, 1.5)
        ft[i] = fb[i] + fp[i]
        fin[i] = ft[i] == 0 ? 0 : ft[i] + int(ft[i] * (rnd() * 0.12 - 0.03))
        bus[i] = nb[i] + np[i] == 0 ? 0 : nb[i] + np[i] + int((nb[i] + np[i]) * rnd() * 0.1)
        oth[i] = rnd() < 0.1 ? amount(-1, 1) : 0
    }
    sum_tree()
    # carry-overs: fiscal (公开04) and all funds (公开01), year-end balances never negative
    F_in = amount(1.5, 2.5); if (T_ft > T_fin + F_in) F_in = T_ft - T_fin + amount(1, 2)
    F_grand = T_fin + F_in; F_out = F_grand - T_ft
    A_in = F_in + amount(1, 2.2); if (T_et > T_it + A_in) A_in = T_et - T_it + amount(1, 2)
    A_grand = T_it + A_in; A_out = A_grand - T_et
    # 三公 (公开09): budget and final
    b_abroad = amount(0.3, 1); f_abroad = b_abroad - int(b_abroad * rnd() * 0.3)
    b_veh_buy = amount(1, 1.4); f_veh_buy = b_veh_buy - int(b_veh_buy * rnd() * 0.1)
    b_veh_op = amount(0.8, 1.5); f_veh_op = b_veh_op - int(b_veh_op * rnd() * 0.2)
    b_recept = amount(0, 0.8); f_recept = b_recept - int(b_recept * rnd() * 0.5)
    # 公开06: the GPB basic total over the economic leaves of 301/303 (人员) and 302/310 (公用),
    # the 三公 codes a share of 公开09's finals
    fixed["30212"] = f_abroad - int(f_abroad * 0.2); fixed["30217"] = f_recept
    fixed["30231"] = f_veh_op - int(f_veh_op * 0.1)
    w = 0
    for (r = 1; r <= ner; r++) for (g = 0; g < 4; g++) {
        c = ecode[r, g]; ev[r, g] = 0; ew[r, g] = 0
        if (length(c) != 5 || edash[r, g] || (c in fixed)) continue
        cls3 = substr(c, 1, 3)
        if (cls3 !~ /^(301|302|303|310)$/ || rnd() >= 0.75) continue
        ew[r, g] = rnd() * (cls3 == "301" ? 10 : cls3 == "302" ? 1.5 : 0.5); w += ew[r, g]
    }
    left = T_fb
    for (r = 1; r <= ner; r++) for (g = 0; g < 4; g++) if (ecode[r, g] in fixed) { ev[r, g] = fixed[ecode[r, g]]; left -= ev[r, g] }
    c = left; big = ""
    for (r = 1; r <= ner; r++) for (g = 0; g < 4; g++) if (ew[r, g] > 0) {
        ev[r, g] = int(left * ew[r, g] / w); c -= ev[r, g]
        if (big == "" || ev[r, g] > ev[big]) big = r SUBSEP g
    }
    ev[big] += c                                        # the cents left to the largest
    for (r = 1; r <= ner; r++) for (g = 0; g < 4; g++) if (length(ecode[r, g]) == 5) esum[substr(ecode[r, g], 1, 3)] += ev[r, g]
    for (r = 1; r <= ner; r++) for (g = 0; g < 4; g++) if (length(ecode[r, g]) == 3) ev[r, g] = esum[ecode[r, g]]
    personnel = esum["301"] + esum["303"]; public = esum["302"] + esum["310"]
    # 公开10: purchases, 机关运行经费 (the administrative units' 公用经费), vehicles
    buy_goods = amount(1.5, 2.3); buy_works = amount(1.5, 2.5); buy_serv = amount(1.8, 2.6)
    buy = buy_goods + buy_works + buy_serv
    run_admin = public - int(public * 0.35); run_ref = int(public * 0.12)
    split("1 2 0 3 6 0 0 2", veh, " ")
    # last year's figures, for the narrative's comparisons
    P_grand = A_grand - int(A_grand * (rnd() * 0.3 - 0.1))
    P_it = T_it - int(T_it * (rnd() * 0.2 - 0.08)); P_et = T_et - int(T_et * (rnd() * 0.2 - 0.08))
    P_fgrand = F_grand - int(F_grand * (rnd() * 0.3 - 0.12))
    P_ft = T_ft - int(T_ft * (rnd() * 0.2 - 0.05))
    P_abroad = f_abroad + amount(-0.5, 0.6); P_veh_buy = 0; P_veh_op = f_veh_op - int(f_veh_op * 0.05)
    P_recept = f_recept + amount(-1, 0.3)
    P_three = P_abroad + P_veh_buy + P_veh_op + P_recept
    P_run = run_admin + run_ref + int((run_admin + run_ref) * 0.04)
}

# ---- the report -----------------------------------------------------------------------
function print_report(    k) {
    print ""
    print dept
    print "2024年度部门决算公开"
    print ""
    print "目 录"
    print ""
    toc("第一部分 概况", 1); toc("一、本部门（单位）职责", 1); toc("二、机构设置情况", 2)
    toc("第二部分 2024年部门决算表", 3)
    split("收入支出决算总表|收入决算表|支出决算表|财政拨款收入支出决算总表|一般公共预算财政拨款支出决算表|一般公共预算财政拨款基本支出决算明细表|政府性基金预算财政拨款收入支出决算表|国有资本经营预算财政拨款支出决算表|财政拨款“三公”经费支出决算表|部门决算公开相关信息统计表", tt, "|")
    split("3 5 8 11 13 16 18 19 20 21", tp, " ")
    split("一 二 三 四 五 六 七 八 九 十 十一", on, " ")
    for (k = 1; k <= 10; k++) toc(on[k] "、" tt[k], tp[k])
    toc("第三部分 情况说明", 22)
    split("收入支出决算总体情况说明|收入决算情况说明|支出决算情况说明|财政拨款收支决算总体情况说明|一般公共预算财政拨款支出决算情况说明|一般公共预算财政拨款基本支出决算情况说明|政府性基金预算财政拨款收支决算情况说明|国有资本经营预算财政拨款支出决算情况说明|财政拨款“三公”经费支出决算情况说明|其他重要事项情况说明", nt, "|")
    split("22 22 22 22 22 26 26 26 26 27", np_, " ")
    for (k = 1; k <= 10; k++) toc(on[k] "、" nt[k], np_[k])
    toc("第四部分 名词解释", 28)
    toc("第五部分 附件", 29)
    print ""
    overview()
    print "第二部分 2024年部门决算表"
    print ""
    gk01(); gk02(); gk03(); gk04(); gk05(); gk06(); gk07(); gk08(); gk09(); gk10()
    narrative()
    glossary()
    annex()
}

function overview() {
    print "第一部分 概况"
    print ""
    print "一、本部门（单位）职责"
    print ""
    print "1. 贯彻执行国家和省、市关于城乡综合管理的法律法规和方针政策，拟订全县城乡综合管理的规范性文件和发展规划，并组织实施。"
    print "2. 负责全县市容环境卫生、市政公用设施、园林绿化的监督管理工作，组织实施城乡环境综合整治。"
    print "3. 负责全县城乡综合管理领域的行政执法工作，查处违反城乡管理法律法规的行为。"
    print "4. 负责城乡综合管理数字化平台的建设和运行，汇集、分析和共享城乡运行数据。"
    print "5. 指导各乡（镇）城乡综合管理工作，组织开展城乡综合管理的考核评价。"
    print "6. 完成县委、县政府交办的其他任务。"
    print ""
    print "二、机构设置情况"
    print ""
    print dept "为正科级行政机关，执行政府会计准则制度。本部门决算由本级及所属单位决算汇总组成。"
    print ""
    print "纳入本部门2024年度部门决算编制范围的单位共4个，包括：" dept "（本级）、" dept "环境卫生服务中心、" dept "市政设施维护中心、" dept "综合执法大队。"
    print ""
    print "截至2024年末，本部门编制186人，实有在职人员172人，其中：行政人员38人，事业人员134人；离退休人员41人。"
    print ""
}

# a table's head: title, 公开NN表, 部门名称, year, unit line (the sample's lines)
function head(title, no, what) {
    print title; print ""
    print "公开" no "表"; print ""
    print (what == "" ? "部门名称：" : what) dept; print ""
    print "2024年度"; print ""
    print "金额单位：万元"; print ""
}
function note(t) { print ""; print "注：本表反映部门本年度" t; print "" }
# the 类 row of the chosen classes a 公开01/04 label names (八、社会保障和就业支出), else 0
function class_of(label,    i) {
    for (i = 1; i <= n; i++) if (level(code[i]) == 1 && label ~ ("、" name[i] "$")) return i
    return 0
}

function gk01(    k, i, inc, iv, lab) {
    head("收入支出决算总表", "01")
    print "收入\t\t\t支出\t\t"
    print "项目\t行次\t金额\t项目\t行次\t金额"
    print "栏次\t\t1\t栏次\t\t2"
    split("一、一般公共预算财政拨款收入|二、政府性基金预算财政拨款收入|三、国有资本经营预算财政拨款收入|四、上级补助收入|五、事业收入|六、经营收入|七、附属单位上缴收入|八、其他收入", inc, "|")
    iv[1] = T_fin; iv[5] = T_bus; iv[8] = T_oth
    for (k = 1; k <= ncl; k++) {
        i = class_of(clrow[k])
        printf "%s\t%d\t%s\t%s\t%d\t%s\n", (k <= 8 ? inc[k] : ""), k, (k <= 8 ? blank(iv[k]) : ""), clrow[k], k + 31, (i ? blank(et[i]) : "")
    }
    print "本年收入合计\t27\t" num(T_it) "\t本年支出合计\t58\t" num(T_et)
    print "使用非财政拨款结余（含专用结余）\t28\t\t结余分配\t59\t"
    print "年初结转和结余\t29\t" num(A_in) "\t年末结转和结余\t60\t" num(A_out)
    print "\t30\t\t\t61\t"
    print "总计\t31\t" num(A_grand) "\t总计\t62\t" num(A_grand)
    note("的总收支和年末结转结余情况。本套报表金额单位转换时可能存在尾数误差。")
}

function fn_head(top, cols, lanes,    m, f, s) {
    print "项目\t\t" top
    m = split(cols, f, "\t"); s = ""; while (m-- > 0) s = s "\t"
    print "科目代码\t科目名称" s
    print "栏次\t\t" lanes
}

function gk02(    i) {
    head("收入决算表", "02")
    print "项目\t\t本年收入合计\t财政拨款收入\t上级补助收入\t事业收入\t经营收入\t附属单位上缴收入\t其他收入"
    print "科目代码\t科目名称\t\t\t\t\t\t\t"
    print "栏次\t\t1\t2\t3\t4\t5\t6\t7"
    print "合计\t\t" num(T_it) "\t" num(T_fin) "\t\t" blank(T_bus) "\t\t\t" blank(T_oth)
    for (i = 1; i <= n; i++) if (it[i])
        print code[i] "\t" name[i] "\t" num(it[i]) "\t" blank(fin[i]) "\t\t" blank(bus[i]) "\t\t\t" blank(oth[i])
    note("取得的各项收入情况。")
}

function gk03(    i) {
    head("支出决算表", "03")
    print "项目\t\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出"
    print "科目代码\t科目名称\t\t\t\t\t\t"
    print "栏次\t\t1\t2\t3\t4\t5\t6"
    print "合计\t\t" num(T_et) "\t" num(T_eb) "\t" num(T_ep) "\t\t\t"
    for (i = 1; i <= n; i++) if (et[i])
        print code[i] "\t" name[i] "\t" num(et[i]) "\t" blank(eb[i]) "\t" blank(ep[i]) "\t\t\t"
    note("各项支出情况。")
}

function gk04(    k, i, inc) {
    head("财政拨款收入支出决算总表", "04")
    print "收入\t\t\t支出\t\t\t\t\t"
    print "项目\t行次\t金额\t项目\t行次\t合计\t一般公共预算财政拨款\t政府性基金预算财政拨款\t国有资本经营预算财政拨款"
    print "栏次\t\t1\t栏次\t\t2\t3\t4\t5"
    split("一、一般公共预算财政拨款|二、政府性基金预算财政拨款|三、国有资本经营预算财政拨款", inc, "|")
    for (k = 1; k <= ncl; k++) {
        i = class_of(clrow[k])
        printf "%s\t%d\t%s\t%s\t%d\t%s\t%s\t\t\n", (k <= 3 ? inc[k] : ""), k, (k == 1 ? num(T_fin) : ""), clrow[k], k + 32, \
            (i ? blank(ft[i]) : ""), (i ? blank(ft[i]) : "")
    }
    print "本年收入合计\t27\t" num(T_fin) "\t本年支出合计\t59\t" num(T_ft) "\t" num(T_ft) "\t\t"
    print "年初财政拨款结转和结余\t28\t" num(F_in) "\t年末财政拨款结转和结余\t60\t" num(F_out) "\t" num(F_out) "\t\t"
    print "一般公共预算财政拨款\t29\t" num(F_in) "\t\t61\t\t\t\t"
    print "政府性基金预算财政拨款\t30\t\t\t62\t\t\t\t"
    print "国有资本经营预算财政拨款\t31\t\t\t63\t\t\t\t"
    print "总计\t32\t" num(F_grand) "\t总计\t64\t" num(F_grand) "\t" num(F_grand) "\t\t"
    note("一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的总收支和年末结转结余情况。")
}

function gk05(    i) {
    head("一般公共预算财政拨款支出决算表", "05")
    print "项目\t\t本年支出\t\t"
    print "科目代码\t科目名称\t小计\t基本支出\t项目支出"
    print "栏次\t\t1\t2\t3"
    print "合计\t\t" num(T_ft) "\t" num(T_fb) "\t" num(T_fp)
    for (i = 1; i <= n; i++) if (ft[i])
        print code[i] "\t" name[i] "\t" num(ft[i]) "\t" blank(fb[i]) "\t" blank(fp[i])
    note("一般公共预算财政拨款支出情况。")
}

function gk06(    r, g, s) {
    head("一般公共预算财政拨款基本支出决算明细表", "06")
    print "人员经费\t\t\t公用经费\t\t\t\t\t\t\t\t"
    print "科目代码\t科目名称\t决算数\t科目代码\t科目名称\t决算数\t科目代码\t科目名称\t决算数\t科目代码\t科目名称\t决算数"
    for (r = 1; r <= ner; r++) {
        s = ""
        for (g = 0; g < 4; g++)
            s = s (g ? "\t" : "") ecode[r, g] "\t" ename[r, g] "\t" (edash[r, g] ? "——" : ecode[r, g] == "" ? "" : blank(ev[r, g]))
        print s
    }
    print "人员经费合计\t\t" num(personnel) "\t公用经费合计\t\t\t\t\t\t\t\t" num(public)
    note("一般公共预算财政拨款基本支出明细情况。")
}

function gk07() {
    head("政府性基金预算财政拨款收入支出决算表", "07")
    print "项目\t\t年初结转和结余\t本年收入\t本年支出\t\t\t年末结转和结余"
    print "科目代码\t科目名称\t\t\t小计\t基本支出\t项目支出\t"
    print "栏次\t\t1\t2\t3\t4\t5\t6"
    print "合计\t\t\t\t\t\t\t"
    note("政府性基金预算财政拨款收入、支出及结转和结余情况。")
    print "说明：本表无数据"
    print ""
}

function gk08() {
    head("国有资本经营预算财政拨款支出决算表", "08")
    print "项目\t\t本年支出\t\t"
    print "科目代码\t科目名称\t合计\t基本支出\t项目支出"
    print "栏次\t\t1\t2\t3"
    print "合计\t\t\t\t"
    note("国有资本经营预算财政拨款支出情况。")
    print "说明：本表无数据"
    print ""
}

function gk09() {
    B3 = b_abroad + b_veh_buy + b_veh_op + b_recept; F3 = f_abroad + f_veh_buy + f_veh_op + f_recept
    head("财政拨款“三公”经费支出决算表", "09")
    print "预算数\t\t\t\t\t\t决算数\t\t\t\t\t"
    print "合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\t合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费"
    print "\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t\t小计\t公务用车购置费\t公务用车运行维护费\t"
    print "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12"
    print num(B3) "\t" num(b_abroad) "\t" num(b_veh_buy + b_veh_op) "\t" num(b_veh_buy) "\t" num(b_veh_op) "\t" num(b_recept) "\t" \
        num(F3) "\t" num(f_abroad) "\t" num(f_veh_buy + f_veh_op) "\t" num(f_veh_buy) "\t" num(f_veh_op) "\t" num(f_recept)
    note("“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，反映按规定程序调整后的预算数；决算数是包括当年财政拨款和以前年度结转资金安排的实际支出。")
}

function gk10(    k, vl, vt) {
    head("部门决算公开相关信息统计表", "10", "单位名称：")
    print "一、政府采购情况\t\t"
    print "项目\t行次\t统计数"
    print "合计\t1\t" num(buy)
    print "货物\t2\t" num(buy_goods)
    print "工程\t3\t" num(buy_works)
    print "服务\t4\t" num(buy_serv)
    print "二、机关运行经费\t\t"
    print "项目\t\t统计数"
    print "(一) 行政单位\t5\t" num(run_admin)
    print "(二) 参照公务员法管理事业单位\t6\t" num(run_ref)
    print "三、国有资产占用情况\t\t"
    split("1. 副部(省)级及以上领导用车|2. 主要负责人用车|3. 机要通信用车|4. 应急保障用车|5. 执法执勤用车|6. 特种专业技术用车|7. 离退休干部服务用车|8. 其他用车", vl, "|")
    vt = 0; for (k = 1; k <= 8; k++) vt += veh[k]
    print "(一) 车辆数合计(辆)\t7\t" vt
    for (k = 1; k <= 8; k++) print vl[k] "\t" k + 7 "\t" (veh[k] ? veh[k] : "")
    print "(二) 单价100万元(含)以上设备(不含车辆)\t17\t2"
    note("政府采购、机关运行经费和国有资产占用情况。")
    VEH = vt
}

# ---- 第三部分 -------------------------------------------------------------------------
function narrative(    i, b, d, x, s, m, lei, budget, tb, k) {
    print "第三部分 情况说明"
    print ""
    para("一、收入支出决算总体情况说明")
    para("2024年度收入总计" fmt(A_grand) "万元，支出总计" fmt(A_grand) "万元。与上年相比，收入总计" change(A_grand, P_grand) "，支出总计" change(A_grand, P_grand) "，主要原因是城乡环境综合整治和市政设施维护项目增加。")
    para("二、收入决算情况说明")
    para("2024年度收入合计" fmt(T_it) "万元，其中：")
    para("财政拨款收入" fmt(T_fin) "万元，占比" pct(T_fin, T_it) "%；")
    para("事业收入" fmt(T_bus) "万元，占比" pct(T_bus, T_it) "%；")
    para("其他收入" fmt(T_oth) "万元，占比" pct(T_oth, T_it) "%。")
    para("三、支出决算情况说明")
    para("2024年度支出合计" fmt(T_et) "万元，其中：")
    para("基本支出" fmt(T_eb) "万元，占比" pct(T_eb, T_et) "%；")
    para("项目支出" fmt(T_ep) "万元，占比" pct(T_ep, T_et) "%。")
    para("四、财政拨款收支决算总体情况说明")
    para("2024年度财政拨款收入总计" fmt(F_grand) "万元，财政拨款支出总计" fmt(F_grand) "万元。与上年相比，财政拨款收入总计" change(F_grand, P_fgrand) "，财政拨款支出总计" change(F_grand, P_fgrand) "。主要原因是城乡环境综合整治项目支出变化。")
    para("五、一般公共预算财政拨款支出决算情况说明")
    para("（一）一般公共预算财政拨款支出决算总体情况")
    para("2024年一般公共预算财政拨款决算支出" fmt(T_ft) "万元，占本年支出合计的" pct(T_ft, T_et) "%。与上年相比，一般公共预算财政拨款支出" change(T_ft, P_ft) "，主要原因是项目支出随工作任务调整。")
    para("（二）一般公共预算财政拨款支出决算结构情况")
    para("2024年度一般公共预算财政拨款支出" fmt(T_ft) "万元，主要用于以下方面：")
    m = 0
    for (i = 1; i <= n; i++) if (level(code[i]) == 1 && ft[i]) last = i
    for (i = 1; i <= n; i++) if (level(code[i]) == 1 && ft[i])
        para(name[i] "(类)" fmt(ft[i]) "万元，占比" pct(ft[i], T_ft) "%" (i == last ? "。" : "；"))
    para("（三）一般公共预算财政拨款支出决算具体情况")
    budget = 0
    for (i = 1; i <= n; i++) if (level(code[i]) == 1 && ft[i]) { x = rnd(); cb[i] = ft[i] + int(ft[i] * (x - 0.3) * 0.1); budget += cb[i] }
    para("2024年度一般公共预算财政拨款支出年初预算" fmt(budget) "万元，支出决算" fmt(T_ft) "万元，完成年初预算的" pct(T_ft, budget) "%。其中：")
    for (i = 1; i <= n; i++) {
        if (level(code[i]) != 1 || !ft[i]) continue
        d = ft[i] - cb[i]
        s = name[i] "年初预算" fmt(cb[i]) "万元，支出决算" fmt(ft[i]) "万元，完成年初预算的" pct(ft[i], cb[i]) "%，用于" purpose(name[i]) "。"
        tb = ft[i] - int(ft[i] * (rnd() * 0.3 - 0.1))
        s = s "较上年决算" change(ft[i], tb) "，主要原因是" (ft[i] >= tb ? "相关工作任务增加" : "压减一般性支出") "。"
        para(s)
    }
    para("六、一般公共预算财政拨款基本支出决算情况说明")
    para("2024年度财政拨款基本支出" fmt(T_fb) "万元，其中：")
    para("人员经费" fmt(personnel) "万元，主要包括工资福利支出、对个人和家庭的补助，占财政拨款基本支出的" pct(personnel, T_fb) "%；")
    para("公用经费" fmt(public) "万元，主要包括办公费、差旅费、维修（护）费、公务接待费、公务用车运行维护费、办公设备购置等支出，占财政拨款基本支出的" pct(public, T_fb) "%。")
    para("七、政府性基金预算财政拨款收支决算情况说明")
    para("本年度无此项收支。")
    para("八、国有资本经营预算财政拨款支出决算情况说明")
    para("本年度无此项支出。")
    para("九、财政拨款“三公”经费支出决算情况说明")
    para("（一）“三公”经费财政拨款支出决算总体情况说明")
    para("2024年度“三公”经费财政拨款支出全年预算" fmt(B3) "万元，支出决算" fmt(F3) "万元，完成全年预算的" pct(F3, B3) "%，比上年度" change(F3, P_three) "，主要原因是：更新购置执法执勤用车。其中：")
    para("因公出国（境）费支出" fmt(f_abroad) "万元，完成全年预算的" pct(f_abroad, b_abroad) "%，比上年度" change(f_abroad, P_abroad) "，主要原因是：按计划开展城乡管理交流考察；")
    para("公务用车购置费支出" fmt(f_veh_buy) "万元，完成全年预算的" pct(f_veh_buy, b_veh_buy) "%，比上年度增加" fmt(f_veh_buy) "万元，主要原因是：按规定更新报废的执法执勤用车；")
    para("公务用车运行维护费支出" fmt(f_veh_op) "万元，完成全年预算的" pct(f_veh_op, b_veh_op) "%，比上年度" change(f_veh_op, P_veh_op) "，主要原因是：严格公务用车使用管理；")
    para("公务接待费支出" fmt(f_recept) "万元，完成全年预算的" pct(f_recept, b_recept) "%，比上年度" change(f_recept, P_recept) "，主要原因是：严格执行公务接待标准。")
    para("（二）“三公”经费财政拨款支出决算具体情况说明")
    para("1、因公出国（境）费支出" fmt(f_abroad) "万元，出国（境）团组共1个，3人次。主要用于：赴境外开展城乡综合管理交流考察。")
    para("2、公务用车购置支出" fmt(f_veh_buy) "万元，使用财政拨款共购置公务用车2辆，主要用于：更新报废的执法执勤用车。")
    para("3、公务用车运行维护费支出" fmt(f_veh_op) "万元，使用财政拨款负担的公务用车保有量共" VEH "辆，主要用于：城乡环境巡查、执法执勤、应急保障等工作所需车辆的燃油费、维修费、过桥过路费、保险费等。")
    para("4、公务接待费支出" fmt(f_recept) "万元，共接待12批次，86人次。国内接待费" fmt(f_recept) "万元，共接待12批次，86人次，其中外事接待费0万元，共接待0批次，0人次；国（境）外接待费0万元，共接待国（境）外0批次，0人次。")
    para("十、其他重要事项情况说明")
    para("（一）机关运行经费支出情况说明")
    para("2024年机关运行经费支出" fmt(run_admin + run_ref) "万元，比2023年" change(run_admin + run_ref, P_run) "，主要原因是压减一般性支出。")
    para("（二）政府采购情况说明")
    para("2024年度政府采购支出总额" fmt(buy) "万元，其中：政府采购货物支出" fmt(buy_goods) "万元、政府采购工程支出" fmt(buy_works) "万元、政府采购服务支出" fmt(buy_serv) "万元。政府采购授予中小企业合同金额" fmt(buy - int(buy * 0.2)) "万元，占政府采购支出总额的" pct(buy - int(buy * 0.2), buy) "%。其中：授予小微企业合同金额" fmt(int(buy * 0.5)) "万元，占政府采购支出总额的" pct(int(buy * 0.5), buy) "%。")
    para("（三）国有资产占用情况说明")
    para("截至2024年12月31日，本部门共有车辆" VEH "辆。其中：主要负责人用车2辆，应急保障用车3辆，执法执勤用车6辆，其他用车2辆。单价100万元（含）以上设备（不含车辆）2台（套）。")
    para("（四）预算绩效情况说明")
    para("1、预算绩效管理工作开展情况")
    para("根据预算绩效管理要求，本部门按照“谁支出、谁自评”的原则，组织对2024年度一般公共预算项目支出全面开展了绩效自评，在第五部分附件中公开了3个重点项目的绩效自评表，自评等级均为“优”。")
    para("2、其他需要说明的事项")
    para("无")
}
function purpose(nm) {
    if (nm ~ /一般公共服务/) return "机关运转和综合管理等方面"
    if (nm ~ /社会保障/) return "离退休人员的离退休费及干部职工的养老保险、职业年金等支出"
    if (nm ~ /卫生健康/) return "干部职工基本医疗保险等缴纳"
    if (nm ~ /住房保障/) return "干部职工住房公积金等缴纳"
    return "城乡环境卫生、市政设施维护和综合执法等方面"
}

# ---- 第四部分 -------------------------------------------------------------------------
function glossary() {
    print "第四部分 名词解释"
    print ""
    para("一、财政拨款收入：指单位从同级财政部门取得的财政预算资金。")
    para("二、事业收入：指事业单位开展专业业务活动及辅助活动取得的收入。")
    para("三、经营收入：指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。")
    para("四、其他收入：指单位取得的除上述收入以外的各项收入。主要是存款利息收入等。")
    para("五、使用非财政拨款结余（含专用结余）：指单位按照预算管理要求使用非财政拨款结余弥补收支差额的金额，以及使用专用结余安排支出的金额。")
    para("六、年初结转和结余：指单位以前年度尚未完成、结转到本年仍按原规定用途继续使用的资金，或项目已完成等产生的结余资金。")
    para("七、结余分配：指事业单位按照会计制度规定缴纳的所得税、提取的专用结余以及转入非财政拨款结余的金额等。")
    para("八、年末结转和结余：指单位按有关规定结转到下年或以后年度继续使用的资金，或项目已完成等产生的结余资金。")
    para("九、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用经费支出。")
    para("十、项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。")
    para("十一、“三公”经费：指各级部门、单位用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费支出。")
    para("十二、机关运行经费：指行政单位和参照公务员法管理的事业单位财政拨款基本支出中的公用经费支出。")
}

# ---- 第五部分: 项目支出绩效自评表 in the sample's form layout -----------------------------
function annex(    k) {
    print "第五部分 附件"
    print ""
    split("城区道路清扫保洁服务|市政路灯设施维护|数字城管平台运行维护", pname, "|")
    split("1500|260|85", pbud, "|")
    split("1500|248.6|85", pexe, "|")
    for (k = 1; k <= 3; k++) form(k)
}
function form(k,    b, e, rate, sc, u, tot) {
    b = pbud[k]; e = pexe[k]
    rate = pct(e * 100, b * 100); sc = pct(e * 100, b * 1000); tot = sprintf("%.2f", 90 + sc)
    sub(/\.00$/, "", tot)
    u = dept "（本级）"
    print pname[k] "项目支出绩效自评表"
    print ""
    print "(2024年度)"
    print ""
    print "项目名称\t\t" pname[k] "\t\t\t\t\t\t\t\t"
    print "主管部门及代码\t\t031-" dept "\t\t\t预算单位\t031001-" u "\t\t\t\t"
    print "项目资金预算安排及执行进度(万元)\t年初预算数\t\t全年预算数\t全年执行数\t资金结(转)余\t执行率\t得分\t偏差原因\t\t"
    print "\t目标申报数\t预算编制数\t\t\t\t\t\t\t\t"
    print "\t资金总额:\t" b "\t" b "\t" b "\t" e "\t" (b - e) "\t" rate "\t" sc "\t\t"
    print "县级财政资金\t" b "\t" b "\t" b "\t" e "\t" (b - e) "\t" rate "\t" sc "\t" (b == e ? "无" : "按实际工作量结算") "\t\t"
    print "项目年度绩效目标\t年度目标\t\t\t\t实际完成情况\t\t\t\t\t"
    print "\t按计划完成" pname[k] "工作，保障城乡环境和设施正常运行。\t\t\t\t2024年按照计划完成了" pname[k] "工作，达到预期目标。\t\t\t\t\t"
    print "绩效指标\t一级指标\t二级指标\t三级指标\t年初指标值\t调整后指标值\t实际完成值\t定性指标情况说明\t分值\t得分\t偏差原因分析及改进措施"
    print "\t产出指标\t数量指标\t服务覆盖范围\t≥" (k * 20) "处\t≥" (k * 20) "处\t≥" (k * 20) "处\t\t20\t20\t"
    print "\t\t质量指标\t验收合格率\t\t≥95%\t达成预期指标\t\t10\t10\t"
    print "\t\t时效指标\t完成及时性\t\t及时\t达成预期指标\t\t10\t10\t"
    print "\t成本指标\t" pname[k] "费\t≤元\t≤" b * 10000 "元\t≤" b * 10000 "元\t\t10\t10\t\t"
    print "\t效益指标\t社会效益\t城乡环境改善\t\t提升\t达成预期指标\t\t30\t30\t"
    print "满意度指标\t服务对象满意度\t群众满意度\t≥%\t≥90%\t≥92%\t\t10\t10\t\t"
    print "总 分\t\t\t\t\t\t\t\t\t\t" tot "\t优"
    print "项目绩效分析\t项目实施和预算执行情况\t\t全年预算" b "万元，执行" e "万元，预算执行率" rate "%。\t\t\t\t\t\t\t\t"
    print "\t产出情况及分析\t\t2024年按计划完成" pname[k] "工作。\t\t\t\t\t\t\t\t"
    print "\t效益情况及分析\t\t城乡环境和设施运行保障水平提升。\t\t\t\t\t\t\t\t"
    print "\t满意度情况及分析\t\t群众满意度较高。\t\t\t\t\t\t\t\t"
    print "\t主要经验做法\t\t严格项目管理，按进度拨付资金。\t\t\t\t\t\t\t\t"
    print "\t项目管理中存在的主要问题及原因分析\t\t无\t\t\t\t\t\t\t\t"
    print "\t下一步改进措施及管理建议\t\t加强项目绩效跟踪管理。\t\t\t\t\t\t\t\t"
    print ""
    print "备注: 1. “年初预算数”项下的“目标申报数”和“预算编制数”为并列关系，其中“目标申报数”的数据来源于项目目标申报表中的项目资金总额表中的年度资金，“预算编制数”数据来源于项目预算支出明细表。"
    print " 2. “全年预算数”的取数规则，如果年初预算未调整，取预算编制数；如果有调整，取调整后的预算数。"
    print " 3. “全年执行数”是指预算执行指标确认数。"
    print " 4. “执行率”是执行数与“全年预算数”相比较。"
    print ""
}
