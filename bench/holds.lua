-- wrk script: every request holds one seat nobody has held yet, as one of many buyers.
-- Reads bench/target/tokens.txt (one JWT per line) and the event id from the environment.
local event = os.getenv("BENCH_EVENT")
local rows = tonumber(os.getenv("BENCH_ROWS"))
local seats_per_row = tonumber(os.getenv("BENCH_SEATS_PER_ROW"))
local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end

local stride = tonumber(os.getenv("BENCH_STRIDE") or "1")
local offset = tonumber(os.getenv("BENCH_OFFSET") or "0")
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end


function request()
  -- seats are dealt round-robin across threads so two threads never ask for the same seat
  counter = counter + 1
  -- several wrk processes (one per node, bench/scaling.sh) share the seats: process k of m takes
  -- every m-th seat from the k-th (BENCH_OFFSET k-1, BENCH_STRIDE m; defaults 0 and 1)
  local n = ((counter - 1) * tonumber(os.getenv("BENCH_THREADS")) + id) * stride + offset
  local row = math.floor(n / seats_per_row) % rows + 1
  local seat = n % seats_per_row + 1
  local token = tokens[(n % #tokens) + 1]
  local body = '{"seatIds":["BOWL-R' .. row .. '-' .. seat .. '"]}'
  return wrk.format("POST", "/api/v1/events/" .. event .. "/holds",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

local statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("RESULT holds_per_sec=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
