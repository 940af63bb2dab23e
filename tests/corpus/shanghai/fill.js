// fill.js - write the amounts of a tab-separated reference report into the cells of a
// table template PDF (the real Shanghai 2024 template, made with WPS), the way a department
// fills the template in: each amount right-aligned (or centred) in its cell, vertically centred
// in its row.
// The cells come from the PDF itself (its stroked rulings and the text of the row labels),
// never from gfa's reading, which is what the result tests.
//
// usage: mutool run fill.js TEMPLATE.pdf REFERENCE.txt OUT.pdf [right|centre]
//   right (default): amounts right-aligned in their cells; centre: centred in them.
//
// The amounts are written in base-14 Helvetica into the page's own content stream, each after
// the text of its row (so that the reading order is a filled report's), and read back.
//
// The reference (see generate.sh) is a report in gfa's tab format: a table is a title line
// followed within three lines by 单位：…, then header lines (no amounts), then rows; a
// column is a label column when a header line names it 项目, …名称, …编码 or …代码. A row's amounts
// go into the cells right of the cell holding its label (the code and name found on the
// page below the row found last, the next group of a two-sided row on the same row); a row
// without labels (三公) fills the first unlabelled ruled row under the header; a code the
// template does not print takes the table's next placeholder row (…), its code and name
// written in the template's SimSun subset.
"use strict";

var AMOUNT = /^-?[0-9][0-9,]*\.[0-9]+$|^-?[0-9]+$/;
var LABEL_HEADER = /^项目$|名称$|编码$|代码$/;
var PAD = 2.5;          // pt between an amount and its cell's right ruling
var SIZE = 10.0;        // pt, the template's 五号 is 10.4; shrunk to fit narrow cells
var LABEL_SIZE = 10.45; // pt, the template's own codes and names (209 x 0.05)

function die(msg) { print("fill.js: " + msg); quit(1); }
function norm(s) { return s.replace(/[\s\u3000]+/g, ""); }

if (scriptArgs.length < 3 || scriptArgs.length > 4 || (scriptArgs[3] && !/^(right|centre)$/.test(scriptArgs[3])))
    die("usage: mutool run fill.js TEMPLATE.pdf REFERENCE.txt OUT.pdf [right|centre]");
var CENTRE = scriptArgs[3] === "centre";  // amounts centred in their cells, as many reports print them
var doc = new PDFDocument(scriptArgs[0]);
var ref = read(scriptArgs[1]).split("\n").map(function (l) { return l.replace(/\r$/, ""); });

// ---- the reference: tables of rows --------------------------------------------------
function isAmount(s) { return AMOUNT.test(s); }
function parseTables(lines) {
    var tables = [], cur = null;
    for (var i = 0; i < lines.length; i++) {
        var l = lines[i];
        var unitAhead = false;
        for (var k = 1; k <= 3 && i + k < lines.length; k++)
            if (/^(金额)?单位：/.test(lines[i + k])) unitAhead = true;
        if (unitAhead && l.indexOf("\t") < 0 && l.trim() !== "") {
            cur = { title: norm(l), header: [], rows: [] };
            tables.push(cur);
            continue;
        }
        if (!cur) continue;
        if (/^(注|说明)：/.test(l)) { cur = null; continue; }
        if (l.indexOf("\t") < 0) continue;
        var cells = l.split("\t");
        if (cells.some(isAmount)) cur.rows.push(cells);
        else cur.header.push(cells);
    }
    return tables;
}

// label columns, then groups: a run of label columns and the run of value columns after it
function groupsOf(table, width) {
    var label = [];
    for (var c = 0; c < width; c++) {
        label[c] = table.header.some(function (h) { return c < h.length && LABEL_HEADER.test(h[c]); });
    }
    var groups = [], g = null;
    for (c = 0; c < width; c++) {
        if (label[c]) {
            if (!g || g.values.length) { g = { labels: [], values: [] }; groups.push(g); }
            g.labels.push(c);
        } else {
            if (!g) { g = { labels: [], values: [] }; groups.push(g); }
            g.values.push(c);
        }
    }
    return groups;
}

