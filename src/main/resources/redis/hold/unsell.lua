-- Undoes sell.lua when the order could not be written: the seats named (those PostgreSQL does
-- not hold as sold) become free again and the hold is marked FAILED.
-- KEYS: 1 seq, 2 sold, 3 userbought, 4 hold record ; ARGV: 1.. seat ids to free
local userId = redis.call('HGET', KEYS[4], 'userId')
local count = 0
for seat in string.gmatch(redis.call('HGET', KEYS[4], 'seats') or '', '[^,]+') do
  count = count + 1
end
if redis.call('HGET', KEYS[4], 'status') ~= 'PURCHASED' then
  return {'0'}
end
local result = {'0'}
for i = 1, #ARGV do
  if redis.call('SREM', KEYS[2], ARGV[i]) == 1 then
    result[#result + 1] = ARGV[i]
  end
end
redis.call('HSET', KEYS[4], 'status', 'FAILED')
if redis.call('HINCRBY', KEYS[3], userId, -count) <= 0 then
  redis.call('HDEL', KEYS[3], userId)
end
if #result > 1 then
  result[1] = nextSeq(KEYS[1])
end
return result
