-- Takes or renews a lease: answers 1 if the caller holds it afterwards.
-- KEYS: 1 lease; ARGV: 1 holder, 2 ttlMs
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
