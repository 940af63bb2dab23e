#!/bin/sh
# make.sh — the PDFs of tests/corpus/rotated (issue 10: page geometry as publishers produce
# it), made from pages of ../generated/lo-html-landscape-serif.pdf by mutool (mupdf-tools)
# with geom.js, and their reference: gfa's instance of the same pages as printed (upright,
# A4 landscape), which every variant must read to. Review the reference before committing it.
#   usage: sh tests/corpus/rotated/make.sh GFA   (from the top of the tree; GFA_DATADIR set)
set -eu
gfa=$(cd "$(dirname "${1:?usage: make.sh GFA}")" && pwd)/$(basename "$1")
export GFA_DATADIR=$(cd "${GFA_DATADIR:-.}" && pwd)
here=tests/corpus/rotated
src=tests/corpus/generated/lo-html-landscape-serif.pdf
tmp=${TMPDIR:-/tmp}/rotated.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
# 公开01 and 公开02 (two pages each), 公开07 and 公开08 (no data: a note says so) and the
# first 项目支出绩效自评表 (two pages)
mutool merge -o "$tmp/landscape.pdf" "$src" 6-9,18-19,30-31
# a viewer shows every page upright: /Rotate 90, 270, 180 over counter-turned content, a
# MediaBox not at 0,0, a CropBox inside a larger MediaBox
mutool run $here/geom.js "$tmp/landscape.pdf" $here/landscape-rotate.pdf \
    rot90,rot270,rot180,origin,crop,rot90,rot270,rot180
# the tables drawn turned on portrait sheets (no /Rotate: the reader turns the paper), a
# page number printed upright at the sheet's foot on some (beside 公开07's note, on its
# baseline); one page upside down
mutool run $here/geom.js "$tmp/landscape.pdf" $here/landscape-turned.pdf \
    ccw+num,cw+num,ccw,cw,ccw+num,cw+num,r180,ccw+num
# a portrait report (its cover, contents and part one; the forms scaled onto portrait
# pages) with an A3 page and the tables on landscape pages, turned or rotated or not, that
# carry a running header of their own
mutool merge -o "$tmp/report.pdf" "$src" 1-9,18-19,30-31
mutool run $here/geom.js "$tmp/report.pdf" $here/landscape-mixed.pdf \
    portrait,portrait,portrait,portrait,a3,rot90+head,ccw+head+num,upright+head,cw+head+num,ccw+head+num,upright+head,portrait,portrait
# what pdftotext makes of the turned pages (it turns them too; -raw breaks their lines
# after every word)
pdftotext -layout -enc UTF-8 $here/landscape-turned.pdf $here/landscape-turned.layout.txt
pdftotext -raw -enc UTF-8 $here/landscape-turned.pdf $here/landscape-turned.raw.txt
top=$(pwd)
(cd "$tmp" && "$gfa" convert -q --exit-zero -o "$top/$here/landscape.ref.xml" landscape.pdf)
# landscape-mixed.pdf's own reference: the same pages upright (it holds part one too, whose
# staff count the clean text finds wrong: GFA-STAFF-001, a finding of the report, not of
# a reader)
mutool merge -o "$tmp/landscape-mixed.pdf" "$src" 1-9,18-19,30-31
(cd "$tmp" && "$gfa" convert -q --exit-zero -o "$top/$here/landscape-mixed.ref.xml" landscape-mixed.pdf)
