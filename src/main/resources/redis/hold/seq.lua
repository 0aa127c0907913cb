-- Prepended to every script that reads or moves an event's seq on (LuaScript part "hold/seq").
-- A missing seq (a new event, or Redis flushed, restarted empty, or failed over to a replica that
-- had not seen it) starts from Redis's clock in microseconds, not from 0: above any seq the event
-- had before, as long as it never averaged more than a million changes a second, and below 2^53,
-- so JavaScript clients read it exactly. Clients holding an older seq then see a gap, never a
-- lower seq that they would drop as stale, and take a snapshot.
local function startSeq(key)
  local now = redis.call('TIME')
  redis.call('SET', key, now[1] .. string.format('%06d', tonumber(now[2])))
end

local function seedSeq(key)
  if redis.call('EXISTS', key) == 0 then
    startSeq(key)
  end
end

-- Moves the seq on by one and answers it as a number, which a script returns as an integer
-- reply (tostring would print a seq this large in exponent notation). One call while the seq is
-- there: INCR answers 1 only where it was missing (it never is 0), and then it is started from
-- the clock and moved on from there.
local function nextSeq(key)
  local seq = redis.call('INCR', key)
  if seq == 1 then
    startSeq(key)
    seq = redis.call('INCR', key)
  end
  return seq
end
