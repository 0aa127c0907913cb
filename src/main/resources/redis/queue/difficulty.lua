-- Reads or sets the proof of work an event's waiting room asks of each join (leading zero bits;
-- 0: none). Kept in the queue's state hash, so every node's next join sees a change.
-- KEYS: 1 queue state
-- ARGV: 1 the new difficulty, or '' to only read, 2 expireAt (unix seconds)
-- Answers the difficulty now
if ARGV[1] ~= '' then
  redis.call('HSET', KEYS[1], 'difficulty', ARGV[1])
  redis.call('EXPIREAT', KEYS[1], ARGV[2])
end
return tonumber(redis.call('HGET', KEYS[1], 'difficulty') or '0')
