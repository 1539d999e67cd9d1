#!/usr/bin/env bash
# The main job on local storage: install what is missing, start Azurite if nothing listens, import seeds/,
# render the briefing for the latest month in the data into out/, and stop the Azurite it started.
# With arguments, runs `llmpulse <arguments>` with Azurite up instead: ./run.sh briefing 2023-07 --out x.pdf
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# No MSBuild node reuse or build servers: nothing may outlive the script (CI waits for every process it started).
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false

BLOB_PORT=10000
QUEUE_PORT=10001
TABLE_PORT=10002
# llmpulse is published for this machine with ReadyToRun code (it starts in about half the CPU time of a plain
# build); its own artifacts folder keeps test.sh's bin/ and obj/ out of a runtime-specific restore.
CLI_DIR=.build/llmpulse
# The same tool compiled natively (PublishAot): no JIT and no runtime to load, so a fresh process starts in about
# a quarter of the time and memory. ./run.sh bench builds and times it beside the ReadyToRun one; LLMPULSE_NATIVE=1
# makes every command use it. It takes longer to build and needs a C toolchain (gcc) to link.
NATIVE_DIR=.build/llmpulse-native  # where scripts/publish-native.sh puts it
AZURITE_PID=""

say() { printf '%s\n' "$*" >&2; }

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

install() {
  command -v dotnet >/dev/null || { say "run.sh: the .NET 10 SDK is needed (dotnet was not found)."; exit 1; }
  command -v node >/dev/null || { say "run.sh: Node.js 20 or later is needed for Azurite (node was not found)."; exit 1; }
  if [ ! -f node_modules/azurite/dist/src/azurite.js ]; then
    say "Installing Azurite (npm ci)..."
    npm ci --no-audit --no-fund --loglevel=error >&2
  fi
  say "Building llmpulse..."
  # No build servers: the script must leave no process behind.
  dotnet publish src/LlmPulse.Cli -c Release --use-current-runtime -o "$CLI_DIR" --artifacts-path .build/artifacts \
    -nologo -v quiet --disable-build-servers -p:UseSharedCompilation=false >&2
}

publish_native() {
  say "Building the native llmpulse (a minute or more)..."
  scripts/publish-native.sh >&2
}

stop_azurite() {
  if [ -n "$AZURITE_PID" ]; then
    kill "$AZURITE_PID" 2>/dev/null || true
    wait "$AZURITE_PID" 2>/dev/null || true
    AZURITE_PID=""
  fi
}

start_azurite() {
  if listening "$BLOB_PORT" && listening "$TABLE_PORT"; then
    say "Using the storage already listening on 127.0.0.1:$BLOB_PORT (blobs) and :$TABLE_PORT (tables)."
    return
  fi
  if listening "$BLOB_PORT" || listening "$TABLE_PORT" || listening "$QUEUE_PORT"; then
    say "run.sh: one of ports $BLOB_PORT-$TABLE_PORT is taken by something that is not a complete Azurite; free them or start Azurite yourself."
    exit 1
  fi
  mkdir -p .azurite
  # Started directly (not through npx) so that its PID is ours to stop. The developer's Azurite keeps the
  # well-known development account, which the CLI uses when no connection string is set.
  node node_modules/azurite/dist/src/azurite.js --silent --skipApiVersionCheck --disableTelemetry \
    --location .azurite --blobPort "$BLOB_PORT" --queuePort "$QUEUE_PORT" --tablePort "$TABLE_PORT" \
    >.azurite/azurite.log 2>&1 &
  AZURITE_PID=$!
  trap stop_azurite EXIT
  for _ in $(seq 1 100); do
    if listening "$BLOB_PORT" && listening "$TABLE_PORT"; then
      say "Started Azurite (data in .azurite/)."
      return
    fi
    if ! kill -0 "$AZURITE_PID" 2>/dev/null; then
      say "run.sh: Azurite exited at start; see .azurite/azurite.log"
      exit 1
    fi
    sleep 0.2
  done
  say "run.sh: Azurite did not start listening within 20 s; see .azurite/azurite.log"
  exit 1
}

llmpulse() {
  if [ "${LLMPULSE_NATIVE:-}" = 1 ]; then "$NATIVE_DIR/llmpulse" "$@"; else "$CLI_DIR/llmpulse" "$@"; fi
}

SCALE_AZURITE_PID=""

stop_scale_azurite() {
  if [ -n "$SCALE_AZURITE_PID" ]; then
    kill "$SCALE_AZURITE_PID" 2>/dev/null || true
    wait "$SCALE_AZURITE_PID" 2>/dev/null || true
    SCALE_AZURITE_PID=""
  fi
}

