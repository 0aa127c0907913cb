-- Joins an event's waiting room: one ticket per user. Before the queue opens (and before the sale
-- does) a joiner takes an early number, shuffled at opening; afterwards the next number in line.
-- The shuffle's seed is fixed (with its commitment, sha256 of it) before the first early number is
-- given, unless it already was; it is answered only once the queue has opened.
-- KEYS: 1 queue state, 2 users (userId -> ticketId), 3 tickets (ticketId -> kind|index|joinedAtMs|userId)
-- ARGV: 1 userId, 2 new ticketId, 3 nowMs, 4 onSaleAtMs, 5 expireAt (unix seconds),
--       6 ticketId this join may replace (an expired turn) or '', 7 a fresh seed, 8 its commitment
if redis.call('HSETNX', KEYS[1], 'seed', ARGV[7]) == 1 then
  redis.call('HSET', KEYS[1], 'commitment', ARGV[8])
  redis.call('EXPIREAT', KEYS[1], ARGV[5])
end
local existing = redis.call('HGET', KEYS[2], ARGV[1])
local state = redis.call('HMGET', KEYS[1], 'opened', 'earlyCount', 'seed', 'serving')
if state[1] ~= '1' then
  state[3] = ''
end
if existing and existing ~= ARGV[6] then
  return {'EXISTING', existing, redis.call('HGET', KEYS[3], existing), state[1] or '0', state[2] or '0', state[3] or '', state[4] or '0'}
end
local kind, index
if state[1] ~= '1' and tonumber(ARGV[3]) < tonumber(ARGV[4]) then
  kind, index = 'E', redis.call('HINCRBY', KEYS[1], 'earlyJoined', 1)
else
  kind, index = 'L', redis.call('HINCRBY', KEYS[1], 'lateJoined', 1)
end
local data = kind .. '|' .. index .. '|' .. ARGV[3] .. '|' .. ARGV[1]
redis.call('HSET', KEYS[3], ARGV[2], data)
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
for i = 1, 3 do
  redis.call('EXPIREAT', KEYS[i], ARGV[5])
end
return {'NEW', ARGV[2], data, state[1] or '0', state[2] or '0', state[3] or '', state[4] or '0'}
