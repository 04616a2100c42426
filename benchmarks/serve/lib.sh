# Shared by the serving benchmarks (sourced): needs $here, $work and $seconds set, and BENCH_BODY exported.
# free_port: a free TCP port on 127.0.0.1. wait_for URL: until a server answers BENCH_BODY there.
# measure URL CONNECTIONS: wrk for $seconds, prints "req/s p50_ms p99_ms".
export BENCH_BODY='{"sepal length (cm)": 5.9, "sepal width (cm)": 3.0, "petal length (cm)": 5.1, "petal width (cm)": 1.8}'
free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 100); do curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' -d "$BENCH_BODY" "$1" && return 0; sleep 0.2; done; echo "server at $1 did not come up" >&2; exit 1; }
measure() { # url connections -> "req/s p50_ms p99_ms"
  wrk -t1 -c"$2" -d"${seconds}s" --latency -s "$here/post.lua" "$1" > "$work/wrk.txt"
  awk '/Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
       function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
       END { printf "%.0f %.3f %.3f\n", rps, ms(p50), ms(p99) }' "$work/wrk.txt"
}
