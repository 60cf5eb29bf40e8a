-- wrk script: GET a path template with the individual ids of a file, in turn, with a token.
-- Usage: wrk -s benchmarks/wrk_rotate.lua URL -- "/api/individuals/%d/active-cases/" IDS TOKEN
-- Each thread starts at its own offset so that threads do not ask for the same id together.

local counter = 0
local threads = {}

function setup(thread)
  thread:set("offset", #threads * 7919)
  table.insert(threads, thread)
end

function init(args)
  template = args[1]
  ids = {}
  for line in io.lines(args[2]) do
    ids[#ids + 1] = line
  end
  headers = { ["Authorization"] = "Token " .. args[3], ["Accept"] = "application/json" }
  counter = offset or 0
end

function request()
  counter = counter + 1
  local id = ids[(counter % #ids) + 1]
  return wrk.format("GET", string.format(template, id), headers)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f "
      .. "max_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  ))
end