// ---- the PDF: text lines and rulings per page ---------------------------------------------
function pageGeometry(pno) {
    var page = doc.loadPage(pno);
    var segs = [];
    function walkPath(path, ctm) {
        var cur = null, start = null;
        function tr(x, y) { return [ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5]]; }
        path.walk({
            moveTo: function (x, y) { cur = tr(x, y); start = cur; },
            lineTo: function (x, y) { var p = tr(x, y); segs.push([cur[0], cur[1], p[0], p[1]]); cur = p; },
            curveTo: function (a, b, c, d, x, y) { cur = tr(x, y); },
            closePath: function () { if (cur && start) segs.push([cur[0], cur[1], start[0], start[1]]); cur = start; }
        });
    }
    page.run({
        strokePath: function (path, stroke, ctm) { walkPath(path, ctm); },
        fillPath: function (path, evenOdd, ctm) { walkPath(path, ctm); }
    }, Identity);
    var hs = [], vs = [];
    segs.forEach(function (s) {
        if (Math.abs(s[1] - s[3]) < 0.5 && Math.abs(s[0] - s[2]) > 2)
            hs.push({ y: (s[1] + s[3]) / 2, x0: Math.min(s[0], s[2]), x1: Math.max(s[0], s[2]) });
        else if (Math.abs(s[0] - s[2]) < 0.5 && Math.abs(s[1] - s[3]) > 2)
            vs.push({ x: (s[0] + s[2]) / 2, y0: Math.min(s[1], s[3]), y1: Math.max(s[1], s[3]) });
    });
    var lines = [], line = null;
    page.toStructuredText("preserve-whitespace").walk({
        beginLine: function (bbox) { line = { page: pno, x0: bbox[0], y0: bbox[1], x1: bbox[2], y1: bbox[3], text: "" }; },
        onChar: function (c, origin) { if (!line.origin) line.origin = origin; line.text += c; },
        endLine: function () { line.text = norm(line.text); if (line.text !== "") lines.push(line); }
    });
    lines.sort(function (a, b) { return Math.abs(a.y0 - b.y0) > 2 ? a.y0 - b.y0 : a.x0 - b.x0; });
    return { page: page, pageNumber: pno, height: page.bound()[3], hs: hs, vs: vs, lines: lines, out: [], removed: [] };
}

var pages = [];
for (var p = 0; p < doc.countPages(); p++) pages.push(pageGeometry(p));

// the ruled row around y at x: the nearest horizontal rulings above and below
function band(g, x, yTop, yBot) {
    var above = null, below = null;
    g.hs.forEach(function (h) {
        if (x < h.x0 - 1 || x > h.x1 + 1) return;
        if (h.y <= yTop + 1 && (above === null || h.y > above)) above = h.y;
        if (h.y >= yBot - 1 && (below === null || h.y < below)) below = h.y;
    });
    return above === null || below === null ? null : { y0: above, y1: below };
}
// the cells of a row: the vertical rulings crossing its middle
function cells(g, b) {
    var mid = (b.y0 + b.y1) / 2, xs = [];
    g.vs.forEach(function (v) { if (v.y0 < mid && v.y1 > mid) xs.push(v.x); });
    xs.sort(function (a, b2) { return a - b2; });
    var out = [];
    for (var i = 0; i < xs.length; i++) if (!out.length || xs[i] - out[out.length - 1] > 1.5) out.push(xs[i]);
    var cs = [];
    for (i = 0; i + 1 < out.length; i++) cs.push({ x0: out[i], x1: out[i + 1] });
    return cs;
}

// does the page's line begin the label text (whole, wrapped, or glued to its name)?
function matches(lineText, label) {
    if (lineText === label) return true;
    if (lineText.length >= 4 && !/^[0-9]/.test(label) && label.indexOf(lineText) === 0) return true;
    return /^[0-9]+$/.test(label) && lineText.indexOf(label) === 0 && !/^[0-9]/.test(lineText.charAt(label.length));
}

function after(l, cur) { return l.page > cur.page || (l.page === cur.page && (l.y0 + l.y1) / 2 > cur.y); }

