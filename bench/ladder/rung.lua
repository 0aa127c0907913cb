-- wrk script for bench/ladder.sh: one rung of the ladder, chosen by LADDER_RUNG.
--   get       GET LADDER_PATH
--   hold      POST a hold of one seat nobody has held yet (seats dealt round-robin over threads)
--   purchase  the same hold, then its purchase (the next request of the thread pays for it)
--   join      POST a join of BENCH_EVENT's waiting room, one new buyer per request
-- Tokens (one per line, one buyer each) come from BENCH_TOKENS. Prints one RESULT line.
local rung = os.getenv("LADDER_RUNG")
local path = os.getenv("LADDER_PATH")
local event = os.getenv("BENCH_EVENT")
local rows = tonumber(os.getenv("BENCH_ROWS") or "1")
local per_row = tonumber(os.getenv("BENCH_SEATS_PER_ROW") or "1")
local thread_count = tonumber(os.getenv("BENCH_THREADS") or "1")
local tokens = {}
if os.getenv("BENCH_TOKENS") then
  for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end
end

local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

counter = 0
bought = 0
statuses = {}
local pending = {}

local function next_buyer()
  counter = counter + 1
  return (counter - 1) * thread_count + id
end

local function hold_request()
  local n = next_buyer()
  local row = math.floor(n / per_row) % rows + 1
  local seat = n % per_row + 1
  local body = '{"seatIds":["BOWL-R' .. row .. '-' .. seat .. '"]}'
  return wrk.format("POST", "/api/v1/events/" .. event .. "/holds",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1] }, body)
end

function request()
  if rung == "get" then
    return wrk.format("GET", path)
  elseif rung == "join" then
    local n = next_buyer()
    return wrk.format("POST", "/api/v1/events/" .. event .. "/queue",
      { ["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1] })
  elseif rung == "purchase" and #pending > 0 then
    local hold = table.remove(pending)
    return wrk.format("POST", "/api/v1/holds/" .. hold.id .. "/purchase",
      { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. hold.token,
        ["Idempotency-Key"] = "ladder-" .. hold.id }, '{"paymentToken":"tok_visa"}')
  end
  return hold_request()
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if rung == "purchase" and status == 201 then
    if body:find('"orderId"', 1, true) then
      bought = bought + 1
    else
      local hold = body:match('"holdId":"([^"]+)"')
      local row, seat = body:match('"BOWL%-R(%d+)%-(%d+)"')
      if hold and row then
        -- the buyer who held it pays: seat n went to token n (see hold_request)
        local n = (tonumber(row) - 1) * per_row + tonumber(seat) - 1
        pending[#pending + 1] = { id = hold, token = tokens[(n % #tokens) + 1] }
      end
    end
  end
end

function done(summary, latency, requests)
  local purchases, codes = 0, {}
  for _, thread in ipairs(threads) do
    purchases = purchases + (thread:get("bought") or 0)
    for code, count in pairs(thread:get("statuses") or {}) do codes[code] = (codes[code] or 0) + count end
  end
  local seconds = summary.duration / 1e6
  local list = {}
  for code, count in pairs(codes) do list[#list + 1] = code .. ":" .. count end
  table.sort(list)
  local bad = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  for code, count in pairs(codes) do if code >= 400 then bad = bad + count end end
  io.write(string.format("RESULT rps=%.0f purchases_per_sec=%.0f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d statuses=%s\n",
    summary.requests / seconds, purchases / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, bad, table.concat(list, ",")))
end
