-- Ends an offer attempt: OFFERED (with its hold) or back in line at the original place.
-- KEYS: 1 entry, 2 the section's waiting set, 3 offers (holdId -> entryId)
-- ARGV: 1 entryId, 2 holdId or '', 3 expiresAtMs
-- Answers 1 when settled, 0 when there was nothing to settle, 2 when the entry left (or went)
-- while its hold was being placed: the caller gives that hold back, nobody is offered it.
if redis.call('HGET', KEYS[1], 'status') ~= 'OFFERING' then
  if ARGV[2] ~= '' then
    return 2
  end
  return 0
end
if ARGV[2] == '' then
  redis.call('HSET', KEYS[1], 'status', 'WAITING')
  redis.call('ZADD', KEYS[2], redis.call('HGET', KEYS[1], 'seq'), ARGV[1])
else
  redis.call('HSET', KEYS[1], 'status', 'OFFERED', 'holdId', ARGV[2], 'offerExpiresAt', ARGV[3])
  redis.call('HSET', KEYS[3], ARGV[2], ARGV[1])
end
return 1
