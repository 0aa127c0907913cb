-- One step of the admitter: opens the queue once the sale has opened (fixing the early joiners'
-- count; the seed of their shuffle is the one committed to before anyone joined, or, if nobody
-- joined or asked for the commitment, the fresh one given), then moves "now serving" on at the admission rate.
-- The allowance is computed from the stored state and the clock, so a second admitter running by
-- mistake cannot admit faster, skip a number or admit one twice. Credit does not pile up while
-- nobody waits, and an admitter that was away catches up by at most maxBurst.
-- KEYS: 1 queue state, 2 advances (score: serving after the step, member: serving:atMs:node)
-- ARGV: 1 nowMs, 2 admitPerMinute, 3 onSaleAtMs, 4 seed for the shuffle, 5 expireAt (unix seconds),
--       6 maxBurst, 7 node id, 8 the fresh seed's commitment (sha256 of it)
-- Answers {outcome, earlyCount, seed, serving, total}
local now = tonumber(ARGV[1])
local s = redis.call('HMGET', KEYS[1], 'opened', 'earlyCount', 'seed', 'serving', 'base', 'baseServing',
  'earlyJoined', 'lateJoined')
if s[1] ~= '1' then
  if now < tonumber(ARGV[3]) then
    return {'CLOSED'}
  end
  local early = tonumber(s[7] or '0')
  local seed = s[3]
  if not seed then
    seed = ARGV[4]
    redis.call('HSET', KEYS[1], 'commitment', ARGV[8])
  end
  redis.call('HSET', KEYS[1], 'opened', '1', 'earlyCount', early, 'seed', seed, 'serving', 0, 'base', ARGV[1],
    'baseServing', 0)
  redis.call('EXPIREAT', KEYS[1], ARGV[5])
  return {'OPENED', early, seed, 0, early + tonumber(s[8] or '0')}
end
local early, seed, serving = tonumber(s[2]), s[3], tonumber(s[4])
local total = early + tonumber(s[8] or '0')
if serving >= total then
  redis.call('HSET', KEYS[1], 'base', ARGV[1], 'baseServing', serving)
  return {'IDLE', early, seed, serving, total}
end
local allowance = tonumber(s[6]) + math.floor((now - tonumber(s[5])) * tonumber(ARGV[2]) / 60000)
local burst = tonumber(ARGV[6])
local rebase = false
if allowance - serving > burst then
  allowance = serving + burst
  rebase = true
end
local nextServing = math.min(total, allowance)
if nextServing <= serving then
  return {'WAIT', early, seed, serving, total}
end
if rebase or nextServing == total then
  redis.call('HSET', KEYS[1], 'serving', nextServing, 'base', ARGV[1], 'baseServing', nextServing)
else
  redis.call('HSET', KEYS[1], 'serving', nextServing)
end
redis.call('ZADD', KEYS[2], nextServing, nextServing .. ':' .. ARGV[1] .. ':' .. ARGV[7])
redis.call('EXPIREAT', KEYS[2], ARGV[5])
return {'ADVANCED', early, seed, nextServing, total}
