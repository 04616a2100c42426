#!/usr/bin/env bash
# Serving throughput of this build against another revision's, for a change on the request path: both builds train the
# same iris forest, then `ferry serve` of each is measured one after the other (this, other, this, other) with the one-row
# body at 1 and 16 connections. Prints req/s, p50 and p99 of every run and the ratio this / other of the summed req/s.
# Usage: benchmarks/serve/against.sh REVISION (a commit, tag or branch of this repository). Needs wrk.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$here/lib.sh"
revision="${1:?usage: benchmarks/serve/against.sh REVISION}"
git -C "$root" worktree add -q --detach "$work/other" "$revision"
trap 'cleanup; git -C "$root" worktree prune' EXIT
declare -A build=([this]="$root/ferry" [other]="$work/other/ferry")
for name in this other; do
  mkdir -p "$work/$name"
  cp "$root/tests/data/iris.csv" "$work/$name/"
  printf 'name: iris\ntype: multiclass-classification\ndata: { source: iris.csv }\ntarget: target\ntrain: { candidates: [forest] }\n' > "$work/$name/ferry.yaml"
  "${build[$name]}" train "$work/$name/ferry.yaml" > /dev/null
done

printf '%-6s %-6s %12s %10s %10s %10s\n' round build connections "req/s" "p50 ms" "p99 ms"
declare -A total=([this,1]=0 [this,16]=0 [other,1]=0 [other,16]=0)
for round in 1 2; do
  for name in this other; do
    port=$(free_port)
    "${build[$name]}" serve "$work/$name/ferry.yaml" --urls "http://127.0.0.1:$port" > "$work/$name.log" 2>&1 &
    pid=$!; pids+=("$pid")
    wait_for "http://127.0.0.1:$port/v1/models/iris/predict"
    for c in 1 16; do
      read -r rps p50 p99 <<< "$(measure "http://127.0.0.1:$port/v1/models/iris/predict" "$c")"
      printf '%-6s %-6s %12s %10s %10s %10s\n' "$round" "$name" "$c" "$rps" "$p50" "$p99"
      total[$name,$c]=$((total[$name,$c] + rps))
    done
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
done
for c in 1 16; do
  awk -v a="${total[this,$c]}" -v b="${total[other,$c]}" -v c="$c" -v rev="$revision" \
    'BEGIN { printf "req/s this / %s at %d connection(s): %.2f\n", rev, c, a / b }'
done
