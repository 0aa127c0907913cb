-- Puts the seats of a cancelled order back on sale: each seat still sold is freed, the buyer's
-- count of bought seats goes down, and the change gets a seq. Repeating it frees nothing.
-- A seat listed for resale leaves the resale hash (4) too: its listing ends with the order.
-- KEYS: 1 seq, 2 sold, 3 userbought, 4 resale ; ARGV: 1 userId, 2.. seat ids
local result = {'0'}
for i = 2, #ARGV do
  redis.call('HDEL', KEYS[4], ARGV[i])
  if redis.call('SREM', KEYS[2], ARGV[i]) == 1 then
    result[#result + 1] = ARGV[i]
  end
end
if #result > 1 then
  if redis.call('HINCRBY', KEYS[3], ARGV[1], -(#result - 1)) <= 0 then
    redis.call('HDEL', KEYS[3], ARGV[1])
  end
  result[1] = nextSeq(KEYS[1])
end
return result
