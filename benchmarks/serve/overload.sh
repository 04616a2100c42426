#!/usr/bin/env bash
# Overload: 64 connections each posting 10,000-row bodies (iris, about 1 MB each) to `ferry serve` (forest on iris),
# one server after the other: admission off (no budget of rows or bytes in flight), on (the defaults) with clients that
# wait Retry-After after a 503, and on with clients that ask again at once (the worst case: every refused body is still
# received and, if its bytes fit, parsed before its rows are refused).
# Prints p50/p99 latency (of every answer, 503s included), answered rows/s, the share of 503s, client timeouts, the
# server's peak RSS and the prediction log rows it dropped, and the ratios on / off. Each run lasts SECONDS_PER_RUN
# (default 60 here) with a client timeout as long, so that requests finish even without admission. Needs wrk.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$here/lib.sh"
seconds="${SECONDS_PER_RUN:-60}"
connections="${CONNECTIONS:-64}"
rows="${ROWS:-10000}"
cp "$root/tests/data/iris.csv" "$work/"
printf 'name: iris\ntype: multiclass-classification\ndata: { source: iris.csv }\ntarget: target\ntrain: { candidates: [forest] }\n' > "$work/ferry.yaml"
"$root/ferry" train "$work/ferry.yaml" > /dev/null
/usr/bin/python3 - "$work/iris.csv" "$rows" > "$work/body.json" <<'PY'
import csv, json, sys
with open(sys.argv[1]) as f:
    reader = csv.DictReader(f)
    rows = [{k: float(v) for k, v in row.items() if k != "target"} for row in reader]
print(json.dumps({"rows": [rows[i % len(rows)] for i in range(int(sys.argv[2]))]}))
PY
export BENCH_BODY_FILE="$work/body.json"

declare -A result
modes=(off on on-no-wait)
for mode in "${modes[@]}"; do
  port=$(free_port)
  if [ "$mode" = off ]; then
    Ferry__MaxRowsInFlight=2147483647 Ferry__MaxBytesInFlight=9223372036854775807 \
      "$root/ferry" serve "$work/ferry.yaml" --urls "http://127.0.0.1:$port" > "$work/$mode.log" 2>&1 &
  else
    "$root/ferry" serve "$work/ferry.yaml" --urls "http://127.0.0.1:$port" > "$work/$mode.log" 2>&1 &
  fi
  pid=$!; pids+=("$pid")
  wait_for "http://127.0.0.1:$port/v1/models/iris/predict"
  RETRY_AFTER=$([ "$mode" = on ] && echo 1 || echo 0) wrk -t"$connections" -c"$connections" -d"${seconds}s" --timeout "${seconds}s" --latency -s "$here/post-file.lua" "http://127.0.0.1:$port/v1/models/iris/predict" > "$work/wrk-$mode.txt"
  peak_kb=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
  sleep 1
  dropped=$(curl -sf "http://127.0.0.1:$port/metrics" | awk '/^ferry_prediction_log_dropped_total/ { sum += $2 } END { print sum + 0 }')
  kill "$pid"; wait "$pid" 2>/dev/null || true
  result[$mode]=$(awk -v rows="$rows" -v seconds="$seconds" -v peak="$peak_kb" -v dropped="$dropped" '
       function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; if (v ~ /s$/) return v * 1000; return v }
       $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
       / requests in / { requests = $1 } /Non-2xx or 3xx responses/ { refused = $5 } /Socket errors/ { timeouts = $NF }
       END { ok = requests - refused; printf "%.1f %.1f %.0f %.3f %d %.0f %d\n", p50, p99, ok * rows / seconds,
             (requests > 0 ? refused / requests : 0), timeouts, peak / 1024, dropped }' "$work/wrk-$mode.txt")
done

printf '%-12s %10s %10s %12s %10s %10s %14s %14s\n' admission "p50 ms" "p99 ms" "rows/s ok" "503 share" timeouts "peak RSS MB" "log dropped"
for mode in "${modes[@]}"; do
  read -r p50 p99 goodput share timeouts peak dropped <<< "${result[$mode]}"
  printf '%-12s %10s %10s %12s %10s %10s %14s %14s\n' "$mode" "$p50" "$p99" "$goodput" "$share" "$timeouts" "$peak" "$dropped"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
read -r off_p50 off_p99 off_goodput _ _ off_peak _ <<< "${result[off]}"
read -r on_p50 on_p99 on_goodput _ _ on_peak _ <<< "${result[on]}"
echo "ratios admission on / off at $connections connections: p50 $(ratio "$on_p50" "$off_p50"), p99 $(ratio "$on_p99" "$off_p99")," \
  "rows/s ok $(ratio "$on_goodput" "$off_goodput"), peak RSS $(ratio "$on_peak" "$off_peak")"
