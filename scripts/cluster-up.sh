#!/usr/bin/env bash
# Starts a three-host HarombeActors cluster on loopback: PostgreSQL (started here unless HAROMBE_POSTGRES names one),
# one shared master key and tokens, the first host's cluster CA issuing the other hosts' member certificates (remoting
# is mutual TLS), each host waited for on /healthz/ready. Everything it starts is recorded by PID in the cluster folder;
# scripts/cluster-down.sh stops it.
#
# Settings (environment):
#   HAROMBE_CLUSTER_DIR     the cluster folder (default: .cluster in the repository); reused on the next start
#   HAROMBE_REMOTING_PORTS  three remoting ports (default "4153 4253 4353")
#   HAROMBE_API_PORTS       three front-door ports (default "4154 4254 4354")
#   HAROMBE_POSTGRES        an existing server's connection string; without it a private server is started
#   HAROMBE_POSTGRES_PORT   that private server's port (default 5433)
#   HAROMBE_HOST_DLL        a built harombe-host.dll (default: built here in Release)
set -euo pipefail
umask 077

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${HAROMBE_CLUSTER_DIR:-$root/.cluster}
read -r -a remoting <<<"${HAROMBE_REMOTING_PORTS:-4153 4253 4353}"
read -r -a api <<<"${HAROMBE_API_PORTS:-4154 4254 4354}"
[ "${#remoting[@]}" -eq 3 ] && [ "${#api[@]}" -eq 3 ] || { echo "cluster-up: HAROMBE_REMOTING_PORTS and HAROMBE_API_PORTS: three ports each" >&2; exit 2; }

mkdir -p "$dir"
chmod 700 "$dir"
dir=$(cd "$dir" && pwd)
# Hosts still running from an earlier cluster-up are kept: running it again starts only the ones that are not (a host
# stopped for a rolling restart, or one that crashed).
declare -A running=()
if [ -s "$dir/pids" ]; then
  while read -r pid name; do
    if kill -0 "$pid" 2>/dev/null; then running[$name]=$pid; fi
  done <"$dir/pids"
fi
: >"$dir/pids"

# A secret file (0600), created with random content the first time and kept afterwards.
secret_file() {
  [ -s "$1" ] || (umask 077 && head -c "$2" /dev/urandom | base64 | tr -d '\n=' | tr '+/' '-_' >"$1")
  cat "$1"
}

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# PostgreSQL: the one named, else a private server whose folder is recorded (and started again on the next run).
if [ -n "${HAROMBE_POSTGRES:-}" ]; then
  connection=$HAROMBE_POSTGRES
else
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$bin" ] || { echo "cluster-up: no PostgreSQL found (apt-get install postgresql), or set HAROMBE_POSTGRES" >&2; exit 2; }
  pgport=${HAROMBE_POSTGRES_PORT:-5433}
  # Outside the cluster folder, which is private to this user: the server runs as postgres when this is root.
  if [ -s "$dir/postgres.dir" ] && [ -d "$(cat "$dir/postgres.dir")/data" ]; then
    pgdir=$(cat "$dir/postgres.dir")
  else
    pgdir=$(mktemp -d /tmp/harombe-cluster-pg.XXXXXX)
    echo "$pgdir" >"$dir/postgres.dir"
    password=$(secret_file "$dir/postgres.password" 24)
    (umask 077 && printf '%s' "$password" >"$pgdir/pwfile")
    [ "$(id -u)" -ne 0 ] || chown -R postgres:postgres "$pgdir"
    as_postgres "$bin/initdb" -D "$pgdir/data" -U harombe -A scram-sha-256 --pwfile "$pgdir/pwfile" -E UTF8 >"$pgdir/initdb.log"
    rm -f "$pgdir/pwfile"
  fi
  password=$(cat "$dir/postgres.password")
  if ! as_postgres "$bin/pg_ctl" -D "$pgdir/data" status >/dev/null 2>&1; then
    as_postgres "$bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 60 \
      -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1" start >/dev/null
    echo "$bin $pgdir" >"$dir/postgres.started"
  fi
  export PGPASSWORD=$password
  if ! "$bin/psql" -h 127.0.0.1 -p "$pgport" -U harombe -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'harombe'" | grep -q 1; then
    "$bin/psql" -h 127.0.0.1 -p "$pgport" -U harombe -d postgres -qc "CREATE DATABASE harombe"
  fi
  unset PGPASSWORD
  connection="Host=127.0.0.1;Port=$pgport;Username=harombe;Password=$password;Database=harombe"
