-- Joins an event's waiting room: one ticket per user. Before the queue opens (and before the sale
-- does) a joiner takes an early number, shuffled at opening; afterwards the next number in line.
-- The shuffle's seed is fixed (with its commitment, sha256 of it) before the first early number is
-- given, unless it already was; it is answered only once the queue has opened.
-- First the door (not again for a join replacing an expired turn, the same request): at most
-- joinsPerDevice a minute from one device, the proof of work the queue asks for now (difficulty in
-- the state hash, 0 or none: off; each challenge good once), and at most accountsPerDevice
-- (accountsPerAddress) accounts from one device (address) in this queue. A refusal changes nothing
-- but the device's attempt count and the challenge's use.
-- KEYS: 1 queue state, 2 users (userId -> ticketId), 3 tickets (ticketId -> kind|index|joinedAtMs|userId),
--       4 the challenge's use, 5 the device's accounts, 6 the device's attempts in this minute,
--       7 the address's accounts
-- ARGV: 1 userId, 2 new ticketId, 3 nowMs, 4 onSaleAtMs, 5 expireAt (unix seconds),
--       6 ticketId this join may replace (an expired turn) or '', 7 a fresh seed or '', 8 its commitment,
--       9 proof (none, invalid, expired, ok), 10 its difficulty, 11 its ms left,
--       12 accountsPerDevice, 13 joinsPerDevicePerMinute, 14 accountsPerAddress (each 0: not checked)
-- Answers {NEW|EXISTING, ticketId, data, opened, earlyCount, seed, serving} or {REFUSED, what, limit, detail},
-- or {SEED} without doing anything when no seed is fixed yet and none was sent (the caller sends one:
-- only the first join of a queue pays for making one)
-- The state hash is read once: nothing below but the seed fixed here changes what was read.
local seed, difficulty, opened, earlyCount, serving = unpack(redis.call('HMGET', KEYS[1], 'seed', 'difficulty',
  'opened', 'earlyCount', 'serving'))
if ARGV[7] == '' and not seed then
  return {'SEED'}
end
if ARGV[6] == '' then
  local perMinute = tonumber(ARGV[13])
  if perMinute > 0 then
    -- KEYS[6] is this minute's (by the clock of the caller), so it counts a fixed window
    local attempts = redis.call('INCR', KEYS[6])
    if attempts == 1 then
      redis.call('PEXPIRE', KEYS[6], 120000)
    end
    if attempts > perMinute then
      return {'REFUSED', 'device-rate', perMinute, 60000 - tonumber(ARGV[3]) % 60000}
    end
  end
  local required = tonumber(difficulty or '0')
  if required > 0 then
    if ARGV[9] ~= 'ok' then
      return {'REFUSED', 'pow', required, ARGV[9] == 'none' and 'missing' or ARGV[9]}
    end
    if tonumber(ARGV[10]) < required then
      return {'REFUSED', 'pow', required, 'too-weak'}
    end
    if not redis.call('SET', KEYS[4], '1', 'NX', 'PX', ARGV[11]) then
      return {'REFUSED', 'pow', required, 'replayed'}
    end
  end
  local perDevice, perAddress = tonumber(ARGV[12]), tonumber(ARGV[14])
  if perDevice > 0 and redis.call('SISMEMBER', KEYS[5], ARGV[1]) == 0
      and redis.call('SCARD', KEYS[5]) >= perDevice then
    return {'REFUSED', 'device-accounts', perDevice, ''}
  end
  if perAddress > 0 and redis.call('SISMEMBER', KEYS[7], ARGV[1]) == 0
      and redis.call('SCARD', KEYS[7]) >= perAddress then
    return {'REFUSED', 'address-accounts', perAddress, ''}
  end
  if perDevice > 0 then
    redis.call('SADD', KEYS[5], ARGV[1])
    redis.call('EXPIREAT', KEYS[5], ARGV[5])
  end
  if perAddress > 0 then
    redis.call('SADD', KEYS[7], ARGV[1])
    redis.call('EXPIREAT', KEYS[7], ARGV[5])
  end
end
if ARGV[7] ~= '' and redis.call('HSETNX', KEYS[1], 'seed', ARGV[7]) == 1 then
  redis.call('HSET', KEYS[1], 'commitment', ARGV[8])
  redis.call('EXPIREAT', KEYS[1], ARGV[5])
  seed = ARGV[7]
end
local existing = redis.call('HGET', KEYS[2], ARGV[1])
local state = {opened, earlyCount, seed, serving}
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
