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
