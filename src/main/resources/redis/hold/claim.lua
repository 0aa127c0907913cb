-- Starts a purchase: the owner's ACTIVE, unexpired hold becomes PAYING so nothing else ends it.
-- KEYS: 1 hold record ; ARGV: 1 userId, 2 nowMs
local status = redis.call('HGET', KEYS[1], 'status')
if not status or redis.call('HGET', KEYS[1], 'userId') ~= ARGV[1] then
  return {'NOT_FOUND'}
end
if status == 'PURCHASED' then
  return {'PURCHASED', redis.call('HGET', KEYS[1], 'orderId') or ''}
end
if status == 'PAYING' then
  return {'PAYING'}
end
if status ~= 'ACTIVE' or tonumber(ARGV[2]) >= tonumber(redis.call('HGET', KEYS[1], 'expiresAt')) then
  return {'GONE', status}
end
redis.call('HSET', KEYS[1], 'status', 'PAYING')
return {'OK'}
