-- The waiting room's fairness record: the commitment to the early joiners' shuffle (sha256 of its
-- seed), fixed here if nobody fixed it yet, and the seed itself only once the queue has opened.
-- KEYS: 1 queue state
-- ARGV: 1 a fresh seed ('' to only read), 2 its commitment, 3 expireAt (unix seconds)
-- Answers {commitment or '', opened, earlyCount, seed or ''}
if ARGV[1] ~= '' and redis.call('HSETNX', KEYS[1], 'seed', ARGV[1]) == 1 then
  redis.call('HSET', KEYS[1], 'commitment', ARGV[2])
  redis.call('EXPIREAT', KEYS[1], ARGV[3])
end
local s = redis.call('HMGET', KEYS[1], 'commitment', 'opened', 'earlyCount', 'seed')
local opened = s[2] == '1'
return {s[1] or '', opened and '1' or '0', s[3] or '0', opened and s[4] or ''}
