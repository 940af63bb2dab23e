// geom.js — sets a PDF's pages in the geometries publishers produce (mutool run; MuPDF 1.21).
// usage: mutool run geom.js IN.pdf OUT.pdf SPEC[,SPEC…]
// Page i takes SPEC number i (the list repeats). A SPEC is a geometry, then modifiers:
//   upright  as it is (the content moved to a MediaBox at 0,0)
//   rot90    a portrait MediaBox with /Rotate 90, the content turned so that a viewer shows
//            it as before; rot270 and rot180 alike
//   ccw, cw  the content turned a quarter on a portrait sheet, no /Rotate: its text runs
//            bottom to top (ccw) or top to bottom (cw); r180: upside down
//   origin   the MediaBox at 100,200, not 0,0
//   crop     a CropBox at 50,70 inside a larger MediaBox
//   a3       scaled by √2 (A4 to A3)
//   portrait a landscape page scaled into an A4 portrait MediaBox, at its top
//   +num     a page number drawn upright at the sheet's foot, outside the turned content
//   +head    a running header at the top of the content (turned with it)
var doc = new PDFDocument(scriptArgs[0]);
var specs = scriptArgs[2].split(",");
var font = null;
function num(o) { return Number(o.valueOf()); }
function helvetica(page) {
    if (!font)
        font = doc.addObject({Type: "Font", Subtype: "Type1", BaseFont: "Helvetica"});
    var res = page.get("Resources");
    var fonts = res.get("Font");
    if (fonts == null || fonts.isNull()) { fonts = doc.newDictionary(); res.put("Font", fonts); }
    fonts.put("FGeom", font);
}
for (var i = 0, n = doc.countPages(); i < n; i++) {
    var page = doc.findPage(i), p = page, mb = page.get("MediaBox");
    while (mb == null || mb.isNull()) { p = p.get("Parent"); mb = p.get("MediaBox"); }
    var x0 = num(mb.get(0)), y0 = num(mb.get(1)), W = num(mb.get(2)) - x0, H = num(mb.get(3)) - y0;
    var mods = specs[i % specs.length].split("+"), g = mods[0];
    var cm = [1, 0, 0, 1, 0, 0], box = [0, 0, W, H], crop = null, rot = 0;
    if (g == "rot90" || g == "ccw") { cm = [0, 1, -1, 0, H, 0]; box = [0, 0, H, W]; }
    if (g == "rot270" || g == "cw") { cm = [0, -1, 1, 0, 0, W]; box = [0, 0, H, W]; }
    if (g == "rot180" || g == "r180") cm = [-1, 0, 0, -1, W, H];
    if (g.indexOf("rot") == 0) rot = Number(g.substring(3));
    if (g == "origin") { cm = [1, 0, 0, 1, 100, 200]; box = [100, 200, 100 + W, 200 + H]; }
    if (g == "crop") { cm = [1, 0, 0, 1, 50, 70]; box = [0, 0, W + 100, H + 140]; crop = [50, 70, 50 + W, 70 + H]; }
    if (g == "a3") { cm = [Math.SQRT2, 0, 0, Math.SQRT2, 0, 0]; box = [0, 0, W * Math.SQRT2, H * Math.SQRT2]; }
    if (g == "portrait") { var k = 595.3 / W; cm = [k, 0, 0, k, 0, 841.9 - H * k]; box = [0, 0, 595.3, 841.9]; }
    var head = "", foot = "";
    if (mods.indexOf("head") >= 0) {
        helvetica(page);
        head = "BT /FGeom 9 Tf " + (W - 200) + " " + (H - 24) + " Td (Final accounts 2024) Tj ET\n";
    }
    if (mods.indexOf("num") >= 0) {
        helvetica(page);
        foot = "BT /FGeom 10 Tf " + ((box[0] + box[2]) / 2 - 10) + " " + (box[1] + 20) + " Td (- " + (i + 1) + " -) Tj ET\n";
    }
    // the content was drawn for a MediaBox at x0,y0: moved to 0,0, then set
    var pre = "q " + cm.join(" ") + " cm 1 0 0 1 " + (-x0) + " " + (-y0) + " cm\n";
    var c = page.get("Contents"), arr = doc.newArray();
    arr.push(doc.addStream(pre, null));
    if (c.isArray()) { for (var k2 = 0; k2 < c.length; k2++) arr.push(c.get(k2)); } else arr.push(c);
    arr.push(doc.addStream("\n" + head + "Q\n" + foot, null));
    page.put("Contents", arr);
    page.put("MediaBox", box);
    page.delete("CropBox");
    if (crop) page.put("CropBox", crop);
    if (rot) page.put("Rotate", rot); else page.delete("Rotate");
}
doc.save(scriptArgs[1], "compress,garbage");