# bench-scale and bench-daily store about 550,000 observations: on an Azurite of its own, in memory (with
# --location, Azurite's LokiJS rewrites its whole database file every few seconds and the import alone takes many
# minutes), on free ports, stopped afterwards. The developer's .azurite data is never touched.
# `bench-scale --keep` instead uses an in-memory Azurite that outlives the run (its port, key and PID in
# .build/scale-azurite), started by the first such run and reused by the next ones, whose kept tables spare them
# storing the series again; `./run.sh bench-scale-stop` stops it.
# Usage: scale_bench <llmpulse command> [args...]
KEPT_SCALE=.build/scale-azurite

kept_scale_alive() {
  [ -f "$KEPT_SCALE/pid" ] && [ -f "$KEPT_SCALE/port" ] && [ -f "$KEPT_SCALE/key" ] \
    && kill -0 "$(cat "$KEPT_SCALE/pid")" 2>/dev/null && listening "$(( $(cat "$KEPT_SCALE/port") + 2 ))"
}

scale_bench() {
  local command=$1
  shift
  local keep="" arg
  for arg in "$@"; do [ "$arg" = "--keep" ] && keep=1; done
  local base port account=benchscale key
  if [ -n "$keep" ] && kept_scale_alive; then
    port=$(cat "$KEPT_SCALE/port")
    key=$(cat "$KEPT_SCALE/key")
    say "Scale benchmark on the kept in-memory Azurite at 127.0.0.1:$port-$((port + 2)) (PID $(cat "$KEPT_SCALE/pid"))."
  else
    for base in $(seq 10100 10 10300); do
      if ! listening "$base" && ! listening "$((base + 1))" && ! listening "$((base + 2))"; then port=$base; break; fi
    done
    [ -n "${port:-}" ] || { say "run.sh: no free ports for the scale benchmark's Azurite"; exit 1; }
    # An account and key made for this run, as test.sh's Azurite has.
    key="$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
    if [ -n "$keep" ]; then
      # In a session of its own, so that it outlives this script.
      mkdir -p "$KEPT_SCALE"
      AZURITE_ACCOUNTS="$account:$key" setsid node node_modules/azurite/dist/src/azurite.js --silent --skipApiVersionCheck --disableTelemetry --inMemoryPersistence \
        --blobPort "$port" --queuePort "$((port + 1))" --tablePort "$((port + 2))" >/dev/null 2>&1 </dev/null &
      echo $! >"$KEPT_SCALE/pid"
      echo "$port" >"$KEPT_SCALE/port"
      echo "$key" >"$KEPT_SCALE/key"
      say "Started a kept in-memory Azurite (PID $!) for bench-scale --keep; ./run.sh bench-scale-stop stops it."
    else
      AZURITE_ACCOUNTS="$account:$key" node node_modules/azurite/dist/src/azurite.js --silent --skipApiVersionCheck --disableTelemetry --inMemoryPersistence \
        --blobPort "$port" --queuePort "$((port + 1))" --tablePort "$((port + 2))" >/dev/null 2>&1 &
      SCALE_AZURITE_PID=$!
      trap 'stop_scale_azurite; stop_azurite' EXIT
    fi
    for _ in $(seq 1 150); do listening "$((port + 2))" && break; sleep 0.2; done
    listening "$((port + 2))" || { say "run.sh: the scale benchmark's Azurite did not start"; exit 1; }
    say "Scale benchmark on an in-memory Azurite at 127.0.0.1:$port-$((port + 2))."
  fi
  Storage__ConnectionString="DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$port/$account;QueueEndpoint=http://127.0.0.1:$((port + 1))/$account;TableEndpoint=http://127.0.0.1:$((port + 2))/$account;" \
    llmpulse "$command" "$@"
  stop_scale_azurite
}

if [ "${1:-}" = bench-scale-stop ]; then
  # Nothing to build for that.
  if kept_scale_alive; then
    kill "$(cat "$KEPT_SCALE/pid")"
    say "Stopped the kept Azurite of bench-scale --keep."
  fi
  rm -rf "$KEPT_SCALE"
  exit 0
fi

install
if [ "${LLMPULSE_NATIVE:-}" = 1 ]; then publish_native; fi

case "${1:-}" in
  bench-scale|bench-daily)
    # None of the developer's storage (bench-daily imports the seeds into tables of its own).
    command=$1
    shift
    scale_bench "$command" "$@"
    exit 0
    ;;
  bench)
    # Every figure of the performance table in one run: warm renders, cold processes, PDF sizes, then the
    # model build at 50 to 500 series.
    start_azurite
    [ "${LLMPULSE_NATIVE:-}" = 1 ] || publish_native
    shift
    "$CLI_DIR/llmpulse" bench --native "$NATIVE_DIR/llmpulse" "$@"
    scale_bench bench-scale
    exit 0
    ;;
esac

start_azurite

if [ "$#" -gt 0 ]; then
  llmpulse "$@"
else
  llmpulse import seeds
  mkdir -p out
  llmpulse briefing latest --out out
fi
