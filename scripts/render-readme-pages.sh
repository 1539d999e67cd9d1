#!/usr/bin/env bash
# Renders the README's pictures of the briefing from a real run: ./run.sh (seeds -> Azurite -> PDF), then
# pdftoppm on the first pages, and the cover picture `llmpulse open` writes. Needs poppler-utils (apt-get install -y poppler-utils).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v pdftoppm >/dev/null || { echo "render-readme-pages.sh: needs pdftoppm (apt-get install -y poppler-utils)" >&2; exit 1; }

./run.sh
pdf=$(ls -t out/llmpulse-*.pdf | head -n 1)
mkdir -p docs/images
rm -f docs/images/briefing-page-*.png
pdftoppm -png -r 60 -f 1 -l 3 "$pdf" docs/images/briefing-page

month=$(basename "$pdf" .pdf | sed 's/^llmpulse-//')
./run.sh briefing "$month" --lang ar --out out/
rm -f docs/images/briefing-ar-page-*.png
pdftoppm -png -r 60 -f 1 -l 2 "out/llmpulse-$month.ar.pdf" docs/images/briefing-ar-page

# The cover picture the email carries, drawn by the renderer itself (not pdftoppm): what `open` writes.
./run.sh open "$month" --out out/
cp "out/llmpulse-$month.cover.png" docs/images/briefing-cover.png
ls -1 docs/images/*.png