fi

dll=${HAROMBE_HOST_DLL:-}
if [ -z "$dll" ]; then
  dotnet build "$root/src/HarombeActors.Host" -c Release -v q -nologo >/dev/null
  dll=$root/src/HarombeActors.Host/bin/Release/net10.0/harombe-host.dll
fi

# One key and one pair of tokens for every host: a host with another key would refuse the shared journal.
[ -s "$dir/master.key" ] || (umask 077 && head -c 32 /dev/urandom | base64 >"$dir/master.key")
export HAROMBE_MASTER_KEY
HAROMBE_MASTER_KEY=$(cat "$dir/master.key")
export HAROMBE_OPERATOR_TOKEN HAROMBE_CONSUMER_TOKEN
HAROMBE_OPERATOR_TOKEN=$(secret_file "$dir/operator.token" 24)
HAROMBE_CONSUMER_TOKEN=$(secret_file "$dir/consumer.token" 24)
export Harombe__Persistence=postgres Harombe__PostgresConnectionString=$connection

seeds=()
for i in 0 1 2; do seeds+=(--seed "127.0.0.1:${remoting[$i]}"); done

wait_ready() {
  local pid=$1 port=$2 log=$3
  for _ in $(seq 1 600); do
    if ! kill -0 "$pid" 2>/dev/null; then echo "cluster-up: the host on port $port exited; its log ($log) ends:" >&2; tail -n 20 "$log" >&2; exit 1; fi
    if curl -fsS "http://127.0.0.1:$port/healthz/ready" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "cluster-up: the host on port $port was not ready within 120 s; see $log" >&2
  exit 1
}

for i in 0 1 2; do
  name=host$((i + 1))
  data=$dir/$name
  if [ -n "${running[$name]:-}" ]; then
    echo "${running[$name]} $name" >>"$dir/pids"
    continue
  fi
  certs=()
  if [ "$i" -gt 0 ]; then
    # Member certificates come from the first host's cluster CA (created there on its first start).
    if [ ! -s "$data/issued/node.pem" ]; then
      mkdir -p "$data"
      dotnet "$dll" certs issue --out "$data/issued" --name "$name" --address 127.0.0.1 --data-dir "$dir/host1" >/dev/null
    fi
    certs=(--Harombe:Cluster:Certificate="$data/issued/node.pem" --Harombe:Cluster:CertificateKey="$data/issued/node.key"
           --Harombe:Cluster:CaCertificate="$data/issued/cluster-ca.pem")
  fi
  # Every host lists all three seeds: the first one forms the cluster when no other answers, and a restarted one
  # rejoins the others rather than forming a cluster of its own.
  setsid dotnet "$dll" --port "${remoting[$i]}" --api-port "${api[$i]}" --data-dir "$data" "${seeds[@]}" "${certs[@]}" \
    >>"$dir/$name.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid $name" >>"$dir/pids"
  wait_ready "$pid" "${api[$i]}" "$dir/$name.log"
done

cat <<EOF
Three hosts are up (PostgreSQL journal, mutual TLS between them):
  host1  front door 127.0.0.1:${api[0]}  remoting 127.0.0.1:${remoting[0]}  log $dir/host1.log
  host2  front door 127.0.0.1:${api[1]}  remoting 127.0.0.1:${remoting[1]}  log $dir/host2.log
  host3  front door 127.0.0.1:${api[2]}  remoting 127.0.0.1:${remoting[2]}  log $dir/host3.log
The CLI reaches any of them with the cluster's operator token ($dir/operator.token):
  harombe cluster show --contact 127.0.0.1:${api[0]} --data-dir $dir
Consumers present $dir/consumer.token. Stop everything with scripts/cluster-down.sh.
EOF
