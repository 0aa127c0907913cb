-- Leaves the line. An entry being offered seats right now (OFFERING) leaves too: the matcher's
-- settle (settle.lua) then finds it LEFT and gives the hold back instead of offering it.
-- An entry already OFFERED keeps its offer, the buyer's to pay for or release.
-- KEYS: 1 entry, 2 the section's waiting set ; ARGV: 1 entryId
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'WAITING' and status ~= 'OFFERING' then
  return 0
end
redis.call('HSET', KEYS[1], 'status', 'LEFT')
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
