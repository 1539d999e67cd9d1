#!/usr/bin/env bash
# Subsets the Noto Sans fonts the PDF renderer embeds, so briefings stay small.
#
# SkiaSharp's PDF backend embeds each font file whole, so the shipped fonts carry only the characters a
# briefing uses: Latin text, typographic punctuation, currency and a few maths signs. Re-run this script
# after changing the character list; commit the output (src/LlmPulse.Rendering/Fonts/).
#
#   scripts/subset-fonts.sh
#   NOTO_FONTS_DIR=/path/to/fonts scripts/subset-fonts.sh
#
# Input: NotoSans-{Regular,Bold,Italic}.ttf and COPYRIGHT-fonts-noto-core from $NOTO_FONTS_DIR, by default
# the shared folder beside the repository (<repo>/../shared/fonts).
# Needs fontTools' subsetter: Debian/Ubuntu `apt-get install -y python3-fonttools`, or `pip install fonttools`.
# The output is reproducible for a given fontTools version: no timestamps are recalculated.
set -euo pipefail

repo_root="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
source_dir="${NOTO_FONTS_DIR:-$repo_root/../shared/fonts}"
output_dir="$repo_root/src/LlmPulse.Rendering/Fonts"

# Debian's python3-fonttools ships the module without the pyftsubset launcher, and a pyenv/venv python3 on
# PATH may lack the module, so try each in turn.
subsetter=()
if command -v pyftsubset >/dev/null 2>&1; then
  subsetter=(pyftsubset)
else
  for python in python3 /usr/bin/python3; do
    if command -v "$python" >/dev/null 2>&1 && "$python" -c 'import fontTools.subset' >/dev/null 2>&1; then
      subsetter=("$python" -m fontTools.subset)
      break
    fi
  done
fi
if [ ${#subsetter[@]} -eq 0 ]; then
  echo "fontTools is not installed. Install it with: apt-get install -y python3-fonttools (or: pip install fonttools)" >&2
  exit 1
fi

if [ ! -d "$source_dir" ]; then
  echo "Font folder not found: $source_dir (set NOTO_FONTS_DIR)" >&2
  exit 1
fi

# Characters the briefing may contain. Code points a font lacks are skipped by the subsetter; the renderer
# substitutes plain equivalents for those at draw time (the 2020 Noto Sans has no U+2212, U+2248, U+2264,
# U+2265, arrows or geometric shapes).
unicodes=(
  U+0020-007E # Basic Latin
  U+00A0-00FF # Latin-1 Supplement: accented letters, NBSP, currency (pound, yen), multiplication sign
  U+0100-017F # Latin Extended-A: names of people, places and companies across Europe
  U+0192      # florin, in Windows-1252 text
  U+02C6 U+02DC # modifier circumflex and tilde, in Windows-1252 text
  U+2000-206F # General Punctuation: dashes, quotes, bullet, ellipsis, daggers, per mille, thin spaces
  U+20AC      # euro
  U+2122      # trade mark
  U+2190-2199 # arrows
  U+2212      # minus sign
  U+2248      # almost equal to
  U+2264-2265 # less/greater than or equal to
  U+25B2 U+25BC # up/down triangles for changes
)
unicode_list="$(printf '%s\n' "${unicodes[@]}" | sed 's/#.*//' | tr -s ' \n' ',' | sed 's/^,//; s/,$//')"

mkdir -p "$output_dir"
for style in Regular Bold Italic; do
  input="$source_dir/NotoSans-$style.ttf"
  output="$output_dir/NotoSans-$style.subset.ttf"
  # Hinting is dropped (PDF viewers rasterise at their own sizes); layout features stay so a later HarfBuzz
  # pass can kern; all name records stay so the copyright and licence notices travel with the font.
  "${subsetter[@]}" "$input" \
    --output-file="$output" \
    --unicodes="$unicode_list" \
    --no-hinting \
    --name-IDs='*' \
    --name-languages='*' \
    --notdef-outline \
    --no-recalc-timestamp
  echo "$output: $(wc -c <"$output") bytes (from $(wc -c <"$input"))"
done

# install, not cp: the source may be read-only, and the copy must stay writable for the next run.
install -m 0644 "$source_dir/COPYRIGHT-fonts-noto-core" "$output_dir/OFL-NotoSans.txt"
echo "$output_dir/OFL-NotoSans.txt: licence copied"
