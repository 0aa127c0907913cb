-- Reads a queue ticket with the queue's state, in one round trip.
-- KEYS: 1 queue state, 2 tickets
-- ARGV: 1 ticketId
local data = redis.call('HGET', KEYS[2], ARGV[1])
if not data then
  return {'NOT_FOUND'}
end
local state = redis.call('HMGET', KEYS[1], 'opened', 'earlyCount', 'seed', 'serving')
if state[1] ~= '1' then
  -- the seed stays secret until the queue opens
  state[3] = ''
end
return {'OK', ARGV[1], data, state[1] or '0', state[2] or '0', state[3] or '', state[4] or '0'}
