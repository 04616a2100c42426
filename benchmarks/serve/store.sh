#!/usr/bin/env bash
# The prediction log's store under load: `ferry serve` (forest on iris) with its store in SQLite (the default) and in
# PostgreSQL (a local server started here, as DESIGN's shared store), one after the other, wrk at 16 connections.
# Prints req/s and p99 for both, the ratio PostgreSQL / SQLite, and for each how many answered predictions reached
# the store and how many the log dropped (it drops rather than slow requests down when the store cannot keep up).
# Needs wrk and Debian's postgresql (initdb, pg_ctl); run as root (the server runs as postgres) or as a user who can.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
source "$here/lib.sh"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {  # lib.sh's, and the PostgreSQL server stopped
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate stop > /dev/null 2>&1 || true
  rm -rf "$work"
}

mkdir -p "$work/pg" && [ "$(id -u)" != 0 ] || chown postgres "$work/pg"
pg_port=$(free_port)
as_postgres "$pg_bin/initdb" -D "$work/pg/data" -A trust -U ferry > /dev/null
as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w start -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1" > /dev/null

declare -A store=([sqlite]="" [postgres]="store: postgres://ferry@127.0.0.1:$pg_port/postgres")
declare -A result
for kind in sqlite postgres; do
  mkdir -p "$work/$kind" && cp "$root/tests/data/iris.csv" "$work/$kind/"
  printf 'name: iris\ntype: multiclass-classification\ndata: { source: iris.csv }\ntarget: target\ntrain: { candidates: [forest] }\n%s\n' \
    "${store[$kind]}" > "$work/$kind/ferry.yaml"
  "$root/ferry" train "$work/$kind/ferry.yaml" > /dev/null
  serve_measure "$work/$kind/ferry.yaml" "$work/$kind.log"
  sleep 2
  dropped=$(curl -sf "http://127.0.0.1:$port/metrics" | awk '/^ferry_prediction_log_dropped_total/ { sum += $2 } END { print sum + 0 }')
  answered=$(curl -sf "http://127.0.0.1:$port/metrics" | awk '/^ferry_predictions_total\{/ { sum += $2 } END { print sum }')
  kill "$pid"; wait "$pid" 2>/dev/null || true
  if [ "$kind" = sqlite ]; then
    logged=$(/usr/bin/python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from predictions").fetchone()[0])' "$work/sqlite/.ferry/ferry.db")
  else
    logged=$(psql -h 127.0.0.1 -p "$pg_port" -U ferry -d postgres -tAc 'select count(*) from predictions')
  fi
  result[$kind]="$rps $p99 $answered $logged $dropped"
done

printf '%-10s %10s %10s %12s %12s %10s\n' store req/s "p99 ms" answered logged dropped
for kind in sqlite postgres; do
  read -r rps p99 answered logged dropped <<< "${result[$kind]}"
  printf '%-10s %10s %10s %12s %12s %10s\n' "$kind" "$rps" "$p99" "$answered" "$logged" "$dropped"
done
read -r s _ <<< "${result[sqlite]}"; read -r p _ <<< "${result[postgres]}"
echo "throughput ratio postgres / sqlite at 16 connections: $(echo "scale=2; $p / $s" | bc)"
