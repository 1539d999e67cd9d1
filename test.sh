#!/usr/bin/env bash
# Every test: restore, build with warnings as errors, run all test projects (they start their own Azurite on
# free ports and stop it), and end with one line "N passed, N failed".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# No MSBuild node reuse or build servers: nothing may outlive the script (CI waits for every process it started).
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false

if [ ! -f node_modules/azurite/dist/src/azurite.js ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

# The Arabic edition's tests read the PDF as a reader's tool does too (pdftotext, from poppler-utils).
if ! command -v pdftotext >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null) || echo "test.sh: could not install poppler-utils" >&2
  else
    echo "test.sh: pdftotext is missing; install poppler-utils (sudo apt-get install poppler-utils)" >&2
  fi
fi

# The native llmpulse (NativeCliTests) is linked by gcc.
if ! command -v gcc >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && apt-get install -y -qq gcc >/dev/null) || echo "test.sh: could not install gcc" >&2
  else
    echo "test.sh: gcc is missing; install it (sudo apt-get install gcc)" >&2
  fi
fi

dotnet restore LlmPulse.sln -nologo
# Warnings are errors through Directory.Build.props (TreatWarningsAsErrors); NU1603 from the Functions
# SDK's generated extensions project stays a warning there, which a -warnaserror switch would undo.
dotnet build LlmPulse.sln -c Release --no-restore -nologo --disable-build-servers -p:UseSharedCompilation=false

# Compiled natively before the tests start, as run.sh builds it: its test class then finds it up to date instead of
# spending a minute or more inside the test run (where a quiet test host counts towards the hang timeout).
scripts/publish-native.sh

rm -rf TestResults
status=0
# A hung test fails its run after five quiet minutes instead of eating the whole CI budget.
dotnet test LlmPulse.sln -c Release --no-build -nologo --blame-hang-timeout 5m --results-directory TestResults --logger "trx" --logger "console;verbosity=normal" || status=$?

passed=0
failed=0
for trx in TestResults/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(printf '%s' "$counters" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*')
  f=$(printf '%s' "$counters" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')
  e=$(printf '%s' "$counters" | grep -o ' error="[0-9]*"' | grep -o '[0-9]*' || echo 0)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
done

# Checks CI runs besides the tests: the Bicep builds and lints clean, and the linux-x64 package is what Azure gets.
checks=0
scripts/check-infra.sh || checks=$?
scripts/check-publish.sh || checks=$?
if [ "$checks" -ne 0 ] && [ "$status" -eq 0 ]; then
  status=$checks
fi

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The runner failed without a failing test (a crashed host, say): that is a failure too.
  failed=1
fi
echo "$passed passed, $failed failed"
exit "$status"
