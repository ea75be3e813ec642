-- wrk driver for POST /api/v1/media/beacon/ (bench/bench_heartbeats.py writes the bodies file).
-- Usage: wrk -t T -c C -d 10s -s bench/heartbeat_beacon.lua http://127.0.0.1:PORT -- BODIES_FILE T
-- BODIES_FILE: one JSON beat per line (own token per viewer, unique beat id, 4-second range: always within
-- the plausibility slack). Thread k sends lines k, k+T, ... in order; past the end it sends nothing new
-- (a GET of the beacon: 405, counted apart), so no beat is ever sent twice.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local nthreads = tonumber(args[2])
  bodies, next_i, ok, refused, extra = {}, 1, 0, 0, 0
  local i = 0
  for line in io.lines(args[1]) do
    if i % nthreads == id then
      table.insert(bodies, line)
    end
    i = i + 1
  end
  beat_headers = { ["Content-Type"] = "application/json" }
end

function request()
  local body = bodies[next_i]
  if body == nil then
    return wrk.format("GET", "/api/v1/media/beacon/")
  end
  next_i = next_i + 1
  return wrk.format("POST", "/api/v1/media/beacon/", beat_headers, body)
end

function response(status, headers, body)
  if status == 405 then
    extra = extra + 1
  elseif status == 200 then
    ok = ok + 1
  else
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  local ok_total, refused_total, extra_total = 0, 0, 0
  for _, t in ipairs(threads) do
    ok_total = ok_total + t:get("ok")
    refused_total = refused_total + t:get("refused")
    extra_total = extra_total + t:get("extra")
  end
  io.write(string.format("BEACON ok=%d refused=%d extra=%d requests=%d duration_us=%d errors=%d\n",
    ok_total, refused_total, extra_total, summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
