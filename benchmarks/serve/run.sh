#!/usr/bin/env bash
# Serving throughput and latency, one server after the other on this machine: `ferry serve` (forest on iris)
# and scikit-learn's RandomForestClassifier behind Flask under gunicorn (one worker per core), the same one-row
# payload, wrk on 127.0.0.1. Prints req/s, p50 and p99 for both at 1 and 16 connections, and the ratios; then
# `ferry serve --no-log` the same way, for the cost of the prediction log (logging on / off).
# Needs Debian's python3-sklearn, python3-pandas, python3-flask, gunicorn and wrk.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$here/lib.sh"
cp "$root/tests/data/iris.csv" "$work/"
cat > "$work/ferry.yaml" <<YAML
name: iris
type: multiclass-classification
data: { source: iris.csv }
target: target
train: { candidates: [forest] }
YAML

"$root/ferry" train "$work/ferry.yaml" > /dev/null
ferry_port=$(free_port)
"$root/ferry" serve "$work/ferry.yaml" --urls "http://127.0.0.1:$ferry_port" > "$work/ferry.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$ferry_port/v1/models/iris/predict"
declare -A result
for c in 1 16; do result[ferry,$c]=$(measure "http://127.0.0.1:$ferry_port/v1/models/iris/predict" "$c"); done
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true
"$root/ferry" serve "$work/ferry.yaml" --urls "http://127.0.0.1:$ferry_port" --no-log > "$work/ferry-nolog.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$ferry_port/v1/models/iris/predict"
for c in 1 16; do result[nolog,$c]=$(measure "http://127.0.0.1:$ferry_port/v1/models/iris/predict" "$c"); done
kill "${pids[1]}"; wait "${pids[1]}" 2>/dev/null || true

flask_port=$(free_port)
BENCH_DATA="$work/iris.csv" /usr/bin/python3 -m gunicorn --chdir "$here" --workers "$(nproc)" --bind "127.0.0.1:$flask_port" flask_app:app > "$work/flask.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$flask_port/predict"
for c in 1 16; do result[flask,$c]=$(measure "http://127.0.0.1:$flask_port/predict" "$c"); done

printf '%-28s %12s %10s %10s\n' server req/s "p50 ms" "p99 ms"
for c in 1 16; do
  for s in ferry nolog flask; do
    read -r rps p50 p99 <<< "${result[$s,$c]}"
    printf '%-28s %12s %10s %10s\n' "$s ($c connection$([ "$c" = 1 ] || echo s))" "$rps" "$p50" "$p99"
  done
  read -r f _ <<< "${result[ferry,$c]}"; read -r k _ <<< "${result[flask,$c]}"
  read -r n _ <<< "${result[nolog,$c]}"
  echo "throughput ratio ferry / flask at $c connection(s): $(echo "scale=1; $f / $k" | bc)"
  echo "throughput ratio logging on / off at $c connection(s): $(echo "scale=2; $f / $n" | bc)"
done
echo "(nolog: ferry serve --no-log, the prediction log off)"
