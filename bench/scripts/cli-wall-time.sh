#!/usr/bin/env bash
# Wall time of the operator CLI end to end (process start, contact the receptionist, answer, exit), against a
# real host process on loopback with a temporary data directory. Prints a markdown table.
#   bash bench/scripts/cli-wall-time.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-20}
for p in src/HarombeActors.Host src/HarombeActors.Cli; do dotnet build -c Release "$p" -nologo -v:quiet >/dev/null; done
host_dll=src/HarombeActors.Host/bin/Release/net10.0/HarombeActors.Host.dll
cli_dll=src/HarombeActors.Cli/bin/Release/net10.0/harombe.dll
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dotnet "$host_dll" --port "$port" --data-dir "$data" >"$data/host.log" 2>&1 &
host_pid=$!
trap 'kill "$host_pid" 2>/dev/null; wait "$host_pid" 2>/dev/null; rm -rf "$data"' EXIT
cli() { dotnet "$cli_dll" --contact "127.0.0.1:$port" --data-dir "$data" "$@"; }
until cli secret status /warmup >/dev/null 2>&1 || [ $? -eq 1 ]; do sleep 0.2; done
echo -n "initial" | cli secret put /bench/cli >/dev/null

measure() { # label, command...
  local label=$1; shift
  local samples=()
  for _ in $(seq 1 "$runs"); do
    local t0 t1
    t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N)
    samples+=($(( (t1 - t0) / 1000000 )))
  done
  local sorted p50 p90
  sorted=$(printf '%s\n' "${samples[@]}" | sort -n)
  p50=$(echo "$sorted" | awk -v n="$runs" 'NR==int((n+1)/2)')
  p90=$(echo "$sorted" | awk -v n="$runs" 'NR==int(n*0.9+0.5)')
  echo "| $label | $runs | $p50 | $p90 |"
}

echo "| CLI command (Release, loopback host) | runs | p50 ms | p90 ms |"
echo "|---|---|---|---|"
measure "harombe secret get PATH" cli secret get /bench/cli
measure "harombe secret status PATH --json" cli secret status /bench/cli --json
measure "harombe secret rotate PATH --strategy blue-green" cli secret rotate /bench/cli --strategy blue-green
