#!/usr/bin/env bash
# Publishes the Functions app as `azd deploy` ships it to Flex Consumption (Linux x64, framework-dependent) and
# checks the package: the function metadata the host reads, the collectors' sources.json and the telemetry
# assemblies, native graphics libraries for linux-x64 only, the fonts and their licence, no test assemblies. Prints the package size, unpacked and zipped.
#
#   scripts/check-publish.sh                  # publish to a temporary folder, check it, delete it
#   scripts/check-publish.sh --out DIR        # publish into DIR and keep it
#   scripts/check-publish.sh --package DIR    # only check a folder published before (or an unzipped `azd package`)
#   scripts/check-publish.sh --as-azd         # publish as azd does, without -r (`dotnet publish -c Release -o`):
#                                             # passes only if the project itself picks linux-x64 on publish
#
# The build goes to its own artifacts folder (--artifacts-path), so it never touches the bin/ and obj/ folders
# that test.sh or an IDE build uses (a RID-specific restore there would rewrite their assets files).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

project=src/LlmPulse.Functions/LlmPulse.Functions.csproj
rid=linux-x64

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="$work/publish"
publish=true
rid_args=(-r "$rid" --self-contained false)
case "${1:-}" in
  "") ;;
  --as-azd) rid_args=() ;;
  --out) out="${2:?--out needs a folder}" ;;
  --package) out="${2:?--package needs a folder}"; publish=false ;;
  *) echo "usage: $0 [--out DIR | --package DIR | --as-azd]" >&2; exit 2 ;;
esac

