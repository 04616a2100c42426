# Shared by the serving benchmarks (sourced after $here and $root are set): a scratch $work directory removed on exit
# with every server started, $seconds per wrk run (SECONDS_PER_RUN, default 10) and BENCH_BODY, one iris row.
# free_port: a free TCP port on 127.0.0.1. wait_for URL: until a server answers BENCH_BODY there.
# measure URL CONNECTIONS: wrk for $seconds, prints "req/s p50_ms p99_ms".
# serve_measure SPEC LOG: `ferry serve SPEC` on a free port (logging to LOG), measured at 16 connections; leaves
#   $port, $pid (still running), $rps and $p99 set.
seconds="${SECONDS_PER_RUN:-10}"
work="$(mktemp -d)" && chmod 755 "$work"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
export BENCH_BODY='{"sepal length (cm)": 5.9, "sepal width (cm)": 3.0, "petal length (cm)": 5.1, "petal width (cm)": 1.8}'
free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 100); do curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' -d "$BENCH_BODY" "$1" && return 0; sleep 0.2; done; echo "server at $1 did not come up" >&2; exit 1; }
measure() { # url connections -> "req/s p50_ms p99_ms"
  wrk -t1 -c"$2" -d"${seconds}s" --latency -s "$here/post.lua" "$1" > "$work/wrk.txt"
  awk '/Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
       function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
       END { printf "%.0f %.3f %.3f\n", rps, ms(p50), ms(p99) }' "$work/wrk.txt"
}
serve_measure() {
  port=$(free_port)
  "$root/ferry" serve "$1" --urls "http://127.0.0.1:$port" > "$2" 2>&1 &
  pid=$!; pids+=("$pid")
  wait_for "http://127.0.0.1:$port/v1/models/iris/predict"
  read -r rps _ p99 <<< "$(measure "http://127.0.0.1:$port/v1/models/iris/predict" 16)"
}
