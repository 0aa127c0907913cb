-- Ends an ACTIVE (or stuck PAYING) hold: by its owner (RELEASED) or by its countdown (EXPIRED).
-- Only seats still carrying this hold are freed; the status check makes it happen exactly once.
-- Seats freed that are sold (listed for resale, 7, or sold since) are answered after the free
-- ones, each group after a '|': they go back to resale, or stay sold, rather than free.
-- KEYS: 1 seq, 2 heldseats, 3 holds, 4 userheld, 5 hold record, 6 sold, 7 resale
-- ARGV: 1 holdId, 2 reason, 3 owner userId or '', 4 nowMs, 5 paymentGraceMs, 6 seat key prefix
local holdId = ARGV[1]
local status = redis.call('HGET', KEYS[5], 'status')
if not status then
  redis.call('ZREM', KEYS[3], holdId)
  return {'NOT_FOUND'}
end
local userId = redis.call('HGET', KEYS[5], 'userId')
if ARGV[3] ~= '' and userId ~= ARGV[3] then
  return {'NOT_FOUND'}
end
if status ~= 'ACTIVE' and status ~= 'PAYING' then
  redis.call('ZREM', KEYS[3], holdId)
  return {'FINAL', status}
end
local seats = {}
for seat in string.gmatch(redis.call('HGET', KEYS[5], 'seats'), '[^,]+') do
  seats[#seats + 1] = seat
end
local now, expiresAt = tonumber(ARGV[4]), tonumber(redis.call('HGET', KEYS[5], 'expiresAt'))
if ARGV[2] == 'EXPIRED' then
  if status == 'PAYING' then
    if now < expiresAt + tonumber(ARGV[5]) then
      return {'PAYING'}
    end
  elseif now < expiresAt then
    -- Redis may expire the keys a moment before our clock reaches expiresAt: trust the keys then
    for _, seat in ipairs(seats) do
      if redis.call('GET', ARGV[6] .. seat) == holdId then
        return {'NOT_EXPIRED'}
      end
    end
  end
elseif status == 'PAYING' then
  return {'PAYING'}
end
local result = {'OK', '0'}
local resale, sold = {'|'}, {'|'}
for _, seat in ipairs(seats) do
  if redis.call('HGET', KEYS[2], seat) == holdId then
    redis.call('HDEL', KEYS[2], seat)
    if redis.call('HEXISTS', KEYS[7], seat) == 1 then
      resale[#resale + 1] = seat
    elseif redis.call('SISMEMBER', KEYS[6], seat) == 1 then
      sold[#sold + 1] = seat
    else
      result[#result + 1] = seat
    end
  end
  if redis.call('GET', ARGV[6] .. seat) == holdId then
    redis.call('DEL', ARGV[6] .. seat)
  end
end
if #resale + #sold > 2 then
  for _, seat in ipairs(resale) do result[#result + 1] = seat end
  for _, seat in ipairs(sold) do result[#result + 1] = seat end
end
redis.call('HSET', KEYS[5], 'status', ARGV[2])
redis.call('ZREM', KEYS[3], holdId)
if redis.call('HINCRBY', KEYS[4], userId, -#seats) <= 0 then
  redis.call('HDEL', KEYS[4], userId)
end
if #result > 2 then
  result[2] = nextSeq(KEYS[1])
end
return result
