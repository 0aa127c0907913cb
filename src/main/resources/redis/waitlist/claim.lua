-- Takes a waiter out of line to make an offer, if still waiting: one offer at a time per entry,
-- whichever node or thread tries.
-- KEYS: 1 entry, 2 the section's waiting set ; ARGV: 1 entryId
if redis.call('HGET', KEYS[1], 'status') ~= 'WAITING' then
  return 0
end
redis.call('HSET', KEYS[1], 'status', 'OFFERING')
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