// ---- filling ------------------------------------------------------------------------------------
var font = doc.addSimpleFont(new Font("Helvetica"), "Latin");
var helv = new Font("Helvetica");
function textWidth(s, size) {
    var w = 0;
    for (var i = 0; i < s.length; i++) w += helv.advanceGlyph(helv.encodeCharacter(s.charCodeAt(i)), 0);
    return w * size;
}
function put(g, cell, b, s) {
    var size = SIZE, avail = cell.x1 - cell.x0 - 2 * PAD;
    while (size > 6 && textWidth(s, size) > avail) size -= 0.25;
    var w = textWidth(s, size);
    var x = CENTRE ? (cell.x0 + cell.x1 - w) / 2 : cell.x1 - PAD - w, base = (b.y0 + b.y1) / 2 + size * 0.35;
    g.out.push({ text: s, x: x, base: base, size: size, cell: cell, band: b });
}

// The page's text objects in content-stream order: where each begins its text (the last
// Tm: the template draws in a flipped space, 1 0 0 -1 0 H cm, where a Tm's e f are the
// baseline origin as MuPDF reports it), where its BT … ET ends, and where it ends (after the
// Q closing it).
function textObjects(content) {
    var objs = [], re = /\bBT\b([\s\S]*?)\bET\b(\s*Q\b)?/g, m;
    while ((m = re.exec(content))) {
        var tm = null, tre = /(-?[0-9.]+)\s+(-?[0-9.]+)\s+(-?[0-9.]+)\s+(-?[0-9.]+)\s+(-?[0-9.]+)\s+(-?[0-9.]+)\s+Tm\b/g, t;
        while ((t = tre.exec(m[1]))) tm = t;
        if (tm) objs.push({ x: parseFloat(tm[5]), y: parseFloat(tm[6]), start: m.index,
                            etEnd: m.index + m[0].length - (m[2] || "").length, end: re.lastIndex });
    }
    return objs;
}

// The page's own font for codes and names (the template's SimSun subset, Identity-H): its
// resource name and each character's CID from its ToUnicode map.
function labelFont(fonts) {
    var found = null;
    fonts.forEach(function (key, f) { // mutool 1.21 passes the key first
        if (found || !/SimSun$/.test(String(f.get("BaseFont"))) || !f.get("ToUnicode").isStream()) return;
        var buf = f.get("ToUnicode").readStream(), cmap = "", cid = {}, m;
        for (var i = 0; i < buf.length; i++) cmap += String.fromCharCode(buf[i]);
        var chars = /beginbfchar([\s\S]*?)endbfchar/g, ranges = /beginbfrange([\s\S]*?)endbfrange/g;
        while ((m = chars.exec(cmap))) {
            var pair = /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]{4})>/g, p2;
            while ((p2 = pair.exec(m[1]))) cid[String.fromCharCode(parseInt(p2[2], 16))] = parseInt(p2[1], 16);
        }
        while ((m = ranges.exec(cmap))) {
            var tri = /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]{4})>/g, r;
            while ((r = tri.exec(m[1])))
                for (var k = parseInt(r[1], 16); k <= parseInt(r[2], 16); k++)
                    cid[String.fromCharCode(parseInt(r[3], 16) + k - parseInt(r[1], 16))] = k;
        }
        found = { name: key, cid: cid };
    });
    return found;
}
function hex4(n) { return ("000" + n.toString(16).toUpperCase()).slice(-4); }

