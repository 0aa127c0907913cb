-- Merges the sold view staged from PostgreSQL into Redis, atomically. Seats are only ever added
-- (a sale committing on another node right now is in Redis before it is in PostgreSQL, so
-- replacing the set could drop it); per-buyer counts take the larger of the two.
-- KEYS: 1 seq, 2 sold, 3 userbought, 4 staged sold, 5 staged userbought
if redis.call('EXISTS', KEYS[4]) == 1 then
  redis.call('SUNIONSTORE', KEYS[2], KEYS[2], KEYS[4])
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
-- after a flush the seq starts above anything a client saw (nextSeq, from Redis's clock), so
-- clients see a gap and resync; holds placed since the flush started it the same way
return nextSeq(KEYS[1])
