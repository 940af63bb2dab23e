#!/bin/sh
# screenshots.sh GFA OUTDIR [INPUT...] — render reports to HTML with gfa and take PNG
# screenshots with headless Chromium (Debian's chromium package), so a person can look at
# the pages. Not part of `make check`: it needs a browser and fonts (fonts-noto-cjk).
#   make screenshots              the bundled sample into build/screenshots/
# Each INPUT gives OUTDIR/NAME.html, OUTDIR/NAME.png (the first screen, 1280 px wide) and
# OUTDIR/NAME-full.png (the whole page, 1280 px wide). Chromium runs without network
# access to anything (the page is self-contained) and with a fresh profile.
set -eu
gfa=${1:?usage: screenshots.sh GFA OUTDIR [INPUT...]}
out=${2:?usage: screenshots.sh GFA OUTDIR [INPUT...]}
shift 2
[ $# -gt 0 ] || set -- "${GFA_SRCDIR:-.}/samples/yangcheng-2024-unit.txt"

browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
  echo "screenshots.sh: no Chromium found; install it with: apt-get install -y chromium fonts-noto-cjk" >&2
  exit 2
fi

mkdir -p "$out"
profile=$(mktemp -d "${TMPDIR:-/tmp}/gfa-chromium.XXXXXX")
trap 'rm -rf "$profile"' EXIT INT TERM

shot() { # shot HTML PNG HEIGHT
  "$browser" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync \
    --no-first-run --no-default-browser-check --disable-extensions \
    --user-data-dir="$profile" --hide-scrollbars --force-device-scale-factor=1 \
    --window-size="1280,$3" --screenshot="$2" "file://$1" >/dev/null 2>&1
}

for input in "$@"; do
  "$gfa" render -q --format html -o "$out" "$input"
  name=$(basename "$input"); name=${name%.*}
  html=$(cd "$out" && pwd)/$name.html
  shot "$html" "$out/$name.png" 1000
  # The whole page: tall enough for the sample (about 60 screens of 1000 px).
  shot "$html" "$out/$name-full.png" "${GFA_SCREENSHOT_HEIGHT:-30000}"
  echo "screenshots.sh: wrote $out/$name.png and $out/$name-full.png"
done

# Print (issue 12): Chromium prints each page to PDF as a publisher would; no printed page
# may hold only a table's 注 line, and 公开01 must fit on one (landscape) page. Needs
# pdftotext (poppler-utils); skipped without it.
if command -v pdftotext >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1; then
  bad=0
  for input in "$@"; do
    name=$(basename "$input"); name=${name%.*}
    html=$(cd "$out" && pwd)/$name.html
    "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$profile" \
      --no-pdf-header-footer --print-to-pdf="$out/$name.pdf" "file://$html" >/dev/null 2>&1
    pages=$(pdfinfo "$out/$name.pdf" | awk '/^Pages/{print $2}')
    gk01=0
    i=1
    while [ "$i" -le "$pages" ]; do
      text=$(pdftotext -f "$i" -l "$i" "$out/$name.pdf" - | grep -v '^[[:space:]]*$')
      if [ "$(printf '%s\n' "$text" | wc -l)" -le 2 ] && printf '%s' "$text" | grep -q '^注'; then
        echo "screenshots.sh: $name.pdf page $i holds only a note: $text" >&2; bad=1
      fi
      printf '%s' "$text" | grep -q '收入支出决算总表' && printf '%s' "$text" | grep -q '总计' && gk01=1
      i=$((i + 1))
    done
    if grep -q 'data-table="gk01"' "$html" && [ "$gk01" = 0 ]; then
      echo "screenshots.sh: $name.pdf: 公开01 does not fit on one page" >&2; bad=1
    fi
    echo "screenshots.sh: wrote $out/$name.pdf ($pages pages, checked)"
  done
  exit $bad
fi
