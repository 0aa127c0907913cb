-- Joins a section's waitlist: one live entry per user and event.
-- KEYS: 1 seq, 2 users (userId -> entryId), 3 the new entry, 4 the section's waiting set, 5 entry key prefix
-- ARGV: 1 userId, 2 entryId, 3 section, 4 quantity, 5 adjacent (1/0), 6 joinedAtMs, 7 expireAt (unix s)
local existing = redis.call('HGET', KEYS[2], ARGV[1])
if existing then
  local status = redis.call('HGET', KEYS[5] .. existing, 'status')
  if status == 'WAITING' or status == 'OFFERING' or status == 'OFFERED' then
    return {'EXISTING', existing}
  end
end
local seq = redis.call('INCR', KEYS[1])
redis.call('HSET', KEYS[3], 'userId', ARGV[1], 'section', ARGV[3], 'quantity', ARGV[4], 'adjacent', ARGV[5],
  'status', 'WAITING', 'joinedAt', ARGV[6], 'seq', seq)
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[4], seq, ARGV[2])
for i = 1, 4 do
  redis.call('EXPIREAT', KEYS[i], ARGV[7])
end
return {'NEW', ARGV[2]}
