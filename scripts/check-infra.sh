#!/usr/bin/env bash
# Checks the Bicep templates offline: `bicep build` and `bicep lint` of infra/main.bicep (and, through it, every
# module) must report no error and no warning. The Bicep CLI comes from NuGet (scripts/install-bicep.sh).
#
#   scripts/check-infra.sh
#
# Exit 0 and one summary line when clean; otherwise every diagnostic, then exit 1.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

bicep="$(scripts/install-bicep.sh)"
template=infra/main.bicep
version="$("$bicep" --version | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

status=0
# build: compiles to ARM JSON, checking syntax, types of every resource and API version it knows, and scopes.
"$bicep" build "$template" --outfile "$work/main.json" >"$work/build.log" 2>&1 || status=$?
# lint: the linter rules (bicepconfig.json, if any, tunes them) on the template and every local module.
"$bicep" lint "$template" >"$work/lint.log" 2>&1 || status=$?

# Bicep prints diagnostics as "<file>(line,col) : Warning|Error <code>: <message>"; any of them fails the check,
# as does a non-zero exit without one (a crash, a missing module).
diagnostics="$(cat "$work/build.log" "$work/lint.log" | grep -E '(Warning|Error)' | sort -u || true)"
count=0
if [ -n "$diagnostics" ]; then
  count="$(printf '%s\n' "$diagnostics" | wc -l | tr -d ' ')"
fi

if [ "$status" -ne 0 ] || [ "$count" -ne 0 ]; then
  cat "$work/build.log" "$work/lint.log" >&2
  echo "check-infra: FAILED: bicep $version found $count error(s)/warning(s) in $template (exit $status)" >&2
  exit 1
fi

modules="$(find infra -name '*.bicep' | wc -l | tr -d ' ')"
resources="$(grep -c '"type": "Microsoft\.' "$work/main.json" || true)"
echo "check-infra: OK: bicep $version build and lint of $template ($modules files, $resources resource declarations): 0 errors, 0 warnings"