// Each amount, code and name goes into the content stream right after the text of its row left
// of its cell (its label: WPS writes a table row by row, so pdftotext -raw reads the amounts
// with their rows as in a filled report), else after the last text above its row; the
// placeholders (…) of rows given a code are taken out.
function writePage(g) {
    var obj = doc.findPage(g.pageNumber), res = obj.get("Resources");
    var fonts = res.get("Font");
    if (!fonts || fonts.isNull()) { fonts = doc.newDictionary(); res.put("Font", fonts); }
    var simsun = g.out.some(function (a) { return a.label; }) ? labelFont(fonts) : null;
    fonts.put("GFAHelv", font);
    var contents = obj.get("Contents");
    if (!contents.isStream()) die("page " + (g.pageNumber + 1) + ": contents in several streams");
    var buf = contents.readStream(), content = "";
    for (var i = 0; i < buf.length; i++) content += String.fromCharCode(buf[i]);
    if ((content.match(/\bcm\b/g) || []).length !== 1 || !/^\s*q\s+1 0 0 -1 0 [0-9.]+ cm/.test(content))
        die("page " + (g.pageNumber + 1) + ": not drawn in the one flipped space fill.js knows");
    var objs = textObjects(content), edits = [];
    objs.forEach(function (o) {
        o.gone = g.removed.some(function (r) { return Math.abs(r[0] - o.x) < 0.5 && Math.abs(r[1] - o.y) < 0.5; });
        if (o.gone) edits.push({ at: o.start, to: o.etEnd, text: "" });
    });
    if (edits.length !== g.removed.length) die("page " + (g.pageNumber + 1) + ": placeholders not found in the content");
    var inserts = {};
    g.out.forEach(function (a) {
        var at = null, above = null;
        objs.forEach(function (o) {
            if (o.gone) return;
            if (o.y > a.band.y0 && o.y < a.band.y1 && o.x < a.cell.x0) at = o;
            if (o.y < a.band.y0) above = o;
        });
        var anchor = at || above, draw;
        if (!anchor) die("page " + (g.pageNumber + 1) + ": no text before " + a.text);
        if (a.label) {
            if (!simsun) die("page " + (g.pageNumber + 1) + ": no SimSun font for " + a.text);
            var codes = a.text.split("").map(function (c) {
                if (simsun.cid[c] === undefined) die("the template's SimSun has no " + c + " (of " + a.text + ")");
                return hex4(simsun.cid[c]);
            }).join("");
            draw = "q BT 0 0 0 rg /" + simsun.name + " " + a.size.toFixed(2) + " Tf 1 0 0 -1 " + a.x.toFixed(2) + " " +
                a.base.toFixed(2) + " Tm <" + codes + "> Tj ET Q";
        } else {
            draw = "q BT 0 0 0 rg /GFAHelv " + a.size.toFixed(2) + " Tf 1 0 0 -1 " + a.x.toFixed(2) + " " +
                a.base.toFixed(2) + " Tm (" + a.text + ") Tj ET Q";
        }
        inserts[anchor.end] = (inserts[anchor.end] || "") + "\n" + draw;
    });
    Object.keys(inserts).forEach(function (e) { edits.push({ at: Number(e), to: Number(e), text: inserts[e] }); });
    edits.sort(function (p, q) { return q.at - p.at; });
    edits.forEach(function (e) { content = content.substring(0, e.at) + e.text + content.substring(e.to); });
    obj.put("Contents", doc.addStream(content, null));
}

// Read the amounts, codes and names back from the written PDF: each where it was meant to be,
// in its cell; the placeholders taken out gone.
function verify(path) {
    var out = new PDFDocument(path), bad = 0;
    pages.forEach(function (g) {
        if (!g.out.length) return;
        var chars = [];
        out.loadPage(g.pageNumber).toStructuredText("preserve-whitespace").walk({
            onChar: function (c, origin, font, size, quad) {
                chars.push({ c: c, x: (quad[0] + quad[2]) / 2, y: (quad[1] + quad[5]) / 2 });
            },
            endLine: function () { chars.push({ c: "\n" }); }
        });
        var text = chars.map(function (ch) { return ch.c; }).join("");
        g.out.forEach(function (a) {
            var ok = false;
            for (var k = text.indexOf(a.text); k >= 0 && !ok; k = text.indexOf(a.text, k + 1)) {
                var first = chars[k], last = chars[k + a.text.length - 1];
                ok = first.x > a.cell.x0 && last.x < a.cell.x1 && first.y > a.band.y0 && first.y < a.band.y1;
            }
            if (!ok) { print("fill.js: page " + (g.pageNumber + 1) + ": " + a.text + " not read back in its cell"); bad++; }
        });
        g.removed.forEach(function (r) {
            if (chars.some(function (ch) { return ch.c === "…" && Math.abs(ch.y - r[1]) < 6 && Math.abs(ch.x - r[0]) < 12; })) {
                print("fill.js: page " + (g.pageNumber + 1) + ": a placeholder … left at " + r[0] + "," + r[1]);
                bad++;
            }
        });
    });
    if (bad) die(bad + " amounts misplaced");
}