say() { printf '%s\n' "$*"; }
failures=0
fail() { say "  FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { say "  ok: $*"; }

if [ "$publish" = true ]; then
  if [ -d "$out" ] && [ -n "$(ls -A "$out")" ] && [ ! -f "$out/functions.metadata" ]; then
    say "check-publish: $out is not empty and holds no earlier package; not deleting it" >&2
    exit 2
  fi
  rm -rf "$out"
  mkdir -p "$out"
  say "check-publish: dotnet publish $project -c Release ${rid_args[*]}"
  dotnet publish "$project" -c Release "${rid_args[@]}" -o "$out" \
    --artifacts-path "$work/artifacts" -nologo -v quiet --disable-build-servers -p:UseSharedCompilation=false \
    >"$work/publish.log" 2>&1 || { cat "$work/publish.log" >&2; say "check-publish: FAILED: dotnet publish failed" >&2; exit 1; }
else
  [ -d "$out" ] || { say "check-publish: $out is not a folder" >&2; exit 2; }
  say "check-publish: checking the package in $out"
fi

cd "$out"

# --- What the Functions host reads ------------------------------------------------------------------------
for file in functions.metadata host.json worker.config.json extensions.json LlmPulse.Functions.dll; do
  if [ -f "$file" ]; then ok "$file"; else fail "$file is missing"; fi
done
if [ -f functions.metadata ]; then
  functions="$(grep -o '"name": *"[A-Za-z]*"' functions.metadata | grep -c . || true)"
  if grep -q '"scriptFile": *"LlmPulse.Functions.dll"' functions.metadata && [ "$functions" -gt 0 ]; then
    ok "functions.metadata declares functions in LlmPulse.Functions.dll"
  else
    fail "functions.metadata declares no function of LlmPulse.Functions.dll"
  fi
fi
if [ -f local.settings.json ] || [ -f local.settings.sample.json ]; then
  fail "local settings are in the package"
fi

# --- What the app reads from its own folder --------------------------------------------------------------
# The collectors' source definitions (Collectors__SourcesFile, relative to the app's folder).
if [ -f sources.json ] && python3 -c 'import json,sys; d=json.load(open("sources.json")); sys.exit(0 if d.get("Sources") else 1)' 2>/dev/null; then
  ok "sources.json defines the collectors' sources"
elif [ -f sources.json ] && ! command -v python3 >/dev/null 2>&1; then
  ok "sources.json (not parsed: no python3)"
else
  fail "sources.json with a Sources section is missing"
fi
# Worker telemetry: Application Insights for the isolated worker (Program.cs, AddLlmPulseTelemetry).
for dll in Microsoft.Azure.Functions.Worker.ApplicationInsights.dll Microsoft.ApplicationInsights.WorkerService.dll; do
  if [ -f "$dll" ]; then ok "$dll"; else fail "$dll is missing: the worker's logs would not reach Application Insights"; fi
done

# --- Native libraries: linux-x64 only ---------------------------------------------------------------------
for lib in libSkiaSharp.so libHarfBuzzSharp.so; do
  found="$(find . -name "$lib" -print -quit)"
  if [ -z "$found" ]; then
    fail "$lib (linux-x64) is missing"
  elif ! file -L "$found" 2>/dev/null | grep -q 'x86-64'; then
    # `file` may be missing; fall back to the ELF header: class 64-bit (byte 5 = 2) and machine x86-64 (0x3e).
    header="$(od -An -tx1 -N20 "$found" | tr -d ' \n')"
    if [ "${header:0:8}" = "7f454c46" ] && [ "${header:8:2}" = "02" ] && [ "${header:36:2}" = "3e" ]; then
      ok "$found is an x86-64 ELF library"
    else
      fail "$found is not an x86-64 ELF library"
    fi
  else
    ok "$found is an x86-64 ELF library"
  fi
done
# .azurefunctions/ is the host's extension folder (the Storage queues extension and its dependencies), restored
# by the Worker SDK for the host to load; its few managed runtimes/win and runtimes/browser assemblies (about
# 1 MB, no native code) are never loaded on Linux. The app's own output must hold no other platform.
other_runtimes="$(find . -path ./.azurefunctions -prune -o -type d -path '*/runtimes/*' -print | sed -n 's|.*/runtimes/\([^/]*\).*|\1|p' | sort -u | grep -vx "$rid" || true)"
if [ -n "$other_runtimes" ]; then
  fail "runtimes/ folders for other platforms: $(echo $other_runtimes)"
else
  ok "no runtimes/ folder for another platform"
fi
foreign_natives="$(find . \( -iname '*.dylib' -o -iname 'libSkiaSharp.dll' -o -iname 'libHarfBuzzSharp.dll' -o -iname '*.so' -path '*arm*' -o -iname '*.so' -path '*musl*' \) | sort || true)"
if [ -n "$foreign_natives" ]; then
  fail "native libraries for other platforms: $(echo $foreign_natives)"
else
  ok "no native library for Windows, macOS, musl or Arm"
fi
# Any other ELF file must be x86-64 as well.
while IFS= read -r -d '' so; do
  header="$(od -An -tx1 -N20 "$so" | tr -d ' \n')"
  if [ "${header:0:8}" = "7f454c46" ] && { [ "${header:8:2}" != "02" ] || [ "${header:36:2}" != "3e" ]; }; then
    fail "$so is an ELF file for another architecture"
  fi
done < <(find . -name '*.so' -print0)

# --- Fonts ------------------------------------------------------------------------------------------------
if [ -f licenses/OFL-NotoSans.txt ] && grep -q 'SIL Open Font License' licenses/OFL-NotoSans.txt; then
  ok "licenses/OFL-NotoSans.txt (SIL Open Font License)"
else
  fail "licenses/OFL-NotoSans.txt with the SIL Open Font License is missing"
fi
if [ -f LlmPulse.Rendering.dll ]; then
  # Embedded resources keep their logical names in the assembly's manifest: one per font file of the project.
  expected="$(cd "$repo_root/src/LlmPulse.Rendering/Fonts" && ls *.ttf 2>/dev/null | sort)"
  missing=""
  for font in $expected; do
    if ! grep -aq "LlmPulse.Rendering.Fonts.$font" LlmPulse.Rendering.dll; then
      missing="$missing $font"
    fi
  done
  if [ -z "$expected" ]; then
    fail "src/LlmPulse.Rendering/Fonts holds no .ttf file"
  elif [ -n "$missing" ]; then
    fail "fonts not embedded in LlmPulse.Rendering.dll:$missing"
  else
    ok "LlmPulse.Rendering.dll embeds $(echo "$expected" | wc -l | tr -d ' ') fonts ($(echo $expected))"
  fi
else
  fail "LlmPulse.Rendering.dll is missing"
fi

# --- Nothing from the tests -------------------------------------------------------------------------------
test_files="$(find . \( -iname 'xunit*' -o -iname 'Microsoft.TestPlatform*' -o -iname 'Microsoft.VisualStudio.TestPlatform*' \
  -o -iname 'testhost*' -o -iname '*Tests.dll' -o -iname 'UglyToad.PdfPig*' -o -iname 'PdfPig*' -o -iname 'Microsoft.Extensions.TimeProvider.Testing*' \
  -o -iname 'Microsoft.NET.Test.Sdk*' -o -iname 'coverlet*' \) | sort || true)"
if [ -n "$test_files" ]; then
  fail "test-only files in the package: $(echo $test_files)"
else
  ok "no test assembly (xunit, test platform, *Tests.dll, PdfPig)"
fi

# --- Size -------------------------------------------------------------------------------------------------
files="$(find . -type f | wc -l | tr -d ' ')"
unpacked="$(du -sh . | cut -f1)"
zip_size="?"
if command -v zip >/dev/null 2>&1; then
  zip -qr -9 "$work/package.zip" .
  zip_size="$(du -h "$work/package.zip" | cut -f1)"
elif command -v python3 >/dev/null 2>&1; then
  python3 - "$work/package.zip" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for root, _, names in os.walk("."):
        for name in names:
            z.write(os.path.join(root, name))
PY
  zip_size="$(du -h "$work/package.zip" | cut -f1)"
fi
largest="$(find . -type f -printf '%s %P\n' | sort -rn | awk 'NR <= 5 { printf "%s (%.1f MB), ", $2, $1 / 1048576 }' | sed 's/, $//')"
say "  package: $files files, $unpacked unpacked, $zip_size zipped; largest: $largest"

if [ "$failures" -ne 0 ]; then
  say "check-publish: FAILED: $failures problem(s) in the $rid package" >&2
  exit 1
fi
say "check-publish: OK: $rid package of LlmPulse.Functions, $unpacked unpacked, $zip_size zipped"
