-- wrk script: every buyer holds one seat nobody has held yet and buys it at once (test card
-- tok_visa, the simulated gateway), as one of many buyers: a hold's answer queues its purchase,
-- which goes out on the thread's next request. Same environment as holds.lua (BENCH_EVENT,
-- BENCH_ROWS, BENCH_SEATS_PER_ROW, BENCH_TOKENS, BENCH_THREADS, BENCH_OFFSET, BENCH_STRIDE).
local event = os.getenv("BENCH_EVENT")
local rows = tonumber(os.getenv("BENCH_ROWS"))
local seats_per_row = tonumber(os.getenv("BENCH_SEATS_PER_ROW"))
local stride = tonumber(os.getenv("BENCH_STRIDE") or "1")
local offset = tonumber(os.getenv("BENCH_OFFSET") or "0")
local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end

local threads = {}
local counter = 0
local waiting = {}   -- holds answered and not bought yet: { holdId, token }
held, bought, refused = 0, 0, 0   -- globals: done() reads them from each thread

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

-- the buyer of seat number n (the same for its hold and its purchase)
local function token_of(n) return tokens[(n % #tokens) + 1] end

function request()
  local next = table.remove(waiting)
  if next then
    return wrk.format("POST", "/api/v1/holds/" .. next[1] .. "/purchase",
      { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. next[2],
        ["Idempotency-Key"] = next[1] }, '{"paymentToken":"tok_visa"}')
  end
  counter = counter + 1
  local n = ((counter - 1) * tonumber(os.getenv("BENCH_THREADS")) + id) * stride + offset
  local row = math.floor(n / seats_per_row) % rows + 1
  local seat = n % seats_per_row + 1
  local body = '{"seatIds":["BOWL-R' .. row .. '-' .. seat .. '"]}'
  return wrk.format("POST", "/api/v1/events/" .. event .. "/holds",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token_of(n) }, body)
end

function response(status, headers, body)
  if body:find('"orderId"', 1, true) and status == 201 then
    bought = bought + 1
  elseif status == 201 then
    local hold = body:match('"holdId"%s*:%s*"([^"]+)"')
    local row, seat = body:match('"BOWL%-R(%d+)%-(%d+)"')
    if hold and row then
      held = held + 1
      local n = (tonumber(row) - 1) * seats_per_row + tonumber(seat) - 1
      table.insert(waiting, { hold, token_of(n) })
    end
  else
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local b, r = 0, 0
  for _, thread in ipairs(threads) do
    b = b + thread:get("bought")
    r = r + thread:get("refused")
  end
  io.write(string.format("RESULT purchases_per_sec=%.0f requests_per_sec=%.0f p50_ms=%.2f p99_ms=%.2f refused=%d errors=%d\n",
    b / seconds, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, r,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
