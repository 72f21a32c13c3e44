#!/usr/bin/env bash
# Wall time of the operator CLI end to end (process start, one call to the front door, answer, exit) against a real
# host process on loopback with a temporary data directory, next to `harombe --help` (start-up alone) measured in the
# same run. Two builds: Native AOT (dotnet publish -p:PublishAot=true, what to install) and the JIT build run with
# `dotnet harombe.dll` (what `dotnet run` and the tests use). Prints markdown tables.
#   bash bench/scripts/cli-wall-time.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-20}
work=$(mktemp -d)
dotnet build -c Release src/HarombeActors.Host -nologo -v:quiet >/dev/null
dotnet build -c Release src/HarombeActors.Cli -nologo -v:quiet >/dev/null
dotnet publish -c Release src/HarombeActors.Cli -r linux-x64 -p:PublishAot=true -o "$work/aot" -nologo -v:quiet >/dev/null
host_dll=src/HarombeActors.Host/bin/Release/net10.0/harombe-host.dll
jit_dll=src/HarombeActors.Cli/bin/Release/net10.0/harombe.dll
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
remoting=$(free_port); api=$(free_port)
dotnet "$host_dll" --port "$remoting" --api-port "$api" --data-dir "$work/data" >"$work/host.log" 2>&1 &
host_pid=$!
trap 'kill "$host_pid" 2>/dev/null; wait "$host_pid" 2>/dev/null; rm -rf "$work"' EXIT
until curl -sf "http://127.0.0.1:$api/healthz/ready" >/dev/null; do sleep 0.2; done
contact=(--contact "127.0.0.1:$api" --data-dir "$work/data")
echo -n "initial-value" | "$work/aot/harombe" secret put /bench/cli "${contact[@]}" >/dev/null

p50() { # command... -> median ms over $runs runs
  local samples=()
  for _ in $(seq 1 "$runs"); do
    local t0 t1
    t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N)
    samples+=($(( (t1 - t0) / 100000 )))   # tenths of a millisecond
  done
  printf '%s\n' "${samples[@]}" | sort -n | awk -v n="$runs" 'NR==int((n+1)/2) { printf "%.1f", $1 / 10 }'
}

row() { # label, cli...
  local label=$1; shift
  local help get status rotate
  help=$(p50 "$@" --help)
  get=$(p50 "$@" secret get /bench/cli "${contact[@]}")
  status=$(p50 "$@" secret status /bench/cli --json "${contact[@]}")
  rotate=$(p50 "$@" secret rotate /bench/cli --strategy blue-green "${contact[@]}")
  echo "| $label | $help | $get | $status | $rotate | $(awk -v a="$get" -v b="$help" 'BEGIN { printf "%.2f", a / b }') |"
}

echo "p50 ms over $runs runs each; ratio = secret get / --help"
echo
echo "| build | \`--help\` | \`secret get PATH\` | \`secret status PATH --json\` | \`secret rotate PATH --strategy blue-green\` | ratio |"
echo "|---|---|---|---|---|---|"
row "Native AOT" "$work/aot/harombe"
row "JIT (dotnet harombe.dll)" dotnet "$jit_dll"
