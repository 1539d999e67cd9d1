#!/usr/bin/env bash
# Compiles llmpulse natively (PublishAot, linked by gcc) into .build/llmpulse-native/. The one command line that
# run.sh, test.sh and NativeCliTests use: the same output and artifacts folders make a second call an up-to-date
# check of a few seconds, and keep test.sh's bin/ and obj/ out of a runtime-specific restore.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v gcc >/dev/null || { echo "publish-native: a native llmpulse needs gcc to link (apt-get install gcc)." >&2; exit 1; }
# No build servers: nothing may outlive the script (CI waits for every process it started).
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false
dotnet publish src/LlmPulse.Cli -c Release --use-current-runtime -p:PublishAot=true -p:CppCompilerAndLinker=gcc \
  -o .build/llmpulse-native --artifacts-path .build/artifacts-native -nologo -v quiet --disable-build-servers -p:UseSharedCompilation=false
