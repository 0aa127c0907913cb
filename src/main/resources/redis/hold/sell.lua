-- Turns a PAYING hold into sold seats, if every seat is still this hold's. Otherwise the hold is
-- LOST: what is still ours is freed and the caller refunds the payment.
-- A seat listed for resale (in the resale hash, 8) is sold yet the hold's to buy: it stays sold and
-- leaves the resale hash; a listing ended meanwhile (no longer in the hash) loses the hold.
-- KEYS: 1 seq, 2 sold, 3 heldseats, 4 holds, 5 userheld, 6 userbought, 7 hold record, 8 resale
-- ARGV: 1 holdId, 2 orderId, 3 seat key prefix
local holdId = ARGV[1]
local status = redis.call('HGET', KEYS[7], 'status')
if status ~= 'PAYING' then
  return {'GONE', status or 'NONE'}
end
local userId = redis.call('HGET', KEYS[7], 'userId')
local seats = {}
for seat in string.gmatch(redis.call('HGET', KEYS[7], 'seats'), '[^,]+') do
  seats[#seats + 1] = seat
end
local lost = false
for _, seat in ipairs(seats) do
  local owner = redis.call('HGET', KEYS[3], seat)
  local key = redis.call('GET', ARGV[3] .. seat)
  if (redis.call('SISMEMBER', KEYS[2], seat) == 1 and redis.call('HEXISTS', KEYS[8], seat) == 0) or (owner and owner ~= holdId) or (key and key ~= holdId) then
    lost = true
  end
end
local outcome
if lost then
  outcome = {'LOST', '0'}
  local resale, sold = {'|'}, {'|'}
  for _, seat in ipairs(seats) do
    if redis.call('HGET', KEYS[3], seat) == holdId then
      redis.call('HDEL', KEYS[3], seat)
      if redis.call('HEXISTS', KEYS[8], seat) == 1 then
        resale[#resale + 1] = seat
      elseif redis.call('SISMEMBER', KEYS[2], seat) == 1 then
        sold[#sold + 1] = seat
      else
        outcome[#outcome + 1] = seat
      end
    end
    if redis.call('GET', ARGV[3] .. seat) == holdId then
      redis.call('DEL', ARGV[3] .. seat)
    end
  end
  if #resale + #sold > 2 then
    for _, seat in ipairs(resale) do outcome[#outcome + 1] = seat end
    for _, seat in ipairs(sold) do outcome[#outcome + 1] = seat end
  end
  redis.call('HSET', KEYS[7], 'status', 'EXPIRED')
else
  outcome = {'OK', '0'}
  for _, seat in ipairs(seats) do
    redis.call('SADD', KEYS[2], seat)
    redis.call('HDEL', KEYS[8], seat)
    redis.call('HDEL', KEYS[3], seat)
    redis.call('DEL', ARGV[3] .. seat)
  end
  redis.call('HSET', KEYS[7], 'status', 'PURCHASED', 'orderId', ARGV[2])
  redis.call('HINCRBY', KEYS[6], userId, #seats)
end
redis.call('ZREM', KEYS[4], holdId)
if redis.call('HINCRBY', KEYS[5], userId, -#seats) <= 0 then
  redis.call('HDEL', KEYS[5], userId)
end
if not lost or #outcome > 2 then
  outcome[2] = nextSeq(KEYS[1])
end
return outcome
