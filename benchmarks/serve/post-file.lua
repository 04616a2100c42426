-- wrk script: POST the JSON body in the file BENCH_BODY_FILE to every request. With RETRY_AFTER=1, a connection that
-- was answered 503 waits the Retry-After seconds before its next request (run one connection per thread: -t = -c).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local file = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
wrk.body = file:read("*a")
file:close()
local honour = os.getenv("RETRY_AFTER") == "1"
local wait = 0

function response(status, headers, body)
  wait = (honour and status == 503) and (tonumber(headers["Retry-After"]) or 1) * 1000 or 0
end

function delay()
  local ms = wait
  wait = 0
  return ms
end
