#!/usr/bin/env bash
# Subsets the Noto Sans and Noto Sans Arabic fonts the PDF renderer embeds, so briefings stay small.
#
# SkiaSharp's PDF backend embeds each font file whole, so the shipped fonts carry only the characters a
# briefing uses: Latin text, typographic punctuation, currency and a few maths signs in Noto Sans; Arabic
# letters, marks, punctuation and their joined forms in Noto Sans Arabic (the Arabic edition). Re-run this
# script after changing a character list; commit the output (src/LlmPulse.Rendering/Fonts/).
#
#   scripts/subset-fonts.sh
#   NOTO_FONTS_DIR=/path/to/fonts scripts/subset-fonts.sh
#
# Input: NotoSans-{Regular,Bold,Italic}.ttf, NotoSansArabic-{Regular,Bold}.ttf and COPYRIGHT-fonts-noto-core
# from $NOTO_FONTS_DIR, by default
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
python=()
if [ ${#subsetter[@]} -gt 1 ]; then
  python=("${subsetter[0]}")
else
  for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import fontTools.ttLib' >/dev/null 2>&1; then
      python=("$candidate")
      break
    fi
  done
fi
if [ ${#subsetter[@]} -eq 0 ] || [ ${#python[@]} -eq 0 ]; then
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
# Noto Sans Arabic draws Arabic-script runs only: Latin letters and digits inside Arabic text come from Noto
# Sans (the renderer picks the font per script run), so this list holds no Latin beyond the spaces. The
# Arabic letters are those of Arabic itself (the Persian, Urdu and other extensions of U+0672-06FF and their
# joined forms would double the file for letters no edition writes).
arabic_unicodes=(
  U+0020 U+00A0 # spaces inside Arabic runs
  U+060C U+061B U+061F # Arabic comma, semicolon, question mark
  U+0621-063A # hamza and the letters alef to ghain
  U+0640-065F # tatweel, the letters feh to yeh, harakat (fatha, damma, kasra, shadda, sukun, tanween) and marks
  U+0660-066D # Arabic-Indic digits, Arabic percent sign, decimal and thousands separators
  U+0670-0671 # superscript alef, alef wasla
  U+FE70-FEFF # Presentation Forms-B: the joined (initial, medial, final) forms and lam-alef ligatures. HarfBuzz
              # picks these glyphs through the font's init/medi/fina/rlig features anyway; keeping their code
              # points in the cmap lets the PDF's ToUnicode map name each joined glyph, so the text extracts.
  U+200C-200F # ZWNJ, ZWJ (joining control), LRM, RLM
  U+25CC      # dotted circle, which HarfBuzz shows under a mark that has no base
)

list_of() { printf '%s\n' "$@" | sed 's/#.*//' | tr -s ' \n' ',' | sed 's/^,//; s/,$//'; }
unicode_list="$(list_of "${unicodes[@]}")"
arabic_unicode_list="$(list_of "${arabic_unicodes[@]}")"

mkdir -p "$output_dir"
subset() {
  local family="$1" style="$2" list="$3"
  local input="$source_dir/$family-$style.ttf"
  local output="${4:-$output_dir/$family-$style.subset.ttf}"
  # Hinting is dropped (PDF viewers rasterise at their own sizes); fontTools' default layout features stay for
  # HarfBuzz (Arabic joining: init, medi, fina, isol, rlig for lam-alef; mark positioning); all name records
  # stay so the copyright and licence notices travel with the font.
  "${subsetter[@]}" "$input" \
    --output-file="$output" \
    --unicodes="$list" \
    --no-hinting \
    --name-IDs='*' \
    --name-languages='*' \
    --notdef-outline \
    --no-recalc-timestamp \
    "${@:5}"
  echo "$output: $(wc -c <"$output") bytes (from $(wc -c <"$input"))"
}

for style in Regular Bold Italic; do
  subset NotoSans "$style" "$unicode_list"
done

# Arabic shaping also reaches ligature glyphs (lam with alef maksura in "على", "إلى") that only the font's
# Presentation Forms-A code points name. A glyph without a code point has no ToUnicode entry in the PDF and
# vanishes from extracted text, so the code points of every reachable glyph that has one are added too.
ligature_code_points() {
  "${python[@]}" - "$1" "$2" <<'PY'
import sys
from fontTools.ttLib import TTFont
full, subset = TTFont(sys.argv[1]), TTFont(sys.argv[2])
mapped = set(subset.getBestCmap().values())
by_glyph = {}
for code, glyph in sorted(full.getBestCmap().items()):
    by_glyph.setdefault(glyph, code)
extra = sorted(by_glyph[g] for g in subset.getGlyphOrder() if g not in mapped and g in by_glyph)
print(",".join("U+%04X" % code for code in extra))
PY
}

probe_dir="$(mktemp -d)"
trap 'rm -rf "$probe_dir"' EXIT
for style in Regular Bold; do
  # A probe subset keeps glyph names, so its glyphs can be found in the whole font's cmap.
  probe="$probe_dir/NotoSansArabic-$style.ttf"
  subset NotoSansArabic "$style" "$arabic_unicode_list" "$probe" --glyph-names >/dev/null
  extra="$(ligature_code_points "$source_dir/NotoSansArabic-$style.ttf" "$probe")"
  if [ -n "$extra" ]; then
    echo "NotoSansArabic-$style: adding the code points of reachable ligature glyphs: $extra"
    subset NotoSansArabic "$style" "$arabic_unicode_list,$extra"
  else
    subset NotoSansArabic "$style" "$arabic_unicode_list"
  fi
done

# Both families are under the same licence file (Debian's fonts-noto-core copyright, SIL OFL 1.1).
# install, not cp: the source may be read-only, and the copy must stay writable for the next run.
install -m 0644 "$source_dir/COPYRIGHT-fonts-noto-core" "$output_dir/OFL-NotoSans.txt"
echo "$output_dir/OFL-NotoSans.txt: licence copied"
