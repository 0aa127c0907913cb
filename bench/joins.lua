-- wrk script: every request joins one event's waiting room as a buyer who has not joined yet, so
-- each creates a ticket (201). Reads the tokens (one JWT per line, one buyer each) from
-- BENCH_TOKENS and the event id from BENCH_EVENT. Buyers are dealt round-robin across threads so
-- two threads never send the same one; past the end of the list they repeat and answer 200.
local event = os.getenv("BENCH_EVENT")
local path = "/api/v1/events/" .. event .. "/queue"
local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function request()
  counter = counter + 1
  local n = (counter - 1) * tonumber(os.getenv("BENCH_THREADS")) + id
  return wrk.format("POST", path, { ["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1] })
end

created, existing, other = 0, 0, 0
function response(status, headers, body)
  if status == 201 then created = created + 1
  elseif status == 200 then existing = existing + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local c, e, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    c = c + thread:get("created"); e = e + thread:get("existing"); o = o + thread:get("other")
  end
  io.write(string.format("RESULT joins_per_sec=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d created=%d existing=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.requests, c, e,
    o + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