// A name in a cell width wide and height tall: wrapped as the template wraps its names (as
// many characters a line as fit, lines 1.5 apart, centred on the row), else in one line of
// a smaller size.
function nameLines(name, width, height) {
    var per = Math.floor(width / LABEL_SIZE), pitch = LABEL_SIZE * 1.5, out = [];
    var n = Math.ceil(name.length / per);
    if (n === 1 || n * pitch <= height - 4) {
        for (var k = 0; k < n; k++)
            out.push({ text: name.substring(k * per, k * per + per), size: LABEL_SIZE, dy: (k - (n - 1) / 2) * pitch });
        return out;
    }
    var size = Math.min(LABEL_SIZE, width / name.length);
    if (size < 7) die("name " + name + " does not fit its cell");
    return [{ text: name, size: size, dy: 0 }];
}

// The next placeholder row of the table: its first line of … alone in the code column.
function placeholder(within) {
    var ph = null;
    for (var pp = 0; pp < pages.length && !ph; pp++)
        pages[pp].lines.forEach(function (l) { if (!ph && !l.used && /^…+$/.test(l.text) && within(l)) ph = l; });
    return ph;
}

var tables = parseTables(ref), placed = 0;
var cursor = { page: 0, y: 0 }, written = 0, expected = 0;
tables.forEach(function (t) {
    var title = null;
    for (var pi = cursor.page; pi < pages.length && !title; pi++)
        pages[pi].lines.forEach(function (l) { if (!title && l.text === t.title && after(l, cursor)) title = l; });
    if (!title) die("table " + t.title + " not found in the template");
    cursor = { page: title.page, y: title.y1 };
    // the table ends at its note (注：…)
    var end = null;
    for (var pe = title.page; pe < pages.length && !end; pe++)
        pages[pe].lines.forEach(function (l) { if (!end && /^注：/.test(l.text) && after(l, cursor)) end = l; });
    if (!end) die("table " + t.title + " has no note after it");
    var within = function (l) { return after(l, cursor) && !after(l, { page: end.page, y: end.y0 }); };
    t.rows.forEach(function (row) {
        var groups = groupsOf(t, row.length), rowBand = null, rowPage = null, leftX = -1;
        groups.forEach(function (gr) {
            var values = gr.values.filter(function (c) { return c < row.length && isAmount(row[c]); });
            if (!values.length) return;
            expected += values.length;
            var labels = gr.labels.map(function (c) { return norm(row[c] || ""); }).filter(function (s) { return s !== ""; });
            var g, b, cs, start;
            if (!labels.length) {
                // no label (三公): the first ruled row under the cursor with no text in it
                g = pages[cursor.page];
                var ys = g.hs.map(function (h) { return h.y; }).filter(function (y) { return y > cursor.y; })
                    .sort(function (a, c) { return a - c; });
                for (var i = 0; i + 1 < ys.length && !b; i++) {
                    if (ys[i + 1] - ys[i] < 5) continue;
                    var empty = !g.lines.some(function (l) { var m = (l.y0 + l.y1) / 2; return m > ys[i] && m < ys[i + 1]; });
                    if (empty) b = { y0: ys[i], y1: ys[i + 1] };
                }
                if (!b) die(t.title + ": no empty row for " + row.join("|"));
                cs = cells(g, b);
                start = 0;
                rowPage = cursor.page;
            } else {
                var key = labels[0], found = null;
                for (var pj = cursor.page; pj < pages.length && !found; pj++) {
                    if (rowBand && pj !== rowPage) break;
                    pages[pj].lines.forEach(function (l) {
                        if (found || !matches(l.text, key)) return;
                        if (rowBand) {
                            var m = (l.y0 + l.y1) / 2;
                            if (m > rowBand.y0 && m < rowBand.y1 && l.x0 > leftX) found = l;
                        } else if (within(l)) found = l;
                    });
                }
                if (!found && !rowBand && /^[0-9]+$/.test(key) && labels.length === 2) {
                    // a code the template does not print: the next placeholder row (…) takes it
                    var ph = placeholder(within);
                    if (!ph) die(t.title + ": no placeholder row left for " + key);
                    g = pages[ph.page];
                    b = band(g, (ph.x0 + ph.x1) / 2, ph.y0, ph.y1);
                    if (!b) die(t.title + ": placeholder row for " + key + " has no rulings");
                    cs = cells(g, b);
                    var codeCell = -1;
                    for (var cc = 0; cc < cs.length; cc++) if (cs[cc].x0 < ph.x0 && cs[cc].x1 > ph.x0) codeCell = cc;
                    if (codeCell < 0 || !cs[codeCell + 1]) die(t.title + ": placeholder row for " + key + " has no cells");
                    var dots = g.lines.filter(function (l) { var m = (l.y0 + l.y1) / 2; return /^…+$/.test(l.text) && m > b.y0 && m < b.y1; });
                    var nameAt = dots.filter(function (l) { return l.x0 > cs[codeCell + 1].x0 && l.x0 < cs[codeCell + 1].x1; })[0];
                    dots.forEach(function (l) { l.used = true; g.removed.push(l.origin); });
                    var mid = (b.y0 + b.y1) / 2, nameCell = cs[codeCell + 1];
                    var nameX = nameAt ? nameAt.x0 : nameCell.x0 + (ph.x0 - cs[codeCell].x0);
                    g.out.push({ label: true, text: key, x: ph.x0, base: mid + LABEL_SIZE * 0.36, size: LABEL_SIZE,
                                 band: b, cell: cs[codeCell] });
                    nameLines(labels[1], nameCell.x1 - nameX - 1, b.y1 - b.y0).forEach(function (nl) {
                        g.out.push({ label: true, text: nl.text, x: nameX, base: mid + nl.dy + nl.size * 0.36, size: nl.size,
                                     band: b, cell: nameCell });
                    });
                    start = codeCell + gr.labels.length;
                    rowPage = ph.page;
                    placed++;
                } else {
                if (!found) die(t.title + ": row " + key + " not found after page " + cursor.page + " y " + cursor.y + (rowBand ? " in band " + rowBand.y0 + "-" + rowBand.y1 + " right of " + leftX : ""));
                g = pages[found.page];
                b = band(g, (found.x0 + found.x1) / 2, found.y0, found.y1);
                if (!b) die(t.title + ": row " + key + " has no rulings");
                // the label's last line: lines of the row right of the key that spell its labels,
                // in the cells its label columns may take (a merged 合计 cell takes one)
                cs = cells(g, b);
                var cellOf = function (x) { for (var i = 0; i < cs.length; i++) if (cs[i].x0 < x && cs[i].x1 > x) return i; return -1; };
                var whole = labels.join(""), end = found.x1, last = cellOf(found.x1 - 1) + gr.labels.length - 1;
                g.lines.forEach(function (l) {
                    var m = (l.y0 + l.y1) / 2;
                    if (l === found || m <= b.y0 || m >= b.y1 || l.x0 < found.x0 || l.text === "…") return;
                    if (whole.indexOf(l.text) >= 0 && l.x1 > end && cellOf(l.x1 - 1) <= last) end = l.x1;
                });
                start = -1;
                for (var ci = 0; ci < cs.length; ci++) if (cs[ci].x0 < end - 1 && cs[ci].x1 > end - 1) start = ci + 1;
                if (start < 0) die(t.title + ": row " + key + " is in no cell");
                rowPage = found.page;
                }
            }
            gr.values.forEach(function (c, k) {
                if (c >= row.length || !isAmount(row[c])) return;
                var cell = cs[start + k];
                if (!cell) die(t.title + ": row " + row.join("|") + " has no cell for column " + (c + 1));
                put(g, cell, b, row[c]);
                written++;
            });
            leftX = cs[start + gr.values.length - 1] ? cs[start + gr.values.length - 1].x1 - 1 : leftX;
            rowBand = b;
            cursor = { page: rowPage, y: b.y1 - 1 };
        });
    });
});
if (written !== expected) die("wrote " + written + " of " + expected + " amounts");

pages.forEach(function (g) { if (g.out.length) writePage(g); });
doc.save(scriptArgs[2], "compress,garbage");
verify(scriptArgs[2]);
print("fill.js: wrote " + written + " amounts into " + scriptArgs[2] + (placed ? ", " + placed + " rows into placeholder rows" : ""));
