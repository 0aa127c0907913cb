-- Merges the sold view staged from PostgreSQL into Redis, atomically. Seats are only ever added
-- (a sale committing on another node right now is in Redis before it is in PostgreSQL, so
-- replacing the set could drop it); per-buyer counts take the larger of the two.
-- KEYS: 1 seq, 2 sold, 3 userbought, 4 staged sold, 5 staged userbought ; ARGV: 1 seq seed
local lost = false
if redis.call('EXISTS', KEYS[4]) == 1 then
  local known = redis.call('SCARD', KEYS[2])
  -- Redis sells before PostgreSQL records the order: a seat only PostgreSQL knows was lost
  lost = redis.call('SUNIONSTORE', KEYS[2], KEYS[2], KEYS[4]) > known
  redis.call('DEL', KEYS[4])
end
if redis.call('EXISTS', KEYS[5]) == 1 then
  local staged = redis.call('HGETALL', KEYS[5])
  for i = 1, #staged, 2 do
    local current = tonumber(redis.call('HGET', KEYS[3], staged[i]) or '0')
    if tonumber(staged[i + 1]) > current then
      redis.call('HSET', KEYS[3], staged[i], staged[i + 1])
    end
  end
  redis.call('DEL', KEYS[5])
end
-- after a flush the seq starts above anything a client saw, so clients see a gap and resync; holds
-- placed since the flush may have started it again from 1, so a merge that found lost seats reseeds it
local seq = tonumber(redis.call('GET', KEYS[1]) or '0')
if seq < tonumber(ARGV[1]) and (lost or redis.call('EXISTS', KEYS[1]) == 0) then
  redis.call('SET', KEYS[1], ARGV[1])
end
return redis.call('INCR', KEYS[1])
