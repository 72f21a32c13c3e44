#!/usr/bin/env bash
# Stops what scripts/cluster-up.sh started, by the PIDs it recorded: the hosts gracefully (SIGTERM: each leaves the
# cluster and hands its shards over), then the private PostgreSQL server if cluster-up started it. The cluster folder
# (keys, tokens, certificates) and the database stay for the next cluster-up; --purge deletes them too.
#
# Settings (environment): HAROMBE_CLUSTER_DIR, as for cluster-up (default: .cluster in the repository).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${HAROMBE_CLUSTER_DIR:-$root/.cluster}
purge=0
[ "${1:-}" != "--purge" ] || purge=1
[ -d "$dir" ] || { echo "cluster-down: no cluster folder at $dir" >&2; exit 1; }

if [ -s "$dir/pids" ]; then
  # In reverse order, so the first host (the oldest member) goes last and the others hand over to it.
  tac "$dir/pids" | while read -r pid name; do
    kill -0 "$pid" 2>/dev/null || continue
    kill -TERM "$pid"
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "cluster-down: $name (PID $pid) did not stop within 30 s of SIGTERM; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    echo "stopped $name (PID $pid)"
  done
  : >"$dir/pids"
fi

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ -s "$dir/postgres.started" ]; then
  read -r bin pgdir <"$dir/postgres.started"
  as_postgres "$bin/pg_ctl" -D "$pgdir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -f "$dir/postgres.started"
  echo "stopped PostgreSQL ($pgdir)"
fi

if [ "$purge" -eq 1 ]; then
  [ ! -s "$dir/postgres.dir" ] || rm -rf "$(cat "$dir/postgres.dir")"
  rm -rf "$dir"
  echo "deleted $dir"
fi
