-- Places one all-or-nothing hold. Every key shares the event's hash tag, so this is one slot.
-- KEYS: 1 seq, 2 sold, 3 heldseats, 4 holds, 5 userheld, 6 userbought, 7 hold record, 8.. seat keys
-- ARGV: 1 holdId, 2 userId, 3 ttlSeconds, 4 expiresAtMs, 5 maxPerUser, 6 recordTtlSeconds,
--       7 hold record key prefix, 8 totalMinor, 9 currency, 10 createdAtMs, 11.. seat ids
local n = #KEYS - 7
local holdId, userId = ARGV[1], ARGV[2]
local held = tonumber(redis.call('HGET', KEYS[5], userId) or '0')
local bought = tonumber(redis.call('HGET', KEYS[6], userId) or '0')
if held + bought + n > tonumber(ARGV[5]) then
  return {'LIMIT', tostring(held + bought)}
end
local unavailable = {'UNAVAILABLE'}
for i = 1, n do
  local seat = ARGV[10 + i]
  local taken = redis.call('SISMEMBER', KEYS[2], seat) == 1 or redis.call('EXISTS', KEYS[7 + i]) == 1
  if not taken then
    -- a hold whose payment is in flight keeps its seats even if their keys just expired
    local other = redis.call('HGET', KEYS[3], seat)
    if other and redis.call('HGET', ARGV[7] .. other, 'status') == 'PAYING' then
      taken = true
    end
  end
  if taken then
    unavailable[#unavailable + 1] = seat
  end
end
if #unavailable > 1 then
  return unavailable
end
local seats = {}
for i = 1, n do
  local seat = ARGV[10 + i]
  redis.call('SET', KEYS[7 + i], holdId, 'NX', 'EX', tonumber(ARGV[3]))
  redis.call('HSET', KEYS[3], seat, holdId)
  seats[i] = seat
end
redis.call('HSET', KEYS[7], 'userId', userId, 'seats', table.concat(seats, ','), 'expiresAt', ARGV[4],
  'status', 'ACTIVE', 'totalMinor', ARGV[8], 'currency', ARGV[9], 'createdAt', ARGV[10])
redis.call('EXPIRE', KEYS[7], tonumber(ARGV[6]))
redis.call('ZADD', KEYS[4], ARGV[4], holdId)
redis.call('HINCRBY', KEYS[5], userId, n)
return {'OK', tostring(redis.call('INCR', KEYS[1]))}
