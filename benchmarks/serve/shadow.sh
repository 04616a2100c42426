#!/usr/bin/env bash
# What a challenger in shadow costs the served traffic: `ferry serve` (forest on iris) without a challenger, then with
# a second forest version as challenger (`ferry models challenge`), one after the other, wrk at 16 connections.
# Prints req/s and p99 for both, the ratio shadow on / off, and how many request rows the challenger scored and dropped.
# Needs wrk.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$here/lib.sh"
cp "$root/tests/data/iris.csv" "$work/"
printf 'name: iris\ntype: multiclass-classification\ndata: { source: iris.csv }\ntarget: target\ntrain: { candidates: [forest] }\n' > "$work/ferry.yaml"
"$root/ferry" train "$work/ferry.yaml" > /dev/null
"$root/ferry" train "$work/ferry.yaml" > /dev/null || true
"$root/ferry" models promote "$work/ferry.yaml" 1 > /dev/null

declare -A result
for mode in off on; do
  [ "$mode" = on ] && "$root/ferry" models challenge "$work/ferry.yaml" 2 > /dev/null
  serve_measure "$work/ferry.yaml" "$work/$mode.log"
  sleep 2
  metrics=$(curl -sf "http://127.0.0.1:$port/metrics")
  dropped=$(awk '/^ferry_shadow_dropped_total / { print $2 }' <<< "$metrics")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  shadowed=$(/usr/bin/python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from predictions where version = 2").fetchone()[0])' "$work/.ferry/ferry.db")
  result[$mode]="$rps $p99 $shadowed ${dropped:-0}"
done

printf '%-12s %10s %10s %12s %10s\n' shadow req/s "p99 ms" "shadowed" dropped
for mode in off on; do
  read -r rps p99 shadowed dropped <<< "${result[$mode]}"
  printf '%-12s %10s %10s %12s %10s\n' "$mode" "$rps" "$p99" "$shadowed" "$dropped"
done
read -r off _ <<< "${result[off]}"; read -r on _ <<< "${result[on]}"
echo "throughput ratio shadow on / off at 16 connections: $(echo "scale=2; $on / $off" | bc)"
